package engine

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestMatchPositionsTableAsSearch compares matchPositions' table of
// positions with its search (seek) on random matches, dense and sparse,
// and random subsets of them, as a prefix word's terms are of its
// matches.
func TestMatchPositionsTableAsSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 200 {
		match := roaring.New()
		base, spread := uint32(rng.IntN(200000)), 1+rng.IntN(20)
		for range 1 + rng.IntN(3000) {
			match.Add(base + uint32(rng.IntN(spread*3000)))
		}
		docs := match.ToArray()
		var bms []*roaring.Bitmap
		for range rng.IntN(30) {
			bm := roaring.New()
			keep := rng.IntN(10)
			for _, d := range docs {
				if rng.IntN(10) <= keep {
					bm.Add(d)
				}
			}
			bms = append(bms, bm)
		}
		wantAt, wantEnds := matchPositions(docs, bms, false)
		gotAt, gotEnds := matchPositions(docs, bms, true)
		if !slices.Equal(gotAt, wantAt) || !slices.Equal(gotEnds, wantEnds) {
			t.Fatalf("case %d (%d matches, spread %d): the table gives other positions than the search", n, len(docs), spread)
		}
		for j, bm := range bms {
			for k, p := range wantAt[wantEnds[j]:wantEnds[j+1]] {
				if d, _ := bm.Select(uint32(k)); docs[p] != d {
					t.Fatalf("case %d: term %d's match %d is at %d, which holds %d, not %d", n, j, k, p, docs[p], d)
				}
			}
		}
	}
}
