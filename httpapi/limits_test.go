package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// serverSearcher indexes the sample archive and the planted duplicates of
// testdata/facets, and returns a searcher set up as `newsdesk serve` sets
// its own (caching).
func serverSearcher(t *testing.T) *query.Searcher {
	t.Helper()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx := context.Background()
	events := ingest.Read(ctx, []string{filepath.Join("..", "testdata", "archive", "factiva"), filepath.Join("..", "testdata", "facets")}, ingest.Options{})
	if _, err := ix.Ingest(ctx, events, index.Options{}); err != nil {
		t.Fatal(err)
	}
	s := query.NewSearcher(ix)
	s.Cache = true
	return s
}

// get asks h for path and returns the status and the decoded JSON body
// (a body that is not JSON is its "error").
func get(t *testing.T, h http.Handler, path string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost"+path, nil))
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		return rec.Code, map[string]any{"error": fmt.Sprintf("not JSON: %.40q", rec.Body.String())}
	}
	return rec.Code, body
}

// queryEndpoints are the requests of the API that run the query q
// (quotations only for a q without fields: they have no names).
func queryEndpoints(q string) map[string]string {
	e := url.QueryEscape(q)
	out := map[string]string{
		"search":            "/api/search?q=" + e,
		"search identical":  "/api/search?duplicates=identical&q=" + e,
		"search show":       "/api/search?duplicates=show&q=" + e,
		"search by date":    "/api/search?sort=date&q=" + e,
		"search facets":     "/api/search?facets=source,name,year&q=" + e,
		"search cursor":     "/api/search?cursor=*&q=" + e,
		"search name facet": "/api/search?duplicates=show&facets=name&q=" + e,
		"timeline":          "/api/timeline?q=turkey&q=" + e,
		"names":             "/api/names?q=" + e,
	}
	if !strings.Contains(q, ":") {
		out["quotes"] = "/api/quotes?q=" + e
	}
	return out
}

// TestExpansionErrorsAre400: a query of many name prefixes is answered by
// every endpoint in full or with the 400 that names q, never a 500, at
// caps on expansion around the smallest that lets its plain search run.
// (At that cap the duplicate listing gave a 500: its unscored search
// builds more term searchers than the scored search before it.)
func TestExpansionErrorsAre400(t *testing.T) {
	s := serverSearcher(t)
	h := httpapi.NewHandler(s, nil)
	var prefixes []string
	for _, a := range "pqrst" {
		for _, b := range "abcdefghijklmnopqrstuvwxy" {
			prefixes = append(prefixes, "name:"+string(a)+string(b)+"*")
		}
	}
	// 125 prefixes, as in the report, on the articles of a duplicate group.
	q := "lighthouse (" + strings.Join(prefixes, " OR ") + ")"
	plain := "/api/search?duplicates=show&q=" + url.QueryEscape(q)
	lo, hi := 1, 100000 // the smallest cap at which the plain search runs
	for lo < hi {
		s.MaxExpansion = (lo + hi) / 2
		if status, _ := get(t, h, plain); status == http.StatusOK {
			hi = s.MaxExpansion
		} else {
			lo = s.MaxExpansion + 1
		}
	}
	for _, limit := range []int{lo - 1, lo, lo + 1, 2 * lo} {
		s.MaxExpansion = limit
		for name, path := range queryEndpoints(q) {
			status, body := get(t, h, path)
			msg, _ := body["error"].(string)
			switch {
			case status == http.StatusOK && limit >= lo:
			case status == http.StatusBadRequest && limit < lo:
				if !strings.HasPrefix(msg, "query: ") || !strings.Contains(msg, "expands to more than") {
					t.Errorf("cap %d, %s: 400 %q does not name the query's expansion", limit, name, msg)
				}
			default:
				t.Errorf("cap %d (the search runs from %d), %s: %d %q", limit, lo, name, status, msg)
			}
		}
	}
}

// TestRepeatedPrefixIs400: "s* OR s* OR …" 250 times (1.5 KB) is refused
// at once by every endpoint, as a 400 naming q, under the default cap.
func TestRepeatedPrefixIs400(t *testing.T) {
	h := httpapi.NewHandler(serverSearcher(t), nil)
	for name, path := range queryEndpoints(repeated("s*", 250)) {
		status, body := get(t, h, path)
		msg, _ := body["error"].(string)
		if status != http.StatusBadRequest || !strings.Contains(msg, "expands to more than 10000 index terms") {
			t.Errorf("%s: %d %q, want 400 naming the expansion", name, status, msg)
		}
	}
}

