package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Counting during the ranking search.
//
// A search that collapses duplicates or counts facets needs, besides its
// top hits, which hits share a duplicate key and (for facets) every hit.
// Found by passes of their own, the query's posting lists are walked two
// or three times: on Reuters-21578 the pass over the hits that share a key
// and the search per collapsed group listing its duplicates cost a third
// of a search. A Capture instead records them while the ranking search
// walks the hits once: bleve's top-N collector hands every hit to a
// handler that can be wrapped (search.MakeDocumentMatchHandlerKey), and
// the wrapper notes the hit before the collector keeps or drops it.

// Capture records, during one ranking search of a read-only index with
// cached shared keys (Config.Cache), what CountFacets and DuplicatesOf
// would otherwise search the index again for. It is used once.
type Capture struct {
	e      *Engine
	facets []Facet
	field  string // duplicate field, "" when no key is shared
	all    bool
	shared *sharedSet
	view   *bitmapView // facet bitmaps; nil without facets

	// matched are the positions in shared.members of the hits that share
	// a key, in index order; next is where the search has got to.
	matched []int
	next    int
	// hits collects every hit per segment when facets are counted from
	// bitmaps and the query is not every article.
	hits *hitSet
	used bool
}

// NewCapture prepares the capture of a ranking search that counts facets
// and, with field set, duplicate groups, as CountFacets(q, facets, field,
// all) would count them. It returns nil (and no error) when the counts
// cannot come from the search: an engine that does not cache, an index
// without segments (not scorch), or nothing to count. The caller then
// counts with CountFacets.
func (e *Engine) NewCapture(ctx context.Context, facets []Facet, field string, all bool) (*Capture, error) {
	if !e.readOnly || e.cache == nil {
		return nil, nil
	}
	var shared *sharedSet
	if field != "" {
		var err error
		if shared, err = e.sharedKeys(ctx, field); err != nil {
			return nil, err
		}
		if len(shared.keys) == 0 {
			field = "" // no article shares a key: nothing collapses
		}
	}
	if len(facets) == 0 && field == "" {
		return nil, nil
	}
	c := &Capture{e: e, facets: facets, field: field, all: all, shared: shared}
	if len(facets) > 0 {
		v, ok, err := e.bitmaps(ctx, bitmapFields(newCounter(facets, field)), field, shared)
		if errors.Is(err, errNoBitmaps) || err == nil && !ok {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		c.view = v
		if !all {
			c.hits = newHitSet(v)
		}
	}
	return c, nil
}

// Context returns ctx set for the ranking search to record into c. Only
// one search may run with it.
func (c *Capture) Context(ctx context.Context) context.Context {
	maker := search.MakeDocumentMatchHandler(func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		keep, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil || keep == nil {
			return keep, loadID, err
		}
		if c.used {
			return nil, false, errors.New("capture: used by a second search")
		}
		c.used = true
		return func(d *search.DocumentMatch) error {
			if d != nil {
				// Read before keep: it may return d to the pool.
				if err := c.add(d.IndexInternalID); err != nil {
					return err
				}
			}
			return keep(d)
		}, loadID, nil
	})
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, maker)
}

// add records one hit.
func (c *Capture) add(id bindex.IndexInternalID) error {
	if c.hits != nil {
		if err := c.hits.add(id); err != nil {
			return err
		}
	}
	if c.field == "" {
		return nil
	}
	ms := c.shared.numbers
	if c.next >= len(ms) {
		return nil
	}
	n := id.Value()
	if ms[c.next] < n {
		// Hits come in index order: jump over the members passed.
		i, _ := slices.BinarySearch(ms[c.next:], n)
		c.next += i
	}
	if c.next < len(ms) && ms[c.next] == n {
		c.matched = append(c.matched, c.next)
		c.next++
	}
	return nil
}

// Count returns what CountFacets would have counted over the hits of the
// search run with c's context (nil when there is nothing to count).
func (c *Capture) Count() (*Counter, error) {
	if !c.used {
		return nil, errors.New("capture: no search recorded")
	}
	if c.all {
		return c.e.countAll(c.facets, c.field, c.count)
	}
	return c.count()
}

