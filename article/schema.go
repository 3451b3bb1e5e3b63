package article

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The article schema as data. Every field of Article that an input can
// set, an export writes and the index may search is one entry of the table
// Fields returns, which says what the field holds (Kind), what inputs and
// the query language call it (InputAliases, QueryAliases) and how the index
// treats it (Search). The JSON codec, the CSV reader, the export columns,
// the index mapping and document, the query language's field names,
// filters and facets, and the BM25 statistics are derived from it, so a
// field is added in one place. (bleve's mapping-as-data is the model.)
// Names, Quotes, Extra and Origin are not in it: they are found at indexing
// or describe the input, not read from a vendor's field.

// Kind is what a field's value is.
type Kind uint8

const (
	// Line is one line of text: input white space is collapsed to single
	// spaces (headline, byline, section).
	Line Kind = iota + 1
	// Token is a value kept as given, only trimmed (ids, codes, URLs).
	Token
	// List is a list of one-line texts (authors, code lists). CSV cells
	// separate items with ";", "|" or ","; exports join them with "; ".
	List
	// Paragraphs is text in paragraphs (the body); it is written as one
	// text with blank lines between paragraphs.
	Paragraphs
	// Date is a time (Article.Date), written as FormatDate writes it.
	Date
	// Count is a non-negative integer (word count).
	Count
)

// Analysis is how the index analyses a field.
type Analysis uint8

const (
	// NotIndexed fields are kept in the stored article only.
	NotIndexed Analysis = iota
	// DocID is the document id of the index (the article id): searched by
	// id, not through a field.
	DocID
	// Text is analysed for words: lower-cased, folded, stop words
	// removed, stemmed (headline, body).
	Text
	// Words is analysed into lower-cased, folded words without stemming or
	// stop words (names of people and publications).
	Words
	// Keyword is indexed as whole values, for exact filters and facets.
	Keyword
	// Time is indexed as a date, for ranges and histograms.
	Time
	// Number is a count (a non-negative integer), indexed for ranges
	// (schema.CountTerms).
	Number
)

// Search says how the index and the query language treat a field. The
// index field has the field's name; the zero value is a field that is only
// stored.
type Search struct {
	Analysis Analysis
	// WordsField names a second index field holding the words of a Keyword
	// field (Words analysis): field:word searches it, field:="value" the
	// whole values.
	WordsField string
	// Lower lower-cases a Keyword field's values in the index, and
	// field:word matches a value in any case (code lists).
	Lower bool
	// Stored keeps the field's text in the index as a stored field of its
	// own, beside the stored article (the metadata field, which holds every
	// field but the body): set only where something reads it (the body, for
	// snippets and the article's text).
	Stored bool
	// TermVectors keeps positions and offsets: phrases and snippets.
	TermVectors bool
	// DocValues keeps per-document values: sorting, facets and collapsing.
	DocValues bool
	// Exact lets the query language match whole values: field:="value".
	Exact bool
	// Facet names the facet counting the field's values ("" for none). A
	// facet is also accepted under the field's name.
	Facet string
	// Boost, when positive, has words without a field searched in this
	// field, with this weight.
	Boost float64
}

// Field is one field of the article schema.
type Field struct {
	// Name is the field's name in JSON, in a CSV column map (--map), in
	// exports, in the query language and in the index.
	Name string
	// Kind is what the value is.
	Kind Kind
	// Column is the field's position among export columns.
	Column int
	// Required fields are written to JSON even when empty.
	Required bool
	// NumberText fields are text that JSON input may give as a number
	// (page 12).
	NumberText bool
	// InputAliases are other names of the field as CSV headers give them
	// (normalised: lower case, "_" for spaces, dashes and dots).
	InputAliases []string
	// QueryAliases are other names of the field in the query language,
	// Factiva's two-letter codes (hd, by, sn...) among them.
	QueryAliases []string
	// Search is how the index and the query language treat the field.
	Search Search
	// ptr returns a pointer to the value in an article: *string (Line,
	// Token), *[]string (List, Paragraphs), *time.Time (Date), *int (Count).
	ptr func(a *Article) any
}

