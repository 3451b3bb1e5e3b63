package httpapi

import (
	"context"
	"net/http"

	"github.com/newsdesk/newsdesk/query"
)

// ParseQuoteRequest reads a QuoteRequest from URL parameters, naming the
// first bad one in its error.
func ParseQuoteRequest(get func(string) string) (query.QuoteRequest, error) {
	req := query.QuoteRequest{Query: get("q"), Speaker: get("speaker"), Duplicates: get("duplicates")}
	var err error
	req.Limit, req.Offset, req.From, req.To, err = pageParams(get)
	return req, err
}

func (h *handler) quotes(w http.ResponseWriter, r *http.Request) {
	serveJSON(h, w, r, func(r *http.Request) (query.QuoteRequest, error) { return ParseQuoteRequest(r.Form.Get) }, h.s.Quotes)
}

// namesRequest is GET /api/names: a query and how many names to list.
type namesRequest struct {
	q     string
	limit int
}

func (h *handler) names(w http.ResponseWriter, r *http.Request) {
	parse := func(r *http.Request) (namesRequest, error) {
		get := r.Form.Get
		limit, err := intParam(get, "limit", query.DefaultLimit)
		return namesRequest{get("q"), limit}, err
	}
	run := func(ctx context.Context, req namesRequest) (*query.NamesResult, error) {
		return h.s.Names(ctx, req.q, req.limit)
	}
	serveJSON(h, w, r, parse, run)
}
