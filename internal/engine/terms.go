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
// queries of words, phrases and prefixes (no fuzzy words or proximity) the
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
// querylang.Plan): plain words, which count wherever they occur, phrases,
// whose words count only where they form the phrase, and prefixes, each
// of whose index terms counts as a plain word (topk_prefix.go). Only
// fields with term locations are listed, and negated and filter clauses
// are left out: bleve gives them no locations either.
type Words struct {
	Terms   []Term
	Phrases []Phrase
	// Prefixes hold a prefix (word*) as Term: it stands for every term
	// of its field that starts with it.
	Prefixes []Term
}

// posting is what a word's posting list holds for one hit: its norm and
// frequency, and its locations when they were read.
type posting struct {
	norm float64
	freq uint64
	locs search.Locations
}

// neededTerms lists the words of words once each (plain words first, then
// the phrases' words), with the index of each in the list, and says which
// of them are a phrase's: only those need positions to be scored.
func neededTerms(words Words) (need []Term, at map[Term]int, inPhrase []bool) {
	need = slices.Clone(words.Terms)
	for _, p := range words.Phrases {
		for _, w := range p.Words {
			if t := (Term{p.Field, w}); !slices.Contains(need, t) {
				need = append(need, t)
			}
		}
	}
	at = make(map[Term]int, len(need))
	for i, t := range need {
		at[t] = i
	}
	inPhrase = make([]bool, len(need))
	for _, p := range words.Phrases {
		for _, w := range p.Words {
			inPhrase[at[Term{p.Field, w}]] = true
		}
	}
	return need, at, inPhrase
}

// readPostings reads the postings of the words of need for hits, from the
// words' posting lists in internal-id order (each list read forward once):
// per hit, per word, nil for a hit that has none of the words. Locations
// are read for the words whose locs is set; df gets each word's document
// frequency.
func readPostings(ctx context.Context, r bindex.IndexReader, hits []*search.DocumentMatch, need []Term, locs []bool) (postings [][]posting, df []float64, err error) {
	byID := make([]int, len(hits))
	for i := range byID {
		byID[i] = i
	}
	slices.SortFunc(byID, func(a, b int) int { return hits[a].IndexInternalID.Compare(hits[b].IndexInternalID) })
	postings = make([][]posting, len(hits))
	df = make([]float64, len(need))
	for ti, t := range need {
		tfr, err := r.TermFieldReader(ctx, []byte(t.Term), t.Field, true, true, locs[ti])
		if err != nil {
			return nil, nil, err
		}
		df[ti] = float64(tfr.Count())
		var doc *bindex.TermFieldDoc
		for _, hi := range byID {
			h := hits[hi]
			if doc == nil || doc.ID.Compare(h.IndexInternalID) < 0 {
				if doc, err = tfr.Advance(h.IndexInternalID, doc); err != nil {
					_ = tfr.Close()
					return nil, nil, err
				}
				if doc == nil {
					break // no later hit has the word
				}
			}
			if !doc.ID.Equals(h.IndexInternalID) {
				continue
			}
			p := posting{norm: doc.Norm, freq: doc.Freq}
			if locs[ti] {
				p.locs = make(search.Locations, 0, len(doc.Vectors))
				for _, v := range doc.Vectors {
					p.locs = append(p.locs, &search.Location{Pos: v.Pos, Start: v.Start, End: v.End})
				}
			}
			if postings[hi] == nil {
				postings[hi] = make([]posting, len(need))
			}
			postings[hi][ti] = p
		}
		_ = tfr.Close()
	}
	return postings, df, nil
}

