package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestQuotesTakeTheSearchFilters checks that quotes reads --source-code,
// --source and --name (from the table GET /api/quotes reads) and keeps
// only the quotations of the articles they match.
func TestQuotesTakeTheSearchFilters(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", "--quiet", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	type quotes struct {
		Total  int `json:"total"`
		Quotes []struct {
			Source    string `json:"source"`
			ArticleID string `json:"article_id"`
		} `json:"quotes"`
	}
	get := func(args ...string) quotes {
		t.Helper()
		out, errOut, err := run(t, "", append([]string{"--index", ix, "quotes", "--json", "--limit", "1000", "--duplicates", "show"}, args...)...)
		if err != nil {
			t.Fatalf("quotes %v: %v %s", args, err, errOut)
		}
		var q quotes
		if err := json.Unmarshal([]byte(out), &q); err != nil {
			t.Fatalf("quotes %v: %v", args, err)
		}
		return q
	}
	all := get("--from", "1900")
	for _, tc := range []struct {
		args   []string
		source string // every quotation's source
	}{
		{[]string{"--source-code", "NYTF"}, "The New York Times"},
		{[]string{"--source", "new york times"}, "The New York Times"},
		{[]string{"--source", "guardian", "--from", "2016", "--to", "2016"}, ""},
		{[]string{"--name", "neumann"}, ""},
	} {
		got := get(tc.args...)
		if got.Total == 0 || got.Total >= all.Total {
			t.Errorf("quotes %v: %d of %d quotations; want some, not all", tc.args, got.Total, all.Total)
		}
		for _, q := range got.Quotes {
			if tc.source != "" && q.Source != tc.source {
				t.Errorf("quotes %v: a quotation of %s from %q", tc.args, q.ArticleID, q.Source)
			}
		}
	}
}
