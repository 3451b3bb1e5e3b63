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
