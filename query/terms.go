package query

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index"
)

// Searching without term locations.
//
// Re-scoring needs each top hit's term frequencies, and snippets need the
// matches' offsets. bleve can return both as term locations, but then
// decodes the locations of every candidate it visits: on Reuters-21578
// that is 40% of a two-word search, and more on larger archives. For
// queries of plain words (no phrases, prefixes or proximity) the locations
// carry nothing beyond which words matched where, so the search runs
// without them, and the fetched hits' frequencies and locations are read
// afterwards from the words' posting lists, for those hits alone. Phrases
// and the like keep bleve's locations, which tell which occurrences form
// the phrase.

// queryTerm is a word of a query in one field.
type queryTerm struct{ field, term string }

// plainTerms lists the words q scores with, in the fields that keep term
// locations, and reports whether q is made of plain words only. Negated
// and filter clauses are left out: bleve gives them no locations either.
func (s *Searcher) plainTerms(q bq.Query) ([]queryTerm, bool) {
	var out []queryTerm
	add := func(field, term string) {
		if index.AnalyzerFor(field) == keyword.Name {
			return // no term vectors: no locations, no part in re-scoring
		}
		t := queryTerm{field, term}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	var walk func(q bq.Query) bool
	walk = func(q bq.Query) bool {
		switch q := q.(type) {
		case *bq.MatchQuery:
			if q.Fuzziness != 0 || q.Prefix != 0 {
				return false
			}
			a := s.ix.Bleve().Mapping().AnalyzerNamed(q.Analyzer)
			if a == nil {
				return false
			}
			for _, t := range a.Analyze([]byte(q.Match)) {
				add(q.FieldVal, string(t.Term))
			}
			return true
		case *bq.TermQuery:
			add(q.FieldVal, q.Term)
			return true
		case *bq.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				if !walk(c) {
					return false
				}
			}
			return true
		case *bq.DisjunctionQuery:
			for _, c := range q.Disjuncts {
				if !walk(c) {
					return false
				}
			}
			return true
		case *bq.BooleanQuery:
			return (q.Must == nil || walk(q.Must)) && (q.Should == nil || walk(q.Should))
		case *bq.MatchAllQuery, *bq.DocIDQuery, *bq.DateRangeQuery, *bq.NumericRangeQuery:
			return true // no locations
		}
		return false
	}
	if !walk(q) {
		return nil, false
	}
	return out, true
}

// rescoreTerms is rescore for a query of plain words: it re-scores the
// first window hits with term frequencies read from the words' posting
// lists, for those hits alone, and gives every hit the locations of its
// words from the same postings (term vectors), as bleve would have. hits
// must come from this read-only index: their internal ids address the
// reader.
func (s *Searcher) rescoreTerms(ctx context.Context, hits []*search.DocumentMatch, window int, stats index.CorpusStats, terms []queryTerm) error {
	if len(hits) == 0 {
		return nil
	}
	adv, err := s.ix.Bleve().Advanced()
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	defer r.Close()
	window = min(window, len(hits))
	scored := hits[:window]
	rescore := stats.Docs > 0 && window > 0
	inWindow := make(map[*search.DocumentMatch]bool, window)
	for _, h := range scored {
		inWindow[h] = true
	}
	// In internal-id order, each posting list is read forward once.
	byID := slices.Clone(hits)
	slices.SortFunc(byID, func(a, b *search.DocumentMatch) int { return a.IndexInternalID.Compare(b.IndexInternalID) })
	scores := make(map[*search.DocumentMatch]float64, window)
	n := float64(stats.Docs) // articles only, as in rescore
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, true, true, true)
		if err != nil {
			return fmt.Errorf("rescore: %w", err)
		}
		df := float64(tfr.Count())
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		avg := stats.AvgLength(t.field)
		var doc *bindex.TermFieldDoc
		for _, h := range byID {
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
			if h.Locations == nil {
				h.Locations = search.FieldTermLocationMap{}
			}
			if h.Locations[t.field] == nil {
				h.Locations[t.field] = search.TermLocationMap{}
			}
			locs := make(search.Locations, 0, len(doc.Vectors))
			for _, v := range doc.Vectors {
				locs = append(locs, &search.Location{Pos: v.Pos, Start: v.Start, End: v.End})
			}
			h.Locations[t.field][t.term] = locs
			if !rescore || !inWindow[h] {
				continue
			}
			tf := float64(doc.Freq)
			norm := 1.0
			// bleve's norm is 1/sqrt(the field's token count), as a float32:
			// exact for any article shorter than millions of words, and read
			// with the posting, where the token counts are one more read.
			if dl := math.Round(1 / (doc.Norm * doc.Norm)); avg > 0 && doc.Norm > 0 {
				norm = 1 - bm25B + bm25B*dl/avg
			}
			scores[h] += fieldBoost(t.field) * idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
		}
		_ = tfr.Close()
	}
	if !rescore {
		return nil
	}
	for _, h := range scored {
		h.Score = scores[h]
	}
	sort.SliceStable(scored, func(i, j int) bool { return scored[i].Score > scored[j].Score })
	return nil
}
