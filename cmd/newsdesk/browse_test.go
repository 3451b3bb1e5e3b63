package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// TestSearchWithoutQueryBrowses checks that search with no query lists
// every article newest first unless --sort says otherwise (with the
// default relevance order, every article scores alike and came back in
// index order).
func TestSearchWithoutQueryBrowses(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		newest bool // newest first, else oldest first
	}{
		{"no sort", nil, true},
		{"sort date", []string{"--sort", "date"}, true},
		{"sort -date", []string{"--sort", "-date"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--index", ix, "search", "--json", "--limit", "5"}, tt.args...)
			out, _, err := run(t, "", args...)
			if err != nil {
				t.Fatal(err)
			}
			var res query.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if res.Total != 36 || len(res.Hits) != 5 {
				t.Fatalf("search with no query: %d of %d, want 5 of every article (36)", len(res.Hits), res.Total)
			}
			for i := 1; i < len(res.Hits); i++ {
				prev, d := res.Hits[i-1].Date, res.Hits[i].Date
				if tt.newest && d > prev || !tt.newest && d < prev {
					t.Errorf("hit %d (%s) after hit %d (%s): want newest first %v", i+1, d, i, prev, tt.newest)
				}
			}
		})
	}
}

// TestBrowseAsUncachedSearch checks that browsing from the command line
// (no query: its searcher caches, cliSearcher) lists the hits, totals,
// duplicates and facets a searcher without a cache gives, in every
// duplicate mode and both date orders, from the shared duplicate keys the
// ingest kept, and that only a search of every article caches.
func TestBrowseAsUncachedSearch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", dir, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	// The ingest kept the shared duplicate keys (prepareBrowsing); the
	// browses below read that file and do not write it again.
	kept := filepath.Join(dir, "shared_dup_group.nds")
	prepared, err := os.Stat(kept)
	if err != nil {
		t.Fatalf("no shared keys file after the ingest: %v", err)
	}
	defer func() {
		if info, err := os.Stat(kept); err != nil || !os.SameFile(info, prepared) {
			t.Errorf("a browse wrote the shared keys the ingest kept again (%v)", err)
		}
	}()
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	plain := query.NewSearcher(ix)
	for _, tt := range []struct {
		args []string
		req  query.Request
	}{
		{[]string{"--facets", "source,year"}, query.Request{Facets: []string{"source", "year"}}},
		{[]string{"--facets", "source", "--duplicates", "identical", "--sort", "-date"}, query.Request{Facets: []string{"source"}, Duplicates: "identical", Sort: "-date"}},
		{[]string{"--duplicates", "show", "--limit", "20"}, query.Request{Duplicates: "show", Limit: 20}},
		{[]string{"--offset", "30"}, query.Request{Offset: 30}},
	} {
		args := append([]string{"--index", dir, "search", "--json", "--snippets", "0"}, tt.args...)
		out, _, err := run(t, "", args...)
		if err != nil {
			t.Fatal(err)
		}
		var got query.Result
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s", tt.args, err, out)
		}
		tt.req.Snippets = -1
		want, err := plain.Search(context.Background(), tt.req)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || got.TotalArticles != want.TotalArticles || len(got.Hits) != len(want.Hits) {
			t.Fatalf("%v: %d hits of %d/%d, uncached %d of %d/%d", tt.args, len(got.Hits), got.Total, got.TotalArticles, len(want.Hits), want.Total, want.TotalArticles)
		}
		for i, h := range got.Hits {
			if w := want.Hits[i]; h.ID != w.ID || !slices.Equal(h.Duplicates, w.Duplicates) {
				t.Errorf("%v: hit %d is %s (duplicates %v), uncached %s (%v)", tt.args, i, h.ID, h.Duplicates, w.ID, w.Duplicates)
			}
		}
		if !reflect.DeepEqual(got.Facets, want.Facets) {
			t.Errorf("%v: facets %v, uncached %v", tt.args, got.Facets, want.Facets)
		}
	}
	for _, tt := range []struct {
		req   query.Request
		cache bool
	}{
		{query.Request{}, true},
		{query.Request{Facets: []string{"source"}}, true},
		{query.Request{Query: "said"}, false},
		{query.Request{From: time.Date(1987, 1, 1, 0, 0, 0, 0, time.UTC)}, false},
		{query.Request{Filters: query.Filters{Sources: []string{"Reuters"}}}, false},
	} {
		if got := cliSearcher(ix, tt.req).Cache; got != tt.cache {
			t.Errorf("%+v: cache %v, want %v", tt.req, got, tt.cache)
		}
	}
}