// TestUnreadableQueryStringIs400: a query string Go's parser gives up on
// (over 10,000 parameters, a bad escape, a semicolon) is a 400 naming the
// problem on every endpoint; it was read as no parameters at all, so a
// search ran as match-all with a 200.
func TestUnreadableQueryStringIs400(t *testing.T) {
	h := httpapi.NewHandler(testSearcher(t), nil)
	endpoints := []string{"/api/search", "/api/timeline", "/api/quotes", "/api/names", "/api/articles/" + seedID, "/healthz", "/", "/api/nothing"}
	queries := map[string]struct{ raw, want string }{
		"10,001 parameters": {"q=returnees" + strings.Repeat("&x=1", 10000), "number of URL query parameters exceeded limit"},
		"bad escape":        {"q=returnees%zz", `invalid URL escape "%zz"`},
		"semicolon":         {"q=returnees;limit=5", "semicolon"},
	}
	for name, tt := range queries {
		for _, e := range endpoints {
			status, body := get(t, h, e+"?"+tt.raw)
			msg, _ := body["error"].(string)
			if status != http.StatusBadRequest || !strings.Contains(msg, "query string") || !strings.Contains(msg, tt.want) {
				t.Errorf("%s, %s: %d %q, want 400 naming %q", name, e, status, msg, tt.want)
			}
		}
	}
	// 10,000 parameters are still read.
	if status, body := get(t, h, "/api/search?q=returnees"+strings.Repeat("&x=1", 9999)); status != http.StatusOK {
		t.Errorf("10,000 parameters: %d %v", status, body["error"])
	}
}

// TestHostCheck: the handler answers only requests addressed to a loopback
// name or an allowed host, so that a page on another site that rebinds its
// own name to 127.0.0.1 cannot read the archive; the page may not be
// framed either.
func TestHostCheck(t *testing.T) {
	s := testSearcher(t)
	handlers := map[string]http.Handler{
		"default":          httpapi.NewHandler(s, nil),
		"news.example.org": httpapi.NewHandlerWith(s, httpapi.HandlerOptions{AllowedHosts: []string{"News.Example.org:8080", "192.168.1.5"}}),
		"*":                httpapi.NewHandlerWith(s, httpapi.HandlerOptions{AllowedHosts: []string{"*"}}),
	}
	tests := []struct {
		host string
		ok   map[string]bool // by handler; missing means refused
	}{
		{"localhost", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"localhost:8080", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"LOCALHOST.:8080", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"app.localhost:8080", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"127.0.0.1:8080", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"127.4.5.6", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"[::1]:8080", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"[::ffff:127.0.0.1]:8080", map[string]bool{"default": true, "news.example.org": true, "*": true}},
		{"news.example.org", map[string]bool{"news.example.org": true, "*": true}},
		{"news.example.org:9999", map[string]bool{"news.example.org": true, "*": true}},
		{"192.168.1.5:8080", map[string]bool{"news.example.org": true, "*": true}},
		{"attacker.example:8080", map[string]bool{"*": true}},
		{"127.0.0.1.attacker.example", map[string]bool{"*": true}},
		{"localhost.attacker.example", map[string]bool{"*": true}},
		{"0.0.0.0:8080", map[string]bool{"*": true}},
		{"192.168.1.6", map[string]bool{"*": true}},
		{"", map[string]bool{"*": true}},
	}
	for _, tt := range tests {
		for name, h := range handlers {
			for _, path := range []string{"/api/search?q=returnees", "/api/articles/" + seedID, "/healthz", "/"} {
				req := httptest.NewRequest("GET", "http://localhost"+path, nil)
				req.Host = tt.host
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				switch {
				case tt.ok[name] && rec.Code != http.StatusOK:
					t.Errorf("%s handler, Host %q, %s: %d, want 200", name, tt.host, path, rec.Code)
				case !tt.ok[name] && rec.Code != http.StatusForbidden:
					t.Errorf("%s handler, Host %q, %s: %d, want 403", name, tt.host, path, rec.Code)
				case !tt.ok[name]:
					var body map[string]string
					if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !strings.Contains(body["error"], "host") || !strings.Contains(body["error"], "DNS rebinding") && tt.host != "" {
						t.Errorf("%s handler, Host %q: error %s does not say why", name, tt.host, rec.Body.String())
					}
				}
			}
		}
	}
	rec := httptest.NewRecorder()
	httpapi.NewHandler(s, nil).ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost/", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the page may be framed: Content-Security-Policy %q", csp)
	}
}

// repeated is clause n times, ORed: "a* OR a* OR …".
func repeated(clause string, n int) string {
	return strings.TrimSuffix(strings.Repeat(clause+" OR ", n), " OR ")
}
