package engine

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// Top k without scoring every candidate.
//
// A relevance search of plain words otherwise lets bleve score every hit
// (each word a disjunction over headline, body and byline, so a two-word
// query walks six posting lists and decodes a frequency and norm per
// posting), keeps bleve's best RescoreWindow and re-scores them with
// textbook BM25. TopK instead finds the top k by textbook BM25 directly,
// per scorch segment (a prefix word, econom*, is a word of the terms it
// expands to: topk_prefix.go):
//
//   - the match set is roaring bitmaps: per word, the union of its
//     fields' postings; the words intersected; filters and negations
//     (bleve scans without scoring) intersected or removed. Totals, facets
//     and duplicate groups are counted from these bitmaps, exactly.
//   - the top k come from MaxScore (Turtle & Flood, 1995): each (field,
//     word) term has an upper bound, boost × idf × (k1+1), the most its
//     textbook BM25 part can reach whatever the frequency and length.
//     Sorted by bound, the terms whose bounds add up to no more than the
//     current k-th score are non-essential: a document holding only those
//     cannot enter the top k, so only documents holding an essential term
//     are candidates. A candidate's own bound (the bounds of the terms it
//     holds, known from the bitmaps) is checked before anything is
//     decoded, and its terms are decoded in decreasing bound, stopping as
//     soon as the rest cannot lift it above the k-th score.
//
// Scores are those of RescoreTerms (the same formula, boosts, idf and
// lengths), summed in one fixed order so that equal articles score alike;
// equal scores rank in index order.

// maxTFPart bounds the tf/length part of textbook BM25,
// tf·(k1+1)/(tf + k1·norm): below k1+1 for any frequency and length.
const maxTFPart = bm25K1 + 1

// boundSlack inflates the bounds so that no rounding of a sum of
// contributions can exceed the bound of the same terms.
const boundSlack = 1 + 1e-9

// TopKResult is the answer of TopK.
type TopKResult struct {
	// Hits are the best k matches, best first, equal scores in index
	// order; each has its id, internal id and textbook BM25 score.
	Hits []*search.DocumentMatch
	// Total counts every match.
	Total uint64
	// Scored counts the matches whose postings were decoded (the rest
	// were pruned), for tests and measurements.
	Scored uint64
	// Located is nil unless the query has prefix words; then it lists
	// the terms of its words, plain and expanded, that a hit holds: with
	// the query's phrases, all Locate needs to mark the hits' matches
	// (topk_prefix.go).
	Located []Term
	// matches are every match per segment, and offsets each segment's
	// first document number, kept by TopKCounting for TopKDuplicatesOf.
	matches []*roaring.Bitmap
	offsets []uint64
}

// topkWord is one word of a query: the terms that match it, one per field.
type topkWord []Term

// topkQuery is a query TopK can answer: words, all required, and
// clauses that narrow without scoring. A word may also be matched by
// phrases (topk_phrase.go): its alternatives are then words[i] and the
// phrases of word i.
type topkQuery struct {
	words   []topkWord
	phrases []queryPhrase
	filters []bq.Query // must match
	nots    []bq.Query // must not match
	// prefixes are the prefixes of the words that are prefixes (word*),
	// by the word's index: expandPrefixes gives those words their terms,
	// and df the document frequencies of those it knows.
	prefixes map[int][]Term
	df       map[Term]float64
}

// TopK returns the best k matches of q by textbook BM25 with the total
// count, without scoring every match. It answers queries that are words
// (each a disjunction of single-term or phrase matches over fields, a
// phrase scored as RescoreTerms scores it, topk_phrase.go; or of prefix
// queries: every term a prefix expands to, topk_prefix.go), all required,
// with filters and negations that do not score, on a read-only scorch
// index with statistics: it reports false, having done nothing, for any
// other query or index, which bleve's search then serves. When ctx
// carries a Capture (WithCapture), it records the matches in it.
func (e *Engine) TopK(ctx context.Context, q bq.Query, k int, stats Stats) (*TopKResult, bool, error) {
	res, _, ok, err := e.topK(ctx, q, k, stats, nil)
	return res, ok, err
}

