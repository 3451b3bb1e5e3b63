package query_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/query"
)

// BenchmarkReutersFacets compares newsdesk's facet engine (doc values read
// in one pass, facets.go) with bleve's term facets, counting the same
// keyword facets over every article of Reuters-21578 (from ../shared;
// skipped when absent), and reports the cost per hit. Run:
//
//	go test ./query -run '^$' -bench ReutersFacets -benchtime 3x
func BenchmarkReutersFacets(b *testing.B) {
	arts, _, err := corpus.Reuters(0)
	if errors.Is(err, corpus.ErrAbsent) {
		b.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.OpenOrCreate(filepath.Join(b.TempDir(), "ix"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if _, err := ix.Put(ctx, arts...); err != nil {
		b.Fatal(err)
	}
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
			br.AddFacet("source", bleve.NewFacetRequest(index.FieldSource, 100))
			br.AddFacet("lang", bleve.NewFacetRequest(index.FieldLanguage, 100))
			if _, err := ix.Bleve().SearchInContext(ctx, br); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/hits, "µs/hit")
	})
}
