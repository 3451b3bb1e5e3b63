package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Facet bitmaps.
//
// The doc-value pass (walk) reads every hit's values: about a microsecond
// per hit, a second for a million hits. A long-lived searcher of a
// read-only index can instead keep, per index segment, a roaring bitmap of
// the articles holding each value of a keyword facet (and one per day for
// the date histograms), built once from the term dictionaries and doc
// values. A facet count is then the size of the intersection of the hits'
// bitmap with a value's bitmap, and for a search of every article the hits'
// bitmap is the articles themselves: nothing is visited per hit. This is
// what Lucene's facet module and Elasticsearch's per-segment ordinals do;
// bleve has no such structure, so it is kept here.

// maxBitmapValues caps the values of a field kept as bitmaps by default: a
// field with more (names, speakers) is kept as a column of ordinals, as
// intersecting a bitmap per value costs more than visiting the hits. A
// count by bitmaps costs an intersection per value and container whatever
// the hits, one by column a few nanoseconds per hit. On a segment of a
// million articles (BenchmarkCountBitmapsVsColumn) with 1,024 values,
// bitmaps take 2.3 ms over every article and 26 ms over 1% of them, the
// column 3.2 and 0.12 ms; with 256 values, 1.4 / 19 ms against 4.8 / 0.14.
// Reuters-21578's 3,500 speakers, under the former cap of 4,096, cost each
// names request of bench load 1.3 ms of intersections.
//
// An ordinal column holds, per segment, each article's values as numbers
// into the field's sorted terms (Lucene's SortedSetDocValues, held in
// memory): counting is an array increment per value of each hit, with no
// doc values decompressed and no string built per hit. On Reuters-21578
// the name column is about 4 bytes per name mention.
const maxBitmapValues = 1024

// facetBitmaps holds the bitmaps of one read-only index, built field by
// field as searches ask for them.
type facetBitmaps struct {
	mu   sync.Mutex
	segs []*segmentBitmaps
	// fields maps a keyword field to whether it has bitmaps (false: it has
	// too many values, and has an ordinal column in columns).
	fields map[string]bool
	// terms holds the sorted values of each field with an ordinal column.
	terms map[string][]string
	days  bool
	// shared holds, per duplicate field, the bitmaps of the articles that
	// share a key with another.
	shared map[string][]*roaring.Bitmap
	// memberValues holds, per duplicate field and facet field with
	// bitmaps (and the duplicate field itself), the values of each
	// article that shares a key (in the order of sharedSet.members): the
	// few hits counted one by one need no doc values read, which would
	// decompress a chunk of them per hit. Fields with a column count them
	// from it.
	memberValues map[string]map[string][][][]byte
}

// segmentBitmaps are the bitmaps of one segment, over its document numbers.
type segmentBitmaps struct {
	offset   uint64 // number of the segment's first document in the index
	count    uint64 // documents in the segment, deleted ones included
	articles *roaring.Bitmap
	values   map[string]map[string]*roaring.Bitmap // field -> value -> articles
	columns  map[string]*ordColumn                 // field -> ordinals of each article
	days     map[int64]*roaring.Bitmap             // day (Unix seconds, UTC) -> articles
	dayCol   *dayColumn                            // the same days, per article
}

// dayColumn holds the publication day of each article of a segment: a
// search with few hits counts its histogram by visiting them rather than
// intersecting a bitmap per day (a decade of news has thousands of days).
type dayColumn struct {
	days []int64 // sorted, Unix seconds (UTC)
	of   []int32 // per document: its day's position in days, -1 if none
}

// ordColumn holds the value ordinals of a segment's articles: those of
// document n are ords[start[n]:start[n+1]], ascending.
type ordColumn struct {
	start []uint32 // len: documents in the segment + 1
	ords  []uint32
}

// errNoBitmaps means the index cannot have facet bitmaps (not a scorch
// index): the doc-value pass is used.
var errNoBitmaps = errors.New("facet bitmaps: not a scorch index snapshot")

// snapshot opens a reader of the index and its segments.
func (e *Engine) snapshot() (bindex.IndexReader, []*scorch.SegmentSnapshot, error) {
	r, err := e.reader()
	if err != nil {
		return nil, nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		_ = r.Close()
		return nil, nil, errNoBitmaps
	}
	return r, snap.Segments(), nil
}

