package query

import (
	"context"
	"net/http"
)

// ParseQuoteRequest reads a QuoteRequest from URL parameters, naming the
// first bad one in its error.
func ParseQuoteRequest(get func(string) string) (QuoteRequest, error) {
	req := QuoteRequest{Query: get("q"), Speaker: get("speaker"), Duplicates: get("duplicates")}
	var err error
	if req.Limit, err = intParam(get, "limit", DefaultLimit); err != nil {
		return req, err
	}
	if req.Offset, err = intParam(get, "offset", 0); err != nil {
		return req, err
	}
	if req.From, err = dateParam(get, "from", false); err != nil {
		return req, err
	}
	if req.To, err = dateParam(get, "to", true); err != nil {
		return req, err
	}
	return req, nil
}

func (h *handler) quotes(w http.ResponseWriter, r *http.Request) {
	req, err := ParseQuoteRequest(r.URL.Query().Get)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), SearchTimeout)
	defer cancel()
	res, err := h.s.Quotes(ctx, req)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *handler) names(w http.ResponseWriter, r *http.Request) {
	get := r.URL.Query().Get
	limit, err := intParam(get, "limit", DefaultLimit)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), SearchTimeout)
	defer cancel()
	res, err := h.s.Names(ctx, get("q"), limit)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
