package engine

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// reader opens a reader of the index as it is now. Internal ids it hands
// out address that snapshot; a read-only index keeps one.
func (e *Engine) reader() (bindex.IndexReader, error) {
	adv, err := e.b.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// scan is a pass over the hits of a query without scoring, sorting or
// keeping them, the way the facet and duplicate passes read an index: a
// reader, a searcher of the query on it and the searcher's pool of matches.
type scan struct {
	r    bindex.IndexReader
	sr   search.Searcher
	sctx *search.SearchContext
}

// newScan opens a scan of q, with its term searchers capped as a search's
// are (expansion.go). Errors of the index are wrapped with what; a query that
// expands too far is an *ExpansionError.
func (e *Engine) newScan(ctx context.Context, q bq.Query, what string) (*scan, error) {
	r, err := e.reader()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	// bleve counts term searchers only inside SearchInContext: install
	// its count here too, or a scan of "a* OR a* OR …" is never capped.
	ctx = e.limitTerms(ctx, true)
	sr, err := q.Searcher(ctx, r, e.b.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		_ = r.Close()
		if re := expansionError(err, e.termLimit()); re != err {
			return nil, re
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	pool := search.NewDocumentMatchPool(sr.DocumentMatchPoolSize(), 0)
	return &scan{r: r, sr: sr, sctx: &search.SearchContext{DocumentMatchPool: pool}}, nil
}

// next is the next hit, nil after the last.
func (sc *scan) next() (*search.DocumentMatch, error) { return sc.sr.Next(sc.sctx) }

// advance is the first hit at or after id, nil after the last.
func (sc *scan) advance(id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return sc.sr.Advance(sc.sctx, id)
}

// release returns a hit to the pool once it is read.
func (sc *scan) release(d *search.DocumentMatch) { sc.sctx.DocumentMatchPool.Put(d) }

// close releases the searcher and the reader.
func (sc *scan) close() {
	_ = sc.sr.Close()
	_ = sc.r.Close()
}
