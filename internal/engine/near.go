package engine

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// NearQuery matches documents where all Terms (already analysed) occur in
// Field, in any order, with at most Distance other words between the first
// and the last of them: "fighters europe"~5.
//
// bleve v2.6 has no proximity query (its phrase searcher hard-codes a slop of
// 0), so this one builds on bleve's conjunction searcher and checks the term
// positions of each candidate, the way bleve's own phrase searcher does.
type NearQuery struct {
	Terms    []string
	Field    string
	Distance int
	BoostVal float64
}

// Searcher implements bleve's query.Query.
func (q *NearQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opt search.SearcherOptions) (search.Searcher, error) {
	opt.IncludeTermVectors = true // positions are needed to check distance
	var terms []search.Searcher
	need := map[string]int{} // "state states" needs two occurrences of state
	for _, t := range q.Terms {
		need[t]++
		if need[t] > 1 {
			continue
		}
		s, err := searcher.NewTermSearcher(ctx, r, t, q.Field, q.BoostVal, opt)
		if err != nil {
			for _, s := range terms {
				_ = s.Close()
			}
			return nil, err
		}
		terms = append(terms, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, terms, opt)
	if err != nil {
		return nil, err
	}
	return &nearSearcher{Searcher: conj, need: need, words: len(q.Terms), distance: q.Distance}, nil
}

type nearSearcher struct {
	search.Searcher
	need     map[string]int // occurrences each term needs in a window
	words    int            // words of the phrase, repeats included
	distance int
}

func (s *nearSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	for dm != nil && err == nil {
		if s.keep(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = s.Searcher.Next(ctx)
	}
	return nil, err
}

func (s *nearSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		return dm, err
	}
	if s.keep(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

type posTerm struct {
	pos  uint64
	term int
	ftl  search.FieldTermLocation
}

// keep reports whether dm has all terms within the distance, and leaves on
// it only the term locations inside qualifying windows (for highlighting).
func (s *nearSearcher) keep(dm *search.DocumentMatch) bool {
	byField := map[string][]search.FieldTermLocation{}
	for _, ftl := range dm.FieldTermLocations {
		byField[ftl.Field] = append(byField[ftl.Field], ftl)
	}
	var kept []search.FieldTermLocation
	for _, ftls := range byField {
		kept = append(kept, s.windows(ftls)...)
	}
	if len(kept) == 0 {
		return false
	}
	dm.FieldTermLocations = kept
	return true
}

func (s *nearSearcher) windows(ftls []search.FieldTermLocation) []search.FieldTermLocation {
	pts := make([]posTerm, 0, len(ftls))
	ids := map[string]int{}
	var need []int
	for _, f := range ftls {
		id, ok := ids[f.Term]
		if !ok {
			id = len(need)
			ids[f.Term] = id
			need = append(need, s.need[f.Term])
		}
		pts = append(pts, posTerm{pos: f.Location.Pos, term: id, ftl: f})
	}
	if len(need) < len(s.need) {
		return nil
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].pos < pts[j].pos })
	// Slide a window over the positions; whenever it holds every term as
	// often as the phrase has it, check how many other words lie between
	// its ends.
	inWindow := make([]int, len(need))
	satisfied, lo := 0, 0
	keep := make([]bool, len(pts))
	for hi := range pts {
		t := pts[hi].term
		inWindow[t]++
		if inWindow[t] == need[t] {
			satisfied++
		}
		for satisfied == len(need) {
			span := int(pts[hi].pos-pts[lo].pos) + 1
			if span-s.words <= s.distance {
				for k := lo; k <= hi; k++ {
					keep[k] = true
				}
			}
			l := pts[lo].term
			if inWindow[l] == need[l] {
				satisfied--
			}
			inWindow[l]--
			lo++
		}
	}
	var out []search.FieldTermLocation
	for i, k := range keep {
		if k {
			out = append(out, pts[i].ftl)
		}
	}
	return out
}
