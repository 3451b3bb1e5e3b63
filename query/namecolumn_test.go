package query_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// The facets of fields with too many values for bitmaps (names, speakers)
// are counted from ordinal columns by a cached read-only searcher. The test
// archive's fields are small, so the searcher here keeps every field as
// columns (at most one value as bitmaps), and its counts are checked
// against the doc-value pass of a writable copy and against bitmaps.
func TestOrdinalColumnsCountAsDocValues(t *testing.T) {
	w, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	writable := query.NewSearcher(w)
	bitmaps := query.NewSearcher(ro)
	bitmaps.Cache = true
	columns := query.NewSearcher(ro)
	columns.Cache = true
	query.SetMaxBitmapValues(columns, 1)
	facets := []string{query.FacetName, query.FacetSpeaker, query.FacetSource, query.FacetSection, query.FacetLanguage, "source_code", query.FacetMonth}
	tests := []struct {
		query, dups string
	}{
		{"", query.DupShow},
		{"", query.DupSimilar},
		{"lighthouse", query.DupShow},
		{"said OR lighthouse", query.DupIdentical},
		{"harbour", query.DupSimilar},
		{"source:guardian", query.DupShow},
		{"NOT lighthouse", query.DupIdentical},
		{"quote:harbour", query.DupShow},
		{"light* OR harb*", query.DupSimilar},
		{"date:2016", query.DupIdentical},
		{"nosuchwordanywhere", query.DupShow},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%q %s", tc.query, tc.dups)
		req := query.Request{Query: tc.query, Duplicates: tc.dups, Limit: query.MaxLimit, Snippets: -1, Facets: facets}
		want, err := writable.Search(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(want.Facets[query.FacetName]) == 0 && tc.query == "" {
			t.Fatalf("%s: the archive has no names to count", name)
		}
		for sname, s := range map[string]*query.Searcher{"bitmaps": bitmaps, "columns": columns} {
			got, err := s.Search(ctx, req)
			if err != nil {
				t.Fatalf("%s %s: %v", sname, name, err)
			}
			if d := resultDiff(want, got); d != "" {
				t.Errorf("%s search %s: %s", sname, name, d)
			}
			// Facets counts by its own pass, not during the ranking search.
			wf, err := writable.Facets(ctx, req)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			gf, err := s.Facets(ctx, req)
			if err != nil {
				t.Fatalf("%s %s: %v", sname, name, err)
			}
			if fmt.Sprint(wf) != fmt.Sprint(gf) {
				t.Errorf("%s facets %s:\n  %v\n  %v", sname, name, wf, gf)
			}
		}
		wn, err := writable.Names(ctx, tc.query, 5)
		if err != nil {
			t.Fatalf("names %s: %v", name, err)
		}
		gn, err := columns.Names(ctx, tc.query, 5)
		if err != nil {
			t.Fatalf("names %s: %v", name, err)
		}
		if fmt.Sprint(wn) != fmt.Sprint(gn) {
			t.Errorf("names %s:\n  %v\n  %v", name, wn, gn)
		}
	}
}
