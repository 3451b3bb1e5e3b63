package query_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/query"
)

// TestQuoteDateTermsMatchDates: quotations carry their dates as an instant
// and period terms, where indexes made before held a bleve date. Both must
// list the same quotations, in the same order when sorted by date, with
// the same speakers facet, for date filters whole and partial (days,
// months, years, hours, open ends), with and without words, a speaker
// and filters; on the test archives and, when ../shared is there, 2,000
// articles of Reuters-21578, whose dates have times of day.
func TestQuoteDateTermsMatchDates(t *testing.T) {
	ctx := context.Background()
	arts, withReuters := testArticles(t, []string{"archive", "factiva"}, []string{"archive", "jsonl"}, []string{"facets"})
	words := []string{"said", "people OR government"}
	if withReuters {
		words = append(words, "oil", "company")
	}
	byTerms, byDates := layoutPair(t, arts, "quote-dates-as-dates")

	// Date filters around the dates of quoting articles.
	var dates []time.Time
	for _, a := range arts {
		if !a.Date.IsZero() {
			dates = append(dates, a.Date.UTC())
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	mid := dates[len(dates)/2]
	day := time.Date(mid.Year(), mid.Month(), mid.Day(), 0, 0, 0, 0, time.UTC)
	month := time.Date(mid.Year(), mid.Month(), 1, 0, 0, 0, 0, time.UTC)
	year := time.Date(mid.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	ranges := []struct{ from, to time.Time }{
		{},
		{day, day.AddDate(0, 0, 1)},
		{month, month.AddDate(0, 1, 0)},
		{year, year.AddDate(1, 0, 0)},
		{day.AddDate(0, 0, -3).Add(7 * time.Hour), day.AddDate(0, 0, 2).Add(5*time.Hour + time.Second)},
		{mid, mid.Add(time.Nanosecond)}, // one instant
		{mid.Add(-time.Hour), mid.Add(time.Hour)},
		{time.Time{}, mid},
		{mid, time.Time{}},
		{dates[0], dates[len(dates)-1]},
	}
	compared := 0
	for _, r := range ranges {
		reqs := []query.QuoteRequest{{From: r.from, To: r.to}}
		for _, w := range words {
			reqs = append(reqs, query.QuoteRequest{Query: w, From: r.from, To: r.to})
		}
		first, err := byDates.Quotes(ctx, query.QuoteRequest{From: r.from, To: r.to, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Speakers) > 0 {
			sp := first.Speakers[0].Name
			reqs = append(reqs, query.QuoteRequest{Speaker: sp, From: r.from, To: r.to},
				query.QuoteRequest{Query: words[0], From: r.from, To: r.to, Filters: query.Filters{Sources: []string{arts[0].Source}}})
		}
		for _, req := range reqs {
			req.Limit, req.Duplicates = query.MaxLimit, query.DupShow
			name := fmt.Sprintf("q=%q speaker=%q from=%v to=%v", req.Query, req.Speaker, r.from, r.to)
			want, err := byDates.Quotes(ctx, req)
			if err != nil {
				t.Fatalf("%s, dates: %v", name, err)
			}
			got, err := byTerms.Quotes(ctx, req)
			if err != nil {
				t.Fatalf("%s, terms: %v", name, err)
			}
			// Sorted by date without words, by score with them (ties in
			// either index order, so compared as sets).
			sorted := req.Query == "" && req.Speaker == ""
			if x, y := quoteList(want, sorted), quoteList(got, sorted); x != y {
				t.Errorf("%s: as dates, then as terms:\n%s\n%s", name, x, y)
			}
			if x, y := fmt.Sprint(want.Speakers), fmt.Sprint(got.Speakers); x != y {
				t.Errorf("%s: speakers %s as dates, %s as terms", name, x, y)
			}
			compared += int(want.Total)
		}
	}
	t.Logf("%d quotations compared", compared)
	if compared < 200 {
		t.Errorf("only %d quotations compared", compared)
	}
}

// quoteList lists a quotation result's quotations, in order when sorted.
func quoteList(r *query.QuoteResult, sorted bool) string {
	lines := []string{fmt.Sprint(r.Total, " quotations")}
	for _, q := range r.Quotes {
		lines = append(lines, fmt.Sprintf("%s %s #%d %s", q.Date, q.ArticleID, q.Paragraph, q.Highlighted))
	}
	if !sorted {
		slices.Sort(lines[1:])
	}
	return strings.Join(lines, "\n")
}
