package querylang

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// countHolds reports whether an article of count n has a term within p.
func countHolds(p termRange, n int) bool {
	for _, term := range schema.CountTerms(n) {
		if p.lo <= term && term < p.hi {
			return true
		}
	}
	return false
}

// edgyCount draws a count, often on or next to a whole hundred, now and
// then at the ends of what CountTerms writes.
func edgyCount(r *rand.Rand) int {
	n := r.IntN(3000)
	switch r.IntN(8) {
	case 0:
		n = n / 100 * 100
	case 1:
		n = n/100*100 - 1
	case 2:
		n = schema.MaxCount - r.IntN(300)
	case 3:
		n = r.IntN(3)
	}
	return n
}

// TestCountRangeMatchesComparison: an article matches the pieces of a
// range exactly when its count lies within the bounds, for random bounds
// (whole and fractional, included or not, open, negative, past the
// largest count) and counts around whole hundreds; a range takes at most
// three term ranges.
func TestCountRangeMatchesComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	bound := func() *float64 {
		if r.IntN(8) == 0 {
			return nil
		}
		v := float64(edgyCount(r))
		switch r.IntN(5) {
		case 0:
			v += 0.5
		case 1:
			v = -v - 1
		case 2:
			v = float64(schema.MaxCount) * (1 + r.Float64())
		}
		return &v
	}
	for range 20000 {
		lo, hi := bound(), bound()
		loIncl, hiIncl := r.IntN(2) == 0, r.IntN(2) == 0
		a, b := countInterval(lo, hi, loIncl, hiIncl)
		pieces := countPieces(schema.FieldWordCount, a, b)
		if len(pieces) > 3 {
			t.Fatalf("%v %v: %d pieces", lo, hi, len(pieces))
		}
		for range 30 {
			n := edgyCount(r)
			if r.IntN(3) == 0 && lo != nil && *lo >= 0 && *lo < schema.MaxCount {
				n = int(*lo) + r.IntN(3) - 1
			}
			x := float64(max(n, 0))
			want := (lo == nil || x > *lo || (loIncl && x == *lo)) && (hi == nil || x < *hi || (hiIncl && x == *hi))
			got := false
			for _, p := range pieces {
				if countHolds(p, n) {
					got = true
				}
			}
			if got != want {
				t.Fatalf("lo %v (incl %v) hi %v (incl %v), pieces %q: count %d matched %v, want %v", fv(lo), loIncl, fv(hi), hiIncl, pieces, n, got, want)
			}
		}
	}
}

func fv(p *float64) any {
	if p == nil {
		return "open"
	}
	return *p
}

// TestCountPieces spells out the split of a few ranges.
func TestCountPieces(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	wc := schema.FieldWordCount
	for _, tc := range []struct {
		name           string
		lo, hi         *float64
		loIncl, hiIncl bool
		want           []termRange
	}{
		{"within a hundred", f(120), f(180), true, false, []termRange{{wc, "n00000000120", "n00000000180"}}},
		{"hundreds and edges", f(120), f(480), true, true, []termRange{
			{wc, "n00000000120", "n00000000200"}, {wc, "n00000000400", "n00000000481"}, {wc, "h000000002", "h000000004"}}},
		{"above", f(500), nil, false, false, []termRange{
			{wc, "n00000000501", "n00000000600"}, {wc, "h000000006", "h100000000"}}},
		{"below zero", nil, f(0), false, false, nil},
	} {
		a, b := countInterval(tc.lo, tc.hi, tc.loIncl, tc.hiIncl)
		if got := countPieces(wc, a, b); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