// RescoreTerms is Rescore for a query of words and phrases: it re-scores
// the first window hits with term frequencies read from the words' posting
// lists, for those hits alone, as Rescore would score them with the
// locations Locate gives: every occurrence of a plain word, and those of a
// phrase's words where they form the phrase. Only the phrases' words are
// read with their locations, and the hits get none: Locate gives them to
// the hits that are shown. hits must come from this read-only index: their
// internal ids address the reader.
func (e *Engine) RescoreTerms(ctx context.Context, hits []*search.DocumentMatch, window int, stats Stats, words Words) error {
	window = min(window, len(hits))
	if window == 0 || stats.Docs == 0 {
		return nil
	}
	r, err := e.reader()
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	defer r.Close()
	if words, err = e.expandWords(r, words); err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	need, at, inPhrase := neededTerms(words)
	scored := hits[:window]
	postings, df, err := readPostings(ctx, r, scored, need, inPhrase)
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	n := float64(stats.Docs) // articles only, as in rescore
	counts := make([]int, len(need))
	for i, h := range scored {
		ps := postings[i]
		if ps == nil {
			h.Score = 0 // matched only through fields without locations
			continue
		}
		matchCounts(ps, at, words, counts)
		score := 0.0
		for ti, t := range need {
			if counts[ti] == 0 {
				continue
			}
			// bleve's norm is 1/sqrt(the field's token count), as a
			// float32: exact for any article shorter than millions of
			// words, and read with the posting, where the token counts
			// are one more read.
			dl := 0.0
			if nb := ps[ti].norm; nb > 0 {
				dl = math.Round(1 / (nb * nb))
			}
			score += bm25Score(e.fieldBoost(t.Field), bm25IDF(n, df[ti]), float64(counts[ti]), bm25Norm(dl, stats.AvgLength(t.Field)))
		}
		h.Score = score
	}
	sort.SliceStable(scored, func(i, j int) bool { return scored[i].Score > scored[j].Score })
	return nil
}

// Locate gives each hit the locations of its matches of words, from the
// words' posting lists (term vectors), as bleve would have given them:
// all occurrences of a plain word, and those of a phrase's words where
// they form the phrase. It is for the few hits that are shown, of a
// search run without locations. hits must come from this read-only
// index: their internal ids address the reader.
func (e *Engine) Locate(ctx context.Context, hits []*search.DocumentMatch, words Words) error {
	if len(hits) == 0 {
		return nil
	}
	r, err := e.reader()
	if err != nil {
		return fmt.Errorf("locate matches: %w", err)
	}
	defer r.Close()
	if words, err = e.expandWords(r, words); err != nil {
		return fmt.Errorf("locate matches: %w", err)
	}
	need, at, _ := neededTerms(words)
	all := make([]bool, len(need))
	for i := range all {
		all[i] = true
	}
	postings, _, err := readPostings(ctx, r, hits, need, all)
	if err != nil {
		return fmt.Errorf("locate matches: %w", err)
	}
	for i, h := range hits {
		if ps := postings[i]; ps != nil {
			h.Locations = matchLocations(ps, at, words)
		}
	}
	return nil
}

// matchCounts sets counts (one per word, at its index in at) to the
// number of a hit's matches of each word that matchLocations would list:
// its frequency for a plain word, and the distinct positions where a
// phrase's word forms the phrase otherwise.
func matchCounts(ps []posting, at map[Term]int, words Words, counts []int) {
	clear(counts)
	for _, t := range words.Terms {
		counts[at[t]] = int(ps[at[t]].freq)
	}
	if len(words.Phrases) == 0 {
		return
	}
	var kept map[int][]uint64 // positions kept per phrase-only word
	for _, p := range words.Phrases {
		first := ps[at[Term{p.Field, p.Words[0]}]].locs
		for _, l0 := range first {
			if l0.Pos < p.At[0] {
				continue
			}
			start := l0.Pos - p.At[0]
			all := true
			for i, w := range p.Words {
				if !hasPos(ps[at[Term{p.Field, w}]].locs, start+p.At[i]) {
					all = false
					break
				}
			}
			if !all {
				continue
			}
			for i, w := range p.Words {
				t := Term{p.Field, w}
				ti := at[t]
				if slices.Contains(words.Terms, t) {
					continue // a plain word counts every occurrence
				}
				if kept == nil {
					kept = map[int][]uint64{}
				}
				if pos := start + p.At[i]; !slices.Contains(kept[ti], pos) {
					kept[ti] = append(kept[ti], pos)
					counts[ti]++
				}
			}
		}
	}
}

// hasPos reports whether locs has a location at position pos.
func hasPos(locs search.Locations, pos uint64) bool {
	for _, l := range locs {
		if l.Pos == pos {
			return true
		}
	}
	return false
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