// bitmapView is what one count reads of the facet bitmaps: taken under
// the lock, it holds only maps that are never written again, so counts can
// run while another search builds another field's bitmaps.
type bitmapView struct {
	segs   []segmentView
	shared []*roaring.Bitmap // nil without duplicate groups
	// members are the articles that share a key, and memberValues their
	// values by field, in the same order.
	members      []bindex.IndexInternalID
	numbers      []uint64 // the members' numbers (their internal ids)
	memberValues map[string][][][]byte
	// terms are the sorted values of each field counted from columns.
	terms map[string][]string
}

type segmentView struct {
	offset, count uint64
	articles      *roaring.Bitmap
	values        map[string]map[string]*roaring.Bitmap // field -> value -> articles
	columns       map[string]*ordColumn                 // fields without bitmaps
	days          map[int64]*roaring.Bitmap
	dayCol        *dayColumn
}

// locate maps an internal id to its segment and number in that segment.
func (v *bitmapView) locate(id bindex.IndexInternalID) (int, uint32, error) {
	if len(id) != 8 {
		return 0, 0, fmt.Errorf("facet bitmaps: internal id %x is not a document number", []byte(id))
	}
	n := id.Value()
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].offset+v.segs[i].count > n })
	if i == len(v.segs) {
		return 0, 0, fmt.Errorf("facet bitmaps: document %d is beyond the index", n)
	}
	return i, uint32(n - v.segs[i].offset), nil
}

// bitmaps returns a view of the index's facet bitmaps with those of fields
// (keyword fields, and schema.FieldDate for days) built, bitmaps or
// ordinal columns; it reports true, as every field now has one or the
// other.
func (e *Engine) bitmaps(ctx context.Context, fields []string, dupField string, shared *sharedSet) (*bitmapView, bool, error) {
	fb := &e.cache.bitmaps
	fb.mu.Lock()
	defer fb.mu.Unlock()
	r, segs, err := e.snapshot()
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	if fb.segs == nil {
		if err := fb.init(ctx, r, segs); err != nil {
			return nil, false, err
		}
	} else if len(segs) != len(fb.segs) {
		// A read-only index keeps one snapshot; anything else is a bug.
		return nil, false, fmt.Errorf("facet bitmaps: the index changed (%d segments, %d when built)", len(segs), len(fb.segs))
	}
	for _, f := range fields {
		if f == schema.FieldDate {
			if !fb.days {
				if err := fb.buildDays(ctx, r); err != nil {
					return nil, false, err
				}
			}
			continue
		}
		if _, ok := fb.fields[f]; !ok {
			if err := fb.buildField(ctx, r, segs, f, e.maxBitmaps); err != nil {
				return nil, false, err
			}
		}
	}
	if dupField != "" && shared != nil && fb.shared[dupField] == nil {
		bms := make([]*roaring.Bitmap, len(fb.segs))
		for i := range bms {
			bms[i] = roaring.New()
		}
		v := fb.view(nil)
		for _, id := range shared.members {
			i, local, err := v.locate(id)
			if err != nil {
				return nil, false, err
			}
			bms[i].Add(local)
		}
		fb.shared[dupField] = bms
	}
	if dupField != "" && shared != nil {
		if fb.memberValues[dupField] == nil {
			fb.memberValues[dupField] = map[string][][][]byte{}
		}
		for _, f := range append([]string{dupField}, fields...) {
			if _, column := fb.terms[f]; column && f != dupField || fb.memberValues[dupField][f] != nil {
				continue // a column field's groups are counted from its column
			}
			vals, err := docValues(r, shared.members, f)
			if err != nil {
				return nil, false, err
			}
			fb.memberValues[dupField][f] = vals
		}
	}
	v := fb.view(fields)
	if dupField != "" && shared != nil {
		v.shared = fb.shared[dupField]
		v.members, v.numbers = shared.members, shared.numbers
		v.memberValues = map[string][][][]byte{}
		for _, f := range append([]string{dupField}, fields...) {
			v.memberValues[f] = fb.memberValues[dupField][f]
		}
	}
	return v, true, nil
}