// TopKCounting is TopK that also counts facets and, with field set, the
// duplicate groups on it among every match, as CountFacets(q, facets,
// field, false) counts them on an engine that does not cache, from the
// match bitmaps instead of a search of its own (the Counter's Groups
// holds only the keys of groups of several matches).
// Knowing how many matches collapse into an earlier match of their group
// (Counter.Extra), it reads k plus that many more hits, up to 2k, so that
// the page still fills once they are folded in.
func (e *Engine) TopKCounting(ctx context.Context, q bq.Query, k int, stats Stats, facets []Facet, field string) (*TopKResult, *Counter, bool, error) {
	if field == "" && len(facets) == 0 {
		return nil, nil, false, errors.New("top k: nothing to count")
	}
	return e.topK(ctx, q, k, stats, &countRequest{facets: facets, field: field})
}

// countRequest is what TopKCounting counts.
type countRequest struct {
	facets []Facet
	field  string
}

// topK is TopK, counting what count asks for when it is not nil.
func (e *Engine) topK(ctx context.Context, q bq.Query, k int, stats Stats, count *countRequest) (*TopKResult, *Counter, bool, error) {
	if !e.readOnly || stats.Docs == 0 {
		return nil, nil, false, nil
	}
	tq, ok := parseTopK(e.b.Mapping(), q)
	if !ok {
		return nil, nil, false, nil
	}
	r, segs, err := e.snapshot()
	if errors.Is(err, errNoBitmaps) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("top k: %w", err)
	}
	defer r.Close()
	if ok, err := tq.expandPrefixes(e, r, segs, e.maxExpansion); err != nil || !ok {
		return nil, nil, false, err
	}
	ev, err := e.newTopK(ctx, r, segs, tq, k, stats)
	if err != nil {
		return nil, nil, false, err
	}
	// Every segment's matches first: the groups they make decide k.
	terms := make([][]*segTerm, len(segs))
	for i := range segs {
		if terms[i], err = ev.match(i); err != nil {
			return nil, nil, false, err
		}
	}
	var groups *Counter
	if count != nil {
		if count.field != "" {
			groups, err = ev.countGroups(r, count.field)
		}
		if err == nil && len(count.facets) > 0 {
			// The keys several matches share, so that the others are
			// counted as groups of their own without bookkeeping.
			var shared map[string]uint32
			if groups != nil {
				shared = groups.shared
			}
			groups, err = ev.countFacets(ctx, r, count.facets, count.field, shared)
		}
		if err != nil {
			return nil, nil, false, err
		}
		ev.k += min(groups.Extra(), ev.k)
	}
	for i := range segs {
		if err := ev.score(ctx, i, terms[i]); err != nil {
			return nil, nil, false, err
		}
	}
	if c := captureFrom(ctx); c != nil {
		if err := c.record(ev.offsets, ev.matches); err != nil {
			return nil, nil, false, err
		}
	}
	hits, err := ev.hits(r)
	if err != nil {
		return nil, nil, false, err
	}
	res := &TopKResult{Hits: hits, Total: ev.total, Scored: ev.scored}
	if len(tq.prefixes) > 0 {
		res.Located = ev.heldTerms(terms)
	}
	if groups != nil {
		res.matches, res.offsets = ev.matches, ev.offsets
	}
	return res, groups, true, nil
}

// parseTopK recognises the queries TopK answers, as querylang builds them
// (with ArticlesOnly and the date and filter clauses added around).
func parseTopK(m mapping.IndexMapping, q bq.Query) (*topkQuery, bool) {
	tq := &topkQuery{}
	if !tq.add(m, q) || len(tq.words) == 0 {
		return nil, false
	}
	return tq, true
}

