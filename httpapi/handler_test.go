package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
)

func TestHandler(t *testing.T) {
	s := testSearcher(t)
	srv := httptest.NewServer(httpapi.NewHandler(s, nil))
	defer srv.Close()

	tests := []struct {
		name, path string
		status     int
		check      func(t *testing.T, body map[string]any)
	}{
		{"search", "/api/search?q=returnees+Turkey", 200, func(t *testing.T, b map[string]any) {
			hits := b["hits"].([]any)
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			first := hits[0].(map[string]any)
			if first["id"] != seedID {
				t.Errorf("first hit %v, want %s", first["id"], seedID)
			}
			snips := fmt.Sprint(first["snippets"])
			if !strings.Contains(snips, "<mark>returnees</mark>") || !strings.Contains(snips, "<mark>Turkey</mark>") {
				t.Errorf("snippets %s lack marked matches", snips)
			}
			for _, k := range []string{"query", "total", "took_ms"} {
				if _, ok := b[k]; !ok {
					t.Errorf("result lacks %q", k)
				}
			}
		}},
		{"paging", "/api/search?q=the+OR+fighters&limit=1&offset=0", 200, func(t *testing.T, b map[string]any) {
			if n := len(b["hits"].([]any)); n != 1 {
				t.Errorf("limit=1 gave %d hits", n)
			}
		}},
		{"article", "/api/articles/" + seedID, 200, func(t *testing.T, b map[string]any) {
			if b["headline"] != seedHeadline || b["source_code"] != "NYTF" {
				t.Errorf("article = %v", b)
			}
			if body, ok := b["body"].([]any); !ok || len(body) < 10 {
				t.Errorf("body is not an array of paragraphs: %T", b["body"])
			}
		}},
		{"missing article", "/api/articles/NOPE", 404, errorNames("NOPE")},
		{"a quotation is not an article", "/api/articles/" + seedID + "%23q1", 404, errorNames(seedID + "#q1")},
		{"bad query", "/api/search?q=a+(b", 400, errorNames(`"(" is not closed`)},
		{"unknown field", "/api/search?q=foo:bar", 400, errorNames(`unknown field "foo"`)},
		{"bad limit", "/api/search?q=x&limit=ten", 400, errorNames("limit")},
		{"limit too big", "/api/search?q=x&limit=100000", 400, errorNames("limit")},
		{"limit zero", "/api/search?q=x&limit=0", 400, errorNames("limit")},
		{"negative offset", "/api/search?q=x&offset=-1", 400, errorNames("offset")},
		{"bad sort", "/api/search?q=x&sort=up", 400, errorNames("sort")},
		{"bad date", "/api/search?q=x&from=yesterday", 400, errorNames("from")},
		{"from after to", "/api/search?q=x&from=2018&to=2017", 400, errorNames("from")},
		{"health", "/healthz", 200, func(t *testing.T, b map[string]any) {
			if b["status"] != "ok" || b["articles"].(float64) < 1 {
				t.Errorf("healthz = %v", b)
			}
		}},
		{"unknown path", "/api/nothing", 404, errorNames("/api/nothing")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			var body map[string]any
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			tt.check(t, body)
		})
	}
}

func errorNames(want string) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		msg, _ := b["error"].(string)
		if !strings.Contains(msg, want) {
			t.Errorf("error = %q, want it to name %q", msg, want)
		}
	}
}

func TestHandlerServesPage(t *testing.T) {
	rec := httptest.NewRecorder()
	httpapi.NewHandler(testSearcher(t), nil).ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), "api/search") {
		t.Errorf("GET / = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	rec = httptest.NewRecorder()
	httpapi.NewHandler(testSearcher(t), nil).ServeHTTP(rec, httptest.NewRequest("POST", "http://localhost/api/search?q=x", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/search = %d, want 405", rec.Code)
	}
}
