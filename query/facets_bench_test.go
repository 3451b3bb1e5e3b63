package query_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/query"
)

// BenchmarkReutersFacets compares newsdesk's facet engine (doc values read
// in one pass, facets.go) with bleve's term facets, counting the same
// keyword facets over every article of Reuters-21578 (from ../shared;
// skipped when absent), and reports the cost per hit. Run:
//
//	go test ./query -run '^$' -bench ReutersFacets -benchtime 3x
func BenchmarkReutersFacets(b *testing.B) {
	ix, arts := reutersIndex(b, filepath.Join(b.TempDir(), "ix"))
	defer ix.Close()
	ctx := context.Background()
	s := query.NewSearcher(ix)
	hits := float64(len(arts))
	b.Run("newsdesk", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Facets(ctx, query.Request{Facets: []string{"source", "lang"}, Duplicates: query.DupShow}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/hits, "µs/hit")
	})
	b.Run("newsdesk+month", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Facets(ctx, query.Request{Facets: []string{"source", "lang", "month"}, Duplicates: query.DupShow}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/hits, "µs/hit")
	})
	b.Run("newsdesk+groups", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Facets(ctx, query.Request{Facets: []string{"source", "lang"}, Duplicates: query.DupIdentical}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/hits, "µs/hit")
	})
	b.Run("bleve", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			br := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
			br.AddFacet("source", bleve.NewFacetRequest(schema.FieldSource, 100))
			br.AddFacet("lang", bleve.NewFacetRequest(schema.FieldLanguage, 100))
			if _, err := ix.Bleve().SearchInContext(ctx, br); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/hits, "µs/hit")
	})
}

// BenchmarkReutersDuplicateModes reports search latency on a read-only
// Reuters-21578 index (as `newsdesk search` and `serve` open it) for each
// duplicates mode, and with facets. Run:
//
//	go test ./query -run '^$' -bench ReutersDuplicateModes -benchtime 3x
func BenchmarkReutersDuplicateModes(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "ix")
	ix, _ := reutersIndex(b, dir)
	ctx := context.Background()
	ro := reopenReadOnly(b, ix)
	s := query.NewSearcher(ro)
	for _, mode := range []struct {
		name, dups string
		facets     []string
	}{
		{"show", query.DupShow, nil},
		{"similar", query.DupSimilar, nil},
		{"identical", query.DupIdentical, nil},
		{"identical+facets", query.DupIdentical, []string{"source", "month"}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			run := func() []time.Duration {
				var lat []time.Duration
				for _, q := range reutersQueries {
					start := time.Now()
					if _, err := s.Search(ctx, query.Request{Query: q, Duplicates: mode.dups, Facets: mode.facets}); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
				return lat
			}
			run() // warm-up, and the cached duplicate keys
			var lat []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				lat = append(lat, run()...)
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
			b.ReportMetric(ms(0.5), "p50-ms")
			b.ReportMetric(ms(0.95), "p95-ms")
		})
	}
	res, err := s.Search(ctx, query.Request{Duplicates: query.DupIdentical, Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("identical texts: %d articles in %d groups", res.TotalArticles, res.Total)
}

// BenchmarkReutersFacetBitmaps compares the doc-value pass with facet
// bitmaps (Searcher.Cache) on a read-only Reuters-21578 index, over
// every article and over the hits of a common word, and reports the cost
// per hit; the bitmaps are built before the timer starts. Run:
//
//	go test ./query -run '^$' -bench ReutersFacetBitmaps -benchtime 5x
func BenchmarkReutersFacetBitmaps(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "ix")
	ix, _ := reutersIndex(b, dir)
	ro := reopenReadOnly(b, ix)
	ctx := context.Background()
	for _, q := range []struct{ name, q string }{{"all", ""}, {"said", "said"}} {
		for _, facets := range [][]string{{"source", "lang"}, {"source", "lang", "month"}} {
			for _, dups := range []string{query.DupShow, query.DupSimilar} {
				for _, bitmaps := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s/%s/bitmaps=%v", q.name, strings.Join(facets, "+"), dups, bitmaps)
					b.Run(name, func(b *testing.B) {
						s := query.NewSearcher(ro)
						s.Cache = bitmaps
						req := query.Request{Query: q.q, Facets: facets, Duplicates: dups}
						res, err := s.Facets(ctx, req) // warm-up; builds the bitmaps
						if err != nil || len(res) == 0 {
							b.Fatal(err, res)
						}
						var hits uint64
						for _, v := range res[facets[0]] {
							hits += v.Count
						}
						b.ResetTimer()
						for i := 0; i < b.N; i++ {
							if _, err := s.Facets(ctx, req); err != nil {
								b.Fatal(err)
							}
						}
						b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(hits), "µs/hit")
					})
				}
			}
		}
	}
}
