package query_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/query"
)

// TestNameFacetAndFilter checks the name facet and the name filter against
// the extractor run on the parsed files, outside the index.
func TestNameFacetAndFilter(t *testing.T) {
	s := testSearcher(t)
	arts := archiveArticles(t)
	ex := extract.New(nil)
	want := map[string]uint64{}
	withWord := map[string][]string{} // lower-cased name word -> article ids
	for id, a := range arts {
		for _, n := range ex.Names(a) {
			want[n.Name]++
			for _, w := range strings.Fields(strings.ToLower(n.Name)) {
				if !slices.Contains(withWord[w], id) {
					withWord[w] = append(withWord[w], id)
				}
			}
		}
	}
	res, err := s.Search(context.Background(), query.Request{Facets: []string{query.FacetName}, Duplicates: query.DupShow})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]uint64{}
	for _, fv := range res.Facets[query.FacetName] {
		got[fv.Value] = fv.Count
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("name facet = %v\nwant %v", got, want)
	}
	for _, name := range []string{"neumann", "Peter Neumann"} {
		ids := allIDs(t, s, query.Request{Filters: query.Filters{Names: []string{name}}, Duplicates: query.DupShow, Sort: query.SortOldest})
		wantIDs := withWord["neumann"]
		slices.Sort(ids)
		slices.Sort(wantIDs)
		if len(ids) == 0 || !slices.Equal(ids, wantIDs) {
			t.Errorf("--name %q: %v, want %v", name, ids, wantIDs)
		}
	}
}
