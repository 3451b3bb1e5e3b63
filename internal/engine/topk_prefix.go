package engine

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// Prefix words (econom*).
//
// A prefix stands for every index term of its field that starts with it,
// as bleve's prefix query expands it: the terms of the field's dictionary
// (the index reader's, over every segment). querylang searches a prefix
// in each of a word's fields, and in a stemmed field as typed and as its
// stem too (turkey* is turkei* or turkey*): the word matches where any of
// those terms does.
//
// How a prefix word scores is what bleve's term locations make Rescore
// give it: the sum, over the distinct (field, term) pairs of its
// expansions that a document holds, of their textbook BM25 parts, each
// with its own document frequency, frequency and field length, exactly
// as if each expanded term were a plain word of the query. A term that
// two prefixes of the word, or a prefix and a plain word, both reach
// counts once. So:
//
//   - in TopK a prefix word is a topkWord whose terms are its expansions:
//     its match set is the union of their postings, and MaxScore bounds
//     each term as it bounds a plain word's (expandPrefixes);
//   - where bleve ranks (a query TopK declines, such as one with OR),
//     the search runs without term locations and RescoreTerms scores the
//     window from the expansions' postings, and Locate gives the shown
//     hits the locations of every expanded term (expandWords).

// addPrefixWord adds to tq the word whose clauses are qs, each a prefix
// query on a field with term locations; false when a clause is anything
// else. Its terms are added by expandPrefixes.
func (tq *topkQuery) addPrefixWord(qs []bq.Query) bool {
	var prefixes []Term
	for _, c := range qs {
		p, ok := c.(*bq.PrefixQuery)
		if !ok || p.FieldVal == "" || p.Prefix == "" || schema.AnalyzerFor(p.FieldVal) == keyword.Name {
			return false // keyword fields have no locations: scored apart
		}
		prefixes = append(prefixes, Term{Field: p.FieldVal, Term: p.Prefix})
	}
	if len(prefixes) == 0 {
		return false
	}
	if tq.prefixes == nil {
		tq.prefixes = map[int][]Term{}
	}
	tq.prefixes[len(tq.words)] = prefixes
	tq.words = append(tq.words, nil)
	return true
}

// isPrefixWord reports whether q is a word of prefixes: a disjunction of
// prefix queries, as querylang builds word*.
func isPrefixWord(q *bq.DisjunctionQuery) bool {
	if len(q.Disjuncts) == 0 {
		return false
	}
	for _, c := range q.Disjuncts {
		if _, ok := c.(*bq.PrefixQuery); !ok {
			return false
		}
	}
	return true
}

// expandPrefixes gives each prefix word of tq its terms: every (field,
// expanded term) of its prefixes, as r's field dictionaries list them. It
// reports false, expanding nothing more, once the prefixes expand to more
// than limit terms in all (when limit is positive; counted as
// CheckExpansion counts them): bleve's search then refuses the query as
// it did before TopK answered prefixes. When no segment of segs has a
// deleted document, the dictionaries' counts are the terms' document
// frequencies, which it keeps in tq.df: newTopK then looks none of them
// up again. Only in fields with term vectors: in others zapx writes a
// term of one document into the dictionary itself, and its dictionary
// iterator then counts every later term as one (blevesearch/zapx#445,
// see sharedKeys), which a field with positions never meets.
func (tq *topkQuery) expandPrefixes(e *Engine, r bindex.IndexReader, segs []*scorch.SegmentSnapshot, limit int) (bool, error) {
	m := e.b.Mapping()
	exact := !slices.ContainsFunc(segs, func(ss *scorch.SegmentSnapshot) bool {
		d := ss.Deleted()
		return d != nil && !d.IsEmpty()
	})
	n := 0
	for wi, prefixes := range tq.prefixes {
		for _, p := range prefixes {
			ents, err := e.prefixEntries(r, p)
			if err != nil {
				return false, fmt.Errorf("top k: %w", err)
			}
			// A prefix that matches no term is looked up as a term: one.
			if n += max(len(ents), 1); limit > 0 && n > limit {
				return false, nil
			}
			counts := exact && m.FieldMappingForPath(p.Field).IncludeTermVectors
			for _, ent := range ents {
				t := Term{Field: p.Field, Term: ent.Term}
				tq.words[wi] = append(tq.words[wi], t)
				if counts {
					if tq.df == nil {
						tq.df = map[Term]float64{}
					}
					tq.df[t] = float64(ent.Count)
				}
			}
		}
	}
	return true, nil
}

// expandWords returns words with its prefixes replaced by the index terms
// they expand to in r, added to its plain words, each term once.
func (e *Engine) expandWords(r bindex.IndexReader, words Words) (Words, error) {
	if len(words.Prefixes) == 0 {
		return words, nil
	}
	out := Words{Phrases: words.Phrases}
	seen := make(map[Term]bool, len(words.Terms))
	add := func(t Term) {
		if !seen[t] {
			seen[t] = true
			out.Terms = append(out.Terms, t)
		}
	}
	for _, t := range words.Terms {
		add(t)
	}
	for _, p := range words.Prefixes {
		ents, err := e.prefixEntries(r, p)
		if err != nil {
			return Words{}, err
		}
		for _, ent := range ents {
			add(Term{Field: p.Field, Term: ent.Term})
		}
	}
	return out, nil
}

// manyTerms is the most terms a segment's query may have for score to
// find each candidate's terms by looking it up in every term's bitmap;
// past it (prefix words, each of tens or hundreds of terms in three
// fields) scoreMany lists each match's terms from the terms' bitmaps
// once instead.
const manyTerms = 16

