package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// TestStats checks GET /api/stats against the archive it describes,
// counted another way: the article count, the sources and languages of
// every article, the oldest and newest dates, the size of the index
// folder and the layout.
func TestStats(t *testing.T) {
	dir := filepath.Join("..", "testdata", "archive", "jsonl")
	ix := onDiskIndex(t, dir)
	s := query.NewSearcher(ix)
	srv := httptest.NewServer(httpapi.NewHandler(s, nil))
	defer srv.Close()
	status, _, body := fetch(t, srv.URL+"/api/stats")
	var st httpapi.Stats
	if err := json.Unmarshal(body, &st); err != nil || status != http.StatusOK {
		t.Fatalf("status %d, %v: %s", status, err, body)
	}
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	sources, languages := map[string]bool{}, map[string]int{}
	first, last := "9999", ""
	if err := s.Each(t.Context(), query.Request{Duplicates: query.DupShow}, func(h query.Hit, a *article.Article) error {
		sources[a.Source] = true
		languages[a.Language]++
		first, last = min(first, h.Date), max(last, h.Date)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var langCount int
	for _, l := range st.Languages {
		if languages[l.Name] != l.Count {
			t.Errorf("language %s: %d articles, counted %d", l.Name, l.Count, languages[l.Name])
		}
		langCount += l.Count
	}
	size, err := ix.SizeOnDisk()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"articles", st.Articles, n},
		{"sources", st.Sources, len(sources)},
		{"languages", len(st.Languages), len(languages)},
		{"articles by language", uint64(langCount), n},
		{"first", st.First, first},
		{"last", st.Last, last},
		{"index bytes", st.IndexBytes, size},
		{"layout", st.Layout, index.Layout},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	if st.IndexBytes < 10000 || n < 30 {
		t.Errorf("%d articles in %d bytes: the test archive is not what the test expects", n, st.IndexBytes)
	}
}

// TestAPIBrowsesNewestFirst checks that /api/search without a query (and
// without a sort) lists every article newest first, as the page's
// "browse everything" shows it.
func TestAPIBrowsesNewestFirst(t *testing.T) {
	srv := httptest.NewServer(httpapi.NewHandler(testSearcher(t), nil))
	defer srv.Close()
	n, err := testSearcher(t).Index().Count()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		params string
		newest bool
	}{
		{"limit=20&duplicates=show", true},
		{"q=&limit=20&duplicates=show", true},
		{"limit=20&duplicates=show&sort=-date", false},
	} {
		t.Run(tt.params, func(t *testing.T) {
			status, _, body := fetch(t, srv.URL+"/api/search?"+tt.params)
			var res query.Result
			if err := json.Unmarshal(body, &res); err != nil || status != http.StatusOK {
				t.Fatalf("status %d, %v: %s", status, err, body)
			}
			if res.Total != n || len(res.Hits) < 10 {
				t.Fatalf("%d of %d hits, want every article (%d)", len(res.Hits), res.Total, n)
			}
			for i := 1; i < len(res.Hits); i++ {
				prev, d := res.Hits[i-1].Date, res.Hits[i].Date
				if tt.newest && d > prev || !tt.newest && d < prev {
					t.Errorf("hit %d (%s) after %s: newest first %v", i+1, d, prev, tt.newest)
				}
			}
		})
	}
}
