package query

import (
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/querylang"
)

// TestFacetsFollowSchema checks that every facet of the article schema can
// be counted, under its name and its field's, and that its filter selects
// what it counts.
func TestFacetsFollowSchema(t *testing.T) {
	for _, f := range article.Fields() {
		facet := f.Search.Facet
		if facet == "" {
			continue
		}
		if !slices.Contains(FacetNames, facet) {
			t.Errorf("facet %s of %s not in FacetNames %v", facet, f.Name, FacetNames)
		}
		for _, n := range []string{facet, f.Name} {
			if keywordFacets[n] != f.Name {
				t.Errorf("facet %s counts %q, want %s", n, keywordFacets[n], f.Name)
			}
		}
		if got := querylang.ExactField(querylang.Field(facet)); got != f.Name {
			t.Errorf("facet %s: its filter %s:= searches %q, want %s", facet, querylang.Field(facet), got, f.Name)
		}
	}
}
