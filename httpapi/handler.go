// Package httpapi serves a query.Searcher over HTTP: the JSON API, the
// parameters it reads from URLs (which the newsdesk command line mirrors as
// flags) and the search page.
package httpapi

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

//go:embed web/index.html
var searchPage []byte

// The page's icon is served, not inlined as a data: URL, which the page's
// Content-Security-Policy (images from 'self' only) blocks.
//
//go:embed web/favicon.svg
var favicon []byte

// SearchTimeout bounds one search made over HTTP.
const SearchTimeout = 10 * time.Second

// NewHandler serves the JSON API and the search page: the endpoints of
// Routes, described in OpenAPI 3 at /api/openapi.json (OpenAPI).
//
// Errors are JSON objects {"error": "..."} that name the bad parameter, with
// status 400 for bad requests and 404 for unknown articles and endpoints.
// The list endpoints (search, quotes, names) page alike: limit (1 to
// query.MaxLimit, default query.DefaultLimit) and offset (0 to
// query.MaxOffset); search also pages by cursor. A query string
// Go cannot read (over 10,000 parameters, a bad %-escape, a ";") is a 400
// on every endpoint, never read as no parameters.
//
// Only requests addressed to localhost or a loopback address are answered
// (others get a 403): see NewHandlerWith to allow other host names.
func NewHandler(s *query.Searcher, logger *log.Logger) http.Handler {
	return NewHandlerWith(s, HandlerOptions{Logger: logger})
}

// NewHandlerWith is NewHandler with options: the hosts requests may be
// addressed to besides the loopback ones, and the logger.
func NewHandlerWith(s *query.Searcher, opts HandlerOptions) http.Handler {
	h := &handler{s: s, log: opts.Logger, hosts: newHostCheck(opts.AllowedHosts), advice: opts.Advice}
	mux := http.NewServeMux()
	h.mux = mux
	for _, rt := range h.routes() {
		mux.HandleFunc(rt.pattern(), rt.serve)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed: the API is read-only, use GET", r.Method))
			return
		}
		writeError(w, http.StatusNotFound, fmt.Errorf("no such endpoint: %s", r.URL.Path))
	})
	return h
}

type handler struct {
	s     *query.Searcher
	log   *log.Logger
	mux   *http.ServeMux
	hosts hostCheck
	// advice adds the serving program's own advice to a 4xx message.
	advice func(error) string
}

// ServeHTTP checks every request, for every endpoint, before the endpoint
// runs. A Host that is not allowed is a 403 (hosts.go). The query string
// is read here, and handlers read their parameters from r.Form: one that
// cannot be read is a 400 naming the problem. (Go's r.URL.Query() drops
// what it cannot parse: past 10,000 parameters it drops them all, and a
// search without its q ran as match-all with a 200.)
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.hosts.check(r.Host); err != nil {
		h.clientError(w, http.StatusForbidden, err)
		return
	}
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("the query string cannot be read: %w", err))
		return
	}
	r.Form = v
	h.mux.ServeHTTP(w, r)
}

func (h *handler) search(w http.ResponseWriter, r *http.Request) {
	serveJSON(h, w, r, func(r *http.Request) (query.Request, error) { return Parse(SearchParams(), r.Form) }, h.s.Search)
}

// serveJSON answers one search-like request: parse reads it from the URL
// (its error is a 400 naming the parameter), run answers it within
// SearchTimeout, and the result or error is written as JSON.
func serveJSON[Req, Res any](h *handler, w http.ResponseWriter, r *http.Request, parse func(*http.Request) (Req, error), run func(context.Context, Req) (Res, error)) {
	req, err := parse(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), SearchTimeout)
	defer cancel()
	res, err := run(ctx, req)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *handler) article(w http.ResponseWriter, r *http.Request) {
	a, err := h.s.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (h *handler) health(w http.ResponseWriter, r *http.Request) {
	n, err := h.s.Index().Count()
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, Health{Status: "ok", Articles: n})
}

func (h *handler) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(searchPage)
}

func (h *handler) icon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "max-age=86400")
	w.Header().Set("Content-Security-Policy", "default-src 'none'") // opened on its own, it runs nothing
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(favicon)
}

// fail maps an error to its status: the client's mistakes are 4xx and
// named; anything else is logged and reported as 500.
func (h *handler) fail(w http.ResponseWriter, err error) {
	var re *query.RequestError
	switch {
	case errors.As(err, &re):
		h.clientError(w, http.StatusBadRequest, err)
	case errors.Is(err, index.ErrNotFound):
		h.clientError(w, http.StatusNotFound, err)
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, fmt.Errorf("search took longer than %s; narrow the query", SearchTimeout))
	default:
		if h.log != nil {
			h.log.Printf("error: %v", err)
		}
		writeError(w, http.StatusInternalServerError, err)
	}
}

// clientError answers a client's mistake, with the advice of
// HandlerOptions.Advice added when it has some.
func (h *handler) clientError(w http.ResponseWriter, status int, err error) {
	if h.advice != nil {
		if a := h.advice(err); a != "" {
			err = fmt.Errorf("%w; %s", err, a)
		}
	}
	writeError(w, status, err)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if res, ok := v.(*query.Result); ok {
		// A search result writes its own JSON, the same bytes faster.
		if b, ok := res.AppendJSON(make([]byte, 0, 8<<10)); ok {
			_, _ = w.Write(append(b, '\n'))
			return
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func (h *handler) timeline(w http.ResponseWriter, r *http.Request) {
	serveJSON(h, w, r, func(r *http.Request) (query.TimelineRequest, error) { return Parse(TimelineParams(), r.Form) }, h.s.Timeline)
}
