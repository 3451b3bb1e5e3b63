package engine_test

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// TestTopKCountingCountsAsCountFacets compares the duplicate groups
// TopKCounting counts from its match bitmaps with those CountFacets counts
// by a search of its own on an engine that does not cache (the CLI's),
// on an invented archive with exact copies, in several segments: the
// number of groups, the hits that collapse, and the size of every group
// of several hits, for both duplicate fields, fixed and random queries.
// Its hits must be TopK's best k plus as many as collapse, up to 2k.
func TestTopKCountingCountsAsCountFacets(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests an archive")
	}
	ix, days := testarchive.Generated(t, 1200, 11)
	ti := openTopK(t, ix)
	ctx := context.Background()
	cases := []topkCase{
		{q: "said", k: 10}, {q: "oil prices", k: 10}, {q: "year", k: 1}, {q: "trade deficit japan", k: 20},
		{q: "headline:oil", k: 10}, {q: "said -oil", k: 10}, {q: "oil source_code:RTRS", k: 5},
		{q: "said", from: days[len(days)/4], to: days[len(days)/2], k: 10},
		{q: "zzzabsent said", k: 10},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 60 {
		cases = append(cases, randomCase(rng, testarchive.GeneratedWords(), days))
	}
	collapsed, listed := 0, 0
	n := len(cases)
	for _, field := range []string{schema.FieldDupExact, schema.FieldDupGroup} {
		cases = cases[:n]
		split := 0
		for i := 0; i < len(cases); i++ {
			c := cases[i]
			q, _ := ti.compile(t, c)
			if q == nil {
				continue
			}
			want, err := ti.eng.CountFacets(ctx, q, nil, field, false)
			if err != nil {
				t.Fatalf("%v: %v", c, err)
			}
			top, got, ok, err := ti.eng.TopKCounting(ctx, q, c.k, ti.stats, nil, field)
			if err != nil {
				t.Fatalf("%v: %v", c, err)
			}
			if !ok {
				t.Fatalf("%v: TopKCounting declined a query of plain words", c)
			}
			if g, w := got.GroupCount(top.Total), want.GroupCount(top.Total); g != w {
				t.Errorf("%s %v: %d groups, want %d", field, c, g, w)
			}
			if g, w := got.Extra(), want.Extra(); g != w {
				t.Errorf("%s %v: %d hits collapse, want %d", field, c, g, w)
			}
			wantGroups := maps.Clone(want.Groups())
			maps.DeleteFunc(wantGroups, func(_ string, n uint32) bool { return n < 2 })
			if !maps.Equal(got.Groups(), wantGroups) {
				t.Errorf("%s %v: groups of several hits %v, want %v", field, c, got.Groups(), wantGroups)
			}
			if want.Extra() > 0 {
				collapsed++
			}
			kept, keys, err := ti.eng.Collapse(ctx, field, top.Hits)
			if err != nil {
				t.Fatal(err)
			}
			wantDups, err := ti.eng.DuplicatesOf(ctx, q, field, kept, keys, want.Groups())
			if err != nil {
				t.Fatal(err)
			}
			gotDups, err := ti.eng.TopKDuplicatesOf(top, field, kept, keys, got.Groups())
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(gotDups, wantDups, slices.Equal) {
				t.Errorf("%s %v: duplicates %v, want %v", field, c, gotDups, wantDups)
			}
			for _, ids := range wantDups {
				listed += len(ids)
				// Leave one article of a group of three out: the others
				// are still listed, it is not.
				if len(ids) > 1 && i < n && split < 10 {
					split++
					cases = append(cases, topkCase{q: c.q + " -id:" + ids[0], from: c.from, to: c.to, k: c.k})
				}
			}
			k := c.k + min(want.Extra(), c.k)
			plain, _, err := ti.eng.TopK(ctx, q, k, ti.stats)
			if err != nil {
				t.Fatal(err)
			}
			if len(top.Hits) != len(plain.Hits) || top.Total != plain.Total {
				t.Fatalf("%s %v: %d hits of %d, TopK(%d) has %d of %d", field, c, len(top.Hits), top.Total, k, len(plain.Hits), plain.Total)
			}
			for i, h := range top.Hits {
				if h.ID != plain.Hits[i].ID || h.Score != plain.Hits[i].Score {
					t.Errorf("%s %v: hit %d is %s, TopK(%d) has %s", field, c, i, h.ID, k, plain.Hits[i].ID)
				}
			}
		}
	}
	if listed == 0 || len(cases) == n {
		t.Errorf("%d duplicates listed, %d groups split: the test needs them", listed, len(cases)-n)
	}
	if collapsed < len(cases)/2 {
		t.Errorf("only %d queries of %d had duplicates to collapse: the test needs more", collapsed, 2*len(cases))
	}
}

// TestTopKCountingCountsFacetsAsCountFacets compares the facets
// TopKCounting counts from its match bitmaps with those CountFacets
// counts by a search of its own on an engine that does not cache: every
// value's count and every histogram, counting articles and counting
// duplicate groups.
func TestTopKCountingCountsFacetsAsCountFacets(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests an archive")
	}
	ix, days := testarchive.Generated(t, 1200, 17)
	ti := openTopK(t, ix)
	ctx := context.Background()
	facets := []engine.Facet{
		{Name: "source", Field: schema.FieldSourceCode},
		{Name: "month", Period: engine.ByMonth},
		{Name: "year", Period: engine.ByYear},
	}
	cases := []topkCase{
		{q: "said", k: 10}, {q: "oil prices", k: 10}, {q: "said -oil", k: 10},
		{q: "oil source_code:RTRS", k: 5}, {q: "zzzabsent said", k: 10},
		{q: "said", from: days[len(days)/4], to: days[len(days)/2], k: 10},
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 30 {
		cases = append(cases, randomCase(rng, testarchive.GeneratedWords(), days))
	}
	counted := 0
	for _, field := range []string{"", schema.FieldDupExact} {
		for _, c := range cases {
			q, _ := ti.compile(t, c)
			if q == nil {
				continue
			}
			want, err := ti.eng.CountFacets(ctx, q, facets, field, false)
			if err != nil {
				t.Fatalf("%v: %v", c, err)
			}
			top, got, ok, err := ti.eng.TopKCounting(ctx, q, c.k, ti.stats, facets, field)
			if err != nil {
				t.Fatalf("%v: %v", c, err)
			}
			if !ok {
				t.Fatalf("%v: TopKCounting declined a query of plain words", c)
			}
			if g, w := got.GroupCount(top.Total), want.GroupCount(top.Total); g != w || got.Extra() != want.Extra() {
				t.Errorf("%q %v: %d groups, %d collapse; want %d, %d", field, c, g, got.Extra(), w, want.Extra())
			}
			for _, f := range facets {
				if f.Period != "" {
					g, _ := got.Histogram(f.Name)
					w, _ := want.Histogram(f.Name)
					if !maps.Equal(g, w) {
						t.Errorf("%q %v: %s %v, want %v", field, c, f.Name, g, w)
					}
					continue
				}
				g, w := got.Values(f.Name), want.Values(f.Name)
				if !maps.Equal(g, w) {
					t.Errorf("%q %v: %s %v, want %v", field, c, f.Name, g, w)
				}
				for _, n := range w {
					counted += int(n)
				}
			}
		}
	}
	if counted == 0 {
		t.Error("no facet value counted: the test needs matches")
	}
}
