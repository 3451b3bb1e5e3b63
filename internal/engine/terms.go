package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Searching without term locations.
//
// Re-scoring needs each top hit's term frequencies, and snippets need the
// matches' offsets. bleve can return both as term locations, but then
// decodes the locations of every candidate it visits: on Reuters-21578
// that is 40% of a two-word search, and more on larger archives. For
// queries of words and phrases (no prefixes, fuzzy words or proximity) the
// search runs without them, and the fetched hits' frequencies and
// locations are read afterwards from the words' posting lists, for those
// hits alone; phrase matches are found from the words' positions, as
// bleve's phrase searcher finds them. Other queries keep bleve's
// locations.

// Term is a word of a query in one field.
type Term struct{ Field, Term string }

// Phrase is a phrase of a query in one field: its words with their
// positions relative to the first (a stop word leaves a gap).
type Phrase struct {
	Field string
	Words []string
	At    []uint64
}

// Words are the words a query scores with, known when it is built (see
// querylang.Plan): plain words, which count wherever they occur, and
// phrases, whose words count only where they form the phrase. Only fields
// with term locations are listed, and negated and filter clauses are left
// out: bleve gives them no locations either.
type Words struct {
	Terms   []Term
	Phrases []Phrase
}

// posting is what a word's posting list holds for one hit.
type posting struct {
	norm float64
	locs search.Locations
}

// RescoreTerms is Rescore for a query of words and phrases: it re-scores
// the first window hits with term frequencies read from the words' posting
// lists, for those hits alone, and gives every hit the locations of its
// matches from the same postings (term vectors), as bleve would have: all
// occurrences of a plain word, and those of a phrase's words where they
// form the phrase. hits must come from this read-only index: their
// internal ids address the reader.
func (e *Engine) RescoreTerms(ctx context.Context, hits []*search.DocumentMatch, window int, stats Stats, words Words) error {
	if len(hits) == 0 {
		return nil
	}
	r, err := e.reader()
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	defer r.Close()
	need := slices.Clone(words.Terms)
	for _, p := range words.Phrases {
		for _, w := range p.Words {
			if t := (Term{p.Field, w}); !slices.Contains(need, t) {
				need = append(need, t)
			}
		}
	}
	at := make(map[Term]int, len(need)) // index of each word in need
	for i, t := range need {
		at[t] = i
	}
	// In internal-id order, each posting list is read forward once.
	byID := make([]int, len(hits))
	for i := range byID {
		byID[i] = i
	}
	slices.SortFunc(byID, func(a, b int) int { return hits[a].IndexInternalID.Compare(hits[b].IndexInternalID) })
	postings := make([][]posting, len(hits)) // per hit, per word of need; nil: no word
	df := make([]float64, len(need))
	for ti, t := range need {
		tfr, err := r.TermFieldReader(ctx, []byte(t.Term), t.Field, true, true, true)
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		df[ti] = float64(tfr.Count())
		var doc *bindex.TermFieldDoc
		for _, hi := range byID {
			h := hits[hi]
			if doc == nil || doc.ID.Compare(h.IndexInternalID) < 0 {
				if doc, err = tfr.Advance(h.IndexInternalID, doc); err != nil {
					_ = tfr.Close()
					return fmt.Errorf("rescore: %w", err)
				}
				if doc == nil {
					break // no later hit has the word
				}
			}
			if !doc.ID.Equals(h.IndexInternalID) {
				continue
			}
			locs := make(search.Locations, 0, len(doc.Vectors))
			for _, v := range doc.Vectors {
				locs = append(locs, &search.Location{Pos: v.Pos, Start: v.Start, End: v.End})
			}
			if postings[hi] == nil {
				postings[hi] = make([]posting, len(need))
			}
			postings[hi][ti] = posting{norm: doc.Norm, locs: locs}
		}
		_ = tfr.Close()
	}
	window = min(window, len(hits))
	n := float64(stats.Docs) // articles only, as in rescore
	for i, h := range hits {
		ps := postings[i]
		if ps == nil {
			continue
		}
		h.Locations = matchLocations(ps, at, words)
		if i >= window || stats.Docs == 0 {
			continue
		}
		score := 0.0
		for field, terms := range h.Locations {
			avg := stats.AvgLength(field)
			for term, locs := range terms {
				ti := at[Term{field, term}]
				// bleve's norm is 1/sqrt(the field's token count), as a
				// float32: exact for any article shorter than millions of
				// words, and read with the posting, where the token counts
				// are one more read.
				dl := 0.0
				if nb := ps[ti].norm; nb > 0 {
					dl = math.Round(1 / (nb * nb))
				}
				score += bm25Score(e.fieldBoost(field), bm25IDF(n, df[ti]), float64(len(locs)), bm25Norm(dl, avg))
			}
		}
		h.Score = score
	}
	if stats.Docs == 0 || window == 0 {
		return nil
	}
	scored := hits[:window]
	for i, h := range scored {
		if postings[i] == nil {
			h.Score = 0 // matched only through fields without locations
		}
	}
	sort.SliceStable(scored, func(i, j int) bool { return scored[i].Score > scored[j].Score })
	return nil
}

// matchLocations gives the locations of a hit's matches (ps: its postings
// of the words, at their index in at): every occurrence of a plain word,
// and a phrase's words where they stand at the phrase's relative
// positions, one location per position.
func matchLocations(ps []posting, at map[Term]int, words Words) search.FieldTermLocationMap {
	out := search.FieldTermLocationMap{}
	for _, t := range words.Terms {
		// Term vectors come in position order, each position once.
		if locs := ps[at[t]].locs; len(locs) > 0 {
			if out[t.Field] == nil {
				out[t.Field] = search.TermLocationMap{}
			}
			out[t.Field][t.Term] = slices.Clone(locs)
		}
	}
	if len(words.Phrases) == 0 {
		return out
	}
	keep := func(t Term, l *search.Location) {
		if out[t.Field] == nil {
			out[t.Field] = search.TermLocationMap{}
		}
		for _, k := range out[t.Field][t.Term] {
			if k.Pos == l.Pos {
				return
			}
		}
		out[t.Field][t.Term] = append(out[t.Field][t.Term], l)
	}
	for _, p := range words.Phrases {
		found := make([]*search.Location, len(p.Words))
		for _, l0 := range ps[at[Term{p.Field, p.Words[0]}]].locs {
			if l0.Pos < p.At[0] {
				continue
			}
			start := l0.Pos - p.At[0]
			all := true
			for i, w := range p.Words {
				found[i] = nil
				for _, l := range ps[at[Term{p.Field, w}]].locs {
					if l.Pos == start+p.At[i] {
						found[i] = l
						break
					}
				}
				if found[i] == nil {
					all = false
					break
				}
			}
			if all {
				for i, w := range p.Words {
					keep(Term{p.Field, w}, found[i])
				}
			}
		}
	}
	for _, terms := range out {
		for t, locs := range terms {
			slices.SortFunc(locs, func(a, b *search.Location) int { return cmp.Compare(a.Pos, b.Pos) })
			terms[t] = locs
		}
	}
	return out
}
