// Package variant holds the measurement hooks of package index: the index
// layout variants `bench mapping` measures and the duplicate-detection
// modes the benchmarks switch between. They are internal so that index's
// API is what an embedder uses; package index and the bench module (inside
// this module's tree) import it.
package variant

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// Variant is the newsdesk index with one layout choice changed (a field
// dropped, term vectors or stored text turned off, quotation documents left
// out), for measuring what that choice costs: `bench mapping` ingests a
// corpus once per variant. A variant index loses the user feature named in
// Loses, so it is for measurement only; Name "" is the layout newsdesk uses.
type Variant struct {
	Name    string // short, for command lines: "no-dup-exact"
	Changes string // what differs from the newsdesk layout
	Loses   string // the user feature a variant index no longer supports
	// Mapping changes the index mapping; nil leaves it.
	Mapping func(im *mapping.IndexMappingImpl)
	// NoQuoteDocs writes no quotation documents.
	NoQuoteDocs bool
	// MetaNoEntities leaves names and quotations out of the stored metadata.
	MetaNoEntities bool
}

// All lists the layout variants `bench mapping` measures, the newsdesk
// layout first.
func All() []Variant {
	tvOff := func(fields ...string) func(*mapping.IndexMappingImpl) {
		return func(im *mapping.IndexMappingImpl) {
			for _, f := range fieldMappings(im, fields...) {
				f.IncludeTermVectors = false
			}
		}
	}
	drop := func(fields ...string) func(*mapping.IndexMappingImpl) {
		return func(im *mapping.IndexMappingImpl) { dropFieldMappings(im, fields...) }
	}
	nameWords := []string{schema.FieldPerson, schema.FieldOrg, schema.FieldPlace, schema.FieldOtherNames, schema.FieldSpeakWords, schema.FieldQSpeakerWords}
	return []Variant{
		{Name: "", Changes: "the newsdesk layout", Loses: "—"},
		{Name: "tv-off-headline-body", Changes: "no term vectors on headline and body",
			Loses:   "phrase queries and snippets (highlighting needs term vectors)",
			Mapping: tvOff(schema.FieldHeadline, schema.FieldBody)},
		{Name: "no-body-store", Changes: "body not stored",
			Loses:   "snippets and the article's text (search shows headlines only)",
			Mapping: drop(schema.FieldStoredBody)},
		{Name: "tv-off-byline", Changes: "no term vectors on byline",
			Loses: `phrase queries on bylines (byline:"jane doe")`, Mapping: tvOff(schema.FieldByline)},
		{Name: "tv-off-source-section", Changes: "no term vectors on source_words and section_words",
			Loses:   `phrase queries on source and section names (source:"new york times")`,
			Mapping: tvOff(schema.FieldSourceWords, schema.FieldSectionWords)},
		{Name: "tv-off-names", Changes: "no term vectors on person, org, place, other_names, speaker_words, q_speaker_words",
			Loses: `phrase queries on names and speakers (person:"mike pompeo")`, Mapping: tvOff(nameWords...)},
		{Name: "no-other-names", Changes: "no other_names field",
			Loses:   "name: queries for names of no known type (people, organisations, places stay)",
			Mapping: drop(schema.FieldOtherNames)},
		{Name: "no-person-org-place", Changes: "no person, org, place fields",
			Loses: "person:, org:, place: queries, and name: for those names", Mapping: drop(schema.FieldPerson, schema.FieldOrg, schema.FieldPlace)},
		{Name: "no-names-keyword", Changes: "no names keyword field",
			Loses: "the names facet and exact name filters", Mapping: drop(schema.FieldNames)},
		{Name: "no-article-quote", Changes: "no quote, speaker, speaker_words fields on articles",
			Loses:   "quote: and speaker: in article searches, the speaker facet",
			Mapping: drop(schema.FieldQuote, schema.FieldSpeaker, schema.FieldSpeakWords)},
		{Name: "no-quote-docs", Changes: "no quotation documents",
			Loses: "quotation search (newsdesk quotes, /api/quotes)", NoQuoteDocs: true},
		{Name: "meta-no-entities", Changes: "names and quotations left out of the stored metadata",
			Loses:          "names and quotations of the article view; the text of quotation hits",
			MetaNoEntities: true},
		{Name: "no-dup-exact", Changes: "no dup_exact field",
			Loses: "--duplicates exact (collapsing identical bodies only)", Mapping: drop(schema.FieldDupExact)},
		{Name: "no-dup-group", Changes: "no dup_group field",
			Loses: "collapsing near duplicates in search and their counts", Mapping: drop(schema.FieldDupGroup)},
		{Name: "no-hash", Changes: "no hash field",
			Loses: "skipping unchanged articles when an archive is ingested again", Mapping: drop(schema.FieldHash)},
		{Name: "no-lengths", Changes: "no lengths field",
			Loses: "exact BM25 re-ranking of the top hits", Mapping: drop(schema.FieldTokenCounts)},
		{Name: "no-code-lists", Changes: "no subjects, regions, companies, industries, people, organizations",
			Loses: "code-list filters and facets (subject:, region:, ...)", Mapping: drop(schema.CodeFields()...)},
		{Name: "no-word-count", Changes: "no word_count field",
			Loses: "words: range filters", Mapping: drop(schema.FieldWordCount)},
		{Name: "no-marks", Changes: "no paragraph and sentence marks in the text fields",
			Loses: "same-paragraph, same-sentence and lead-paragraph searches (same, w/p, w/s, lp=, hlp=)", Mapping: textWithout("marks")},
		{Name: "no-caps", Changes: "no caps marks in the text fields",
			Loses: "caps(Turkey): the capitalised form only", Mapping: textWithout("caps")},
		{Name: "with-offsets", Changes: "byte offsets beside positions in the text fields' term vectors (indexes made before 2026-12-03)",
			Loses: "nothing a user sees: snippets find words by position without them", Mapping: textWith("offsets", true)},
		{Name: "quote-dates-as-dates", Changes: "quotation dates as bleve dates in q_date, not as q_day and q_period terms (indexes made before 2026-12-03)",
			Loses: "nothing a user sees: quotation date filters and order are the same", Mapping: quoteDatesAsDates},
		{Name: "word-count-as-number", Changes: "word counts as bleve numbers (16 terms each), not as two keyword terms (indexes made before 2026-12-03)",
			Loses: "nothing a user sees: words: ranges match the same articles", Mapping: wordCountAsNumber},
	}
}

