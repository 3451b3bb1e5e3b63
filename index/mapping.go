// Package index stores articles in a bleve index: the mapping, the analyzers
// and batched, incremental writing. It knows bleve, but not HTTP or terminals.
package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer and token filter names registered with bleve. The mapping stores
// only these names, so every binary that opens an index must import this
// package (its init registers them).
const (
	// TextAnalyzer analyses headline and body: English possessives dropped,
	// lower-cased, folded to ASCII, stop words removed, Porter-stemmed.
	TextAnalyzer = "news_text"
	// WordsAnalyzer analyses bylines, source and section names: lower-cased
	// and folded words, no stemming and no stop words, so "The Times" and
	// "de Kerchove" stay searchable word by word and as phrases.
	WordsAnalyzer = "news_words"
	// FoldFilter folds accented letters to ASCII at the token level.
	FoldFilter = "news_fold"
	// KeysAnalyzer splits a field on white space and nothing else: the LSH
	// band keys of an article go in as one string, which bleve indexes
	// several times faster than the same keys as a list of values.
	KeysAnalyzer = "news_keys"
)

// Field names in the bleve index. The query package builds queries on them.
const (
	FieldHeadline     = "headline"
	FieldBody         = "body"
	FieldByline       = "byline"
	FieldSource       = "source"       // keyword: exact value, for facets and filters
	FieldSourceWords  = "source_words" // words of the source name, for field queries
	FieldSourceCode   = "source_code"  // keyword
	FieldSection      = "section"      // keyword
	FieldSectionWords = "section_words"
	FieldLanguage     = "language" // keyword, ISO 639-1
	FieldDate         = "date"
	FieldWordCount    = "word_count"
	// FieldMeta holds the article without its body as JSON; stored only, so a
	// hit can be shown without a second lookup.
	FieldMeta = "meta"
	// FieldHash is a digest of the article's content: re-ingesting an
	// unchanged article is detected and skipped.
	FieldHash = "hash"
	// FieldTokenCounts holds the article's FieldLengths, for BM25
	// statistics and re-ranking.
	FieldTokenCounts = "lengths"
	// FieldDupExact is a digest of the normalised body (dedup.ExactDigest:
	// lower-cased, accents folded, punctuation and white space collapsed):
	// articles with the same value are identical. An article without body
	// words has its own id here, so it never groups. Keyword, doc values.
	FieldDupExact = "dup_exact"
	// FieldDupGroup names an article's near-duplicate group by the id of
	// its lead, the group's earliest article (the article's own id when it
	// has no near duplicate). Keyword, doc values. See dedup.go.
	FieldDupGroup = "dup_group"
)

// Code-list fields: keywords (lower-cased codes or index terms) with doc
// values, for filters and facets. See article.Article for what each holds.
const (
	FieldSubjects      = "subjects"
	FieldRegions       = "regions"
	FieldCompanies     = "companies"
	FieldIndustries    = "industries"
	FieldPeople        = "people"
	FieldOrganizations = "organizations"
)

// CodeFields lists the code-list fields.
func CodeFields() []string {
	return []string{FieldSubjects, FieldRegions, FieldCompanies, FieldIndustries, FieldPeople, FieldOrganizations}
}

// AnalyzerFor names the analyzer of a text field of the index. Queries must
// use it explicitly for fields mapped under another name (source_words,
// section_words): bleve resolves analyzers by document path, not field name.
func AnalyzerFor(field string) string {
	switch field {
	case FieldHeadline, FieldBody:
		return TextAnalyzer
	case FieldByline, FieldSourceWords, FieldSectionWords:
		return WordsAnalyzer
	case FieldNameWords, FieldPerson, FieldOrg, FieldPlace, FieldOtherNames, FieldSpeakWords, FieldQSpeakerWords:
		return WordsAnalyzer
	case FieldQuote, FieldQText:
		return TextAnalyzer
	}
	return keyword.Name
}

func init() {
	// Folding is done on tokens, not with bleve's asciifolding char filter:
	// a char filter that changes byte lengths shifts highlight offsets.
	err := registry.RegisterTokenFilter(FoldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{folder: asciifolding.New()}, nil
	})
	if err != nil {
		panic(err) // only on a duplicate registration: a programming error
	}
}

type foldFilter struct {
	folder *asciifolding.AsciiFoldingFilter
}

func (f foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		tok.Term = f.folder.Filter(tok.Term)
	}
	return in
}

// NewMapping returns the index mapping newsdesk uses: explicit fields only,
// no _all field, BM25 scoring, stored text only where it is highlighted or
// returned, doc values only where we sort or facet.
func NewMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = TextAnalyzer
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	if err := im.AddCustomAnalyzer(TextAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{
			en.PossessiveName, lowercase.Name, FoldFilter, en.StopName, porter.Name,
		},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(WordsAnalyzer, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, FoldFilter},
	}); err != nil {
		return nil, err
	}

	if err := im.AddCustomAnalyzer(KeysAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	}); err != nil {
		return nil, err
	}

	doc := bleve.NewDocumentStaticMapping()

	// Highlighted fields: stored, with term vectors (positions for phrases
	// and offsets for snippets), no doc values.
	highlighted := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = true
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Searchable words only: positions kept for phrase queries, nothing stored.
	words := func(name string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = WordsAnalyzer
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Exact values for filters and facets.
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	doc.AddFieldMappingsAt(FieldHeadline, highlighted(TextAnalyzer))
	doc.AddFieldMappingsAt(FieldBody, highlighted(TextAnalyzer))
	doc.AddFieldMappingsAt(FieldByline, words(FieldByline))
	doc.AddFieldMappingsAt(FieldSource, kw(), words(FieldSourceWords))
	doc.AddFieldMappingsAt(FieldSourceCode, kw())
	doc.AddFieldMappingsAt(FieldSection, kw(), words(FieldSectionWords))
	doc.AddFieldMappingsAt(FieldLanguage, kw())
	for _, f := range CodeFields() {
		doc.AddFieldMappingsAt(f, kw())
	}

	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	doc.AddFieldMappingsAt(FieldDate, date)

	wc := bleve.NewNumericFieldMapping()
	wc.Store = false
	wc.IncludeInAll = false
	// Only range-filtered, never sorted or faceted on: doc values would hold
	// all 16 precision terms of every number (bench mapping measures it).
	wc.DocValues = false
	doc.AddFieldMappingsAt(FieldWordCount, wc)

	doc.AddFieldMappingsAt(FieldMeta, storedOnly())
	// Hash and lengths are read per article during ingest and ranking: as
	// doc values they are read without decompressing the stored article.
	doc.AddFieldMappingsAt(FieldHash, kw())
	doc.AddFieldMappingsAt(FieldTokenCounts, kw())
	// Duplicates (dedup.go): exact digest and group id are keyword doc
	// values, to collapse and facet on; band keys are only looked up, at
	// ingest (a candidate's signature is computed again from its body).
	doc.AddFieldMappingsAt(FieldDupExact, kw())
	doc.AddFieldMappingsAt(FieldDupGroup, kw())
	bands := kw()
	bands.Analyzer = KeysAnalyzer
	bands.DocValues = false
	doc.AddFieldMappingsAt(FieldDupBands, bands)

	addEntityMappings(im, doc, highlighted, words, kw, storedOnly)

	im.DefaultMapping = doc
	return im, nil
}
