package query

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsdesk/newsdesk/index"
)

// searchMaxTerms is bleve's context key capping term expansion.
const searchMaxTerms = search.MaxTermSearchersKey

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
// articles matching q (every article when q is ""), from a terms facet on
// the names field.
func (s *Searcher) Names(ctx context.Context, q string, limit int) (*NamesResult, error) {
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 0 || limit > MaxLimit {
		return nil, &RequestError{Param: "limit", Err: fmt.Errorf("must be between 1 and %d, got %d", MaxLimit, limit)}
	}
	bq, err := s.Compile(q, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	if s.MaxExpansion > 0 {
		ctx = context.WithValue(ctx, searchMaxTerms, s.MaxExpansion)
	}
	br := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	br.Score = "none"
	br.AddFacet("names", bleve.NewFacetRequest(index.FieldNames, limit))
	br.AddFacet("speakers", bleve.NewFacetRequest(index.FieldSpeaker, limit))
	res, err := s.ix.Bleve().SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("names of %q: %w", q, err)
	}
	return &NamesResult{Query: q, Total: res.Total, Names: termCounts(res.Facets["names"]), Speakers: termCounts(res.Facets["speakers"])}, nil
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
