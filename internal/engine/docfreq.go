package engine

// Global document frequencies, for the sharding experiment of the bench
// module (bench/shard.go): bleve's BM25 takes the article count and average
// field lengths from the statistics in the context (search.BM25StatsKey),
// but the document frequency in each term's idf from the index it searches:
// under an IndexAlias, each shard's own. bleve has no hook for the
// frequency, so WithDocFreqs wraps the compiled query and hands its
// searchers a reader whose term readers report the frequency over every
// shard.

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// DocFreqs sums a term's document frequency over a fixed set of indexes,
// opening one reader per index on first use; it is safe for the concurrent
// per-shard searches of an alias. Use one per search.
type DocFreqs struct {
	ixs     []bleve.Index
	mu      sync.Mutex
	readers []bindex.IndexReader
	cache   map[[2]string]uint64
}

// NewDocFreqs returns the document frequencies over ixs.
func NewDocFreqs(ixs []bleve.Index) *DocFreqs {
	return &DocFreqs{ixs: ixs, cache: map[[2]string]uint64{}}
}

func (t *DocFreqs) count(ctx context.Context, term []byte, field string) (uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := [2]string{field, string(term)}
	if n, ok := t.cache[k]; ok {
		return n, nil
	}
	if t.readers == nil {
		for _, ix := range t.ixs {
			adv, err := ix.Advanced()
			if err != nil {
				return 0, fmt.Errorf("document frequency: %w", err)
			}
			r, err := adv.Reader()
			if err != nil {
				return 0, fmt.Errorf("document frequency: %w", err)
			}
			t.readers = append(t.readers, r)
		}
	}
	var n uint64
	for _, r := range t.readers {
		tfr, err := r.TermFieldReader(ctx, term, field, false, false, false)
		if err != nil {
			return 0, fmt.Errorf("document frequency of %s:%s: %w", field, term, err)
		}
		n += tfr.Count()
		if err := tfr.Close(); err != nil {
			return 0, err
		}
	}
	t.cache[k] = n
	return n, nil
}

// Close releases the readers.
func (t *DocFreqs) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var first error
	for _, r := range t.readers {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	t.readers = nil
	return first
}

// WithDocFreqs returns q, run with the document frequencies of df: under
// a bleve.IndexAlias of shards, each shard's searchers then score with the
// frequency over every shard, as one index would.
func WithDocFreqs(q bq.Query, df *DocFreqs) bq.Query { return globalDF{q: q, df: df} }

// globalDF is a query that runs q with document frequencies from df.
type globalDF struct {
	q  bq.Query
	df *DocFreqs
}

// Searcher implements bleve's query.Query.
func (g globalDF) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	return g.q.Searcher(ctx, &dfReader{IndexReader: r, df: g.df}, m, o)
}

// dfReader is an index reader whose scoring term readers report the
// document frequency from df. Readers opened without frequencies (filters,
// which bleve does not score) are the index's own, so bleve's optimisations
// for them still apply.
type dfReader struct {
	bindex.IndexReader
	df *DocFreqs
}

func (r *dfReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (bindex.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	if err != nil || !includeFreq {
		return tfr, err
	}
	n, err := r.df.count(ctx, term, field)
	if err != nil {
		tfr.Close()
		return nil, err
	}
	return dfTermReader{TermFieldReader: tfr, n: n}, nil
}

// The optional reader interfaces bleve's searchers look for (regexp,
// fuzzy and numeric-range searchers need them), passed through.

func (r *dfReader) FieldDictRegexp(field, regex string) (bindex.FieldDict, error) {
	if x, ok := r.IndexReader.(bindex.IndexReaderRegexp); ok {
		return x.FieldDictRegexp(field, regex)
	}
	return nil, errors.New("index reader has no regexp dictionary")
}

func (r *dfReader) FieldDictRegexpAutomaton(field, regex string) (bindex.FieldDict, bindex.RegexAutomaton, error) {
	if x, ok := r.IndexReader.(bindex.IndexReaderRegexp); ok {
		return x.FieldDictRegexpAutomaton(field, regex)
	}
	return nil, nil, errors.New("index reader has no regexp dictionary")
}

func (r *dfReader) FieldDictFuzzy(field, term string, fuzziness int, prefix string) (bindex.FieldDict, error) {
	if x, ok := r.IndexReader.(bindex.IndexReaderFuzzy); ok {
		return x.FieldDictFuzzy(field, term, fuzziness, prefix)
	}
	return nil, errors.New("index reader has no fuzzy dictionary")
}

func (r *dfReader) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (bindex.FieldDict, bindex.FuzzyAutomaton, error) {
	if x, ok := r.IndexReader.(bindex.IndexReaderFuzzy); ok {
		return x.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	}
	return nil, nil, errors.New("index reader has no fuzzy dictionary")
}

func (r *dfReader) FieldDictContains(field string) (bindex.FieldDictContains, error) {
	if x, ok := r.IndexReader.(bindex.IndexReaderContains); ok {
		return x.FieldDictContains(field)
	}
	return nil, errors.New("index reader has no dictionary lookup")
}

// dfTermReader is a term reader that reports n as its document frequency.
type dfTermReader struct {
	bindex.TermFieldReader
	n uint64
}

func (t dfTermReader) Count() uint64 { return t.n }