// Named returns the variant called name.
func Named(name string) (Variant, error) {
	var names []string
	for _, v := range All() {
		if v.Name == name {
			return v, nil
		}
		names = append(names, v.Name)
	}
	return Variant{}, fmt.Errorf("index variant %q: want one of %q", name, names[1:])
}

// fieldMappings returns the field mappings of the named index fields, in
// articles and quotation documents.
func fieldMappings(im *mapping.IndexMappingImpl, names ...string) []*mapping.FieldMapping {
	var out []*mapping.FieldMapping
	visitFields(im, func(path string, fs []*mapping.FieldMapping) []*mapping.FieldMapping {
		for _, f := range fs {
			if slices.Contains(names, cmp.Or(f.Name, path)) {
				out = append(out, f)
			}
		}
		return fs
	})
	return out
}

// dropFieldMappings removes the named index fields from the mapping: the
// mapping is static, so their values are then ignored.
func dropFieldMappings(im *mapping.IndexMappingImpl, names ...string) {
	visitFields(im, func(path string, fs []*mapping.FieldMapping) []*mapping.FieldMapping {
		return slices.DeleteFunc(fs, func(f *mapping.FieldMapping) bool {
			return slices.Contains(names, cmp.Or(f.Name, path))
		})
	})
}

// visitFields calls fn with the field mappings of every property of the
// article and quotation mappings, and keeps what it returns; a property left
// without fields is removed.
func visitFields(im *mapping.IndexMappingImpl, fn func(path string, fs []*mapping.FieldMapping) []*mapping.FieldMapping) {
	docs := []*mapping.DocumentMapping{im.DefaultMapping}
	for _, t := range im.TypeMapping {
		docs = append(docs, t)
	}
	for _, d := range docs {
		for path, p := range d.Properties {
			p.Fields = fn(path, p.Fields)
			if len(p.Fields) == 0 {
				delete(d.Properties, path)
			}
		}
	}
}

// quoteDatesAsDates maps the quotations' dates as indexes made before
// schema.FieldQDay did: one bleve date field with doc values.
func quoteDatesAsDates(im *mapping.IndexMappingImpl) {
	dropFieldMappings(im, schema.FieldQDay, schema.FieldQPeriod)
	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	im.TypeMapping[schema.QuoteType].AddFieldMappingsAt(schema.FieldQDate, date)
}

// wordCountAsNumber maps word counts as indexes made before
// schema.CountTerms did: a bleve number, without doc values.
func wordCountAsNumber(im *mapping.IndexMappingImpl) {
	dropFieldMappings(im, schema.FieldWordCount)
	n := mapping.NewNumericFieldMapping()
	n.Store = false
	n.IncludeInAll = false
	n.DocValues = false
	im.DefaultMapping.AddFieldMappingsAt(schema.FieldWordCount, n)
}

// textWithout analyses the text fields without one kind of the text
// analyzer's extra terms ("marks" or "caps", see schema/marks.go).
func textWithout(kind string) func(*mapping.IndexMappingImpl) { return textWith(kind, false) }

// textWith analyses the text fields with the text analyzer's config key
// set to value (index/marks.go), under an analyzer of their own, as the
// mapping has built TextAnalyzer already.
func textWith(key string, value any) func(*mapping.IndexMappingImpl) {
	return func(im *mapping.IndexMappingImpl) {
		name := fmt.Sprintf("%s_%s_%v", schema.TextAnalyzer, key, value)
		cfg := maps.Clone(im.CustomAnalysis.Analyzers[schema.TextAnalyzer])
		cfg[key] = value
		if err := im.AddCustomAnalyzer(name, cfg); err != nil {
			// Only a variant listed twice or a changed analyzer config
			// gets here: a programming error, in measurement code.
			panic(fmt.Sprintf("variant with %s %v: %v", key, value, err))
		}
		visitFields(im, func(_ string, fs []*mapping.FieldMapping) []*mapping.FieldMapping {
			for _, f := range fs {
				if f.Analyzer == schema.TextAnalyzer {
					f.Analyzer = name
				}
			}
			return fs
		})
	}
}
