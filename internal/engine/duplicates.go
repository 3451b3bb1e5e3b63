package engine

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// maxListedDuplicates caps the ids listed for one collapsed hit.
const maxListedDuplicates = 1000 // query.MaxLimit

// Collapse keeps the first hit of each duplicate group among hits, in
// order, and returns the kept hits with the group key of each.
func (e *Engine) Collapse(ctx context.Context, field string, hits []*search.DocumentMatch) ([]*search.DocumentMatch, map[string]string, error) {
	vals, err := e.dupKeys(ctx, field, hits)
	if err != nil {
		return nil, nil, fmt.Errorf("collapse duplicates: %w", err)
	}
	keys := make(map[string]string, len(hits))
	seen := map[string]bool{}
	kept := hits[:0:0]
	for _, h := range hits {
		k := ""
		if v := vals[h.ID]; len(v) > 0 {
			k = v[0]
		}
		if k != "" {
			if seen[k] {
				continue
			}
			seen[k] = true
			keys[h.ID] = k
		}
		kept = append(kept, h)
	}
	return kept, keys, nil
}

// dupKeys returns the duplicate key of each hit, by id. With the shared
// keys cached, a hit that shares none is a group of its own and needs no
// key (an empty one), and the others' keys are in the cache; otherwise
// they are read from the index.
func (e *Engine) dupKeys(ctx context.Context, field string, hits []*search.DocumentMatch) (map[string][]string, error) {
	set, err := e.sharedKeys(ctx, field)
	if err != nil {
		return nil, err
	}
	if set == nil {
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.ID
		}
		return DocValues(ctx, e.b, ids, field)
	}
	out := make(map[string][]string, len(hits))
	for _, h := range hits {
		if m, found := slices.BinarySearchFunc(set.members, h.IndexInternalID, bindex.IndexInternalID.Compare); found {
			out[h.ID] = []string{set.memberKeys[m]}
		}
	}
	return out, nil
}