// scoreMany is score for many terms, ts by increasing bound and prefix
// their bounds prefix-summed: it visits every match, in index order, but
// knows each one's terms from a list built by walking each term's
// matches once (the work is the (match, term) pairs, not the matches
// times the terms), and skips a match whose best term is not essential
// (MaxScore) or whose terms' bounds cannot beat the k-th score before
// anything is decoded.
func (ev *topK) scoreMany(ctx context.Context, i int, ts []*segTerm, prefix []float64) error {
	match := ev.matches[i]
	docs := match.ToArray()
	bms := make([]*roaring.Bitmap, len(ts))
	for j, st := range ts {
		bms[j] = st.docs
	}
	at, ends := matchPositions(docs, bms, denseDocs(docs))
	start := make([]int32, len(docs)+1)
	for _, p := range at {
		start[p+1]++
	}
	for n := range docs {
		start[n+1] += start[n]
	}
	// terms[start[n]:start[n+1]] are the terms of docs[n] (indexes in
	// ts), in decreasing bound.
	terms := make([]int32, start[len(docs)])
	fill := slices.Clone(start[:len(docs)])
	for j := len(ts) - 1; j >= 0; j-- {
		for _, p := range at[ends[j]:ends[j+1]] {
			terms[fill[p]] = int32(j)
			fill[p]++
		}
	}
	contrib := make([]float64, len(ev.terms))
	have := make([]*segTerm, 0, len(ts))
	essential, theta := ev.essential(prefix), math.Inf(-1)
	for n, doc := range docs {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if len(ev.best) == ev.k && ev.best[0].score != theta {
			theta = ev.best[0].score
			if essential = ev.essential(prefix); essential == len(ts) {
				return nil // no document of the segment can enter
			}
		}
		mine := terms[start[n]:start[n+1]]
		if len(mine) == 0 || int(mine[0]) < essential {
			continue
		}
		have = have[:0]
		bound := 0.0
		for _, j := range mine {
			have = append(have, ts[j])
			bound += ts[j].t.bound
		}
		if !ev.mayEnter(bound) {
			continue
		}
		if err := ev.evaluate(i, doc, have, bound, contrib); err != nil {
			return err
		}
	}
	return nil
}

// denseSpan is how many document numbers per match the matches of a
// segment may span for matchPositions to find a document's position in a
// table over the span rather than by searching the matches.
const denseSpan = 8

// denseDocs reports whether docs (sorted) are close enough together for
// matchPositions to look their positions up in a table (denseSpan).
func denseDocs(docs []uint32) bool {
	return len(docs) > 0 && uint64(docs[len(docs)-1]-docs[0]) < denseSpan*uint64(len(docs))
}

// matchPositions returns the positions in docs (sorted) of the documents
// of each bitmap of bms (each a subset of docs): those of bms[j] are
// at[ends[j]:ends[j+1]], in increasing order. With dense (denseDocs) it
// reads them from a table of each document's position, otherwise it
// searches docs for each (seek).
func matchPositions(docs []uint32, bms []*roaring.Bitmap, dense bool) (at []int32, ends []int) {
	n := 0
	for _, bm := range bms {
		n += int(bm.GetCardinality())
	}
	at, ends = make([]int32, 0, n), make([]int, 1, len(bms)+1)
	var table []int32 // table[doc-base]: the position of doc in docs
	var base uint32
	if dense && len(docs) > 0 {
		base = docs[0]
		table = make([]int32, docs[len(docs)-1]-base+1)
		for p, d := range docs {
			table[d-base] = int32(p)
		}
	}
	buf := make([]uint32, 256)
	for _, bm := range bms {
		it := bm.ManyIterator()
		p := 0
		for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
			for _, d := range buf[:k] {
				if table != nil {
					p = int(table[d-base])
				} else {
					p = seek(docs, p, d)
				}
				at = append(at, int32(p))
			}
		}
		ends = append(ends, len(at))
	}
	return at, ends
}

// seek returns the position of doc in docs (sorted, holding it) at or
// after from, galloping: a term's matches are few and far apart among the
// word's, or many and close together.
func seek(docs []uint32, from int, doc uint32) int {
	step := 1
	hi := from
	for hi < len(docs) && docs[hi] < doc {
		from = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, len(docs)-1)
	n, _ := slices.BinarySearch(docs[from:hi+1], doc)
	return from + n
}

// heldTerms returns the terms of the query that a best hit holds, in
// (field, term) order, from each segment's terms (ts[i], in any order,
// repeats allowed): Locate, which reads a term's postings for each term it
// is given, then reads those alone, not every term a prefix expands to.
func (ev *topK) heldTerms(ts [][]*segTerm) []Term {
	held := make([]bool, len(ev.terms))
	for _, b := range ev.best {
		seg := sort.Search(len(ev.offsets), func(i int) bool { return ev.offsets[i] > b.num }) - 1
		doc := uint32(b.num - ev.offsets[seg])
		for _, st := range ts[seg] {
			if !held[st.idx] && st.docs.Contains(doc) {
				held[st.idx] = true
			}
		}
	}
	out := []Term{}
	for i, h := range held {
		// A field's phrases are one pseudo-term with no word of its own:
		// Locate finds them from the query's phrases.
		if h && ev.terms[i].group == nil {
			out = append(out, ev.terms[i].Term)
		}
	}
	return out
}
