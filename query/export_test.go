package query

import (
	"context"
	"strings"
)

// SetMaxBitmapValues sets the most values a facet field may have to be
// counted from bitmaps, so that tests reach the ordinal columns that count
// fields with more (names on a real archive) on a small one.
func SetMaxBitmapValues(s *Searcher, n int) { s.maxBitmapValues = n }

// SetBleveDateSort makes s sort every article by date with bleve's sort,
// not from the day bitmaps, so that tests compare the two.
func SetBleveDateSort(s *Searcher, on bool) { s.bleveDateSort = on }

// DatesFromDays reports whether s ranks req from the day bitmaps
// (engine.TopByDate), as Search would try to.
func DatesFromDays(ctx context.Context, s *Searcher, req Request) (bool, error) {
	p, err := s.plan(req)
	if err != nil || p.order == nil || !req.matchesAll() {
		return false, err
	}
	ctx, _, err = s.withStats(ctx)
	if err != nil {
		return false, err
	}
	_, _, ok, err := s.eng().TopByDate(ctx, p.q, p.req.Offset+p.req.Limit, strings.HasPrefix(p.order[0], "-"))
	return ok, err
}

// SetMetaCacheLimit sets the most articles the decoded-metadata cache of s
// keeps, so that tests reach the point where it starts over.
func SetMetaCacheLimit(s *Searcher, n int) { s.meta.limit = n }

// CachedMeta reports how many articles' summaries and quotation articles
// s keeps decoded.
func CachedMeta(s *Searcher) (summaries, quoted int) {
	s.meta.mu.RLock()
	defer s.meta.mu.RUnlock()
	return len(s.meta.summaries), len(s.meta.quoted)
}

// AllCountsKept is the number of facet sets whose counts over every
// article s keeps (engine.Caches.AllCountsKept).
func AllCountsKept(s *Searcher) int { return s.caches.AllCountsKept() }