func (tq *topkQuery) add(m mapping.IndexMapping, q bq.Query) bool {
	switch q := q.(type) {
	case *bq.BooleanQuery:
		if q.Should != nil {
			return false
		}
		if q.Must != nil && !tq.add(m, q.Must) {
			return false
		}
		if q.MustNot != nil {
			tq.nots = append(tq.nots, q.MustNot)
		}
		if q.Filter != nil {
			tq.filters = append(tq.filters, q.Filter)
		}
		return true
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !tq.add(m, c) {
				return false
			}
		}
		return true
	case *bq.MatchAllQuery:
		return true
	case *bq.TermQuery:
		// An exact value (kind:article, source_code:AFPR) narrows: keyword
		// fields have no locations and add nothing to textbook BM25.
		if schema.AnalyzerFor(q.FieldVal) != keyword.Name {
			return false
		}
		tq.filters = append(tq.filters, q)
		return true
	case *bq.MatchQuery, *bq.MatchPhraseQuery:
		tq.words = append(tq.words, nil)
		return tq.addAlternative(m, len(tq.words)-1, q)
	case *bq.PrefixQuery:
		return tq.addPrefixWord([]bq.Query{q})
	case *bq.DisjunctionQuery:
		if q.Min > 1 && len(q.Disjuncts) > 1 {
			return false
		}
		if isPrefixWord(q) {
			return tq.addPrefixWord(q.Disjuncts)
		}
		wi := len(tq.words)
		tq.words = append(tq.words, nil)
		for _, c := range q.Disjuncts {
			if !tq.addAlternative(m, wi, c) {
				return false
			}
		}
		return len(tq.words[wi]) > 0 || tq.hasPhrase(wi)
	}
	return false
}

// matchTerm is the one term a match query searches for, analysed with its
// analyzer; false when it is fuzzy, a prefix, or not one term.
func matchTerm(m mapping.IndexMapping, q *bq.MatchQuery) (Term, bool) {
	if q.Fuzziness != 0 || q.Prefix != 0 || q.FieldVal == "" || q.Analyzer == "" {
		return Term{}, false
	}
	if schema.AnalyzerFor(q.FieldVal) == keyword.Name {
		return Term{}, false // a keyword field: no locations, scored apart
	}
	a := m.AnalyzerNamed(q.Analyzer)
	if a == nil {
		return Term{}, false
	}
	toks := a.Analyze([]byte(q.Match))
	if len(toks) != 1 {
		return Term{}, false
	}
	return Term{Field: q.FieldVal, Term: string(toks[0].Term)}, true
}

// topkTerm is a distinct (field, word) term of the query with its weight.
type topkTerm struct {
	Term
	boost, idf float64
	avg        float64 // the field's mean length
	bound      float64 // the most the term adds to a score, inflated
	words      []int   // the words it matches
	// group, when set, makes this the pseudo-term of a field's phrases:
	// what their words add where they form a phrase.
	group *phraseGroup
}

// topK is one evaluation: the terms, the bitmaps of the clauses that do
// not score, and the best hits found so far.
type topK struct {
	e       *Engine
	segs    []*scorch.SegmentSnapshot
	offsets []uint64
	terms   []topkTerm // in (field, term) order: the order scores are summed in
	words   int
	filters [][]*roaring.Bitmap // per filter, per segment
	nots    [][]*roaring.Bitmap
	ph      *topkPhrases // nil without phrases
	k       int
	best    hitHeap
	matches []*roaring.Bitmap // per segment
	total   uint64
	scored  uint64
}

