package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/query"
)

// TestFacetFilterOverHTTP follows one value's filter as the search page
// does: from /api/search's facets to a second /api/search.
func TestFacetFilterOverHTTP(t *testing.T) {
	s := query.NewSearcher(onDiskIndex(t, filepath.Join("..", "testdata", "facetvalues")))
	s.Cache = true
	srv := httptest.NewServer(httpapi.NewHandler(s, nil))
	defer srv.Close()
	get := func(params url.Values) query.Result {
		t.Helper()
		res, err := http.Get(srv.URL + "/api/search?" + params.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out query.Result
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d, %v", params.Encode(), res.StatusCode, err)
		}
		return out
	}
	first := get(url.Values{"q": {"said"}, "facets": {"source,week"}})
	var checked int
	for _, facet := range []string{"source", "week"} {
		for _, v := range first.Facets[facet] {
			narrowed := get(url.Values{"q": {query.Narrow("said", v.Filter)}})
			if narrowed.Total != v.Count {
				t.Errorf("%s %q: count %d, filter %s selects %d", facet, v.Value, v.Count, v.Filter, narrowed.Total)
			}
			checked++
		}
	}
	// The word-phrase filter source:"The Ledger (Coast)" also matches
	// "The Ledger (Coast) - Final Edition"; the exact one must not.
	var ledger *query.FacetValue
	for i, v := range first.Facets["source"] {
		if v.Value == "The Ledger (Coast)" {
			ledger = &first.Facets["source"][i]
		}
	}
	if ledger == nil || ledger.Filter != `source:="The Ledger (Coast)"` {
		t.Fatalf("source facet %+v: no value The Ledger (Coast) with its exact filter", first.Facets["source"])
	}
	if checked < 8 {
		t.Errorf("checked %d values", checked)
	}
}

func TestQuotesAndNamesOverHTTP(t *testing.T) {
	srv := httptest.NewServer(httpapi.NewHandler(testSearcher(t), nil))
	defer srv.Close()
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/api/quotes?q=flood&speaker=neumann", 200, `"article_id":"` + seedID},
		{"/api/quotes?q=flood&limit=x", 400, "limit"},
		{"/api/quotes?q=speaker:neumann", 400, "speaker=, from=, to=, source="},
		{"/api/quotes?q=flood+date:2017", 400, "date:"},
		{"/api/names?limit=-4", 400, "limit"},
		{"/api/names?q=returnees", 200, `"names":[{"name":`},
		{"/api/articles/" + seedID, 200, `{"name":"Peter Neumann","type":"person","mentions":1}`},
		{"/api/articles/" + seedID, 200, `"speaker":"Peter Neumann","paragraph":7}`},
	}
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		err = json.NewDecoder(resp.Body).Decode(&raw)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if resp.StatusCode != tt.status || !strings.Contains(string(raw), tt.want) {
			t.Errorf("%s: status %d, body %.300s; want %d and %s", tt.path, resp.StatusCode, raw, tt.status, tt.want)
		}
		// The HTTP API names its URL parameters, never the CLI's flags.
		if tt.status >= 400 && strings.Contains(string(raw), "--") {
			t.Errorf("%s: body %.300s names a command-line flag", tt.path, raw)
		}
	}
}
