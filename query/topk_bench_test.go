package query_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// BenchmarkCommonWords times relevance searches of common words, the
// top 10 with snippets and duplicate collapsing, on the read-only index
// in $NEWSDESK_BENCH_INDEX (skipped when unset) with a caching searcher,
// as newsdesk serve runs them, and a few (cli/) with one that does not
// cache, as newsdesk search runs them; each query reports its p50. Build the
// index from a generated archive:
//
//	(cd bench && GOFLAGS=-mod=mod go run . gen -n 100000 -seed 1 -out /tmp/g100k.jsonl)
//	go run ./cmd/newsdesk ingest --index /tmp/g100k.ix /tmp/g100k.jsonl
//	NEWSDESK_BENCH_INDEX=/tmp/g100k.ix go test ./query -run '^$' -bench CommonWords -benchtime 20x
func BenchmarkCommonWords(b *testing.B) {
	ix := benchIndex(b)
	cached := query.NewSearcher(ix)
	cached.Cache = true
	ctx := context.Background()
	for _, q := range []string{"said", "year", "company", "said year", "oil prices", "shares rose", "trade deficit japan"} {
		b.Run(q, func(b *testing.B) { commonWords(b, ctx, cached, q) })
	}
	// As newsdesk search runs them: a searcher that does not cache.
	once := query.NewSearcher(ix)
	for _, q := range []string{"said", "oil prices", "trade deficit japan"} {
		b.Run("cli/"+q, func(b *testing.B) { commonWords(b, ctx, once, q) })
	}
}

// commonWords times one query of BenchmarkCommonWords with s.
func commonWords(b *testing.B, ctx context.Context, s *query.Searcher, q string) {
	req := query.Request{Query: q}
	res, err := s.Search(ctx, req) // warm-up: caches, page cache
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := s.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(res.TotalArticles), "hits")
}

// benchIndex opens the read-only index in $NEWSDESK_BENCH_INDEX for a
// benchmark of searches on it, closed when b ends; b is skipped when the
// variable is unset.
func benchIndex(b *testing.B) *index.Index {
	dir := os.Getenv("NEWSDESK_BENCH_INDEX")
	if dir == "" {
		b.Skip("NEWSDESK_BENCH_INDEX names no index; skipping")
	}
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}
