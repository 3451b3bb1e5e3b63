package engine

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// fullSort is how countColumn put every counted value in order before
// columnCounts: all values sorted, most counted first, equal counts in
// ordinal order. The selections must list exactly what it lists.
func fullSort(terms []string, counts []uint64) []ValueCount {
	type ordCount struct {
		ord   int
		count uint64
	}
	var list []ordCount
	for o, n := range counts {
		if n > 0 {
			list = append(list, ordCount{o, n})
		}
	}
	slices.SortFunc(list, func(a, b ordCount) int {
		if a.count != b.count {
			return cmp.Compare(b.count, a.count)
		}
		return cmp.Compare(a.ord, b.ord)
	})
	vs := make([]ValueCount, len(list))
	for i, oc := range list {
		vs[i] = ValueCount{Value: terms[oc.ord], Count: oc.count}
	}
	return vs
}

// TestColumnCountsOrderAsAFullSort checks the counting sort (all) and the
// heap selection (top) against the full sort on random count arrays with
// many ties, counts on both sides of smallCounts, and empty ones.
func TestColumnCountsOrderAsAFullSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	tests := []struct {
		name     string
		terms    int
		maxCount uint64
		zeros    float64 // share of terms not counted
	}{
		{"empty", 0, 1, 0},
		{"none counted", 50, 1, 1},
		{"ones", 200, 1, 0.3},
		{"small ties", 5000, 8, 0.5},
		{"skewed", 20000, 0, 0.6}, // 0: a power law, as names are
		{"around smallCounts", 3000, 2 * smallCounts, 0.2},
		{"all large", 500, 50 * smallCounts, 0},
	}
	for _, tc := range tests {
		for round := range 5 {
			terms := make([]string, tc.terms)
			counts := make([]uint64, tc.terms)
			for o := range terms {
				terms[o] = fmt.Sprintf("v%06d", o)
				if rng.Float64() < tc.zeros {
					continue
				}
				if tc.maxCount == 0 {
					counts[o] = uint64(1 / (rng.Float64()*rng.Float64() + 1e-4))
				} else {
					counts[o] = 1 + rng.Uint64N(tc.maxCount)
				}
			}
			want := fullSort(terms, counts)
			name := fmt.Sprintf("%s/%d", tc.name, round)
			for _, n := range []int{0, 1, 2, 10, 20, 100, len(want) - 1, len(want), len(want) + 5} {
				if n < 0 {
					continue
				}
				cc := &columnCounts{terms: terms, counts: counts}
				got := cc.top(n)
				if w := want[:min(n, len(want))]; !slices.Equal(got, w) {
					t.Errorf("%s: top(%d) = %v, want %v", name, n, head(got), head(w))
				}
				// From the bits of the counted ordinals.
				cc = &columnCounts{terms: terms, counts: counts, touched: countedBits(counts)}
				if got, w := cc.top(n), want[:min(n, len(want))]; !slices.Equal(got, w) {
					t.Errorf("%s: top(%d) from the counted ordinals = %v, want %v", name, n, head(got), head(w))
				}
				if n == 0 && !maps.Equal(cc.values(), (&columnCounts{terms: terms, counts: counts}).values()) {
					t.Errorf("%s: values() from the counted ordinals differ", name)
				}
			}
			cc := &columnCounts{terms: terms, counts: counts}
			if got := cc.all(); !slices.Equal(got, want) {
				t.Errorf("%s: all() differs from the full sort: %v, want %v", name, head(got), head(want))
			}
			// Once sorted, top is a prefix of it.
			if got := cc.top(7); !slices.Equal(got, want[:min(7, len(want))]) {
				t.Errorf("%s: top(7) after all() = %v", name, got)
			}
		}
	}
}

// countedBits sets the bits of the ordinals counted in counts, as
// countColumn does.
func countedBits(counts []uint64) []uint64 {
	out := make([]uint64, (len(counts)+63)/64)
	for o, n := range counts {
		if n > 0 {
			out[o/64] |= 1 << (o % 64)
		}
	}
	return out
}

// head shortens a list for an error message.
func head(vs []ValueCount) []ValueCount { return vs[:min(len(vs), 12)] }

// TestDayColumnCountsAsDayBitmaps checks that a histogram counted from
// the day column equals the one counted from the day bitmaps, for every
// period, on a random segment (articles without a date, documents that
// are no article) and hits from none to all.
func TestDayColumnCountsAsDayBitmaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	const docs = 200_000 // several containers
	start := time.Date(2015, 12, 20, 0, 0, 0, 0, time.UTC).Unix()
	days := map[int64]*roaring.Bitmap{}
	for d := range uint32(docs) {
		if rng.IntN(10) == 0 {
			continue // no date, or a quotation document
		}
		day := start + int64(rng.IntN(800))*86400
		if days[day] == nil {
			days[day] = roaring.New()
		}
		days[day].Add(d)
	}
	sv := &segmentView{count: docs, days: days, dayCol: newDayColumn(docs, days)}
	facets := []Facet{{Name: "y", Period: ByYear}, {Name: "m", Period: ByMonth}, {Name: "w", Period: ByWeek}, {Name: "d", Period: ByDay}}
	for _, share := range []float64{0, 0.0001, 0.01, 0.3, 1} {
		hits := roaring.New()
		for d := range uint32(docs) {
			if rng.Float64() < share {
				hits.Add(d)
			}
		}
		byBitmaps, byColumn := newCounter(facets, ""), newCounter(facets, "")
		countDays(byBitmaps, sv, hits, false)
		countDays(byColumn, sv, hits, true)
		for _, f := range facets {
			want, _ := byBitmaps.Histogram(f.Name)
			got, _ := byColumn.Histogram(f.Name)
			if !maps.Equal(got, want) {
				t.Errorf("hits %.4f of the segment, %s histogram: column %v, bitmaps %v", share, f.Period, got, want)
			}
			if share == 1 && len(want) == 0 {
				t.Errorf("%s histogram of every document is empty", f.Period)
			}
		}
	}
}
