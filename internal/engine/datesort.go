package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"math"
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
// articles without a date last in either direction). Without day bitmaps
// (a searcher that does not cache, or has not built them) the date
// field's own coarse terms bucket the articles the same way
// (topByDateTerms).

// TopByDate returns the first n articles in date order (newest first with
// desc), as a bleve search of q sorted by date then score would rank
// them, with q's scores, and the number of articles. q must match every
// article (the caller knows: no words, dates or filters). It reports
// false, having done nothing, when it cannot answer: a writable index,
// no scorch segments, a capture that is not of every article, articles
// that q scores unequally (their order would then need every score), or,
// without day bitmaps, a q other than the kind:article term or a page
// that reaches the undated articles.
func (e *Engine) TopByDate(ctx context.Context, q bq.Query, n int, desc bool) ([]*search.DocumentMatch, uint64, bool, error) {
	capt := captureFrom(ctx)
	if !e.readOnly || n <= 0 || capt != nil && (!capt.all || capt.used) {
		return nil, 0, false, nil
	}
	if !e.daysBuilt() {
		// Building the day bitmaps reads every article's date: the date
		// terms answer without that until something else builds them.
		hits, total, ok, err := e.topByDateTerms(ctx, q, n, desc)
		if ok && capt != nil {
			capt.recordAll()
		}
		return hits, total, ok, err
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
	var cands []dateCand
	for _, day := range days {
		if len(cands) >= n {
			break
		}
		for _, sv := range v.segs {
			if bm := sv.days[day]; bm != nil {
				it := bm.Iterator()
				for it.HasNext() {
					cands = append(cands, dateCand{num: sv.offset + uint64(it.Next()), dated: true})
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
				cands = append(cands, dateCand{num: sv.offset + uint64(doc)})
			}
		}
	}
	hits, ok, err := e.orderCands(ctx, q, cands, n, desc, false)
	if err != nil || !ok {
		return nil, 0, false, err
	}
	if capt != nil {
		capt.recordAll()
	}
	return hits, total, true, nil
}

// dateCand is an article that may be among the first by date.
type dateCand struct {
	num   uint64
	ns    int64
	dated bool
	score float64
}

// orderCands returns the first n of cands in date order (newest first
// with desc), with q's scores: by date, then index order, as bleve sorts
// them when every score is equal; it reports false when they are not.
// A candidate q does not match makes it report false too, unless skip is
// set: it is then left out.
func (e *Engine) orderCands(ctx context.Context, q bq.Query, cands []dateCand, n int, desc, skip bool) ([]*search.DocumentMatch, bool, error) {
	slices.SortFunc(cands, func(a, b dateCand) int { return cmp.Compare(a.num, b.num) })

	r, err := e.reader()
	if err != nil {
		return nil, false, fmt.Errorf("date order: %w", err)
	}
	defer r.Close()
	dvr, err := r.DocValueReader([]string{schema.FieldDate})
	if err != nil {
		return nil, false, fmt.Errorf("date order: %w", err)
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
		return nil, false, fmt.Errorf("date order: %w", err)
	}
	defer sr.Close()
	pool := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(sr.DocumentMatchPoolSize(), 0)}
	id := bindex.IndexInternalID(nil)
	kept := cands[:0]
	// cur is the match the searcher stands on: candidates come in index
	// order, so one it has passed is no match (a quotation), known
	// without moving the searcher back.
	var cur *search.DocumentMatch
	var curNum uint64
	done := false
	for i := range cands {
		c := cands[i]
		id = bindex.NewIndexInternalID(id, c.num)
		if !done && (cur == nil || curNum < c.num) {
			if cur != nil {
				pool.DocumentMatchPool.Put(cur)
			}
			if cur, err = sr.Advance(pool, id); err != nil {
				return nil, false, fmt.Errorf("date order: %w", err)
			}
			done = cur == nil
			if cur != nil {
				curNum = cur.IndexInternalID.Value()
			}
		}
		if done || curNum != c.num {
			if !skip {
				return nil, false, nil // q does not match every article
			}
			continue
		}
		c.score = cur.Score
		if len(kept) > 0 && c.score != kept[0].score {
			return nil, false, nil
		}
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
				return nil, false, fmt.Errorf("date order: %w", err)
			}
			if !found {
				return nil, false, fmt.Errorf("date order: document %d has a day but no date", c.num)
			}
		}
		kept = append(kept, c)
	}
	cands = kept
	slices.SortFunc(cands, func(a, b dateCand) int {
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
			return nil, false, fmt.Errorf("date order: %w", err)
		}
		hits[i] = &search.DocumentMatch{ID: ext, IndexInternalID: iid, Score: c.score, HitNumber: c.num + 1}
	}
	return hits, true, nil
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

