package query

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search"
)

// NamesResult lists the names most often found among the articles that
// match a query; its JSON form is that of `newsdesk names --json` and
// GET /api/names.
type NamesResult struct {
	Query string `json:"query"`
	Total uint64 `json:"total"` // matching articles
	// Names counts, for each name, the matching articles that mention it.
	Names []NameCount `json:"names"`
	// Speakers counts, for each speaker, the matching articles quoting them.
	Speakers []NameCount `json:"speakers"`
}

// Names returns the limit names (and speakers) mentioned in most of the
// articles matching q (every article when q is ""), counted as the name
// and speaker facets of a search are: duplicate groups count once.
func (s *Searcher) Names(ctx context.Context, q string, limit int) (*NamesResult, error) {
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 0 || limit > MaxLimit {
		return nil, &RequestError{Param: "limit", Err: fmt.Errorf("must be between 1 and %d, got %d", MaxLimit, limit)}
	}
	// The search's own facets, so duplicates collapse as they do in search:
	// a wire story printed by six papers counts once.
	res, err := s.Search(ctx, Request{Query: q, Limit: 1, Snippets: -1, Facets: []string{FacetName, FacetSpeaker}})
	if err != nil {
		return nil, err
	}
	top := func(values []FacetValue) []NameCount {
		out := []NameCount{}
		for _, v := range values[:min(limit, len(values))] {
			out = append(out, NameCount{Name: v.Value, Count: int(v.Count)})
		}
		return out
	}
	return &NamesResult{Query: q, Total: res.Total, Names: top(res.Facets[FacetName]), Speakers: top(res.Facets[FacetSpeaker])}, nil
}

// termCounts turns a terms facet into counts, most frequent first.
func termCounts(f *search.FacetResult) []NameCount {
	out := []NameCount{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		out = append(out, NameCount{Name: t.Term, Count: t.Count})
	}
	return out
}
