package query

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// The searcher's side of the engine (internal/engine): how a request's
// settings become the engine's, and the engine's errors a RequestError.

// eng returns the engine that runs the passes of one request, with the
// searcher's settings as they are now.
func (s *Searcher) eng() *engine.Engine { return s.engine(s.Cache) }

// engine returns the engine of one pass, keeping what it may in the
// searcher's caches when cache is set.
func (s *Searcher) engine(cache bool) *engine.Engine {
	cfg := engine.Config{
		ReadOnly: s.ix.ReadOnly(), ArticleKind: s.articleKind,
		MaxExpansion: s.MaxExpansion, Boost: querylang.Boost,
		MaxBitmapValues: s.maxBitmapValues, Dir: s.ix.Path(),
	}
	if cache {
		cfg.Cache = &s.caches
	}
	return engine.New(s.ix.Bleve(), cfg)
}

// corpusStats reads the index's collection statistics for the engine. A
// read-only index's never change: they are read (and decoded) once.
func (s *Searcher) corpusStats() (engine.Stats, error) {
	if s.stats != nil {
		s.stats.once.Do(func() { s.stats.v, s.stats.err = s.readCorpusStats() })
		return s.stats.v, s.stats.err
	}
	return s.readCorpusStats()
}

// statsOnce holds the collection statistics of a read-only index.
type statsOnce struct {
	once sync.Once
	v    engine.Stats
	err  error
}

// readCorpusStats reads the index's collection statistics.
func (s *Searcher) readCorpusStats() (engine.Stats, error) {
	cs, err := s.ix.CorpusStats()
	if err != nil {
		return engine.Stats{}, err
	}
	return engine.Stats{Docs: cs.Docs, Tokens: cs.Tokens, FieldDocs: cs.FieldDocs}, nil
}

// withStats returns ctx carrying the exact BM25 statistics for bleve, and
// the statistics for re-scoring.
func (s *Searcher) withStats(ctx context.Context) (context.Context, engine.Stats, error) {
	stats, err := s.corpusStats()
	if err != nil {
		return ctx, stats, err
	}
	return engine.WithStats(ctx, stats), stats, nil
}

// requestError returns err as the user sees it: the engine's error for a
// query that expands too far is a RequestError naming q, whichever pass of
// which request it stopped; other errors are returned as they are.
func requestError(err error) error {
	var ee *engine.ExpansionError
	if errors.As(err, &ee) {
		return &RequestError{Param: "q", Err: &SyntaxError{Msg: ee.Msg}}
	}
	return err
}

// wrapUnlessRequest wraps err with what was being done (format and
// args), except a RequestError or a query that expands too far: their
// message is for the user as it is, and does not need the (up to 4 KB)
// query repeated before it.
func wrapUnlessRequest(err error, format string, args ...any) error {
	var re *RequestError
	var ee *engine.ExpansionError
	if errors.As(err, &re) || errors.As(err, &ee) {
		return requestError(err)
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// facetSpecs resolves facet names (FacetNames) to what the engine counts.
func facetSpecs(names []string) ([]engine.Facet, error) {
	var out []engine.Facet
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		switch {
		case n == "":
		case keywordFacets[n] != "":
			out = append(out, engine.Facet{Name: n, Field: keywordFacets[n]})
		case isPeriod(n):
			out = append(out, engine.Facet{Name: n, Period: n})
		default:
			return nil, &RequestError{Param: "facets", Err: fmt.Errorf("%q is not a facet; use %s", n, strings.Join(FacetNames, ", "))}
		}
	}
	return out, nil
}

// countFacets counts the facets names over the hits of q and, when field
// is set, the duplicate groups on it (nil when there is nothing to
// count). all says that q matches every article.
func (s *Searcher) countFacets(ctx context.Context, q bq.Query, names []string, field string, all bool) (*engine.Counter, error) {
	facets, err := facetSpecs(names)
	if err != nil {
		return nil, err
	}
	return s.eng().CountFacets(ctx, q, facets, field, all)
}

// Duplicate modes of a search.
const (
	// DupSimilar collapses each near-duplicate group (schema.FieldDupGroup)
	// to its best hit; the default.
	DupSimilar = "similar"
	// DupIdentical collapses only articles with the same body
	// (schema.FieldDupExact).
	DupIdentical = "identical"
	// DupShow collapses nothing.
	DupShow = "show"
)

// dupField is the index field hits are collapsed on in mode, "" for none.
func dupField(mode string) (string, error) {
	switch strings.ToLower(mode) {
	case "", DupSimilar:
		return schema.FieldDupGroup, nil
	case DupIdentical:
		return schema.FieldDupExact, nil
	case DupShow:
		return "", nil
	}
	return "", &RequestError{Param: "duplicates", Err: fmt.Errorf("%q is not a mode; use similar, identical or show", mode)}
}

// dupMode is the canonical name of mode.
func dupMode(mode string) string {
	if mode == "" {
		return DupSimilar
	}
	return strings.ToLower(mode)
}
