package engine

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestSharedSetMatchedAsContains compares sharedSet.matched, which
// intersects each segment's members with its matches, with looking every
// member up in the matches (as Capture.record did), on random members,
// segments and matches, each set asked twice (its segment bitmaps kept).
func TestSharedSetMatchedAsContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := range 100 {
		var offsets []uint64
		var sizes []uint64
		var at uint64
		for range 1 + rng.IntN(4) {
			size := uint64(1 + rng.IntN(100000))
			offsets, sizes = append(offsets, at), append(sizes, size)
			at += size
		}
		set := &sharedSet{}
		for num := uint64(0); num < at; num += uint64(1 + rng.IntN(40)) {
			set.numbers = append(set.numbers, num)
		}
		for range 2 {
			matches := make([]*roaring.Bitmap, len(offsets))
			for seg := range matches {
				matches[seg] = roaring.New()
				share := rng.Float64()
				for d := range uint32(sizes[seg]) {
					if rng.Float64() < share*share {
						matches[seg].Add(d)
					}
				}
			}
			var want []int
			seg := 0
			for m, num := range set.numbers {
				for seg+1 < len(offsets) && offsets[seg+1] <= num {
					seg++
				}
				if num >= offsets[seg] && matches[seg].Contains(uint32(num-offsets[seg])) {
					want = append(want, m)
				}
			}
			if got := set.matched(offsets, matches, nil); !slices.Equal(got, want) {
				t.Fatalf("case %d: %d members matched, want %d", n, len(got), len(want))
			}
		}
	}
}
