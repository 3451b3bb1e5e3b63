package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestNamesTakesTheSearchFilters checks that names reads the dates and
// filters of a search (it took a query and --limit only): its article
// count is search's for the same options, fewer than without them, and
// --offset pages through the names.
func TestNamesTakesTheSearchFilters(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", "--quiet", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	names := func(args ...string) query.NamesResult {
		t.Helper()
		out, _, err := run(t, "", append([]string{"--index", ix, "names", "--json"}, args...)...)
		if err != nil {
			t.Fatalf("names %v: %v", args, err)
		}
		var res query.NamesResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("names %v: %v\n%s", args, err, out)
		}
		return res
	}
	all := names("--limit", "1000")
	for _, args := range [][]string{
		{"--source", "guardian"},
		{"--from", "2018"},
		{"--to", "2016"},
		{"said", "--source-code", "NYTF"},
		{"--lang", "en", "--section", "world"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := run(t, "", append([]string{"--index", ix, "search", "--json", "--limit", "1"}, args...)...)
			if err != nil {
				t.Fatal(err)
			}
			var sr query.Result
			if err := json.Unmarshal([]byte(out), &sr); err != nil {
				t.Fatal(err)
			}
			got := names(append(args, "--limit", "1000")...)
			if got.Total != sr.Total || got.Total == 0 || got.Total >= all.Total {
				t.Errorf("names %v counts %d articles, search %d, every article %d: want search's, some but not all", args, got.Total, sr.Total, all.Total)
			}
		})
	}
	paged := names("--limit", "3", "--offset", "2")
	want := all.Names[2:5]
	if !slices.Equal(paged.Names, want) {
		t.Errorf("--limit 3 --offset 2: %v, want %v", paged.Names, want)
	}
}
