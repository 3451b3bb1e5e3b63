package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// TestKeptExpansionsChangeNothing compares engines that keep prefix
// expansions (a shared Caches) with engines that read the dictionaries
// each time, on prefix queries of the sample archive: CheckExpansion's
// verdict at caps below, around and above each query's expansion, then
// TopK (hits, scores, total, located terms) and Locate (the hits' match
// locations, prefixes listed by expandWords) with no cap, twice, the
// second time from what the first kept. A cap that stops CheckExpansion
// part-way must keep nothing: TopK would then search a prefix's first
// terms only.
func TestKeptExpansionsChangeNothing(t *testing.T) {
	ix := testarchive.OnDisk(t, filepath.Join("..", "..", "testdata", "archive", "factiva"))
	ti := openTopK(t, ix)
	newEngine := func(limit int, c *engine.Caches) *engine.Engine {
		return engine.New(ix.Bleve(), engine.Config{ReadOnly: true, ArticleKind: ti.kind, Boost: querylang.Boost, MaxExpansion: limit, Cache: c})
	}
	ctx := context.Background()
	plain := newEngine(0, nil)
	queries := []string{
		"fight*", "headline:fight*", "isis fight*", "sa*", "headline:sa* sa*", "s* -isis",
		"byline:call*", "pric* pric*", "zzzabsent*", `"islamic state" fight*`, "nations*",
	}
	for _, q := range queries {
		bq, plan := ti.compile(t, topkCase{q: q})
		want, ok, err := plain.TopK(ctx, bq, 10, ti.stats)
		if err != nil || !ok {
			t.Fatalf("%q: TopK: %v, %v", q, ok, err)
		}
		if err := plain.Locate(ctx, want.Hits, plan.Words); err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 2, 3, 5, 10, 30, 100, 1000, 0} {
			caches := &engine.Caches{}
			wantErr := newEngine(limit, nil).CheckExpansion(bq)
			gotErr := newEngine(limit, caches).CheckExpansion(bq)
			var ee *engine.ExpansionError
			if (wantErr == nil) != (gotErr == nil) || gotErr != nil && !errors.As(gotErr, &ee) {
				t.Errorf("%q, cap %d: CheckExpansion %v, without kept expansions %v", q, limit, gotErr, wantErr)
			}
			cached := newEngine(0, caches)
			for run := range 2 {
				got, ok, err := cached.TopK(ctx, bq, 10, ti.stats)
				if err != nil || !ok {
					t.Fatalf("%q: TopK: %v, %v", q, ok, err)
				}
				if err := cached.Locate(ctx, got.Hits, plan.Words); err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || !reflect.DeepEqual(got.Located, want.Located) {
					t.Errorf("%q, cap %d, run %d: total %d, located %v; want %d, %v", q, limit, run, got.Total, got.Located, want.Total, want.Located)
				}
				if len(got.Hits) != len(want.Hits) {
					t.Fatalf("%q, cap %d, run %d: %d hits, want %d", q, limit, run, len(got.Hits), len(want.Hits))
				}
				for i, h := range got.Hits {
					w := want.Hits[i]
					if h.ID != w.ID || h.Score != w.Score || !reflect.DeepEqual(h.Locations, w.Locations) {
						t.Errorf("%q, cap %d, run %d: hit %d is %s (%v) at %v, want %s (%v) at %v", q, limit, run, i, h.ID, h.Score, h.Locations, w.ID, w.Score, w.Locations)
					}
				}
			}
		}
	}
}
