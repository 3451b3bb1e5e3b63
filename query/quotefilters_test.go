package query_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/query"
)

// TestQuotesFilteredByArticle checks that a quotation search with the
// search's filters returns exactly the quotations, among those of the
// unfiltered search, whose articles the same filters find.
func TestQuotesFilteredByArticle(t *testing.T) {
	ctx := context.Background()
	s := testSearcher(t)
	all, err := s.Quotes(ctx, query.QuoteRequest{Limit: query.MaxLimit, Duplicates: query.DupShow})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		filters  query.Filters
		from, to time.Time
	}{
		{"source", query.Filters{Sources: []string{"new york times"}}, time.Time{}, time.Time{}},
		{"source code", query.Filters{SourceCodes: []string{"nytf"}}, time.Time{}, time.Time{}},
		{"two sources", query.Filters{Sources: []string{"guardian", "washington post"}}, time.Time{}, time.Time{}},
		{"section", query.Filters{Sections: []string{"foreign desk"}}, time.Time{}, time.Time{}},
		{"language and name", query.Filters{Languages: []string{"English"}, Names: []string{"neumann"}}, time.Time{}, time.Time{}},
		{"name", query.Filters{Names: []string{"neumann"}}, time.Time{}, time.Time{}},
		{"source and dates", query.Filters{SourceCodes: []string{"NYTF"}}, time.Date(2017, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			articles, err := s.Search(ctx, query.Request{Filters: tc.filters, Limit: query.MaxLimit, Duplicates: query.DupShow})
			if err != nil {
				t.Fatal(err)
			}
			match := map[string]bool{}
			for _, h := range articles.Hits {
				match[h.ID] = true
			}
			var want []string
			for _, q := range all.Quotes {
				d, _ := time.Parse("2006-01-02", q.Date)
				if match[q.ArticleID] && (tc.from.IsZero() || !d.Before(tc.from)) && (tc.to.IsZero() || d.Before(tc.to)) {
					want = append(want, q.ArticleID+"/"+q.Text)
				}
			}
			got, err := s.Quotes(ctx, query.QuoteRequest{Filters: tc.filters, From: tc.from, To: tc.to, Limit: query.MaxLimit, Duplicates: query.DupShow})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || len(want) == len(all.Quotes) {
				t.Fatalf("the filters keep %d of %d quotations: pick filters that keep some and drop some", len(want), len(all.Quotes))
			}
			if int(got.Total) != len(want) || len(got.Quotes) != len(want) {
				t.Fatalf("total %d, %d quotations; want %d", got.Total, len(got.Quotes), len(want))
			}
			wanted := map[string]bool{}
			for _, w := range want {
				wanted[w] = true
			}
			for _, q := range got.Quotes {
				if !wanted[q.ArticleID+"/"+q.Text] {
					t.Errorf("quotation of %s (%s, %s) does not match the filters: %q", q.ArticleID, q.Source, q.Date, q.Text)
				}
			}
			sum := 0
			for _, sp := range got.Speakers {
				sum += sp.Count
			}
			if sum > len(want) {
				t.Errorf("speakers facet counts %d quotations, more than the %d filtered", sum, len(want))
			}
		})
	}
	// The sample archive is in English only.
	for name, f := range map[string]query.Filters{
		"no such source":   {Sources: []string{"no such paper"}},
		"no such language": {Languages: []string{"German"}},
	} {
		t.Run(name, func(t *testing.T) {
			res, err := s.Quotes(ctx, query.QuoteRequest{Filters: f})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 0 || len(res.Quotes) != 0 {
				t.Errorf("total %d, %d quotations; want none", res.Total, len(res.Quotes))
			}
		})
	}
	t.Run("field in the query", func(t *testing.T) {
		_, err := s.Quotes(ctx, query.QuoteRequest{Query: "source:nytf flood"})
		var re *query.RequestError
		if !errors.As(err, &re) || re.Param != "q" {
			t.Errorf("a field-scoped quotation query: %v, want a RequestError on q", err)
		}
	})
}
