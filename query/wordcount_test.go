package query_test

import (
	"context"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestWordCountTermsMatchNumbers: word counts are indexed as two keyword
// terms, where indexes made before held a bleve number. Both must find
// the same articles for every form of range (bounds included or not, open,
// fractional, within a hundred and across many), alone and with words; on
// the test archives and, when ../shared is there, 2,000 articles of
// Reuters-21578.
func TestWordCountTermsMatchNumbers(t *testing.T) {
	ctx := context.Background()
	arts, _ := testArticles(t, []string{"archive", "factiva"}, []string{"archive", "jsonl"}, []string{"facets"})
	counted := 0
	for _, a := range arts {
		if a.WordCount > 0 {
			counted++
		}
	}
	if counted < 20 {
		t.Fatalf("only %d articles with a word count", counted)
	}
	byTerms, byNumbers := layoutPair(t, arts, "word-count-as-number")

	matched := 0
	for _, q := range []string{
		"word_count:>400", "word_count:>=400", "word_count:<400", "word_count:<=400",
		"word_count:[100 TO 500]", "word_count:{100 TO 500}", "word_count:[150 TO 180]",
		"word_count:>99.5", "word_count:<0.5", "word_count:<=0", "word_count:>=1000000",
		"word_count:[0 TO 99]", "words:>200 AND said", "said NOT word_count:<300",
	} {
		req := query.Request{Query: q, Limit: query.MaxLimit, Duplicates: query.DupShow}
		want, err := byNumbers.Search(ctx, req)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		got, err := byTerms.Search(ctx, req)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		ids := func(r *query.Result) []string {
			var out []string
			for _, h := range r.Hits {
				out = append(out, h.ID)
			}
			slices.Sort(out)
			return out
		}
		// The articles themselves where the page holds them all (beyond,
		// ties may come in either index order).
		whole := want.Total == uint64(len(want.Hits))
		if want.Total != got.Total || (whole && !slices.Equal(ids(want), ids(got))) {
			t.Errorf("%q: %d hits as numbers, %d as terms", q, want.Total, got.Total)
		}
		matched += int(want.Total)
	}
	t.Logf("%d matches compared", matched)
	if matched < 100 {
		t.Errorf("only %d matches compared", matched)
	}
}