func (e *Engine) newTopK(ctx context.Context, r bindex.IndexReader, segs []*scorch.SegmentSnapshot, tq *topkQuery, k int, stats Stats) (*topK, error) {
	ev := &topK{e: e, segs: segs, words: len(tq.words), k: max(k, 0), matches: make([]*roaring.Bitmap, len(segs))}
	var offset uint64
	for _, ss := range segs {
		ev.offsets = append(ev.offsets, offset)
		offset += ss.Segment().Count()
	}
	at := map[Term]int{}
	for wi, w := range tq.words {
		for _, t := range w {
			i, ok := at[t]
			if !ok {
				i = len(ev.terms)
				at[t] = i
				ev.terms = append(ev.terms, topkTerm{Term: t})
			}
			if !slices.Contains(ev.terms[i].words, wi) {
				ev.terms[i].words = append(ev.terms[i].words, wi)
			}
		}
	}
	ev.addPhrases(tq.phrases)
	slices.SortFunc(ev.terms, func(a, b topkTerm) int {
		if a.Field != b.Field {
			return strings.Compare(a.Field, b.Field)
		}
		return strings.Compare(a.Term.Term, b.Term.Term)
	})
	n := float64(stats.Docs) // articles only, as in Rescore
	for i := range ev.terms {
		t := &ev.terms[i]
		if t.group != nil {
			continue // phraseStats
		}
		df, ok := tq.df[t.Term]
		if !ok {
			tfr, err := r.TermFieldReader(ctx, []byte(t.Term.Term), t.Field, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("top k: %s:%s: %w", t.Field, t.Term.Term, err)
			}
			df = float64(tfr.Count())
			_ = tfr.Close()
		}
		t.boost = e.fieldBoost(t.Field)
		t.idf = bm25IDF(n, df)
		t.avg = stats.AvgLength(t.Field)
		t.bound = t.boost * t.idf * maxTFPart * boundSlack
	}
	if err := ev.phraseStats(ctx, r, n, stats); err != nil {
		return nil, err
	}
	// Clauses other than exact values are read only where the words
	// match, when that is a small part of the index: a filter of a
	// common source would otherwise visit every article of it.
	var within []*roaring.Bitmap
	if slices.ContainsFunc(slices.Concat(tq.filters, tq.nots), isScanned) {
		var err error
		if within, err = ev.wordMatches(); err != nil {
			return nil, err
		}
	}
	for _, f := range tq.filters {
		bms, err := ev.clauseBitmaps(ctx, f, within)
		if err != nil {
			return nil, err
		}
		ev.filters = append(ev.filters, bms)
	}
	for _, f := range tq.nots {
		bms, err := ev.clauseBitmaps(ctx, f, within)
		if err != nil {
			return nil, err
		}
		ev.nots = append(ev.nots, bms)
	}
	return ev, nil
}

// isScanned reports whether clauseBitmaps reads clause q with a scan
// rather than from one term's postings.
func isScanned(q bq.Query) bool {
	_, term := q.(*bq.TermQuery)
	return !term
}

// scanWithinShare is the largest share of the index's documents the word
// matches may hold for a scanned clause to be read at those documents
// only; above it, one pass over the clause's own hits is cheaper than
// advancing to each match.
const scanWithinShare = 1.0 / 8

// wordMatches returns, per segment, the documents that hold every word
// (each in any of its fields), or nil when they are more than
// scanWithinShare of the index.
func (ev *topK) wordMatches() ([]*roaring.Bitmap, error) {
	out := make([]*roaring.Bitmap, len(ev.segs))
	var n, docs uint64
	for i, ss := range ev.segs {
		parts := make([][]*roaring.Bitmap, ev.words)
		for ti := range ev.terms {
			t := &ev.terms[ti]
			if t.group != nil {
				continue
			}
			bm, err := postingsBitmap(ss, t.Field, t.Term.Term)
			if err != nil {
				return nil, err
			}
			for _, w := range t.words {
				parts[w] = append(parts[w], bm)
			}
		}
		words := unionWords(parts)
		if ev.ph != nil {
			// The documents holding a phrase's words: a superset.
			sp, err := ev.ph.candidates(ss)
			if err != nil {
				return nil, err
			}
			sp.orInto(ev.ph, words)
		}
		out[i] = words[0]
		if len(words) > 1 {
			out[i] = roaring.FastAnd(words...)
		}
		n += out[i].GetCardinality()
		docs += ss.Segment().Count()
	}
	if float64(n) > scanWithinShare*float64(docs) {
		return nil, nil
	}
	return out, nil
}

