package query_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestFacetSizeListsTheFirstValues checks that a bounded facet is exactly
// the first FacetSize values of the full list (ties in value order, as
// the full list has them), for sizes below, at and above the number of
// values, through Search and Facets alike; date histograms stay whole.
func TestFacetSizeListsTheFirstValues(t *testing.T) {
	s := testSearcher(t)
	ctx := context.Background()
	facets := []string{query.FacetSource, query.FacetSection, query.FacetName, query.FacetSubjects, query.FacetMonth}
	for _, q := range []string{"", "oil OR government", "-oil"} {
		for _, dup := range []string{query.DupSimilar, query.DupShow} {
			full, err := s.Search(ctx, query.Request{Query: q, Facets: facets, Duplicates: dup})
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Facets[query.FacetName]) < 5 {
				t.Fatalf("%q: %d names; the test needs several", q, len(full.Facets[query.FacetName]))
			}
			for _, n := range []int{1, 2, 3, 5, 10, 1000} {
				req := query.Request{Query: q, Facets: facets, Duplicates: dup, FacetSize: n}
				res, err := s.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				only, err := s.Facets(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range facets {
					want := full.Facets[f]
					if f != query.FacetMonth {
						want = want[:min(n, len(want))]
					}
					name := fmt.Sprintf("q=%q dup=%s %s facet_size=%d", q, dup, f, n)
					if got := res.Facets[f]; !slices.Equal(got, want) {
						t.Errorf("%s: Search lists\n%v\nwant\n%v", name, got, want)
					}
					if got := only[f]; !slices.Equal(got, want) {
						t.Errorf("%s: Facets lists\n%v\nwant\n%v", name, got, want)
					}
				}
			}
		}
	}
}

func TestFacetSizeErrors(t *testing.T) {
	s := testSearcher(t)
	for _, n := range []int{-1, query.MaxFacetSize + 1} {
		req := query.Request{Facets: []string{query.FacetName}, FacetSize: n}
		_, err := s.Search(context.Background(), req)
		var re *query.RequestError
		if !errors.As(err, &re) || re.Param != "facet_size" {
			t.Errorf("Search facet_size=%d: err = %v, want a RequestError on facet_size", n, err)
		}
		_, err = s.Facets(context.Background(), req)
		if !errors.As(err, &re) || re.Param != "facet_size" {
			t.Errorf("Facets facet_size=%d: err = %v, want a RequestError on facet_size", n, err)
		}
	}
}
