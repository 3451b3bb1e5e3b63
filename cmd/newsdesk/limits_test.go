package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRepeatedPrefixRefused: "s* OR s* OR …" 250 times expands s* once per
// repeat; every command that runs a query refuses it with an error that
// says why, instead of searching for seconds.
func TestRepeatedPrefixRefused(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	q := strings.TrimSuffix(strings.Repeat("s* OR ", 250), " OR ")
	for _, args := range [][]string{
		{"search", q},
		{"search", q, "--facets", "source", "--duplicates", "show"},
		{"export", q},
		{"kwic", "turkey", q},
		{"timeline", q},
		{"names", q},
		{"quotes", q},
	} {
		t.Run(args[0], func(t *testing.T) {
			_, _, err := run(t, "", append([]string{"--index", ix}, args...)...)
			if err == nil || !strings.HasPrefix(err.Error(), "query: the query expands to more than 10000 index terms") {
				t.Errorf("%s: err = %v, want the query's expansion named", strings.Join(args[:1], " "), err)
			}
		})
	}
}