// DuplicatesOf lists, for each hit of page whose group has other matching
// articles, the ids of those articles (sorted).
func (e *Engine) DuplicatesOf(ctx context.Context, q bq.Query, field string, page []*search.DocumentMatch, keys map[string]string, sizes map[string]uint32) (map[string][]string, error) {
	out := map[string][]string{}
	for _, h := range page {
		k := keys[h.ID]
		if k == "" || sizes[k] < 2 {
			continue
		}
		tq := bleve.NewTermQuery(k)
		tq.SetField(field)
		bl := bleve.NewBooleanQuery()
		bl.AddMust(q)
		bl.AddFilter(tq)
		br := bleve.NewSearchRequestOptions(bl, min(int(sizes[k]), maxListedDuplicates+1), 0, false)
		br.SortBy([]string{"_id"})
		br.Score = "none"
		res, err := e.Search(ctx, br, "duplicates of "+h.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range res.Hits {
			if m.ID != h.ID && len(out[h.ID]) < maxListedDuplicates {
				out[h.ID] = append(out[h.ID], m.ID)
			}
		}
	}
	return out, nil
}

// sharedKeys caches, per duplicate field, the keys more than one article
// of the index has. Only read-only indexes are cached: they cannot change
// while open.
type sharedKeys struct {
	mu      sync.Mutex
	byField map[string]*sharedSet
}

// sharedSet is what sharedKeys caches for one field: the keys more than one
// article has, and those articles' internal ids in index order.
type sharedSet struct {
	keys       map[string]uint32
	members    []bindex.IndexInternalID
	memberKeys []string // the key of each member
	numbers    []uint64 // the number of each member (its internal id)

	// bySeg holds the members of each segment, numbered in it, for the
	// segments that start at offsets (segmentMembers).
	mu      sync.Mutex
	offsets []uint64
	bySeg   []*roaring.Bitmap
}

// segmentMembers returns the members of each segment, numbered in it, for
// the segments that start at offsets: built once, for the one snapshot of
// a read-only index.
func (set *sharedSet) segmentMembers(offsets []uint64) []*roaring.Bitmap {
	set.mu.Lock()
	defer set.mu.Unlock()
	if set.bySeg != nil && slices.Equal(set.offsets, offsets) {
		return set.bySeg
	}
	bms := make([]*roaring.Bitmap, len(offsets))
	for i := range bms {
		bms[i] = roaring.New()
	}
	seg := 0
	for _, n := range set.numbers {
		for seg+1 < len(offsets) && offsets[seg+1] <= n {
			seg++
		}
		if len(offsets) > 0 && n >= offsets[seg] {
			bms[seg].Add(uint32(n - offsets[seg]))
		}
	}
	set.offsets, set.bySeg = slices.Clone(offsets), bms
	return bms
}

// matched appends to out the positions in set.members, ascending, of the
// members that matches holds (per segment, the segments starting at
// offsets): each segment's members intersected with its matches, and the
// positions of those found among the members, after the last one.
func (set *sharedSet) matched(offsets []uint64, matches []*roaring.Bitmap, out []int) []int {
	m := 0
	for seg, members := range set.segmentMembers(offsets) {
		it := roaring.And(matches[seg], members).Iterator()
		for it.HasNext() {
			k, _ := slices.BinarySearch(set.numbers[m:], offsets[seg]+uint64(it.Next()))
			m += k
			out = append(out, m)
			m++
		}
	}
	return out
}

// sharedKeys returns the keys of field held by more than one article and
// those articles, or nil when the index can change or the searcher does
// not cache (then every hit's key is counted). They are found once per
// field, by one pass over every article's key, cheaper than a pass over
// the hits of every search once a searcher runs many.
//
// bleve's term dictionary would give each key's count without the pass,
// but zapx's dictionary iterator miscounts: after a term held by a single
// document it reports every later term as held by one (the 1-hit state of
// its reused postings list is not reset; blevesearch/zapx#445, still open
// in v17.2.5), so on a merged index most shared keys went unseen.
func (e *Engine) sharedKeys(ctx context.Context, field string) (*sharedSet, error) {
	if !e.readOnly || e.cache == nil {
		return nil, nil
	}
	e.cache.shared.mu.Lock()
	defer e.cache.shared.mu.Unlock()
	if set, ok := e.cache.shared.byField[field]; ok {
		return set, nil
	}
	set, err := e.keptSharedKeys(ctx, field)
	if err != nil {
		return nil, fmt.Errorf("duplicate keys: %w", err)
	}
	// Members come in index order, as the walk needs them.
	if e.cache.shared.byField == nil {
		e.cache.shared.byField = map[string]*sharedSet{}
	}
	e.cache.shared.byField[field] = set
	return set, nil
}

// findSharedKeys finds the keys of field that more than one article has,
// and those articles, by one pass over every article's key. The keys are
// hashed and the hashes sorted, as countGroups does for a search's
// matches: a map entry per article would cost most of the pass on a
// million articles. Only the articles whose hash another shares (a few
// percent) have their keys read again and compared, so the set is exact
// whatever the hashes.
func (e *Engine) findSharedKeys(ctx context.Context, field string) (*sharedSet, error) {
	seed := maphash.MakeSeed()
	var nums, hashes []uint64 // every article with a key, in index order
	if n, err := e.b.DocCount(); err == nil {
		nums, hashes = make([]uint64, 0, n), make([]uint64, 0, n)
	}
	err := e.visitArticles(ctx, field, func(id bindex.IndexInternalID, term []byte) {
		nums = append(nums, id.Value())
		hashes = append(hashes, maphash.Bytes(seed, term))
	})
	if err != nil {
		return nil, err
	}
	twice := repeatedHashes(hashes)
	var ids []bindex.IndexInternalID
	for i, h := range hashes {
		if twice[h] {
			ids = append(ids, bindex.NewIndexInternalID(nil, nums[i]))
		}
	}
	r, err := e.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	vals, err := docValues(r, ids, field)
	if err != nil {
		return nil, err
	}
	set := &sharedSet{keys: map[string]uint32{}}
	keys := make([]string, len(ids))
	for i, v := range vals {
		if len(v) > 0 {
			keys[i] = string(v[len(v)-1]) // the last value, as the walk takes
			set.keys[keys[i]]++
		}
	}
	for i, k := range keys {
		if set.keys[k] < 2 {
			continue // only its hash was shared
		}
		set.members = append(set.members, ids[i])
		set.numbers = append(set.numbers, ids[i].Value())
		set.memberKeys = append(set.memberKeys, k)
	}
	for k, n := range set.keys {
		if n < 2 {
			delete(set.keys, k)
		}
	}
	return set, nil
}

// repeatedHashes returns the hashes that occur more than once in hashes.
func repeatedHashes(hashes []uint64) map[uint64]bool {
	sorted := slices.Clone(hashes)
	slices.Sort(sorted)
	twice := map[uint64]bool{}
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			twice[sorted[i]] = true
		}
	}
	return twice
}

