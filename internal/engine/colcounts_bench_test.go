package engine

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// BenchmarkCountBitmapsVsColumn counts one facet field of a segment of a
// million articles, one value each, from a bitmap per value and from an
// ordinal column, over every article and over 1% of them: the trade-off
// maxBitmapValues settles. Run:
//
//	go test ./internal/engine -run '^$' -bench CountBitmapsVsColumn
func BenchmarkCountBitmapsVsColumn(b *testing.B) {
	const docs = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	for _, values := range []int{256, 1024, 4096} {
		terms := make([]string, values)
		for o := range terms {
			terms[o] = fmt.Sprintf("v%05d", o)
		}
		col := &ordColumn{start: make([]uint32, docs+1), ords: make([]uint32, docs)}
		bms := map[string]*roaring.Bitmap{}
		for d := range docs {
			o := uint32(rng.IntN(values))
			col.start[d+1] = uint32(d + 1)
			col.ords[d] = o
			bm := bms[terms[o]]
			if bm == nil {
				bm = roaring.New()
				bms[terms[o]] = bm
			}
			bm.Add(uint32(d))
		}
		all := roaring.New()
		all.AddRange(0, docs)
		some := roaring.New()
		for d := 0; d < docs; d += 100 {
			some.Add(uint32(d))
		}
		for _, h := range []struct {
			name string
			bm   *roaring.Bitmap
		}{{"all", all}, {"1pct", some}} {
			for _, kind := range []string{"bitmaps", "column"} {
				sv := segmentView{count: docs, articles: all, values: map[string]map[string]*roaring.Bitmap{}, columns: map[string]*ordColumn{}}
				v := &bitmapView{terms: map[string][]string{}}
				if kind == "bitmaps" {
					sv.values["f"] = bms
				} else {
					sv.columns["f"] = col
					v.terms["f"] = terms
				}
				v.segs = []segmentView{sv}
				b.Run(fmt.Sprintf("values=%d/hits=%s/%s", values, h.name, kind), func(b *testing.B) {
					for b.Loop() {
						c := newCounter([]Facet{{Name: "f", Field: "f"}}, "")
						if err := countWithBitmaps(c, v, []*roaring.Bitmap{h.bm}); err != nil {
							b.Fatal(err)
						}
						if vs := sortedFacet(c, "f"); len(vs) == 0 {
							b.Fatal("nothing counted")
						}
					}
				})
			}
		}
	}
}

// sortedFacet lists facet name in facet order, however it was counted.
func sortedFacet(c *Counter, name string) []ValueCount {
	if vs, ok := c.Sorted(name); ok {
		return vs
	}
	return fullSortMap(c.Values(name))
}

// fullSortMap puts counts in facet order, as query lists a facet counted
// into a map.
func fullSortMap(counts map[string]uint64) []ValueCount {
	vs := make([]ValueCount, 0, len(counts))
	for v, n := range counts {
		vs = append(vs, ValueCount{Value: v, Count: n})
	}
	slices.SortFunc(vs, func(a, b ValueCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
	return vs
}

// BenchmarkCountDays counts a month histogram of a segment of a million
// articles spread over ten years, from the day bitmaps and from the day
// column, over every article and over 1% of them. Run:
//
//	go test ./internal/engine -run '^$' -bench CountDays
func BenchmarkCountDays(b *testing.B) {
	const docs = 1_000_000
	rng := rand.New(rand.NewPCG(1, 3))
	days := map[int64]*roaring.Bitmap{}
	for d := range uint32(docs) {
		day := int64(rng.IntN(3650)) * 86400
		if days[day] == nil {
			days[day] = roaring.New()
		}
		days[day].Add(d)
	}
	sv := &segmentView{count: docs, days: days, dayCol: newDayColumn(docs, days)}
	all := roaring.New()
	all.AddRange(0, docs)
	some := roaring.New()
	for d := 0; d < docs; d += 100 {
		some.Add(uint32(d))
	}
	for _, h := range []struct {
		name string
		bm   *roaring.Bitmap
	}{{"all", all}, {"1pct", some}} {
		for _, column := range []bool{false, true} {
			b.Run(fmt.Sprintf("hits=%s/column=%v", h.name, column), func(b *testing.B) {
				for b.Loop() {
					c := newCounter([]Facet{{Name: "m", Period: ByMonth}}, "")
					countDays(c, sv, h.bm, column)
				}
			})
		}
	}
}
