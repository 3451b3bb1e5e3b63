package engine

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// Phrases in TopK.
//
// A phrase in a field is one more alternative of a query word, matched
// without bleve's phrase searcher: per segment, the documents holding all
// its words (their postings intersected, and with the query's other words
// and clauses) are the candidates, and only there are the words' positions
// read from their posting lists, one Advance per word and candidate, to
// keep the documents where the words stand at the phrase's relative
// positions. Totals, facets and duplicate groups then come from the
// bitmaps as they do for plain words.
//
// The phrases of one field are scored together, as one pseudo-term of
// MaxScore: what RescoreTerms gives their words (matchCounts), each word
// counting the distinct positions where it forms one of the field's
// phrases (a word that is also a plain word of the field is a plain term
// and counts every occurrence). Its score is found while the positions
// are read, for every match, so that the ranking is textbook BM25 over
// every match, not bleve's phrase scores' top RescoreWindow re-scored.
// Its bound is the sum of its words' bounds, boost × idf × (k1+1).

// queryPhrase is a phrase alternative of a query word.
type queryPhrase struct {
	word int // in topkQuery.words
	Phrase
}

// addAlternative adds q, a match or match-phrase query, as an
// alternative of word wi; false when TopK cannot answer it.
func (tq *topkQuery) addAlternative(m mapping.IndexMapping, wi int, q bq.Query) bool {
	switch q := q.(type) {
	case *bq.MatchQuery:
		t, ok := matchTerm(m, q)
		if ok {
			tq.words[wi] = append(tq.words[wi], t)
		}
		return ok
	case *bq.MatchPhraseQuery:
		p, ok := matchPhrase(m, q)
		switch {
		case !ok:
			return false
		case len(p.Words) == 1:
			// Where a one-word phrase forms is where its word is.
			tq.words[wi] = append(tq.words[wi], Term{Field: p.Field, Term: p.Words[0]})
		default:
			tq.phrases = append(tq.phrases, queryPhrase{word: wi, Phrase: p})
		}
		return true
	}
	return false
}

// hasPhrase reports whether word wi has a phrase alternative.
func (tq *topkQuery) hasPhrase(wi int) bool {
	return slices.ContainsFunc(tq.phrases, func(p queryPhrase) bool { return p.word == wi })
}

// matchPhrase is the phrase a match-phrase query searches for, analysed
// with its analyzer as bleve analyses it (a stop word leaves a gap);
// false when it is fuzzy, has no word, or two words at one position
// (bleve would take either).
func matchPhrase(m mapping.IndexMapping, q *bq.MatchPhraseQuery) (Phrase, bool) {
	if q.Fuzziness != 0 || q.FieldVal == "" || q.Analyzer == "" || schema.AnalyzerFor(q.FieldVal) == keyword.Name {
		return Phrase{}, false
	}
	a := m.AnalyzerNamed(q.Analyzer)
	if a == nil {
		return Phrase{}, false
	}
	toks := a.Analyze([]byte(q.MatchPhrase))
	if len(toks) == 0 {
		return Phrase{}, false
	}
	first := toks[0].Position
	for _, t := range toks {
		first = min(first, t.Position)
	}
	p := Phrase{Field: q.FieldVal}
	for _, t := range toks {
		at := uint64(t.Position - first)
		if slices.Contains(p.At, at) {
			return Phrase{}, false
		}
		p.Words = append(p.Words, string(t.Term))
		p.At = append(p.At, at)
	}
	return p, true
}

// topkPhrases are the phrases of a query, by field.
type topkPhrases struct {
	phrases []*topkPhrase
	groups  []*phraseGroup
	// terms are the distinct (field, word) terms of the phrases, and
	// scored says which of them count in their group's score.
	terms []Term
}

// topkPhrase is a distinct phrase of the query.
type topkPhrase struct {
	Phrase
	words []int // the query words it is an alternative of
	group *phraseGroup
	slots []int // per word of the phrase, its index in topkPhrases.terms
}