// fields is the table; see Fields.
func fields() []Field {
	// Index options of the usual kinds of field.
	var (
		text     = Search{Analysis: Text, Stored: true, TermVectors: true}
		words    = Search{Analysis: Words, TermVectors: true}
		keyword  = Search{Analysis: Keyword, DocValues: true, Exact: true}
		codeList = Search{Analysis: Keyword, DocValues: true, Exact: true, Lower: true}

		// The headline is shown and highlighted from the stored article
		// (the index's metadata field): a stored copy of its own cost
		// 0.31 MB of the 75.7 MB Reuters index and nothing read it.
		title = Search{Analysis: Text, TermVectors: true}
	)
	facet := func(s Search, name string) Search { s.Facet = name; return s }
	withWords := func(s Search, f string) Search { s.WordsField = f; return s }
	boost := func(s Search, b float64) Search { s.Boost = b; return s }
	code := func(name string, column int, input, query []string, p func(*Article) any) Field {
		return Field{Name: name, Kind: List, Column: column, InputAliases: input, QueryAliases: query,
			Search: facet(codeList, name), ptr: p}
	}
	// In the order of the JSON form; Column is the order of exports.
	return []Field{
		{Name: "id", Kind: Token, Column: 1, Required: true,
			InputAliases: []string{"doc_id", "docid", "document_id", "an", "accession_number", "uid", "guid"},
			QueryAliases: []string{"an"},
			Search:       Search{Analysis: DocID, Exact: true},
			ptr:          func(a *Article) any { return &a.ID }},
		{Name: "headline", Kind: Line, Column: 7, Required: true,
			InputAliases: []string{"title", "hd", "heading", "hl", "headlines"},
			QueryAliases: []string{"title", "hd", "hl"},
			Search:       boost(title, 2),
			ptr:          func(a *Article) any { return &a.Headline }},
		{Name: "byline", Kind: Line, Column: 8,
			InputAliases: []string{"by", "author_line"},
			QueryAliases: []string{"by", "author"},
			Search:       boost(words, 1),
			ptr:          func(a *Article) any { return &a.Byline }},
		{Name: "authors", Kind: List, Column: 9,
			InputAliases: []string{"author", "writer"},
			ptr:          func(a *Article) any { return &a.Authors }},
		{Name: "section", Kind: Line, Column: 5,
			InputAliases: []string{"se", "desk", "category"},
			QueryAliases: []string{"se"},
			Search:       withWords(facet(keyword, "section"), "section_words"),
			ptr:          func(a *Article) any { return &a.Section }},
		{Name: "source", Kind: Line, Column: 3,
			InputAliases: []string{"sn", "publication", "newspaper", "outlet", "source_name", "media", "medium"},
			QueryAliases: []string{"sn", "publication"},
			Search:       withWords(facet(keyword, "source"), "source_words"),
			ptr:          func(a *Article) any { return &a.Source }},
		{Name: "source_code", Kind: Token, Column: 4,
			InputAliases: []string{"sc"},
			QueryAliases: []string{"sc"},
			Search:       facet(keyword, "source_code"),
			ptr:          func(a *Article) any { return &a.SourceCode }},
		{Name: "date", Kind: Date, Column: 2,
			InputAliases: []string{"pd", "published", "publication_date", "pub_date", "pubdate", "published_at",
				"datetime", "date_published", "publish_date", "time", "timestamp"},
			QueryAliases: []string{"pd"},
			Search:       Search{Analysis: Time, DocValues: true},
			ptr:          func(a *Article) any { return &a.Date }},
		{Name: "edition", Kind: Line, Column: 11,
			InputAliases: []string{"ed"},
			ptr:          func(a *Article) any { return &a.Edition }},
		{Name: "page", Kind: Line, Column: 12, NumberText: true,
			InputAliases: []string{"pg", "pages"},
			ptr:          func(a *Article) any { return &a.Page }},
		{Name: "language", Kind: Line, Column: 6,
			InputAliases: []string{"lang", "la"},
			QueryAliases: []string{"lang", "la"},
			Search:       facet(keyword, "lang"),
			ptr:          func(a *Article) any { return &a.Language }},
		// Only range-filtered, never sorted or faceted on: no doc values.
		{Name: "word_count", Kind: Count, Column: 10,
			InputAliases: []string{"wc", "words", "length"},
			QueryAliases: []string{"words", "wc"},
			Search:       Search{Analysis: Number},
			ptr:          func(a *Article) any { return &a.WordCount }},
		{Name: "copyright", Kind: Line, Column: 14,
			InputAliases: []string{"cy", "rights"},
			ptr:          func(a *Article) any { return &a.Copyright }},
		{Name: "body", Kind: Paragraphs, Column: 30, Required: true,
			InputAliases: []string{"text", "content", "article", "full_text", "fulltext", "td", "article_text", "story"},
			QueryAliases: []string{"text", "td"}, // lp= is the lead (querylang)
			Search:       boost(text, 1),
			ptr:          func(a *Article) any { return &a.Body }},
		// url:www.example.com and url:europe search the URL's words (site,
		// path); url:="https://..." the whole URL, as given.
		{Name: "url", Kind: Token, Column: 13,
			InputAliases: []string{"link", "uri", "web_url"},
			QueryAliases: []string{"link"},
			Search:       Search{Analysis: Keyword, WordsField: "url_words", Exact: true},
			ptr:          func(a *Article) any { return &a.URL }},
		code("subjects", 15, []string{"subject", "topics", "topic", "ns"}, []string{"subject", "ns", "topic", "topics"},
			func(a *Article) any { return &a.Subjects }),
		code("regions", 16, []string{"region", "places", "place", "countries", "country", "re"}, []string{"region", "re", "places"},
			func(a *Article) any { return &a.Regions }),
		code("companies", 17, []string{"company", "co"}, []string{"company", "co"},
			func(a *Article) any { return &a.Companies }),
		code("industries", 18, []string{"industry", "in"}, []string{"industry", "in"},
			func(a *Article) any { return &a.Industries }),
		code("people", 19, []string{"persons", "person"}, nil,
			func(a *Article) any { return &a.People }),
		code("organizations", 20, []string{"organisations", "orgs", "organization", "organisation"}, []string{"organization", "orgs"},
			func(a *Article) any { return &a.Organizations }),
	}
}

