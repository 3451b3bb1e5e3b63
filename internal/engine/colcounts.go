package engine

import (
	"cmp"
	"container/heap"
	"math/bits"
	"slices"
)

// columnCounts are the counts of a field counted from ordinal columns: a
// count per term of the field's dictionary. They are put in the order a
// facet lists them (most counted first, equal counts in term order) only
// when asked for, and only as far as asked: a names page needs the first
// twenty of tens of thousands of names, a facet every one of them.
type columnCounts struct {
	terms  []string // sorted
	counts []uint64 // per term ordinal
	// touched, when not nil, has the bit of every ordinal counted set
	// (bit o%64 of word o/64): top and values then visit those alone, not
	// every term of the field, a few thousand of tens of thousands of
	// names.
	touched []uint64
	sorted  []ValueCount
}

// smallCounts bounds the counts put in order by a counting sort: nearly
// every value of a name facet is counted a few times, and the few counted
// more are sorted by comparison.
const smallCounts = 1024

// all lists every counted value in facet order. A counting sort over the
// small counts keeps it linear in the number of terms; walking the
// ordinals in ascending order keeps equal counts in term order.
func (cc *columnCounts) all() []ValueCount {
	if cc.sorted != nil {
		return cc.sorted
	}
	// start[k] is, at first, the number of values counted k times (k <
	// smallCounts), then where the first of them goes.
	var start [smallCounts]int
	var large []int // ordinals counted smallCounts times or more
	for o, n := range cc.counts {
		switch {
		case n == 0:
		case n < smallCounts:
			start[n]++
		default:
			large = append(large, o)
		}
	}
	slices.SortFunc(large, func(a, b int) int {
		if c := cmp.Compare(cc.counts[b], cc.counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	at := len(large)
	for k := smallCounts - 1; k > 0; k-- {
		at, start[k] = at+start[k], at
	}
	out := make([]ValueCount, at)
	for i, o := range large {
		out[i] = ValueCount{Value: cc.terms[o], Count: cc.counts[o]}
	}
	for o, n := range cc.counts {
		if n > 0 && n < smallCounts {
			out[start[n]] = ValueCount{Value: cc.terms[o], Count: n}
			start[n]++
		}
	}
	cc.sorted = out
	return out
}

// top lists the first n values of all's order (every value when fewer are
// counted), selected with a heap of n rather than every value sorted.
func (cc *columnCounts) top(n int) []ValueCount {
	if n <= 0 {
		return []ValueCount{}
	}
	if cc.sorted != nil {
		return cc.sorted[:min(n, len(cc.sorted))]
	}
	h := ordHeap{counts: cc.counts}
	cc.each(func(o int, c uint64) {
		if len(h.ords) < n {
			heap.Push(&h, o)
			return
		}
		// Ordinals come in ascending order: an equal count loses to the
		// kept value, which is earlier in term order.
		if c > cc.counts[h.ords[0]] {
			h.ords[0] = o
			heap.Fix(&h, 0)
		}
	})
	out := make([]ValueCount, len(h.ords))
	for i := len(out) - 1; i >= 0; i-- {
		o := heap.Pop(&h).(int)
		out[i] = ValueCount{Value: cc.terms[o], Count: cc.counts[o]}
	}
	return out
}

// values maps every counted value to its count.
func (cc *columnCounts) values() map[string]uint64 {
	m := map[string]uint64{}
	cc.each(func(o int, n uint64) { m[cc.terms[o]] = n })
	return m
}

// each calls f with every counted ordinal and its count, in ascending
// order.
func (cc *columnCounts) each(f func(o int, n uint64)) {
	if cc.touched == nil {
		for o, n := range cc.counts {
			if n > 0 {
				f(o, n)
			}
		}
		return
	}
	for w, bits64 := range cc.touched {
		for ; bits64 != 0; bits64 &= bits64 - 1 {
			o := w<<6 | bits.TrailingZeros64(bits64)
			f(o, cc.counts[o])
		}
	}
}

// ordHeap is a heap of ordinals whose root is the last in facet order:
// the least counted, the later term on equal counts.
type ordHeap struct {
	counts []uint64
	ords   []int
}

func (h *ordHeap) Len() int { return len(h.ords) }
func (h *ordHeap) Less(i, j int) bool {
	a, b := h.ords[i], h.ords[j]
	if h.counts[a] != h.counts[b] {
		return h.counts[a] < h.counts[b]
	}
	return a > b
}
func (h *ordHeap) Swap(i, j int) { h.ords[i], h.ords[j] = h.ords[j], h.ords[i] }
func (h *ordHeap) Push(x any)    { h.ords = append(h.ords, x.(int)) }
func (h *ordHeap) Pop() any {
	o := h.ords[len(h.ords)-1]
	h.ords = h.ords[:len(h.ords)-1]
	return o
}
