package querylang

import (
	"slices"
	"sort"
	"strings"
	"sync"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Field names of the query language that the builder and the tests name.
// The fields, their aliases and how each is searched come from the article
// schema (article.Fields) and entityFields.
const (
	fSource     = "source"
	fSourceCode = "source_code"
	fSection    = "section"
	fLanguage   = "language"
	fWordCount  = "word_count"
	fID         = "id"
	fSubjects   = "subjects"
	// Names and quotations (see names.go).
	fName    = "name"
	fPerson  = "person"
	fOrg     = "org"
	fPlace   = "place"
	fQuote   = "quote"
	fSpeaker = "speaker"
)

// langField is a field of the query language: a field of the article
// schema the index searches, or one of the fields of the names and
// quotations package extract finds (entityFields).
type langField struct {
	name    string
	aliases []string
	// exact is the keyword index field of whole values (field:="value"),
	// "" when the field has none.
	exact string
	// code is set for code lists: field:word matches a value of the
	// lower-cased keyword field exact, in any case.
	code bool
	// words is the index field of the field's words ("" for fields of
	// whole values only; name: searches nameFields).
	words string
	// rng is set for fields compared by value (dates, numbers).
	rng bool
	// filter is set for fields that select articles without scoring them.
	filter bool
	// facet names the facet counting exact's values ("" for none).
	facet string
	// boost, when positive, has unscoped words searched in words.
	boost float64
}

// langFields lists the fields of the query language: those of the article
// schema, then the entity fields.
func langFields() []langField { return append(schemaFields(), entityFields()...) }

// schemaFields are the fields of the article schema (article.Fields) the
// index searches, in their export order.
func schemaFields() []langField {
	var out []langField
	for _, f := range article.ExportFields() {
		s := f.Search
		if s.Analysis == article.NotIndexed {
			continue
		}
		lf := langField{name: f.Name, aliases: f.QueryAliases, rng: s.Range(), filter: s.Filter(), facet: s.Facet, boost: s.Boost}
		switch s.Analysis {
		case article.DocID:
			lf.exact = "_id"
		case article.Text, article.Words:
			lf.words = f.Name
		case article.Keyword:
			lf.code = s.Lower
			lf.words = s.WordsField
			if lf.words == "" && !lf.code {
				lf.words = f.Name // matched as typed, through the keyword analyzer
			}
		}
		if s.Exact && lf.exact == "" {
			lf.exact = f.Name
		}
		out = append(out, lf)
	}
	return out
}

// Facet is a keyword facet of the query language: Name counts the values
// of the keyword index field Field; Field is the query-language field it
// belongs to (a facet is also accepted under that name: language for
// lang).
type Facet struct {
	Name, Field, QueryField string
	Code                    bool // a vendor code list
	Entity                  bool // names or speakers found at indexing
}

// Facets lists the keyword facets: those of the article schema in export
// order, then the names and speakers found at indexing.
func Facets() []Facet {
	var out []Facet
	for _, f := range schemaFields() {
		if f.facet != "" {
			out = append(out, Facet{Name: f.facet, Field: f.exact, QueryField: f.name, Code: f.code})
		}
	}
	for _, f := range entityFields() {
		if f.facet != "" {
			out = append(out, Facet{Name: f.facet, Field: f.exact, QueryField: f.name, Entity: true})
		}
	}
	return out
}

// entityFields are the query-language fields of the names and quotations
// found at indexing (see names.go): not fields of the article schema, as
// no input sets them.
func entityFields() []langField {
	return []langField{
		{name: fName, aliases: []string{"names"}, exact: schema.FieldNames, facet: fName},
		{name: fPerson, words: schema.FieldPerson},
		{name: fOrg, aliases: []string{"organisation"}, words: schema.FieldOrg},
		{name: fPlace, aliases: []string{"location"}, words: schema.FieldPlace},
		{name: fQuote, aliases: []string{"quotes"}, words: schema.FieldQuote},
		{name: fSpeaker, aliases: []string{"said"}, exact: schema.FieldSpeaker, words: schema.FieldSpeakWords, facet: fSpeaker},
	}
}

// fieldTable indexes langFields by name, built once.
var fieldTable = sync.OnceValue(func() map[string]langField {
	m := map[string]langField{}
	for _, f := range langFields() {
		m[f.name] = f
	}
	return m
})

// fieldAliases maps every accepted field name, including Factiva's own
// two-letter codes, to its query-language field.
var fieldAliases = func() map[string]string {
	m := map[string]string{}
	for _, f := range langFields() {
		m[f.name] = f.name
		for _, a := range f.aliases {
			m[a] = f.name
		}
	}
	return m
}()

// codeField returns the index field of a code-list field of the query
// language, or "" for other fields.
func codeField(f string) string {
	if lf := fieldTable()[f]; lf.code {
		return lf.exact
	}
	return ""
}

// exactField returns the keyword index field that holds the whole values
// of query-language field f, for field:="value", or "" when f has none.
func exactField(f string) string { return fieldTable()[f].exact }

// exactFields lists the fields that take field:="value".
func exactFields() string {
	var names []string
	for _, f := range fieldAliases {
		if exactField(f) != "" && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func knownFields() string {
	seen := map[string]bool{}
	var names []string
	for _, f := range fieldAliases {
		if !seen[f] {
			seen[f] = true
			names = append(names, f)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func isRangeField(f string) bool { return fieldTable()[f].rng }

// isMetaField reports whether a search of f only selects articles (whole
// values, dates), so it can filter without scoring.
func isMetaField(f string) bool { return fieldTable()[f].filter }

// textFields are searched by unscoped words and phrases, with their boosts:
// a word in the headline says more about an article than one in its body
// (the Boost of the article schema's fields).
var textFields = func() []weightedField {
	var out []weightedField
	for _, f := range langFields() {
		if f.boost > 0 {
			out = append(out, weightedField{f.words, f.boost})
		}
	}
	return out
}()

// weightedField is an index field with the boost of a match in it.
type weightedField struct {
	name  string
	boost float64
}

// nameFields are the index fields name: searches, one per type of name.
func nameFields() []weightedField {
	var out []weightedField
	for _, f := range schema.NameFields() {
		out = append(out, weightedField{f, 1})
	}
	return out
}

// indexFieldFor maps a scoped text field of the query language to the index
// field that holds its words (name: is several: nameFields).
func indexFieldFor(f string) string {
	if w := fieldTable()[f].words; w != "" {
		return w
	}
	return f
}

// Field is the query-language field an accepted field name (an alias such
// as Factiva's "sn") stands for, "" for none.
func Field(name string) string { return fieldAliases[name] }

// ExactField is the keyword index field that holds the whole values of
// query-language field f, for f:="value", or "" when f has none.
func ExactField(f string) string { return exactField(f) }

// Boost weights a match in an index field as unscoped words weight it: a
// word in the headline says more about an article than one in its body.
func Boost(field string) float64 {
	for _, f := range textFields {
		if f.name == field {
			return f.boost
		}
	}
	return 1
}

// MatchPhrase matches text as a phrase of its words in index field field,
// analysed as the index analyses it.
func MatchPhrase(field, text string) bq.Query {
	return match(weightedField{field, 1}, text, true)
}

// NameFields are the index fields name: searches, one per type of name.
func NameFields() []string { return schema.NameFields() }

// isFilterNode reports whether n constrains metadata only (source, source
// code, section, language, date, word count), so it can filter without
// scoring.
func isFilterNode(n Node) bool {
	switch n := n.(type) {
	case Term:
		return isMetaField(n.Field)
	case Phrase:
		return isMetaField(n.Field)
	case Range, Exact:
		return true
	}
	return false
}