// table is the schema with its lookups, built once.
type table struct {
	fields  []Field
	byName  map[string]int // name -> index in fields
	byInput map[string]int // name or input alias -> index
	byQuery map[string]int // name or query alias -> index
	columns []int          // indexes in export order
}

// schema returns the table, built on first use and never changed after.
var schema = sync.OnceValue(func() *table {
	t := &table{fields: fields(), byName: map[string]int{}, byInput: map[string]int{}, byQuery: map[string]int{}}
	for i, f := range t.fields {
		t.byName[f.Name], t.byInput[f.Name] = i, i
		for _, a := range f.InputAliases {
			t.byInput[a] = i
		}
		if f.Search.Analysis != NotIndexed {
			t.byQuery[f.Name] = i
			for _, a := range f.QueryAliases {
				t.byQuery[a] = i
			}
		}
		t.columns = append(t.columns, i)
	}
	slices.SortStableFunc(t.columns, func(i, j int) int { return t.fields[i].Column - t.fields[j].Column })
	return t
})

// Fields returns the article schema: one Field per field of Article that
// inputs set and the index may search, in the order of the JSON form. The
// slice is the caller's; the Fields share their alias slices with the
// table, which must not be changed.
//
// A new field is a member of Article and one entry of the table: the
// JSON form, the CSV reader, exports, the index and the query language
// take it from there, and table-driven tests in each package check that it
// round-trips (and that the docs list it).
func Fields() []Field { return slices.Clone(schema().fields) }

// FieldsSeq yields the fields of Fields without copying the table: for
// loops run per article.
func FieldsSeq() iter.Seq[Field] {
	return func(yield func(Field) bool) {
		for _, f := range schema().fields {
			if !yield(f) {
				return
			}
		}
	}
}

// ExportFields returns the fields in the order of export columns.
func ExportFields() []Field {
	t := schema()
	out := make([]Field, len(t.columns))
	for i, c := range t.columns {
		out[i] = t.fields[c]
	}
	return out
}

// FieldByName returns the field called name (its JSON name).
func FieldByName(name string) (Field, bool) { return lookup(schema().byName, name) }

// FieldByInput returns the field an input column or key called name holds:
// name is the field's name or one of its InputAliases, normalised.
func FieldByInput(name string) (Field, bool) { return lookup(schema().byInput, name) }

// FieldByQuery returns the field the query language calls name: its name
// or one of its QueryAliases. Only fields the index searches have one.
func FieldByQuery(name string) (Field, bool) { return lookup(schema().byQuery, name) }

func lookup(m map[string]int, name string) (Field, bool) {
	i, ok := m[name]
	if !ok {
		return Field{}, false
	}
	return schema().fields[i], true
}

// Ptr returns a pointer to the field's value in a: *string for Line and
// Token, *[]string for List and Paragraphs, *time.Time for Date and *int
// for Count.
func (f Field) Ptr(a *Article) any { return f.ptr(a) }

// Text is the field's value as one text, as exports write it: lists joined
// with "; ", paragraphs with blank lines, the date as FormatDate writes it
// and "" for none.
func (f Field) Text(a *Article) string {
	switch p := f.ptr(a).(type) {
	case *string:
		return *p
	case *[]string:
		if f.Kind == Paragraphs {
			return strings.Join(*p, "\n\n")
		}
		return strings.Join(*p, "; ")
	case *time.Time:
		return FormatDate(*p)
	case *int:
		return strconv.Itoa(*p)
	}
	return ""
}

// Value is the field's value in a as the JSON form has it: a string, a
// []string, the date as FormatDate writes it, or an int.
func (f Field) Value(a *Article) any {
	switch p := f.ptr(a).(type) {
	case *string:
		return *p
	case *[]string:
		return *p
	case *time.Time:
		return FormatDate(*p)
	case *int:
		return *p
	}
	return nil
}

// IsZero reports whether the field is empty in a.
func (f Field) IsZero(a *Article) bool {
	switch p := f.ptr(a).(type) {
	case *string:
		return *p == ""
	case *[]string:
		return len(*p) == 0
	case *time.Time:
		return p.IsZero()
	case *int:
		return *p == 0
	}
	return true
}

// Range reports whether the query language compares the field's values
// (dates and numbers): field:>v, field:[a TO b].
func (s Search) Range() bool { return s.Analysis == Time || s.Analysis == Number }

// Filter reports whether a search of the field only selects articles,
// without scoring them: whole values and dates.
func (s Search) Filter() bool { return s.Analysis == Keyword || s.Analysis == Time }