// docValues reads the doc values of field of each of ids (internal ids of
// r's snapshot).
func docValues(r bindex.IndexReader, ids []bindex.IndexInternalID, field string) ([][][]byte, error) {
	dvr, err := r.DocValueReader([]string{field})
	if err != nil {
		return nil, fmt.Errorf("doc values of %s: %w", field, err)
	}
	out := make([][][]byte, len(ids))
	for i, id := range ids {
		err := dvr.VisitDocValues(id, func(_ string, term []byte) {
			out[i] = append(out[i], slices.Clone(term))
		})
		if err != nil {
			return nil, fmt.Errorf("doc values of %s: %w", field, err)
		}
	}
	return out, nil
}

// view copies out what a count of fields reads. The caller holds fb.mu.
func (fb *facetBitmaps) view(fields []string) *bitmapView {
	v := &bitmapView{segs: make([]segmentView, len(fb.segs)), terms: map[string][]string{}}
	for _, f := range fields {
		if ts, ok := fb.terms[f]; ok {
			v.terms[f] = ts
		}
	}
	for i, sb := range fb.segs {
		sv := segmentView{offset: sb.offset, count: sb.count, articles: sb.articles,
			values: map[string]map[string]*roaring.Bitmap{}, columns: map[string]*ordColumn{}}
		for _, f := range fields {
			switch {
			case f == schema.FieldDate:
				sv.days, sv.dayCol = sb.days, sb.dayCol
			case sb.columns[f] != nil:
				sv.columns[f] = sb.columns[f]
			default:
				sv.values[f] = sb.values[f]
			}
		}
		v.segs[i] = sv
	}
	return v
}

// init finds the segments and the articles in each.
func (fb *facetBitmaps) init(ctx context.Context, r bindex.IndexReader, segs []*scorch.SegmentSnapshot) error {
	quotes := map[int]*roaring.Bitmap{}
	if err := fb.postings(r, segs, schema.FieldKind, schema.QuoteType, func(i int, bm *roaring.Bitmap) { quotes[i] = bm }); err != nil {
		return err
	}
	var offset uint64
	for i, ss := range segs {
		n := ss.Segment().Count()
		live := roaring.New()
		live.AddRange(0, n)
		if d := ss.Deleted(); d != nil {
			live.AndNot(d)
		}
		if q := quotes[i]; q != nil {
			live.AndNot(q)
		}
		live.RunOptimize()
		fb.segs = append(fb.segs, &segmentBitmaps{offset: offset, count: n, articles: live,
			values: map[string]map[string]*roaring.Bitmap{}, columns: map[string]*ordColumn{}})
		offset += n
	}
	fb.fields = map[string]bool{}
	fb.terms = map[string][]string{}
	fb.shared = map[string][]*roaring.Bitmap{}
	fb.memberValues = map[string]map[string][][][]byte{}
	return ctx.Err()
}

// postings calls fn with the live documents of each segment holding term
// in field.
func (fb *facetBitmaps) postings(r bindex.IndexReader, segs []*scorch.SegmentSnapshot, field, term string, fn func(int, *roaring.Bitmap)) error {
	for i, ss := range segs {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return fmt.Errorf("facet bitmaps: %s: %w", field, err)
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return fmt.Errorf("facet bitmaps: %s: %w", field, err)
		}
		if pl.Count() == 0 {
			continue
		}
		bm := roaring.New()
		it := pl.Iterator(false, false, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return fmt.Errorf("facet bitmaps: %s: %w", field, err)
			}
			if p == nil {
				break
			}
			bm.Add(uint32(p.Number()))
		}
		bm.RunOptimize()
		fn(i, bm)
	}
	return nil
}

