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
// matches' offsets in the page's hits. bleve can return both as term
// locations, but then decodes the locations of every candidate it visits:
// on Reuters-21578 that is 40% of a two-word search, and more on larger
// archives. For queries of plain words (no phrases, prefixes or proximity)
// the locations carry nothing beyond which words matched where, so the
// search runs without them: frequencies come from the words' posting lists
// for the top hits alone, and the page's matches from analysing its text
// again, as the index did. Phrases and the like keep bleve's locations,
// which tell which occurrences form the phrase.

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

// rescoreTerms is rescore for a query of plain words, with term
// frequencies read from the words' posting lists for hits alone. hits must
// come from this read-only index: their internal ids address the reader.
func (s *Searcher) rescoreTerms(ctx context.Context, hits []*search.DocumentMatch, stats index.CorpusStats, terms []queryTerm) error {
	if len(hits) == 0 || stats.Docs == 0 {
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
	counts, err := s.hitDocValues(ctx, r, hits, index.FieldTokenCounts)
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	lengths := make(map[*search.DocumentMatch]index.FieldLengths, len(hits))
	for _, h := range hits {
		lengths[h] = index.ParseFieldLengths(counts[h.ID])
	}
	// In internal-id order, each posting list is read forward once.
	byID := slices.Clone(hits)
	slices.SortFunc(byID, func(a, b *search.DocumentMatch) int { return a.IndexInternalID.Compare(b.IndexInternalID) })
	scores := make(map[*search.DocumentMatch]float64, len(hits))
	n := float64(stats.Docs) // articles only, as in rescore
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, true, false, false)
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
			tf := float64(doc.Freq)
			norm := 1.0
			if dl := float64(lengths[h][t.field]); avg > 0 && dl > 0 {
				norm = 1 - bm25B + bm25B*dl/avg
			}
			scores[h] += fieldBoost(t.field) * idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
		}
		_ = tfr.Close()
	}
	for _, h := range hits {
		h.Score = scores[h]
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return nil
}

// locateTerms gives each hit the locations of terms in its stored headline
// and body, found by analysing them again with their fields' analyzer.
func (s *Searcher) locateTerms(hits []*search.DocumentMatch, terms []queryTerm) error {
	m := s.ix.Bleve().Mapping()
	want := map[string]map[string]bool{}
	for _, t := range terms {
		if want[t.field] == nil {
			want[t.field] = map[string]bool{}
		}
		want[t.field][t.term] = true
	}
	for _, h := range hits {
		h.Locations = search.FieldTermLocationMap{}
		for _, field := range []string{index.FieldHeadline, index.FieldBody} {
			if want[field] == nil {
				continue
			}
			var text string
			if field == index.FieldBody {
				text, _ = h.Fields[index.FieldBody].(string)
			} else {
				sum, err := index.SummaryFromFields(h.Fields)
				if err != nil {
					return fmt.Errorf("hit %s: %w", h.ID, err)
				}
				text = sum.Headline
			}
			a := m.AnalyzerNamed(index.AnalyzerFor(field))
			if a == nil || text == "" {
				continue
			}
			for _, tok := range a.Analyze([]byte(text)) {
				term := string(tok.Term)
				if !want[field][term] {
					continue
				}
				if h.Locations[field] == nil {
					h.Locations[field] = search.TermLocationMap{}
				}
				h.Locations[field][term] = append(h.Locations[field][term], &search.Location{
					Pos: uint64(tok.Position), Start: uint64(tok.Start), End: uint64(tok.End),
				})
			}
		}
	}
	return nil
}