// clauseBitmaps returns, per segment, the documents a clause that does
// not score matches: an exact value's postings, or a scan of any other
// clause (date ranges, phrases of source names, negations). With within
// (per segment), a scanned clause is read at those documents only, and
// the bitmaps it returns are exact there and empty elsewhere. A caching
// engine keeps the bitmaps of a clause scanned whole (clausecache.go).
func (ev *topK) clauseBitmaps(ctx context.Context, q bq.Query, within []*roaring.Bitmap) (_ []*roaring.Bitmap, err error) {
	out := make([]*roaring.Bitmap, len(ev.segs))
	if t, ok := q.(*bq.TermQuery); ok {
		for i, ss := range ev.segs {
			bm, err := postingsBitmap(ss, t.FieldVal, t.Term)
			if err != nil {
				return nil, err
			}
			out[i] = bm
		}
		return out, nil
	}
	// Kept bitmaps hold every document of the clause: exact within too.
	key := ""
	if ev.e.readOnly && ev.e.cache != nil {
		key = clauseKey(q)
	}
	if kept := ev.e.keptClause(key); kept != nil {
		return kept, nil
	}
	for i := range out {
		out[i] = roaring.New()
	}
	sc, err := ev.e.newScan(ctx, q, "top k")
	if err != nil {
		return nil, err
	}
	defer sc.close()
	// A clause read at the word matches only is exact there alone, and is
	// not kept; one that comes again is scanned whole, and kept.
	if within != nil && !ev.e.clauseAgain(key) {
		return out, ev.scanWithin(ctx, sc, within, out)
	}
	defer func() {
		if err == nil {
			ev.e.keepClause(key, out)
		}
	}()
	seg := 0
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d, err := sc.next()
		if err != nil {
			return nil, fmt.Errorf("top k: %w", err)
		}
		if d == nil {
			break
		}
		num := d.IndexInternalID.Value()
		if seg >= len(ev.segs) || num < ev.offsets[seg] || num >= ev.offsets[seg]+ev.segs[seg].Segment().Count() {
			seg = sort.Search(len(ev.offsets), func(i int) bool { return ev.offsets[i] > num }) - 1
			if seg < 0 {
				return nil, fmt.Errorf("top k: document %d is in no segment", num)
			}
		}
		out[seg].Add(uint32(num - ev.offsets[seg]))
		sc.release(d)
	}
	return out, nil
}

// scanWithin adds to out the documents of within that sc's clause
// matches, advancing sc from one of them to the next.
func (ev *topK) scanWithin(ctx context.Context, sc *scan, within, out []*roaring.Bitmap) error {
	var at uint64 // the document sc stands on, valid when d is not nil
	var d *search.DocumentMatch
	id := make(bindex.IndexInternalID, 8)
	n := 0
	for i, docs := range within {
		it := docs.Iterator()
		for it.HasNext() {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			want := ev.offsets[i] + uint64(it.Next())
			if d == nil || at < want {
				if d != nil {
					sc.release(d)
				}
				var err error
				if d, err = sc.advance(bindex.NewIndexInternalID(id, want)); err != nil {
					return fmt.Errorf("top k: %w", err)
				}
				if d == nil {
					return nil // the clause has no hit from here on
				}
				at = d.IndexInternalID.Value()
			}
			if at == want {
				out[i].Add(uint32(want - ev.offsets[i]))
			}
		}
	}
	if d != nil {
		sc.release(d)
	}
	return nil
}

// orInto is what zap's postings lists offer: their documents, added to a
// bitmap without decoding anything else.
type orInto interface{ OrInto(*roaring.Bitmap) }

// postingsList returns the postings of term in field of one segment, less
// its deleted documents, or nil.
func postingsList(ss *scorch.SegmentSnapshot, field, term string) (segment.PostingsList, error) {
	dict, err := ss.Segment().Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("top k: %s: %w", field, err)
	}
	pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
	if err != nil {
		return nil, fmt.Errorf("top k: %s:%s: %w", field, term, err)
	}
	if pl == nil || pl.Count() == 0 {
		return nil, nil
	}
	return pl, nil
}