// buildField builds the value bitmaps of a keyword field, or its ordinal
// columns when it has more than maxValues values.
func (fb *facetBitmaps) buildField(ctx context.Context, r bindex.IndexReader, segs []*scorch.SegmentSnapshot, field string, maxValues int) error {
	d, err := r.FieldDict(field)
	if err != nil {
		return fmt.Errorf("facet bitmaps: %s: %w", field, err)
	}
	var terms []string
	for {
		e, err := d.Next()
		if err != nil {
			_ = d.Close()
			return fmt.Errorf("facet bitmaps: %s: %w", field, err)
		}
		if e == nil {
			break
		}
		if e.Term == "" {
			continue // bleve indexes a missing value as ""; it is no value
		}
		terms = append(terms, e.Term)
	}
	_ = d.Close()
	if len(terms) > maxValues {
		return fb.buildColumns(ctx, r, segs, field, terms)
	}
	for _, sb := range fb.segs {
		sb.values[field] = map[string]*roaring.Bitmap{}
	}
	for _, t := range terms {
		err := fb.postings(r, segs, field, t, func(i int, bm *roaring.Bitmap) {
			bm.And(fb.segs[i].articles)
			if !bm.IsEmpty() {
				fb.segs[i].values[field][t] = bm
			}
		})
		if err != nil {
			return err
		}
	}
	fb.fields[field] = true
	return nil
}

// buildColumns builds the ordinal columns of field, whose values are
// terms (sorted, as the field dictionary lists them): a posting list per
// term and segment is read once, and each article's ordinals gathered.
func (fb *facetBitmaps) buildColumns(ctx context.Context, r bindex.IndexReader, segs []*scorch.SegmentSnapshot, field string, terms []string) error {
	// Ordinals follow Go's string order, which facets list ties in.
	slices.Sort(terms)
	// pairs holds, per segment, document<<32 | ordinal; terms come in
	// order, so each document's ordinals come ascending.
	pairs := make([][]uint64, len(fb.segs))
	for o, t := range terms {
		if o%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := fb.postings(r, segs, field, t, func(i int, bm *roaring.Bitmap) {
			bm.And(fb.segs[i].articles)
			it := bm.Iterator()
			for it.HasNext() {
				pairs[i] = append(pairs[i], uint64(it.Next())<<32|uint64(o))
			}
		})
		if err != nil {
			return err
		}
	}
	for i, sb := range fb.segs {
		col := &ordColumn{start: make([]uint32, sb.count+1), ords: make([]uint32, len(pairs[i]))}
		for _, p := range pairs[i] {
			col.start[p>>32+1]++
		}
		for n := 1; n < len(col.start); n++ {
			col.start[n] += col.start[n-1]
		}
		next := slices.Clone(col.start[:sb.count])
		for _, p := range pairs[i] {
			doc := p >> 32
			col.ords[next[doc]] = uint32(p)
			next[doc]++
		}
		pairs[i] = nil
		sb.columns[field] = col
	}
	fb.terms[field] = terms
	fb.fields[field] = false
	return nil
}

// buildDays builds a bitmap per publication day from the date doc values.
func (fb *facetBitmaps) buildDays(ctx context.Context, r bindex.IndexReader) error {
	dvr, err := r.DocValueReader([]string{schema.FieldDate})
	if err != nil {
		return fmt.Errorf("facet bitmaps: dates: %w", err)
	}
	id := bindex.IndexInternalID(nil)
	for _, sb := range fb.segs {
		sb.days = map[int64]*roaring.Bitmap{}
		it := sb.articles.Iterator()
		for n := 0; it.HasNext(); n++ {
			if n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			local := it.Next()
			id = bindex.NewIndexInternalID(id, sb.offset+uint64(local))
			var day int64
			found := false
			err := dvr.VisitDocValues(id, func(_ string, term []byte) {
				pc := numeric.PrefixCoded(term)
				if shift, err := pc.Shift(); err == nil && shift == 0 {
					if ns, err := pc.Int64(); err == nil {
						day = PeriodStart(time.Unix(0, ns), ByDay).Unix()
						found = true
					}
				}
			})
			if err != nil {
				return fmt.Errorf("facet bitmaps: dates: %w", err)
			}
			if !found {
				continue
			}
			bm := sb.days[day]
			if bm == nil {
				bm = roaring.New()
				sb.days[day] = bm
			}
			bm.Add(local)
		}
		for _, bm := range sb.days {
			bm.RunOptimize()
		}
		sb.dayCol = newDayColumn(sb.count, sb.days)
	}
	fb.days = true
	return nil
}

