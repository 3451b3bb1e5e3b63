package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/query"
)

func TestHandlerFacetsTimelineCursor(t *testing.T) {
	s := testSearcher(t)
	srv := httptest.NewServer(httpapi.NewHandler(s, nil))
	defer srv.Close()
	get := func(t *testing.T, path string, status int) map[string]any {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatalf("%s: body is not JSON: %v", path, err)
		}
		if res.StatusCode != status {
			t.Fatalf("%s: status %d, want %d: %v", path, res.StatusCode, status, body)
		}
		return body
	}
	tests := []struct {
		name, path string
		status     int
		check      func(t *testing.T, b map[string]any)
	}{
		{"facets and repeated filters", "/api/search?facets=source_code,year&source_code=NYTF&source_code=GRDN&duplicates=show", 200, func(t *testing.T, b map[string]any) {
			f := b["facets"].(map[string]any)
			codes := map[string]float64{}
			for _, v := range f["source_code"].([]any) {
				m := v.(map[string]any)
				codes[m["value"].(string)] = m["count"].(float64)
			}
			if len(codes) != 2 || codes["NYTF"] == 0 || codes["GRDN"] == 0 || codes["NYTF"]+codes["GRDN"] != b["total"].(float64) {
				t.Errorf("source_code facet %v, total %v", codes, b["total"])
			}
			if len(f["year"].([]any)) == 0 {
				t.Error("no year buckets")
			}
		}},
		{"timeline", "/api/timeline?q=elections&q=vaccine&by=year", 200, func(t *testing.T, b map[string]any) {
			periods := b["periods"].([]any)
			series := b["series"].([]any)
			if b["by"] != "year" || len(periods) != 5 || len(series) != 2 {
				t.Fatalf("timeline = %v", b)
			}
			counts := series[0].(map[string]any)["counts"].([]any)
			for i, c := range counts {
				if c.(float64) != 1 {
					t.Errorf("elections in %v: %v, want 1", periods[i], c)
				}
			}
		}},
		{"facet size", "/api/search?facets=source_code,name,year&facet_size=1&duplicates=show", 200, func(t *testing.T, b map[string]any) {
			f := b["facets"].(map[string]any)
			for _, name := range []string{"source_code", "name"} {
				if n := len(f[name].([]any)); n != 1 {
					t.Errorf("%s: %d values with facet_size=1, want 1", name, n)
				}
			}
			if len(f["year"].([]any)) < 2 {
				t.Errorf("year histogram cut by facet_size: %v", f["year"])
			}
		}},
		{"bad facet size", "/api/search?facets=name&facet_size=-1", 400, errorNames("facet_size")},
		{"bad facet", "/api/search?facets=colour", 400, errorNames("facets")},
		{"bad duplicates", "/api/search?duplicates=twice", 400, errorNames("duplicates")},
		{"bad cursor", "/api/search?cursor=abc", 400, errorNames("cursor")},
		{"bad period", "/api/timeline?q=x&by=decade", 400, errorNames("by")},
		{"bad timeline date", "/api/timeline?q=x&from=soon", 400, errorNames("from")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, get(t, tt.path, tt.status))
		})
	}

	// Cursor paging over HTTP: each page's next gives the page after, and
	// the pages together are every hit once.
	seen := map[string]bool{}
	cursor := query.CursorStart
	for pages := 0; cursor != ""; pages++ {
		if pages > 40 {
			t.Fatal("cursor does not end")
		}
		b := get(t, "/api/search?q=said&limit=4&sort=date&cursor="+url.QueryEscape(cursor), 200)
		for _, h := range b["hits"].([]any) {
			id := h.(map[string]any)["id"].(string)
			if seen[id] {
				t.Errorf("%s twice", id)
			}
			seen[id] = true
		}
		cursor, _ = b["next"].(string)
		if total := int(b["total"].(float64)); cursor == "" && len(seen) != total {
			t.Errorf("paged %d hits, total %d", len(seen), total)
		}
	}
}
