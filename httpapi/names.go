package httpapi

import (
	"context"
	"net/http"

	"github.com/newsdesk/newsdesk/query"
)

func (h *handler) quotes(w http.ResponseWriter, r *http.Request) {
	serveJSON(h, w, r, func(r *http.Request) (query.QuoteRequest, error) { return Parse(QuoteParams(), r.Form) }, h.s.Quotes)
}

// namesRequest is GET /api/names: a query and how many names to list.
type namesRequest struct {
	q     string
	limit int
}

func (h *handler) names(w http.ResponseWriter, r *http.Request) {
	parse := func(r *http.Request) (namesRequest, error) {
		req := namesRequest{q: r.Form.Get("q"), limit: query.DefaultLimit}
		if v := r.Form.Get("limit"); v != "" {
			n, err := parseInt(v)
			if err != nil {
				return req, &query.RequestError{Param: "limit", Err: err}
			}
			req.limit = n
		}
		return req, nil
	}
	run := func(ctx context.Context, req namesRequest) (*query.NamesResult, error) {
		return h.s.Names(ctx, req.q, req.limit)
	}
	serveJSON(h, w, r, parse, run)
}
