package query_test

import (
	"context"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// BenchmarkSearch runs typical queries with snippets on the test archive.
// Run: go test ./query -run '^$' -bench Search
func BenchmarkSearch(b *testing.B) {
	s := testSearcher(b)
	ctx := context.Background()
	for _, q := range []struct{ name, q, sort string }{
		{"and", "returnees Turkey", ""},
		{"phrase", `"water rationing"`, ""},
		{"or-not", "(hurricane OR typhoon) -flooding", ""},
		{"date-sorted", "said", query.SortNewest},
		{"proximity", `"rationing water"~30`, ""},
	} {
		b.Run(q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.Search(ctx, query.Request{Query: q.q, Sort: q.sort}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := query.Parse(`"islamic state" (syria OR iraq) -turkey headline:fighters date:[2016 TO 2017-06]`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFacets counts keyword facets, a date histogram and the name
// facet over every article of the test archive (the facet pass alone is
// measured on Reuters by BenchmarkReutersFacets).
func BenchmarkFacets(b *testing.B) {
	s := testSearcher(b)
	ctx := context.Background()
	req := query.Request{Facets: []string{query.FacetSource, query.FacetMonth, query.FacetName}, Snippets: -1}
	for i := 0; i < b.N; i++ {
		if _, err := s.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