// phraseGroup is the phrases of one field, scored as one pseudo-term.
type phraseGroup struct {
	field   string
	phrases []*topkPhrase
	slots   []int // its terms, in topkPhrases.terms
	// per slot of topkPhrases.terms: the word's idf, and whether it
	// counts here (not when it is a plain word of the query too)
	idf        []float64
	scored     []bool
	boost, avg float64
	term       int // its pseudo-term in topK.terms
}

// addPhrases records the query's phrases, and a pseudo-term per field
// that has any in ev.terms (not yet sorted).
func (ev *topK) addPhrases(qps []queryPhrase) {
	if len(qps) == 0 {
		return
	}
	ph := &topkPhrases{}
	slot := func(t Term) int {
		if i := slices.Index(ph.terms, t); i >= 0 {
			return i
		}
		ph.terms = append(ph.terms, t)
		return len(ph.terms) - 1
	}
	for _, qp := range qps {
		i := slices.IndexFunc(ph.phrases, func(p *topkPhrase) bool {
			return p.Field == qp.Field && slices.Equal(p.Words, qp.Words) && slices.Equal(p.At, qp.At)
		})
		if i >= 0 {
			if !slices.Contains(ph.phrases[i].words, qp.word) {
				ph.phrases[i].words = append(ph.phrases[i].words, qp.word)
			}
			continue
		}
		gi := slices.IndexFunc(ph.groups, func(g *phraseGroup) bool { return g.field == qp.Field })
		if gi < 0 {
			gi = len(ph.groups)
			ph.groups = append(ph.groups, &phraseGroup{field: qp.Field})
			ev.terms = append(ev.terms, topkTerm{Term: Term{Field: qp.Field}, group: ph.groups[gi]})
		}
		p := &topkPhrase{Phrase: qp.Phrase, words: []int{qp.word}, group: ph.groups[gi]}
		for _, w := range p.Words {
			s := slot(Term{p.Field, w})
			p.slots = append(p.slots, s)
			if !slices.Contains(p.group.slots, s) {
				p.group.slots = append(p.group.slots, s)
			}
		}
		p.group.phrases = append(p.group.phrases, p)
		ph.phrases = append(ph.phrases, p)
	}
	ev.ph = ph
}

// phraseStats weighs the phrases' words (n articles) and bounds each
// field's pseudo-term by the sum of the bounds of the words it scores.
func (ev *topK) phraseStats(ctx context.Context, r bindex.IndexReader, n float64, stats Stats) error {
	ph := ev.ph
	if ph == nil {
		return nil
	}
	plain := map[Term]bool{}
	for ti := range ev.terms {
		if t := &ev.terms[ti]; t.group != nil {
			t.group.term = ti
		} else {
			plain[t.Term] = true
		}
	}
	idf := make([]float64, len(ph.terms))
	for i, t := range ph.terms {
		if plain[t] {
			continue // the plain term counts it
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t.Term), t.Field, false, false, false)
		if err != nil {
			return fmt.Errorf("top k: %s:%s: %w", t.Field, t.Term, err)
		}
		df := float64(tfr.Count())
		_ = tfr.Close()
		idf[i] = bm25IDF(n, df)
	}
	for _, g := range ph.groups {
		g.boost = ev.e.fieldBoost(g.field)
		g.avg = stats.AvgLength(g.field)
		g.idf = idf
		g.scored = make([]bool, len(ph.terms))
		t := &ev.terms[g.term]
		for _, s := range g.slots {
			if !plain[ph.terms[s]] {
				g.scored[s] = true
				t.bound += g.boost * idf[s] * maxTFPart * boundSlack
			}
		}
	}
	return nil
}

// segPhrases are the phrases' words in one segment.
type segPhrases struct {
	lists []segment.PostingsList // per term of topkPhrases.terms; nil when absent
	cands []*roaring.Bitmap      // per phrase: the documents holding all its words
}

