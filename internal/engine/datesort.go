package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Date order from the day bitmaps.
//
// bleve sorts a search by date by reading the date doc value of every hit:
// browsing a million articles newest first costs seconds, whatever the
// page. The cached day bitmaps (bitmaps.go) bucket the articles by UTC
// day, a monotone function of the date, so the first n articles by date
// lie in the first days that hold n of them together: only those are read,
// sorted exactly as bleve sorts them (date, then score, then index order;
// articles without a date last in either direction).

// TopByDate returns the first n articles in date order (newest first with
// desc), as a bleve search of q sorted by date then score would rank
// them, with q's scores, and the number of articles. q must match every
// article (the caller knows: no words, dates or filters). It reports
// false, having done nothing, when it cannot answer: no cache, no
// bitmaps, a capture that is not of every article, or articles that q
// scores unequally (their order would then need every score).
func (e *Engine) TopByDate(ctx context.Context, q bq.Query, n int, desc bool) ([]*search.DocumentMatch, uint64, bool, error) {
	capt := captureFrom(ctx)
	if !e.readOnly || e.cache == nil || n <= 0 || capt != nil && (!capt.all || capt.used) {
		return nil, 0, false, nil
	}
	v, _, err := e.bitmaps(ctx, []string{schema.FieldDate}, "", nil)
	if errors.Is(err, errNoBitmaps) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	var total uint64
	var days []int64
	for _, sv := range v.segs {
		if sv.dayCol == nil {
			return nil, 0, false, nil
		}
		total += sv.articles.GetCardinality()
		days = append(days, sv.dayCol.days...)
	}
	slices.Sort(days)
	days = slices.Compact(days)
	if desc {
		slices.Reverse(days)
	}
	type cand struct {
		num   uint64
		ns    int64
		dated bool
		score float64
	}
	var cands []cand
	for _, day := range days {
		if len(cands) >= n {
			break
		}
		for _, sv := range v.segs {
			if bm := sv.days[day]; bm != nil {
				it := bm.Iterator()
				for it.HasNext() {
					cands = append(cands, cand{num: sv.offset + uint64(it.Next()), dated: true})
				}
			}
		}
	}
	// Articles without a date come after every dated one, in index order
	// among themselves when their scores are equal (checked below).
	for i := 0; i < len(v.segs) && len(cands) < n; i++ {
		sv := &v.segs[i]
		it := sv.articles.Iterator()
		for it.HasNext() && len(cands) < n {
			if doc := it.Next(); sv.dayCol.of[doc] < 0 {
				cands = append(cands, cand{num: sv.offset + uint64(doc)})
			}
		}
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Compare(a.num, b.num) })

	r, err := e.reader()
	if err != nil {
		return nil, 0, false, fmt.Errorf("date order: %w", err)
	}
	defer r.Close()
	dvr, err := r.DocValueReader([]string{schema.FieldDate})
	if err != nil {
		return nil, 0, false, fmt.Errorf("date order: %w", err)
	}
	// Scores as bleve's search gives them: the same searcher of q, with
	// the scoring model bleve's search sets.
	sctx := context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(func() string {
		if m, ok := e.b.Mapping().(*mapping.IndexMappingImpl); ok && m.ScoringModel == bindex.BM25Scoring {
			return bindex.BM25Scoring
		}
		return bindex.DefaultScoringModel
	}))
	sr, err := q.Searcher(sctx, r, e.b.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, 0, false, fmt.Errorf("date order: %w", err)
	}
	defer sr.Close()
	pool := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(sr.DocumentMatchPoolSize(), 0)}
	id := bindex.IndexInternalID(nil)
	for i := range cands {
		c := &cands[i]
		id = bindex.NewIndexInternalID(id, c.num)
		if c.dated {
			found := false
			err := dvr.VisitDocValues(id, func(_ string, term []byte) {
				pc := numeric.PrefixCoded(term)
				if shift, err := pc.Shift(); err == nil && shift == 0 {
					if ns, err := pc.Int64(); err == nil && !found {
						c.ns, found = ns, true
					}
				}
			})
			if err != nil {
				return nil, 0, false, fmt.Errorf("date order: %w", err)
			}
			if !found {
				return nil, 0, false, fmt.Errorf("date order: document %d has a day but no date", c.num)
			}
		}
		d, err := sr.Advance(pool, id)
		if err != nil {
			return nil, 0, false, fmt.Errorf("date order: %w", err)
		}
		if d == nil || !d.IndexInternalID.Equals(id) {
			return nil, 0, false, nil // q does not match every article
		}
		c.score = d.Score
		pool.DocumentMatchPool.Put(d)
		if c.score != cands[0].score {
			return nil, 0, false, nil
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dated != b.dated {
			if a.dated {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.ns, b.ns); c != 0 {
			if desc {
				return -c
			}
			return c
		}
		return cmp.Compare(a.num, b.num) // equal scores: index order
	})
	cands = cands[:min(n, len(cands))]
	hits := make([]*search.DocumentMatch, len(cands))
	for i, c := range cands {
		iid := bindex.NewIndexInternalID(nil, c.num)
		ext, err := r.ExternalID(iid)
		if err != nil {
			return nil, 0, false, fmt.Errorf("date order: %w", err)
		}
		hits[i] = &search.DocumentMatch{ID: ext, IndexInternalID: iid, Score: c.score, HitNumber: c.num + 1}
	}
	if capt != nil {
		capt.recordAll()
	}
	return hits, total, true, nil
}

// recordAll records a search of every article without walking it: every
// article that shares a key is a hit.
func (c *Capture) recordAll() {
	c.used = true
	if c.field != "" {
		c.matched = make([]int, len(c.shared.members))
		for i := range c.matched {
			c.matched[i] = i
		}
	}
}
