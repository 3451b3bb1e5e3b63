package engine

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// countGroups counts the duplicate groups on field among the matches, as
// a walk of the hits with a Counter counts them, without its map entry
// per match: the matches' keys are hashed and the hashes sorted, so that
// only the matches whose hash another match shares (a few percent) have
// their keys read again and compared. The counts are exact whatever the
// hashes: a collision of two keys only costs that second read.
func (ev *topK) countGroups(r bindex.IndexReader, field string) (*Counter, error) {
	dvr, err := r.DocValueReader([]string{field})
	if err != nil {
		return nil, fmt.Errorf("duplicate groups: %w", err)
	}
	seed := maphash.MakeSeed()
	nums := make([]uint64, 0, ev.total)   // the matches with a key, in index order
	hashes := make([]uint64, 0, ev.total) // and their keys' hashes
	var key []byte
	var id bindex.IndexInternalID
	visit := func(_ string, term []byte) {
		if len(term) > 0 {
			key = append(key[:0], term...) // the last value, as the walk takes
		}
	}
	for i, m := range ev.matches {
		it := m.Iterator()
		for it.HasNext() {
			num := ev.offsets[i] + uint64(it.Next())
			id = bindex.NewIndexInternalID(id, num)
			key = key[:0]
			if err := dvr.VisitDocValues(id, visit); err != nil {
				return nil, fmt.Errorf("duplicate groups: document %d: %w", num, err)
			}
			if len(key) > 0 { // no key: a group of its own
				nums = append(nums, num)
				hashes = append(hashes, maphash.Bytes(seed, key))
			}
		}
	}
	twice := repeatedHashes(hashes)
	// In index order: doc values are read a compressed chunk at a time.
	var ids []bindex.IndexInternalID
	for i, h := range hashes {
		if twice[h] {
			ids = append(ids, bindex.NewIndexInternalID(nil, nums[i]))
		}
	}
	vals, err := docValues(r, ids, field)
	if err != nil {
		return nil, fmt.Errorf("duplicate groups: %w", err)
	}
	c := newCounter(nil, field)
	for _, v := range vals {
		if len(v) > 0 {
			c.groups[string(v[len(v)-1])]++
		}
	}
	// Groups of one (keys that only shared a hash) count as single hits.
	c.shared = map[string]uint32{}
	grouped := uint64(0)
	for k, n := range c.groups {
		if n < 2 {
			delete(c.groups, k)
			continue
		}
		c.shared[k] = n
		grouped += uint64(n)
	}
	c.hits = ev.total
	c.singles = ev.total - grouped
	return c, nil
}

// countFacets counts facets and, with field set, the duplicate groups on
// it among the matches, as a walk of the hits with a Counter counts them,
// reading the matches' doc values from the bitmaps instead of a search.
// shared holds the keys of field that several matches have (countGroups):
// a match with another key is a group of its own.
func (ev *topK) countFacets(ctx context.Context, r bindex.IndexReader, facets []Facet, field string, shared map[string]uint32) (*Counter, error) {
	c := newCounter(facets, field)
	if field != "" {
		c.shared = shared
	}
	dvr, err := r.DocValueReader(c.fields())
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	visit := bindex.DocValueVisitor(c.value)
	var id bindex.IndexInternalID
	var n uint64
	for i, m := range ev.matches {
		it := m.Iterator()
		for it.HasNext() {
			if n%1024 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			n++
			id = bindex.NewIndexInternalID(id, ev.offsets[i]+uint64(it.Next()))
			if err := dvr.VisitDocValues(id, visit); err != nil {
				return nil, fmt.Errorf("facets: %w", err)
			}
			if err := c.done(); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// TopKDuplicatesOf is DuplicatesOf for the query top (a TopKCounting
// result on field) ranked: the other matching articles of each page hit's
// group are its key's postings among top's match bitmaps, not a search
// per group.
func (e *Engine) TopKDuplicatesOf(top *TopKResult, field string, page []*search.DocumentMatch, keys map[string]string, sizes map[string]uint32) (map[string][]string, error) {
	out := map[string][]string{}
	if top.matches == nil {
		return nil, errors.New("duplicates: not a TopKCounting result")
	}
	r, segs, err := e.snapshot()
	if err != nil {
		return nil, fmt.Errorf("duplicates: %w", err)
	}
	defer r.Close()
	if len(segs) != len(top.matches) {
		return nil, fmt.Errorf("duplicates: %d segments, %d when ranked", len(segs), len(top.matches))
	}
	for _, h := range page {
		k := keys[h.ID]
		if k == "" || sizes[k] < 2 {
			continue
		}
		var ext []string
		var offset uint64
		for i, ss := range segs {
			if offset != top.offsets[i] {
				return nil, fmt.Errorf("duplicates: segment %d starts at %d, at %d when ranked", i, offset, top.offsets[i])
			}
			bm, err := postingsBitmap(ss, field, k)
			if err != nil {
				return nil, fmt.Errorf("duplicates of %s: %w", h.ID, err)
			}
			bm.And(top.matches[i])
			for it := bm.Iterator(); it.HasNext(); {
				num := offset + uint64(it.Next())
				id, err := r.ExternalID(bindex.NewIndexInternalID(nil, num))
				if err != nil {
					return nil, fmt.Errorf("duplicates of %s: %w", h.ID, err)
				}
				ext = append(ext, id)
			}
			offset += ss.Segment().Count()
		}
		if l := listedDuplicates(h.ID, ext, sizes[k]); len(l) > 0 {
			out[h.ID] = l
		}
	}
	return out, nil
}
