package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

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
