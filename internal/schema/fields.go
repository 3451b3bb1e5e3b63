package schema

import (
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"

	"github.com/newsdesk/newsdesk/article"
)

// The index's fields come from two tables. The article schema
// (article.Fields) gives the fields an article's own values are indexed
// in: a field's Search options say how, and package index derives its
// mapping and document from them. The fields below are the index's own:
// derived from an article (names, quotations, duplicate keys, token
// counts) or bookkeeping, mapped by hand in package index; each is listed
// once here.

// internalField is an index field that is not in the article schema.
type internalField struct {
	name     string
	analyzer string // "" for dates, and fields not analysed
}

// internalFields lists the index's own indexed fields: those of article
// documents, then those of quotation documents. FieldMeta and
// FieldStoredBody are stored only and FieldDupSig no longer written, so neither is here; FieldNameWords is,
// as indexes made before other_names search it, and so is FieldQDate,
// which indexes made before FieldQDay filter and sort quotations by.
var internalFields = []internalField{
	{FieldKind, keyword.Name},
	{FieldHash, keyword.Name},
	{FieldTokenCounts, keyword.Name},
	{FieldDupExact, keyword.Name},
	{FieldDupGroup, keyword.Name},
	{FieldDupBands, KeysAnalyzer},
	{FieldNames, keyword.Name},
	{FieldPerson, WordsAnalyzer},
	{FieldOrg, WordsAnalyzer},
	{FieldPlace, WordsAnalyzer},
	{FieldOtherNames, WordsAnalyzer},
	{FieldNameWords, WordsAnalyzer},
	{FieldQuote, TextAnalyzer},
	{FieldSpeaker, keyword.Name},
	{FieldSpeakWords, WordsAnalyzer},
	{FieldQText, TextAnalyzer},
	{FieldQSpeaker, keyword.Name},
	{FieldQSpeakerWords, WordsAnalyzer},
	{FieldQArticle, keyword.Name},
	{FieldQDup, keyword.Name},
	{FieldQDay, keyword.Name},
	{FieldQPeriod, keyword.Name},
	{FieldQDate, ""},
}

// fieldTable holds what is derived from both tables, built once.
type fieldTable struct {
	indexed   []string          // every indexed field
	analyzers map[string]string // index field -> analyzer of its tokens
	lengths   []LengthField
}

var fieldTables = sync.OnceValue(func() *fieldTable {
	t := &fieldTable{analyzers: map[string]string{}}
	add := func(name, analyzer string) {
		t.indexed = append(t.indexed, name)
		if analyzer != "" {
			t.analyzers[name] = analyzer
		}
	}
	for _, f := range article.Fields() {
		s := f.Search
		switch s.Analysis {
		case article.Text:
			add(f.Name, TextAnalyzer)
			t.lengths = append(t.lengths, LengthField{Name: f.Name, Source: f.Name})
		case article.Words:
			add(f.Name, WordsAnalyzer)
			t.lengths = append(t.lengths, LengthField{Name: f.Name, Source: f.Name})
		case article.Keyword:
			add(f.Name, keyword.Name)
		case article.Time, article.Number:
			add(f.Name, "")
		}
		if s.WordsField != "" {
			add(s.WordsField, WordsAnalyzer)
			t.lengths = append(t.lengths, LengthField{Name: s.WordsField, Source: f.Name})
		}
	}
	for _, f := range internalFields {
		add(f.name, f.analyzer)
	}
	return t
})

// IndexedFields lists every field the index mapping indexes: the article
// schema's (with their words fields) and the index's own. BM25 statistics
// must cover each field a query touches, so query hands bleve one per
// field listed here; a test checks the mapping against it.
func IndexedFields() []string { return slices.Clone(fieldTables().indexed) }

// AnalyzerFor names the analyzer that query text for a field of the index
// is analysed with (keyword for fields it does not know): the field's own
// analyzer, but TextQueryAnalyzer for TextAnalyzer's fields, so that query
// words bring no marks. Queries must use it explicitly for
// every analysed field: bleve would otherwise take the field's index
// analyzer, and it resolves analyzers by document path, not field name
// (source_words, section_words).
func AnalyzerFor(field string) string {
	a := IndexAnalyzerFor(field)
	if a == TextAnalyzer {
		return TextQueryAnalyzer
	}
	return a
}

// IndexAnalyzerFor names the analyzer the index mapping gives a field
// (keyword for fields it does not know): what its documents are analysed
// with.
func IndexAnalyzerFor(field string) string {
	if a, ok := fieldTables().analyzers[field]; ok {
		return a
	}
	return keyword.Name
}

// LengthField is a field whose token count is kept (FieldLengths), and
// the article schema's field its text comes from.
type LengthField struct{ Name, Source string }

// LengthFields lists the fields whose token counts are kept: every Text
// and Words field of the article schema and every words field of a
// Keyword one.
func LengthFields() []LengthField { return slices.Clone(fieldTables().lengths) }

// Values are an article's values of the article schema's indexed fields,
// by index field name, as bleve indexes them. Package index embeds them in
// its document, so that bleve walks them as top-level fields.
type Values map[string]any
