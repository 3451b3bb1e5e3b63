// Package index stores articles in a bleve index: the mapping, the analyzers
// and batched, incremental writing. It knows bleve, but not HTTP or terminals.
package index

import (
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/wordpos"
)

func init() {
	// Folding is done on tokens, not with bleve's asciifolding char filter:
	// a char filter that changes byte lengths shifts highlight offsets.
	err := registry.RegisterTokenFilter(schema.FoldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{folder: asciifolding.New()}, nil
	})
	if err != nil {
		panic(err) // only on a duplicate registration: a programming error
	}
	err = registry.RegisterTokenizer(schema.WordTokenizer, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wordpos.Tokenizer{}, nil
	})
	if err != nil {
		panic(err)
	}
}

type foldFilter struct {
	folder *asciifolding.AsciiFoldingFilter
}

func (f foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		if !isASCII(tok.Term) { // asciifolding copies even what it leaves alone
			tok.Term = f.folder.Filter(tok.Term)
		}
	}
	return in
}

// isASCII reports whether b is all ASCII, which folding leaves as it is
// (TestFoldFilterSkipsASCII).
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// NewMapping returns the index mapping newsdesk uses: explicit fields only,
// no _all field, BM25 scoring, stored text only where it is highlighted or
// returned, doc values only where we sort or facet. The article's own
// fields are mapped as the article schema's Search options say
// (article.Fields); the index's own fields (names, quotations, duplicate
// keys) are mapped here and in addEntityMappings.
func NewMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = schema.TextAnalyzer
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	// The text analyzer also adds paragraph and sentence marks and caps
	// terms (marks.go); queries use it without them (TextQueryAnalyzer).
	// Its term vectors hold positions, not byte offsets: snippets locate
	// the words they mark by position (docs/index.md, "Positions without
	// offsets").
	if err := im.AddCustomAnalyzer(schema.TextAnalyzer, map[string]interface{}{
		"type":      schema.MarkedAnalyzerType,
		"offsets":   false,
		"tokenizer": schema.WordTokenizer,
		"token_filters": []string{
			en.PossessiveName, lowercase.Name, schema.FoldFilter, en.StopName, porter.Name,
		},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(schema.WordsAnalyzer, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     schema.WordTokenizer,
		"token_filters": []string{lowercase.Name, schema.FoldFilter},
	}); err != nil {
		return nil, err
	}

	if err := im.AddCustomAnalyzer(schema.KeysAnalyzer, map[string]interface{}{
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
		f.Analyzer = schema.WordsAnalyzer
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

	// The article's own fields, as the article schema says, but for the
	// stored text: the body is stored compressed in a field of its own
	// (schema.FieldStoredBody), which snappy, bleve's compression, leaves
	// half again as large.
	for _, f := range article.Fields() {
		if fm := fieldMapping(f); fm != nil {
			if fm.Store {
				if f.Name != schema.FieldBody {
					return nil, fmt.Errorf("index mapping: field %s is stored, and only the body has a stored form (schema.FieldStoredBody)", f.Name)
				}
				fm.Store = false
				doc.AddFieldMappingsAt(schema.FieldStoredBody, storedOnly())
			}
			fms := []*mapping.FieldMapping{fm}
			if f.Search.WordsField != "" {
				fms = append(fms, words(f.Search.WordsField))
			}
			doc.AddFieldMappingsAt(f.Name, fms...)
		}
	}

	doc.AddFieldMappingsAt(schema.FieldMeta, storedOnly())
	// Hash and lengths are read per article during ingest and ranking: as
	// doc values they are read without decompressing the stored article.
	doc.AddFieldMappingsAt(schema.FieldHash, kw())
	doc.AddFieldMappingsAt(schema.FieldTokenCounts, kw())
	// Duplicates (dedup.go): exact digest and group id are keyword doc
	// values, to collapse and facet on. Band keys are in the band table
	// (bandtable.go) from layout 5; the field stays mapped, empty, as
	// layout 4 indexes have it.
	doc.AddFieldMappingsAt(schema.FieldDupExact, kw())
	doc.AddFieldMappingsAt(schema.FieldDupGroup, kw())
	bands := kw()
	bands.Analyzer = schema.KeysAnalyzer
	bands.DocValues = false
	doc.AddFieldMappingsAt(schema.FieldDupBands, bands)

	addEntityMappings(im, doc, highlighted, words, kw, storedOnly)

	im.DefaultMapping = doc
	return im, nil
}

// fieldMapping maps a field of the article schema to its bleve field as
// its Search options say, or returns nil for a field the index does not
// map (not indexed, or the document id).
func fieldMapping(f article.Field) *mapping.FieldMapping {
	s := f.Search
	var fm *mapping.FieldMapping
	switch s.Analysis {
	case article.Text:
		fm = bleve.NewTextFieldMapping()
		fm.Analyzer = schema.TextAnalyzer
	case article.Words:
		fm = bleve.NewTextFieldMapping()
		fm.Name = f.Name
		fm.Analyzer = schema.WordsAnalyzer
	case article.Keyword:
		fm = bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
	case article.Time:
		fm = bleve.NewDateTimeFieldMapping()
	case article.Number:
		// A count, as two keyword terms (schema.CountTerms).
		fm = bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
	default:
		return nil
	}
	fm.Store = s.Stored
	fm.IncludeTermVectors = s.TermVectors
	fm.DocValues = s.DocValues
	fm.IncludeInAll = false
	return fm
}
