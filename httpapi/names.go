package httpapi

import (
	"context"
	"net/http"
	"slices"

	"github.com/newsdesk/newsdesk/query"
)

func (h *handler) quotes(w http.ResponseWriter, r *http.Request) {
	serveJSON(h, w, r, func(r *http.Request) (query.QuoteRequest, error) { return Parse(QuoteParams(), r.Form) }, h.s.Quotes)
}

// NamesRequest is a listing of the names mentioned in most of the articles
// of a search (GET /api/names, newsdesk names): the search says which
// articles (query, dates, filters, duplicates; its own limit is unused),
// Limit and Offset which names.
type NamesRequest struct {
	Search query.Request
	Limit  int
	Offset int
}

// NamesParams are the parameters of a names listing: the search's query,
// dates, filters and duplicates mode, read as SearchParams reads them, and
// the page of names.
func NamesParams() []Param[NamesRequest] {
	params := []Param[NamesRequest]{}
	search := func(r *NamesRequest) *query.Request { return &r.Search }
	for _, p := range SearchParams() {
		if slices.Contains([]string{"limit", "offset", "sort", "facets", "cursor"}, p.Key) {
			continue
		}
		params = append(params, lift(p, search))
	}
	return append(params,
		limitParam("number of names (and of speakers) to show", func(r *NamesRequest) *int { return &r.Limit }),
		intParam("offset", "", "number of names (and of speakers) to skip", 0, func(r *NamesRequest) *int { return &r.Offset }),
	)
}

// lift makes a parameter of a request S a parameter of a request R that
// holds an S.
func lift[R, S any](p Param[S], field func(*R) *S) Param[R] {
	return Param[R]{Key: p.Key, Aliases: p.Aliases, Flag: p.Flag, Short: p.Short, Type: p.Type, Help: p.Help,
		Repeat: p.Repeat, Default: p.Default,
		Set: func(r *R, v []string) error { return p.Set(field(r), v) }}
}

// Names lists the names mentioned in most of the articles of req.Search,
// and the speakers quoted in most of them, each counted as the search's
// name and speaker facets count them (a duplicate group once).
func Names(ctx context.Context, s *query.Searcher, req NamesRequest) (*query.NamesResult, error) {
	if req.Limit == 0 {
		req.Limit = query.DefaultLimit
	}
	if req.Offset < 0 || req.Offset > query.MaxOffset {
		return nil, &query.RequestError{Param: "offset", Err: errOffset(req.Offset)}
	}
	return s.NamesPage(ctx, req.Search, req.Offset, req.Limit)
}

func (h *handler) names(w http.ResponseWriter, r *http.Request) {
	serveJSON(h, w, r,
		func(r *http.Request) (NamesRequest, error) { return Parse(NamesParams(), r.Form) },
		func(ctx context.Context, req NamesRequest) (*query.NamesResult, error) { return Names(ctx, h.s, req) })
}
