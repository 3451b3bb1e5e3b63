package query_test

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/query"
)

// reutersQueries mixes 2-3 word ANDs, phrases, rare and common words, OR,
// exclusion, field and date scopes.
var reutersQueries = []string{
	"oil prices", "crude oil", `"interest rates"`, "bank merger", "wheat exports", "trade deficit japan",
	"dollar yen", "opec output", "coffee", "gold", "shares rose", `"stock exchange"`, "profit -loss",
	"copper OR zinc", "headline:oil", "oil date:1987-03", `"federal reserve" rates`, "grain", "sugar",
	"takeover bid", `"crude oil"~3 saudi`, "comp*", "tin", "soybean OR soybeans", "acquisition -bank",
}

// BenchmarkReutersQueries indexes Reuters-21578 (from ../shared; skipped
// when absent) and reports search latency percentiles with snippets, for
// relevance and date order. Run:
//
//	go test ./query -run '^$' -bench ReutersQueries -benchtime 5x
func BenchmarkReutersQueries(b *testing.B) {
	ix, arts := reutersIndex(b, filepath.Join(b.TempDir(), "ix"))
	defer ix.Close()
	ctx := context.Background()
	s := query.NewSearcher(ix)
	for _, order := range []string{query.SortRelevance, query.SortNewest} {
		b.Run(order, func(b *testing.B) {
			for _, q := range reutersQueries { // warm-up
				if _, err := s.Search(ctx, query.Request{Query: q, Sort: order}); err != nil {
					b.Fatal(err)
				}
			}
			var lat []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, q := range reutersQueries {
					start := time.Now()
					if _, err := s.Search(ctx, query.Request{Query: q, Sort: order}); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
			b.ReportMetric(ms(0.99), "p99-ms")
			b.ReportMetric(float64(len(arts)), "articles")
		})
	}
}

// reutersIndex indexes Reuters-21578 (from ../shared) into a new index in
// dir and returns it open with the articles; it skips b when the corpus
// is absent.
func reutersIndex(b *testing.B, dir string) (*index.Index, []*article.Article) {
	b.Helper()
	arts, _, err := corpus.Reuters(0)
	if errors.Is(err, corpus.ErrAbsent) {
		b.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), arts...); err != nil {
		ix.Close()
		b.Fatal(err)
	}
	return ix, arts
}