// newDayColumn lists per document of a segment of count documents its day
// among the bitmaps of days.
func newDayColumn(count uint64, days map[int64]*roaring.Bitmap) *dayColumn {
	col := &dayColumn{of: make([]int32, count)}
	for day := range days {
		col.days = append(col.days, day)
	}
	slices.Sort(col.days)
	for d := range col.of {
		col.of[d] = -1
	}
	for k, day := range col.days {
		it := days[day].Iterator()
		for it.HasNext() {
			col.of[it.Next()] = int32(k)
		}
	}
	return col
}

// hitBitmaps returns, per segment, the articles q matches: the articles
// themselves when all is set, else the hits of a pass without scoring.
func (e *Engine) hitBitmaps(ctx context.Context, v *bitmapView, q bq.Query, all bool) ([]*roaring.Bitmap, error) {
	out := make([]*roaring.Bitmap, len(v.segs))
	if all {
		for i, sv := range v.segs {
			out[i] = sv.articles
		}
		return out, nil
	}
	sc, err := e.newScan(ctx, q, "facets")
	if err != nil {
		return nil, err
	}
	defer sc.close()
	hs := newHitSet(v)
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d, err := sc.next()
		if err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
		if d == nil {
			break
		}
		if err := hs.add(d.IndexInternalID); err != nil {
			return nil, err
		}
		sc.release(d)
	}
	return hs.bitmaps(), nil
}

// countBitmaps counts c's facets over the hits of q with the index's
// bitmaps. It reports false, having counted nothing, when a facet's field
// has too many values for bitmaps.
func (e *Engine) countBitmaps(ctx context.Context, c *Counter, q bq.Query, all bool, shared *sharedSet) (bool, error) {
	v, ok, err := e.bitmaps(ctx, bitmapFields(c), c.groupField, shared)
	if err != nil || !ok {
		return false, err
	}
	hits, err := e.hitBitmaps(ctx, v, q, all)
	if err != nil {
		return false, err
	}
	return true, countWithBitmaps(c, v, hits)
}

// bitmapFields lists the fields whose bitmaps count c's facets.
func bitmapFields(c *Counter) []string {
	var fields []string
	for f := range c.kw {
		fields = append(fields, f)
	}
	if len(c.periods) > 0 {
		fields = append(fields, schema.FieldDate)
	}
	return fields
}

// countWithBitmaps counts c's facets over hits, the hits per segment of
// view v.
func countWithBitmaps(c *Counter, v *bitmapView, hits []*roaring.Bitmap) error {
	// Hits that share a duplicate key go through the counter, which counts
	// each group once; every other hit is a group of its own, counted by
	// intersection.
	rest := hits
	// The values of fields counted from ordinal columns are counted per
	// group by ordinal (countColumn), not as strings through the counter:
	// memberDocs lists the hits of each group.
	var memberDocs [][]memberDoc
	if c.groupField != "" {
		if sharedBMs := v.shared; sharedBMs != nil {
			rest = make([]*roaring.Bitmap, len(hits))
			var fields []string
			for _, f := range c.fields() {
				if _, column := v.terms[f]; !column || f == c.groupField {
					fields = append(fields, f)
				}
			}
			// values[j] are the members' values of fields[j].
			values := make([][][][]byte, len(fields))
			for j, f := range fields {
				values[j] = v.memberValues[f]
			}
			group := map[string]int{}
			// Hits come in index order, as members do: each is searched
			// for among the members after the last one found.
			m := 0
			for i, h := range hits {
				rest[i] = roaring.AndNot(h, sharedBMs[i])
				it := roaring.And(h, sharedBMs[i]).Iterator()
				for it.HasNext() {
					doc := it.Next()
					num := v.segs[i].offset + uint64(doc)
					k, found := slices.BinarySearch(v.numbers[m:], num)
					if !found {
						return fmt.Errorf("facet bitmaps: document %d shares a key but is not listed", num)
					}
					m += k
					for j, f := range fields {
						for _, term := range values[j][m] {
							c.value(f, term)
						}
					}
					// A hit without a key is a group of its own, as
					// the counter counts it.
					g, ok := group[c.group]
					if !ok || c.group == "" {
						g = len(memberDocs)
						memberDocs = append(memberDocs, nil)
						if c.group != "" {
							group[c.group] = g
						}
					}
					memberDocs[g] = append(memberDocs[g], memberDoc{i, doc})
					if err := c.done(); err != nil {
						return err
					}
				}
			}
		}
	}
	var restCount uint64
	for _, h := range rest {
		restCount += h.GetCardinality()
	}
	c.hits += restCount
	if c.groupField != "" {
		c.singles += restCount
	}
	for field, facets := range c.kw {
		if terms, ok := v.terms[field]; ok {
			countColumn(c, v, rest, memberDocs, field, facets, terms)
			continue
		}
		for i, h := range rest {
			for value, bm := range v.segs[i].values[field] {
				if n := h.AndCardinality(bm); n > 0 {
					for _, f := range facets {
						c.counts[f][value] += n
					}
				}
			}
		}
	}
	if len(c.periods) > 0 {
		for i, h := range rest {
			sv := &v.segs[i]
			countDays(c, sv, h, sv.dayCol != nil && dayColumnCheaper(h.GetCardinality(), len(sv.days), sv.count))
		}
	}
	return nil
}

