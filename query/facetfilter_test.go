package query_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

// Every facet value carries the filter clause that selects it: a search
// narrowed by it has the value's count as its total. These tests check that
// for every value of every facet, in every duplicates mode, on the indexes
// the counts come from (the doc-value pass of a single search, and the
// bitmaps a server keeps).

// facetFilterPaths are the test archives: every format but Reuters-21578
// (its 1987 dates would stretch the day histogram over 35 years of empty
// days; testdata/facetvalues has people and organisations), planted
// duplicates and the hard-to-write values of testdata/facetvalues.
func facetFilterPaths(t *testing.T) []string {
	t.Helper()
	paths := []string{
		filepath.Join("..", "testdata", "archive"),
		filepath.Join("..", "testdata", "dups", "planted-factiva.txt"),
		filepath.Join("..", "testdata", "facets"),
		filepath.Join("..", "testdata", "facetvalues"),
	}
	formats, err := filepath.Glob(filepath.Join("..", "testdata", "formats", "*"))
	if err != nil || len(formats) < 10 {
		t.Fatalf("testdata/formats: %d folders, %v", len(formats), err)
	}
	for _, f := range formats {
		if filepath.Base(f) != "reuters-sgml" {
			paths = append(paths, f)
		}
	}
	return paths
}

// facetFilterQueries are the searches whose facets are checked: every
// article, an OR (the filter must narrow both branches) and a negation.
var facetFilterQueries = []string{"", "water OR minister", "-said"}

// onDiskIndex ingests paths into an on-disk index and reopens it
// read-only, as newsdesk search and serve open an index.
var onDiskIndex = testarchive.OnDisk

func TestFacetFiltersSelectTheirCounts(t *testing.T) {
	ix := onDiskIndex(t, facetFilterPaths(t)...)
	cached := query.NewSearcher(ix)
	cached.Cache = true
	c := newFilterChecker(cached)
	for _, tt := range []struct {
		name string
		s    *query.Searcher
	}{
		{"doc-value pass", query.NewSearcher(ix)},
		{"bitmaps", cached},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checked := c.check(t, tt.s, facetFilterQueries)
			// The archive must give every facet values to check.
			for _, f := range query.FacetNames {
				if checked[f] == 0 {
					t.Errorf("facet %s: no value checked", f)
				}
			}
		})
	}
}

// TestFacetFiltersSelectTheirCountsOnExports runs the same check on the
// vendor exports in ../shared/exports, when they are there. They have
// about 48,000 facet values, 31,000 of them names: of a facet with more
// than maxPerFacet values, the most frequent half of maxPerFacet and an
// even spread of the rest are checked (every name would take a minute).
func TestFacetFiltersSelectTheirCountsOnExports(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "exports")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not found: %v", dir, err)
	}
	if testing.Short() {
		t.Skip("ingests every export: skipped with -short")
	}
	s := query.NewSearcher(onDiskIndex(t, dir))
	s.Cache = true
	c := newFilterChecker(s)
	c.maxPerFacet = 2000
	c.check(t, s, []string{"", "guardian"})
}

// filterChecker runs the searches narrowed by facet values' filters.
type filterChecker struct {
	s *query.Searcher
	// totals caches the total of each narrowed search, by mode and query:
	// the facets of both counting engines are checked against one search.
	totals map[[2]string]uint64
	// maxPerFacet, when set, caps the values checked per facet.
	maxPerFacet int
}

func newFilterChecker(s *query.Searcher) *filterChecker {
	return &filterChecker{s: s, totals: map[[2]string]uint64{}}
}

func (c *filterChecker) total(t *testing.T, mode, q string) (uint64, bool) {
	t.Helper()
	key := [2]string{mode, q}
	if n, ok := c.totals[key]; ok {
		return n, true
	}
	res, err := c.s.Search(context.Background(), query.Request{Query: q, Duplicates: mode, Limit: 1, Snippets: -1})
	if err != nil {
		t.Errorf("%q (%s): %v", q, mode, err)
		return 0, false
	}
	c.totals[key] = res.Total
	return res.Total, true
}

// check checks, for each query in every duplicates mode, that each facet
// value's filter ANDed with the query (query.Narrow) has the value's count
// as its total, and returns the number of values checked per facet. An
// empty period whose filter selects no article of the index at all
// selects none with any query in any mode: it is searched once, not once
// per query and mode (most day buckets are empty).
func (c *filterChecker) check(t *testing.T, s *query.Searcher, queries []string) map[string]int {
	t.Helper()
	checked := map[string]int{}
	for _, mode := range []string{query.DupSimilar, query.DupIdentical, query.DupShow} {
		for _, q := range queries {
			res, err := s.Search(context.Background(), query.Request{Query: q, Facets: query.FacetNames, Duplicates: mode, Limit: 1, Snippets: -1})
			if err != nil {
				t.Fatalf("%q (%s): %v", q, mode, err)
			}
			for facet, values := range res.Facets {
				for i, v := range values {
					if m := c.maxPerFacet; m > 0 && len(values) > m && i >= m/2 && i%(2*len(values)/m) != 0 {
						continue
					}
					checked[facet]++
					if v.Filter == "" {
						t.Errorf("%q (%s): facet %s value %q has no filter", q, mode, facet, v.Value)
						continue
					}
					if v.Count == 0 {
						if n, ok := c.total(t, query.DupShow, v.Filter); ok && n == 0 {
							continue
						}
					}
					narrowed := query.Narrow(q, v.Filter)
					if n, ok := c.total(t, mode, narrowed); ok && n != v.Count {
						t.Errorf("%q (%s): facet %s value %q counts %d, its filter selects %d", narrowed, mode, facet, v.Value, v.Count, n)
					}
				}
			}
		}
	}
	return checked
}

// TestFacetFilterSyntax checks the filters of values that are hard to
// write, and of each kind of histogram bucket.
func TestFacetFilterSyntax(t *testing.T) {
	ix := onDiskIndex(t, filepath.Join("..", "testdata", "facetvalues"))
	res, err := query.NewSearcher(ix).Search(context.Background(), query.Request{
		Facets: []string{"source", "section", "subjects", "year", "month", "week", "day"}, Duplicates: query.DupShow, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	filters := map[string]string{}
	for facet, vs := range res.Facets {
		for _, v := range vs {
			filters[facet+" "+v.Value] = v.Filter
		}
	}
	for key, want := range map[string]string{
		`source Le "Quotidien" (Paris)`: `source:="Le \"Quotidien\" (Paris)"`,
		`source Back\Slash Weekly`:      `source:="Back\\Slash Weekly"`,
		`source 東京新聞`:                   `source:="東京新聞"`,
		`section x:="y"`:                `section:="x:=\"y\""`,
		`subjects c:1\x`:                `subjects:="c:1\\x"`,
		`year 2017`:                     `date:2017`,
		`month 2020-12`:                 `date:2020-12`,
		`week 2020-W53`:                 `date:[2020-12-28 TO 2021-01-03]`,
		`day 2021-01-04`:                `date:2021-01-04`,
	} {
		if got := filters[key]; got != want {
			t.Errorf("%s: filter %q, want %q", key, got, want)
		}
	}
}
