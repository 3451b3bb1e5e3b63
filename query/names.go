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
	return s.NamesPage(ctx, Request{Query: q}, 0, limit)
}

// NamesPage is Names for the articles matching req (its query, dates,
// filters and duplicate mode; its paging, sort and facets are ignored),
// with the names and speakers from offset on. They are counted as the
// name and speaker facets of the search are, and listed in the same
// order, but only the page of each is built: a facet lists every value,
// with its filter, and names have tens of thousands.
func (s *Searcher) NamesPage(ctx context.Context, req Request, offset, limit int) (*NamesResult, error) {
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 0 || limit > MaxLimit {
		return nil, &RequestError{Param: "limit", Err: fmt.Errorf("must be between 1 and %d, got %d", MaxLimit, limit)}
	}
	if offset < 0 || offset > MaxOffset {
		return nil, &RequestError{Param: "offset", Err: fmt.Errorf("must be between 0 and %d, got %d", MaxOffset, offset)}
	}
	// The search's own facets, so duplicates collapse as they do in search:
	// a wire story printed by six papers counts once.
	req.Limit, req.Offset, req.Cursor, req.Snippets, req.Sort = 1, 0, "", -1, ""
	req.Facets = []string{FacetName, FacetSpeaker}
	req.countsOnly = true
	res, err := s.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	page := func(name string) []NameCount {
		vs := topCounts(res.counts, name, offset+limit)
		out := []NameCount{}
		for _, v := range vs[min(offset, len(vs)):min(offset+limit, len(vs))] {
			out = append(out, NameCount{Name: v.Value, Count: int(v.Count)})
		}
		return out
	}
	return &NamesResult{Query: req.Query, Total: res.Total, Names: page(FacetName), Speakers: page(FacetSpeaker)}, nil
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