// dayColumnCheaper reports whether the histogram of hits among docs
// documents with days publication days costs less from the day column,
// a few nanoseconds per hit (3 to 12 in BenchmarkCountBitmapsVsColumn),
// than from a bitmap per day, an intersection per day and container of
// 65,536 documents (0.14 to 1.6 µs).
func dayColumnCheaper(hits uint64, days int, docs uint64) bool {
	containers := docs>>16 + 1
	return hits < uint64(days)*containers*50
}

// countDays counts into c's histograms the days of hits, documents of
// segment sv, from its day column or from its day bitmaps.
func countDays(c *Counter, sv *segmentView, hits *roaring.Bitmap, column bool) {
	add := func(day int64, n uint64) {
		t := time.Unix(day, 0).UTC()
		for k, name := range c.periods {
			c.hists[name][PeriodStart(t, c.by[k]).Unix()] += n
		}
	}
	if !column {
		for day, bm := range sv.days {
			if n := hits.AndCardinality(bm); n > 0 {
				add(day, n)
			}
		}
		return
	}
	col := sv.dayCol
	counts := make([]uint64, len(col.days))
	buf := make([]uint32, 1024)
	it := hits.ManyIterator()
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, doc := range buf[:n] {
			if k := col.of[doc]; k >= 0 {
				counts[k]++
			}
		}
	}
	for k, n := range counts {
		if n > 0 {
			add(col.days[k], n)
		}
	}
}

// memberDoc is a hit that shares a duplicate key: a document of a segment.
type memberDoc struct {
	seg int
	doc uint32
}

// countColumn counts the values of field, kept as ordinal columns, over
// hits, an array increment per value of each hit, and over the groups of
// hits that share a duplicate key, each value once per group. The counts
// are kept per ordinal (columnCounts), put in the order a facet shows
// them only as far as asked for, so that the tens of thousands of names
// of a large result need no map and no string sort.
func countColumn(c *Counter, v *bitmapView, hits []*roaring.Bitmap, groups [][]memberDoc, field string, facets, terms []string) {
	counts := make([]uint64, len(terms))
	touched := make([]uint64, (len(terms)+63)/64) // the ordinals counted
	buf := make([]uint32, 1024)
	for i, h := range hits {
		col := v.segs[i].columns[field]
		it := h.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, doc := range buf[:n] {
				for _, o := range col.ords[col.start[doc]:col.start[doc+1]] {
					counts[o]++
					touched[o>>6] |= 1 << (o & 63)
				}
			}
		}
	}
	// A document's ordinals are distinct; a group's are merged first.
	var merged []uint32
	for _, docs := range groups {
		merged = merged[:0]
		for _, d := range docs {
			col := v.segs[d.seg].columns[field]
			merged = append(merged, col.ords[col.start[d.doc]:col.start[d.doc+1]]...)
		}
		if len(docs) > 1 {
			slices.Sort(merged)
			merged = slices.Compact(merged)
		}
		for _, o := range merged {
			counts[o]++
			touched[o>>6] |= 1 << (o & 63)
		}
	}
	cc := &columnCounts{terms: terms, counts: counts, touched: touched}
	for _, f := range facets {
		c.columns[f] = cc
		c.counts[f] = nil // built from the columns if asked for (Values)
	}
}