// candidates reads the postings of the phrases' words in segment ss.
func (ph *topkPhrases) candidates(ss *scorch.SegmentSnapshot) (*segPhrases, error) {
	sp := &segPhrases{lists: make([]segment.PostingsList, len(ph.terms))}
	bms := make([]*roaring.Bitmap, len(ph.terms))
	for i, t := range ph.terms {
		pl, err := postingsList(ss, t.Field, t.Term)
		if err != nil {
			return nil, err
		}
		if pl == nil {
			continue
		}
		if bms[i], err = listBitmap(ss, pl); err != nil {
			return nil, err
		}
		sp.lists[i] = pl
	}
	for _, p := range ph.phrases {
		var all []*roaring.Bitmap
		for _, s := range p.slots {
			if bms[s] == nil {
				all = nil
				break
			}
			all = append(all, bms[s])
		}
		switch len(all) {
		case 0:
			sp.cands = append(sp.cands, roaring.New())
		case 1:
			sp.cands = append(sp.cands, all[0].Clone())
		default:
			sp.cands = append(sp.cands, roaring.FastAnd(all...))
		}
	}
	return sp, nil
}

// orInto adds each phrase's candidates to the words it is an alternative
// of.
func (sp *segPhrases) orInto(ph *topkPhrases, words []*roaring.Bitmap) {
	for pi, p := range ph.phrases {
		for _, w := range p.words {
			words[w].Or(sp.cands[pi])
		}
	}
}

// matchPhrases finds where the phrases form in segment i among the
// documents that may match the query (every word's alternatives, a
// phrase's by its candidates, and the clauses that narrow), adds them to
// the words they are alternatives of, and returns each field's
// pseudo-term there, scored.
func (ev *topK) matchPhrases(i int, words []*roaring.Bitmap) ([]*segTerm, error) {
	ph := ev.ph
	sp, err := ph.candidates(ev.segs[i])
	if err != nil {
		return nil, err
	}
	maybe := make([]*roaring.Bitmap, len(words))
	for w := range words {
		maybe[w] = words[w].Clone()
	}
	sp.orInto(ph, maybe)
	within := ev.narrow(i, maybe)
	var ts []*segTerm
	found := make([]*roaring.Bitmap, len(ph.phrases))
	for _, g := range ph.groups {
		st, err := g.verify(ph, sp, within, found)
		if err != nil {
			return nil, err
		}
		if st != nil {
			st.t, st.idx = &ev.terms[g.term], g.term
			ts = append(ts, st)
		}
	}
	for pi, p := range ph.phrases {
		for _, w := range p.words {
			words[w].Or(found[pi])
		}
	}
	return ts, nil
}