// count is Count, never from the counts kept of every article.
func (c *Capture) count() (*Counter, error) {
	counter := newCounter(c.facets, c.field)
	if c.view != nil {
		var hits []*roaring.Bitmap
		if c.all {
			hits = make([]*roaring.Bitmap, len(c.view.segs))
			for i, sv := range c.view.segs {
				hits[i] = sv.articles
			}
		} else {
			hits = c.hits.bitmaps()
		}
		if err := countWithBitmaps(counter, c.view, hits); err != nil {
			return nil, err
		}
		return counter, nil
	}
	// Group sizes only: as walkMembers counts them.
	counter.shared = c.shared.keys
	counter.restricted = true
	counter.addMembers(c.shared.memberKeys, c.matched)
	return counter, nil
}

// DuplicatesOf is Engine.DuplicatesOf for the query the capture's search
// ran: the other matching articles of each page hit's group come from the
// hits recorded, not from a search per group.
func (c *Capture) DuplicatesOf(page []*search.DocumentMatch, keys map[string]string, sizes map[string]uint32) (map[string][]string, error) {
	out := map[string][]string{}
	want := map[string][]bindex.IndexInternalID{}
	for _, h := range page {
		if k := keys[h.ID]; k != "" && sizes[k] >= 2 {
			want[k] = nil
		}
	}
	if len(want) == 0 || c.field == "" {
		return out, nil
	}
	for _, m := range c.matched {
		k := c.shared.memberKeys[m]
		if ids, ok := want[k]; ok {
			want[k] = append(ids, c.shared.members[m])
		}
	}
	r, err := c.e.reader()
	if err != nil {
		return nil, fmt.Errorf("duplicates: %w", err)
	}
	defer r.Close()
	for _, h := range page {
		k := keys[h.ID]
		ids, ok := want[k]
		if !ok {
			continue
		}
		ext := make([]string, 0, len(ids))
		for _, id := range ids {
			s, err := r.ExternalID(id)
			if err != nil {
				return nil, fmt.Errorf("duplicates of %s: %w", h.ID, err)
			}
			ext = append(ext, s)
		}
		if l := listedDuplicates(h.ID, ext, sizes[k]); len(l) > 0 {
			out[h.ID] = l
		}
	}
	return out, nil
}

// listedDuplicates is the list of duplicates shown for hit id: the ids
// of its group's members (ext, the hit's own among them; reordered
// here), listed as the search per group lists them: by id, at most
// maxListedDuplicates+1 read of the group's size members, the hit itself
// left out.
func listedDuplicates(id string, ext []string, size uint32) []string {
	slices.Sort(ext)
	ext = ext[:min(len(ext), int(size), maxListedDuplicates+1)]
	var out []string
	for _, m := range ext {
		if m != id && len(out) < maxListedDuplicates {
			out = append(out, m)
		}
	}
	return out
}

// hitSet collects hits, which come in index order, as a bitmap per
// segment.
type hitSet struct {
	v   *bitmapView
	out []*roaring.Bitmap
	seg int
	buf []uint32
}

func newHitSet(v *bitmapView) *hitSet {
	return &hitSet{v: v, out: make([]*roaring.Bitmap, len(v.segs)), buf: make([]uint32, 0, 4096)}
}

func (hs *hitSet) add(id bindex.IndexInternalID) error {
	n := id.Value()
	seg := hs.seg
	if sv := hs.v.segs; seg >= len(sv) || n < sv[seg].offset || n >= sv[seg].offset+sv[seg].count {
		i, _, err := hs.v.locate(id)
		if err != nil {
			return err
		}
		hs.flush()
		hs.seg, seg = i, i
	}
	hs.buf = append(hs.buf, uint32(n-hs.v.segs[seg].offset))
	if len(hs.buf) == cap(hs.buf) {
		hs.flush()
	}
	return nil
}

func (hs *hitSet) flush() {
	if len(hs.buf) == 0 {
		return
	}
	if hs.out[hs.seg] == nil {
		hs.out[hs.seg] = roaring.New()
	}
	hs.out[hs.seg].AddMany(hs.buf)
	hs.buf = hs.buf[:0]
}

// bitmaps returns the hits of each segment.
func (hs *hitSet) bitmaps() []*roaring.Bitmap {
	hs.flush()
	for i := range hs.out {
		if hs.out[i] == nil {
			hs.out[i] = roaring.New()
		}
	}
	return hs.out
}