// postingsBitmap returns the live documents of one segment holding term
// in field.
func postingsBitmap(ss *scorch.SegmentSnapshot, field, term string) (*roaring.Bitmap, error) {
	pl, err := postingsList(ss, field, term)
	if err != nil || pl == nil {
		return roaring.New(), err
	}
	return listBitmap(ss, pl)
}

// listBitmap returns the live documents of a postings list.
func listBitmap(ss *scorch.SegmentSnapshot, pl segment.PostingsList) (*roaring.Bitmap, error) {
	bm := roaring.New()
	if o, ok := pl.(orInto); ok {
		o.OrInto(bm)
		if d := ss.Deleted(); d != nil {
			bm.AndNot(d)
		}
		return bm, nil
	}
	it := pl.Iterator(false, false, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("top k: %w", err)
		}
		if p == nil {
			return bm, nil
		}
		bm.Add(uint32(p.Number()))
	}
}

// segTerm is a term of the query in one segment.
type segTerm struct {
	t    *topkTerm
	idx  int // in topK.terms
	docs *roaring.Bitmap
	pl   segment.PostingsList
	it   segment.PostingsIterator
	phr  *phraseScores // a phrase pseudo-term's scores, found as it matched
}

// match finds the matches of segment i (ev.matches) and returns the
// query's terms there, for score.
func (ev *topK) match(i int) ([]*segTerm, error) {
	ss := ev.segs[i]
	var ts []*segTerm
	parts := make([][]*roaring.Bitmap, ev.words)
	for ti := range ev.terms {
		t := &ev.terms[ti]
		if t.group != nil {
			continue // matchPhrases
		}
		pl, err := postingsList(ss, t.Field, t.Term.Term)
		if err != nil {
			return nil, err
		}
		if pl == nil {
			continue
		}
		bm, err := listBitmap(ss, pl)
		if err != nil {
			return nil, err
		}
		for _, w := range t.words {
			parts[w] = append(parts[w], bm)
		}
		ts = append(ts, &segTerm{t: t, idx: ti, docs: bm, pl: pl})
	}
	words := unionWords(parts)
	if ev.ph != nil {
		pts, err := ev.matchPhrases(i, words)
		if err != nil {
			return nil, err
		}
		ts = append(ts, pts...)
	}
	match := ev.narrow(i, words)
	ev.matches[i] = match
	ev.total += match.GetCardinality()
	return ts, nil
}

// unionWords returns, per word, the union of its terms' bitmaps (parts),
// new bitmaps the caller may change. A word of many terms (a prefix word,
// hundreds) has them unioned all at once: added one by one, each is
// merged into a growing array container.
func unionWords(parts [][]*roaring.Bitmap) []*roaring.Bitmap {
	words := make([]*roaring.Bitmap, len(parts))
	for w, bms := range parts {
		if len(bms) > manyTerms {
			words[w] = roaring.FastOr(bms...)
			continue
		}
		words[w] = roaring.New()
		for _, bm := range bms {
			words[w].Or(bm)
		}
	}
	return words
}

// narrow returns the documents of segment i that hold every word (words,
// each word's documents there) and pass the filters and negations: the
// first word's bitmap, intersected in place.
func (ev *topK) narrow(i int, words []*roaring.Bitmap) *roaring.Bitmap {
	match := words[0]
	for _, w := range words[1:] {
		match.And(w)
	}
	for _, f := range ev.filters {
		match.And(f[i])
	}
	for _, f := range ev.nots {
		match.AndNot(f[i])
	}
	return match
}