// daysBuilt reports whether the cache holds the day bitmaps already.
func (e *Engine) daysBuilt() bool {
	if e.cache == nil {
		return false
	}
	fb := &e.cache.bitmaps
	fb.mu.Lock()
	defer fb.mu.Unlock()
	return fb.days
}

// dateShift is the precision of the date terms topByDateTerms reads: bleve
// indexes a date at every fourth bit of precision, and the terms of shift
// 48 each hold 2^48 ns, about 3.3 days (a few hundred articles of a
// million spread over 30 years).
const dateShift = 48

// topByDateTerms is TopByDate without day bitmaps, for a searcher that
// does not keep them (the CLI) or has not built them: the date field's
// coarse terms (dateShift) bucket every document by time, so the first n
// articles by date are among those of the first buckets that hold n
// articles together, read from the buckets' postings. Only those
// articles' dates are read, not every article's. It answers the query
// of every article (the kind:article term) on an index of articles that
// carry it, and reports false when the dated articles are fewer than n
// (the undated ones follow in index order; bleve's sort then answers).
func (e *Engine) topByDateTerms(ctx context.Context, q bq.Query, n int, desc bool) ([]*search.DocumentMatch, uint64, bool, error) {
	if tq, ok := q.(*bq.TermQuery); !ok || !e.articleKind || tq.FieldVal != schema.FieldKind || tq.Term != schema.ArticleType {
		return nil, 0, false, nil
	}
	r, segs, err := e.snapshot()
	if errors.Is(err, errNoBitmaps) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, fmt.Errorf("date order: %w", err)
	}
	defer r.Close()
	lo, err := numeric.NewPrefixCodedInt64(math.MinInt64, dateShift)
	if err != nil {
		return nil, 0, false, fmt.Errorf("date order: %w", err)
	}
	hi := []byte{numeric.ShiftStartInt64 + dateShift + 1} // past every term of the shift
	// The buckets of every segment, and the articles of the index.
	var total uint64
	offsets := make([]uint64, len(segs))
	dicts := make([]segment.TermDictionary, len(segs))
	seen := map[string]bool{}
	var buckets []string
	var offset uint64
	for i, ss := range segs {
		offsets[i] = offset
		offset += ss.Segment().Count()
		arts, err := postingsList(ss, schema.FieldKind, schema.ArticleType)
		if err != nil {
			return nil, 0, false, fmt.Errorf("date order: %w", err)
		}
		if arts != nil {
			total += arts.Count() // less the deleted: no bitmap built
		}
		if dicts[i], err = ss.Segment().Dictionary(schema.FieldDate); err != nil {
			return nil, 0, false, fmt.Errorf("date order: %w", err)
		}
		it := dicts[i].AutomatonIterator(nil, lo, hi)
		for {
			de, err := it.Next()
			if err != nil {
				return nil, 0, false, fmt.Errorf("date order: %w", err)
			}
			if de == nil {
				break
			}
			if !seen[de.Term] {
				seen[de.Term] = true
				buckets = append(buckets, de.Term)
			}
		}
	}
	slices.Sort(buckets) // a shift's terms sort as their times
	if desc {
		slices.Reverse(buckets)
	}
	// Read buckets until they hold need documents (quotations count too,
	// so this may fall short of n articles): need doubles until the
	// articles among them reach n, or the buckets end.
	var cands []dateCand
	next := 0
	for need := n; ; need *= 2 {
		for ; next < len(buckets) && len(cands) < need; next++ {
			if ctx.Err() != nil {
				return nil, 0, false, ctx.Err()
			}
			for i, ss := range segs {
				pl, err := dicts[i].PostingsList([]byte(buckets[next]), ss.Deleted(), nil)
				if err != nil {
					return nil, 0, false, fmt.Errorf("date order: %w", err)
				}
				it := pl.Iterator(false, false, false, nil)
				for {
					p, err := it.Next()
					if err != nil {
						return nil, 0, false, fmt.Errorf("date order: %w", err)
					}
					if p == nil {
						break
					}
					cands = append(cands, dateCand{num: offsets[i] + p.Number(), dated: true})
				}
			}
		}
		hits, ok, err := e.orderCands(ctx, q, slices.Clone(cands), n, desc, true)
		if err != nil || !ok {
			return nil, 0, false, err
		}
		if len(hits) >= n {
			return hits, total, true, nil
		}
		if next == len(buckets) {
			return nil, 0, false, nil // undated articles come next
		}
	}
}