// visitArticles calls fn with the internal id and value of field of every
// article that has one, in index order.
func (e *Engine) visitArticles(ctx context.Context, field string, fn func(bindex.IndexInternalID, []byte)) error {
	sc, err := e.newScan(ctx, AllArticles(e.articleKind), "articles")
	if err != nil {
		return err
	}
	defer sc.close()
	dvr, err := sc.r.DocValueReader([]string{field})
	if err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		d, err := sc.next()
		if err != nil || d == nil {
			return err
		}
		err = dvr.VisitDocValues(d.IndexInternalID, func(_ string, term []byte) {
			if len(term) > 0 {
				fn(d.IndexInternalID, term)
			}
		})
		if err != nil {
			return err
		}
		sc.release(d)
	}
}

// CountFacets counts the facets over the hits of q and, when field
// is set, the duplicate groups on it. It returns nil when there is nothing
// to count: no facets, and no key the hits could share.
//
// all says that q matches every article (no words, no filters): with facet
// bitmaps its hits need not be searched, and a caching engine keeps the
// counts for the next search of every article with the same facets.
func (e *Engine) CountFacets(ctx context.Context, q bq.Query, facets []Facet, field string, all bool) (*Counter, error) {
	if all {
		return e.countAll(facets, field, func() (*Counter, error) { return e.countFacets(ctx, q, facets, field, all) })
	}
	return e.countFacets(ctx, q, facets, field, all)
}

// countFacets is CountFacets, never from the counts kept of every article.
func (e *Engine) countFacets(ctx context.Context, q bq.Query, facets []Facet, field string, all bool) (*Counter, error) {
	var shared *sharedSet
	if field != "" {
		var err error
		if shared, err = e.sharedKeys(ctx, field); err != nil {
			return nil, err
		}
		if shared != nil && len(shared.keys) == 0 {
			field = "" // no article shares a key: nothing collapses
		}
	}
	if len(facets) == 0 && field == "" {
		return nil, nil
	}
	c := newCounter(facets, field)
	if len(facets) > 0 && e.cache != nil && e.readOnly {
		ok, err := e.countBitmaps(ctx, c, q, all, shared)
		if err != nil && !errors.Is(err, errNoBitmaps) {
			return nil, err
		}
		if ok {
			return c, nil
		}
	}
	if shared != nil {
		c.shared = shared.keys
		if len(facets) == 0 {
			// Only group sizes are needed, and only hits that share a key
			// can be in a group of more than one: visit those alone, not
			// every hit (on 100,000 generated articles 3% of them).
			c.restricted = true
			if err := e.walkMembers(ctx, q, shared, c); err != nil {
				return nil, err
			}
			return c, nil
		}
	}
	if _, err := e.walk(ctx, q, c.fields(), c); err != nil {
		return nil, err
	}
	return c, nil
}

// walkMembers feeds c the key of each hit of q among the articles of set,
// advancing q's searcher from one to the next; the keys come from the set,
// not the index.
func (e *Engine) walkMembers(ctx context.Context, q bq.Query, set *sharedSet, c *Counter) error {
	if len(set.members) == 0 {
		return nil
	}
	sc, err := e.newScan(ctx, q, "duplicate groups")
	if err != nil {
		return err
	}
	defer sc.close()
	for m := 0; m < len(set.members); {
		if m%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		d, err := sc.advance(set.members[m])
		if err != nil {
			return fmt.Errorf("duplicate groups: %w", err)
		}
		if d == nil {
			return nil
		}
		// Skip the members the searcher jumped over.
		i, found := slices.BinarySearchFunc(set.members[m:], d.IndexInternalID, bindex.IndexInternalID.Compare)
		m += i
		if found {
			c.value(c.groupField, []byte(set.memberKeys[m]))
			if err := c.done(); err != nil {
				return err
			}
			m++
		}
		sc.release(d)
	}
	return nil
}
