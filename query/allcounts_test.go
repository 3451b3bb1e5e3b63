package query_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestAllCountsKeptAsCounted checks that the facet counts over every
// article a caching searcher keeps (engine's countAll) are those counted
// afresh: random facet sets in random order, every duplicate mode and
// sort, from Search, Facets and Timeline, against a searcher that counts
// without a cache (walking the doc values) and one whose cache is new for
// each request (counting from the bitmaps). Facets are counted from
// bitmaps and, with one value per field allowed a bitmap, from ordinal
// columns; the kept counts are also read by searches running at once
// (go test -race).
func TestAllCountsKeptAsCounted(t *testing.T) {
	ix := dateArchive(t, 1500, 11)
	ctx := context.Background()
	names := []string{"source", "source_code", "section", "lang", "year", "month", "week", "day"}
	for _, maxValues := range []int{0, 1} {
		t.Run(fmt.Sprintf("max bitmap values %d", maxValues), func(t *testing.T) {
			kept := query.NewSearcher(ix)
			kept.Cache = true
			query.SetMaxBitmapValues(kept, maxValues)
			plain := query.NewSearcher(ix)
			rng := rand.New(rand.NewPCG(uint64(maxValues)+5, 6))
			var reqs []query.Request
			for range 40 {
				req := query.Request{
					Sort:       []string{"", query.SortNewest, query.SortOldest, query.SortRelevance}[rng.IntN(4)],
					Duplicates: []string{query.DupSimilar, query.DupIdentical, query.DupShow}[rng.IntN(3)],
					Limit:      1 + rng.IntN(20),
					Snippets:   -1,
				}
				for _, i := range rng.Perm(len(names))[:1+rng.IntN(3)] {
					req.Facets = append(req.Facets, names[i])
				}
				reqs = append(reqs, req)
			}
			// Each request twice: the second reads what the first kept.
			for round := range 2 {
				for k, req := range reqs {
					name := fmt.Sprintf("round %d, %d: sort %q, %s, facets %v", round, k, req.Sort, req.Duplicates, req.Facets)
					fresh := query.NewSearcher(ix)
					fresh.Cache = true
					query.SetMaxBitmapValues(fresh, maxValues)
					got, err := kept.Search(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					for _, other := range []*query.Searcher{plain, fresh} {
						want, err := other.Search(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						if !reflect.DeepEqual(got.Facets, want.Facets) || got.Total != want.Total || got.TotalArticles != want.TotalArticles {
							t.Errorf("%s: facets %v (total %d/%d), counted afresh %v (%d/%d)", name, got.Facets, got.Total, got.TotalArticles, want.Facets, want.Total, want.TotalArticles)
						}
						for i := range min(len(got.Hits), len(want.Hits)) {
							if g, w := got.Hits[i], want.Hits[i]; g.ID != w.ID || !reflect.DeepEqual(g.Duplicates, w.Duplicates) {
								t.Errorf("%s: hit %d is %s (duplicates %v), counted afresh %s (%v)", name, i, g.ID, g.Duplicates, w.ID, w.Duplicates)
							}
						}
						gf, err := kept.Facets(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						wf, err := other.Facets(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						if !reflect.DeepEqual(gf, wf) {
							t.Errorf("%s: Facets %v, counted afresh %v", name, gf, wf)
						}
					}
					tr := query.TimelineRequest{By: req.Facets[0], Duplicates: req.Duplicates}
					if tr.By != "year" && tr.By != "month" && tr.By != "week" && tr.By != "day" {
						continue
					}
					gt, err := kept.Timeline(ctx, tr)
					if err != nil {
						t.Fatal(err)
					}
					wt, err := plain.Timeline(ctx, tr)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(gt, wt) {
						t.Errorf("%s: timeline %v, counted afresh %v", name, gt, wt)
					}
				}
			}
			if n := query.AllCountsKept(kept); n == 0 {
				t.Fatal("no counts over every article kept: the kept path was not compared")
			}
			// Concurrent searches read the same kept counters.
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for g := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, req := range reqs[g*10 : g*10+10] {
						if _, err := kept.Search(ctx, req); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
		})
	}
}
