package query_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestSnippetsByPositionMatchOffsets: the text fields' term vectors hold
// positions only, and snippets find the words they mark by tokenising the
// displayed text again. Every search and quotation search here must give
// the same hits, snippets, headline marks and quotation marks as an index
// whose term vectors hold the byte offsets (the with-offsets variant, the
// layout before), on the test archives and, when ../shared is there, 2,000
// articles of Reuters-21578.
func TestSnippetsByPositionMatchOffsets(t *testing.T) {
	ctx := context.Background()
	arts, withReuters := testArticles(t, []string{"archive", "factiva"}, []string{"positional"}, []string{"facets"})
	queries := []string{"said", "lighthouse OR harbour", `"islamic state"`, "harb*", "kovrin near5 tassik",
		"kovrin w/s delmar", "caps(turkey)", "headline:state", `"harbour master"~3`, "quote:people", "atleast2(said)",
		"said NOT harbour", "tassik OR delmar OR kovrin"}
	minCompared := 100
	if withReuters {
		minCompared = 300
		queries = append(queries, "oil prices", `"stock exchange"`, "bank* AND rate*", "wheat near5 export*",
			"caps(Iran)", "U.S. trade deficit", "crude w/s barrel", "said -company", "headline:profit*")
	}
	byPos, byOffset := layoutPair(t, arts, "with-offsets")

	// Pages within the re-scored window, duplicates shown: pages further
	// down keep bleve's order and a duplicate group its first member,
	// which both depend on how the segments were merged, not on offsets.
	marked, compared := 0, 0
	for _, q := range queries {
		req := query.Request{Query: q, Limit: query.RescoreWindow, Snippets: 3, Duplicates: query.DupShow}
		a, err := byOffset.Search(ctx, req)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		b, err := byPos.Search(ctx, req)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(a.Hits) == 0 {
			t.Errorf("%q: no hits", q)
		}
		if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
			t.Errorf("%q: %d hits of %d by offsets, %d of %d by position", q, len(a.Hits), a.Total, len(b.Hits), b.Total)
		}
		shown := map[string]string{}
		for _, h := range b.Hits {
			shown[h.ID] = fmt.Sprint(h.HeadlineFragment.HTML(), h.Snippets)
			for _, s := range h.Snippets {
				marked += strings.Count(s, "<mark>")
			}
		}
		for _, h := range a.Hits {
			got, ok := shown[h.ID]
			if !ok {
				continue // a tie at the page's end
			}
			compared++
			if want := fmt.Sprint(h.HeadlineFragment.HTML(), h.Snippets); got != want {
				t.Errorf("%q: hit %s\n by offsets  %s\n by position %s", q, h.ID, want, got)
			}
		}
	}
	if marked < minCompared || compared < minCompared {
		t.Errorf("only %d hits compared, %d words marked in all snippets", compared, marked)
	}

	for _, q := range []string{"", "harbour", "said OR people", `"we will"`} {
		req := query.QuoteRequest{Query: q, Limit: 200, Duplicates: query.DupShow}
		a, err := byOffset.Quotes(ctx, req)
		if err != nil {
			t.Fatalf("quotes %q: %v", q, err)
		}
		b, err := byPos.Quotes(ctx, req)
		if err != nil {
			t.Fatalf("quotes %q: %v", q, err)
		}
		if x, y := quoteMarks(a), quoteMarks(b); x != y {
			t.Errorf("quotes %q: by offsets, then by position:\n%s\n%s", q, x, y)
		}
	}
}

// quoteMarks lists a quotation result's quotations with their marks.
func quoteMarks(r *query.QuoteResult) string {
	lines := []string{fmt.Sprint(r.Total, " quotations")}
	for _, q := range r.Quotes {
		lines = append(lines, fmt.Sprintf("%s#%d %s", q.ArticleID, q.Paragraph, q.Highlighted))
	}
	slices.Sort(lines[1:]) // equal scores come in either order
	return strings.Join(lines, "\n")
}