// verify reads the positions of g's words at each candidate of its
// phrases within within, sets found (per phrase) to the documents where
// the phrase forms, and returns g's pseudo-term with the score of each,
// or nil when g scores nothing.
func (g *phraseGroup) verify(ph *topkPhrases, sp *segPhrases, within *roaring.Bitmap, found []*roaring.Bitmap) (*segTerm, error) {
	idx := make([]int, 0, len(g.phrases)) // the group's phrases, in ph.phrases
	todo := roaring.New()
	for pi, p := range ph.phrases {
		if p.group != g {
			continue
		}
		idx = append(idx, pi)
		found[pi] = roaring.And(sp.cands[pi], within)
		todo.Or(found[pi])
	}
	// found[pi] holds the candidates until checked; the kept documents
	// are collected apart.
	cands := make([]*roaring.Bitmap, len(idx))
	for j, pi := range idx {
		cands[j], found[pi] = found[pi], roaring.New()
	}
	its := make([]segment.PostingsIterator, len(ph.terms))
	pos := make([][]uint64, len(ph.terms))
	norm := make([]float64, len(ph.terms))
	read := make([]bool, len(ph.terms))
	kept := make([][]uint64, len(ph.terms)) // positions where a scored word forms a phrase
	scores := &phraseScores{}
	docs := roaring.New()
	it := todo.Iterator()
	for it.HasNext() {
		doc := it.Next()
		clear(read)
		matched := false
		for j, pi := range idx {
			if !cands[j].Contains(doc) {
				continue
			}
			p := ph.phrases[pi]
			for _, s := range p.slots {
				if read[s] {
					continue
				}
				if its[s] == nil {
					its[s] = sp.lists[s].Iterator(true, true, true, nil)
				}
				var err error
				if pos[s], norm[s], err = positions(its[s], doc, pos[s][:0]); err != nil {
					t := ph.terms[s]
					return nil, fmt.Errorf("top k: %s:%s: %w", t.Field, t.Term, err)
				}
				read[s] = true
			}
			if formsAt(p, pos, g.scored, kept) {
				found[pi].Add(doc)
				matched = true
			}
		}
		if !matched {
			continue
		}
		docs.Add(doc)
		score := 0.0
		for _, s := range g.slots {
			if len(kept[s]) == 0 {
				continue
			}
			slices.Sort(kept[s])
			tf := float64(len(slices.Compact(kept[s])))
			kept[s] = kept[s][:0]
			// As RescoreTerms reads the length: bleve's norm is
			// 1/sqrt(tokens).
			dl := 0.0
			if nb := norm[s]; nb > 0 {
				dl = math.Round(1 / (nb * nb))
			}
			score += bm25Score(g.boost, g.idf[s], tf, bm25Norm(dl, g.avg))
		}
		scores.docs = append(scores.docs, doc)
		scores.scores = append(scores.scores, score)
	}
	if !slices.Contains(g.scored, true) {
		return nil, nil
	}
	return &segTerm{docs: docs, phr: scores}, nil
}

// positions reads the positions of a word in doc, which holds it, into
// buf (ascending), with its norm.
func positions(it segment.PostingsIterator, doc uint32, buf []uint64) ([]uint64, float64, error) {
	p, err := it.Advance(uint64(doc))
	if err != nil {
		return nil, 0, err
	}
	if p == nil || p.Number() != uint64(doc) {
		return nil, 0, fmt.Errorf("document %d is in the bitmap, not in the postings", doc)
	}
	for _, l := range p.Locations() {
		buf = append(buf, l.Pos())
	}
	if !slices.IsSorted(buf) {
		slices.Sort(buf)
	}
	return buf, p.Norm(), nil
}

// formsAt reports whether phrase p forms at the positions pos (per term
// slot), appending to kept, for each scored word, the positions where it
// does: as matchCounts finds them.
func formsAt(p *topkPhrase, pos [][]uint64, scored []bool, kept [][]uint64) bool {
	any := false
	for _, p0 := range pos[p.slots[0]] {
		if p0 < p.At[0] {
			continue
		}
		start := p0 - p.At[0]
		all := true
		for w := 1; w < len(p.slots); w++ {
			if _, ok := slices.BinarySearch(pos[p.slots[w]], start+p.At[w]); !ok {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		any = true
		for w, s := range p.slots {
			if scored[s] {
				kept[s] = append(kept[s], start+p.At[w])
			}
		}
	}
	return any
}

// phraseScores are a pseudo-term's scores in one segment, by document
// in increasing order; score is asked for documents in increasing order.
type phraseScores struct {
	docs   []uint32
	scores []float64
	at     int
}

// score returns the score of doc, which has one.
func (ps *phraseScores) score(doc uint32) (float64, error) {
	i, ok := slices.BinarySearch(ps.docs[ps.at:], doc)
	if !ok {
		return 0, fmt.Errorf("top k: document %d has no phrase score", doc)
	}
	ps.at += i
	return ps.scores[ps.at], nil
}