// score offers each candidate of segment i, whose terms are ts, to the
// best hits.
func (ev *topK) score(ctx context.Context, i int, ts []*segTerm) error {
	match := ev.matches[i]
	if ev.k == 0 || match.IsEmpty() {
		return nil
	}
	// Each term's documents among the matches; terms by increasing bound.
	live := ts[:0]
	for _, st := range ts {
		st.docs.And(match)
		if !st.docs.IsEmpty() {
			live = append(live, st)
		}
	}
	ts = live
	slices.SortStableFunc(ts, func(a, b *segTerm) int {
		switch {
		case a.t.bound < b.t.bound:
			return -1
		case a.t.bound > b.t.bound:
			return 1
		}
		return 0
	})
	prefix := make([]float64, len(ts)+1) // prefix[n]: the bounds of ts[:n]
	for j, st := range ts {
		prefix[j+1] = prefix[j] + st.t.bound
	}
	if len(ts) > manyTerms {
		return ev.scoreMany(ctx, i, ts, prefix)
	}
	// essential is the first essential term: ts[:essential] add up to no
	// more than the k-th score.
	essential := -1
	var cands roaring.IntPeekable
	var next uint32 // candidates from here on
	contrib := make([]float64, len(ev.terms))
	have := make([]*segTerm, 0, len(ts))
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if e := ev.essential(prefix); e != essential {
			essential = e
			if essential == len(ts) {
				return nil // no document of the segment can enter
			}
			bm := roaring.New()
			for _, st := range ts[essential:] {
				bm.Or(st.docs)
			}
			it := bm.Iterator()
			it.AdvanceIfNeeded(next)
			cands = it
		}
		if !cands.HasNext() {
			return nil
		}
		doc := cands.Next()
		next = doc + 1
		// The candidate's own bound, from the terms it holds.
		have = have[:0]
		bound := 0.0
		for j := len(ts) - 1; j >= 0; j-- {
			if st := ts[j]; st.docs.Contains(doc) {
				have = append(have, st)
				bound += st.t.bound
			}
		}
		if !ev.mayEnter(bound) {
			continue
		}
		if err := ev.evaluate(i, doc, have, bound, contrib); err != nil {
			return err
		}
	}
}

// evaluate decodes the terms doc of segment i holds (have, in decreasing
// bound, whose bounds add up to bound) and offers its score to the best
// hits, stopping once the terms left cannot lift it into them. contrib
// is scratch, one zero per query term, left zero.
func (ev *topK) evaluate(i int, doc uint32, have []*segTerm, bound float64, contrib []float64) error {
	// Decode in decreasing bound; stop once the rest cannot lift it.
	partial := 0.0
	for j, st := range have {
		c, err := ev.contribution(st, doc)
		if err != nil {
			return err
		}
		contrib[st.idx] = c
		partial += c
		bound -= st.t.bound
		if j < len(have)-1 && !ev.mayEnter(partial*boundSlack+bound) {
			for _, s := range have[:j+1] {
				contrib[s.idx] = 0
			}
			ev.scored++
			return nil
		}
	}
	ev.scored++
	// Summed in term order, whatever order they were decoded in.
	slices.SortFunc(have, func(a, b *segTerm) int { return a.idx - b.idx })
	score := 0.0
	for _, st := range have {
		score += contrib[st.idx]
		contrib[st.idx] = 0
	}
	ev.offer(score, ev.offsets[i]+uint64(doc))
	return nil
}

// contribution decodes what term st adds to doc's score; doc holds it.
func (ev *topK) contribution(st *segTerm, doc uint32) (float64, error) {
	if st.phr != nil {
		return st.phr.score(doc)
	}
	if st.it == nil {
		st.it = st.pl.Iterator(true, true, false, nil)
	}
	p, err := st.it.Advance(uint64(doc))
	if err != nil {
		return 0, fmt.Errorf("top k: %s:%s: %w", st.t.Field, st.t.Term.Term, err)
	}
	if p == nil || p.Number() != uint64(doc) {
		return 0, fmt.Errorf("top k: %s:%s: document %d is in the bitmap, not in the postings", st.t.Field, st.t.Term.Term, doc)
	}
	// As RescoreTerms reads the length: bleve's norm is 1/sqrt(tokens).
	dl := 0.0
	if nb := p.Norm(); nb > 0 {
		dl = math.Round(1 / (nb * nb))
	}
	return bm25Score(st.t.boost, st.t.idf, float64(p.Frequency()), bm25Norm(dl, st.t.avg)), nil
}

// essential returns how many of the terms (bounds prefix-summed, by
// increasing bound) are non-essential: together they cannot lift a
// document above the k-th score, and later documents lose ties.
func (ev *topK) essential(prefix []float64) int {
	if len(ev.best) < ev.k {
		return 0
	}
	theta := ev.best[0].score
	n := 0
	for n+1 < len(prefix) && prefix[n+1] <= theta {
		n++
	}
	return n
}

// mayEnter reports whether a document scoring up to bound could enter
// the best hits: a later document needs more than the k-th score.
func (ev *topK) mayEnter(bound float64) bool {
	return len(ev.best) < ev.k || bound > ev.best[0].score
}

// offer keeps the document among the best hits if it beats the k-th;
// documents come in index order, so an equal score loses.
func (ev *topK) offer(score float64, num uint64) {
	if len(ev.best) < ev.k {
		heap.Push(&ev.best, scoredDoc{score, num})
		return
	}
	if score > ev.best[0].score {
		ev.best[0] = scoredDoc{score, num}
		heap.Fix(&ev.best, 0)
	}
}

// hits returns the best hits, best first.
func (ev *topK) hits(r bindex.IndexReader) ([]*search.DocumentMatch, error) {
	best := slices.Clone(ev.best)
	slices.SortFunc(best, func(a, b scoredDoc) int {
		if worse(a, b) {
			return 1
		}
		if worse(b, a) {
			return -1
		}
		return 0
	})
	out := make([]*search.DocumentMatch, len(best))
	for i, b := range best {
		id := bindex.NewIndexInternalID(nil, b.num)
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, fmt.Errorf("top k: document %d: %w", b.num, err)
		}
		out[i] = &search.DocumentMatch{ID: ext, IndexInternalID: id, Score: b.score}
	}
	return out, nil
}

// scoredDoc is a hit: its score and its number in the index.
type scoredDoc struct {
	score float64
	num   uint64
}

// worse orders hits: lower score, or an equal score later in the index.
func worse(a, b scoredDoc) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.num > b.num
}

// hitHeap holds the best hits with the worst on top.
type hitHeap []scoredDoc

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(scoredDoc)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// captureKey carries a Capture for TopK in a context.
type captureKey struct{}

// WithCapture returns ctx carrying c, so that a TopK run with it records
// its matches in c as a ranking search would (Capture.Context). A nil c
// hides the capture ctx carries, for the searches after the one it
// records.
func WithCapture(ctx context.Context, c *Capture) context.Context {
	return context.WithValue(ctx, captureKey{}, c)
}

func captureFrom(ctx context.Context) *Capture {
	c, _ := ctx.Value(captureKey{}).(*Capture)
	return c
}

// record notes the matches of a TopK, per segment (offsets: each
// segment's first document number), as add notes a search's hits.
func (c *Capture) record(offsets []uint64, matches []*roaring.Bitmap) error {
	if c.used {
		return errors.New("capture: used by a second search")
	}
	c.used = true
	if c.hits != nil {
		segs := c.hits.v.segs
		if len(segs) != len(matches) {
			return fmt.Errorf("capture: %d segments, %d when the bitmaps were built", len(matches), len(segs))
		}
		for i, sv := range segs {
			if sv.offset != offsets[i] {
				return fmt.Errorf("capture: segment %d starts at %d, at %d when the bitmaps were built", i, offsets[i], sv.offset)
			}
			c.hits.out[i] = matches[i]
		}
	}
	if c.field == "" {
		return nil
	}
	c.matched = c.shared.matched(offsets, matches, c.matched)
	return nil
}
