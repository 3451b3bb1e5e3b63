package query_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestMetaCacheEqualsDecoding: a caching searcher on a read-only index
// keeps the decoded metadata of the articles it shows, and what it answers
// from them is, byte for byte, what a searcher that decodes every time
// answers, on the first request and on the repeats served from the cache,
// also when the cache is so small that it keeps starting over.
func TestMetaCacheEqualsDecoding(t *testing.T) {
	_, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	plain := query.NewSearcher(ro)
	cached := query.NewSearcher(ro)
	cached.Cache = true
	tiny := query.NewSearcher(ro)
	tiny.Cache = true
	query.SetMetaCacheLimit(tiny, 3)
	searches := []query.Request{
		{Query: "lighthouse"},
		{Query: "harbour", Limit: query.MaxLimit, Facets: []string{"source", "name"}},
		{Query: "light*", Duplicates: query.DupShow},
		{Query: `"islamic state"`},
		{Query: "", Sort: query.SortNewest, Limit: 20},
	}
	quotes := []query.QuoteRequest{{}, {Query: "said"}, {Limit: query.MaxLimit, Duplicates: query.DupShow}}
	encode := func(v any) string {
		if r, ok := v.(*query.Result); ok {
			r.TookMS = 0
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for round := range 2 {
		for _, req := range searches {
			want, err := plain.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range map[string]*query.Searcher{"cached": cached, "tiny cache": tiny} {
				got, err := s.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := encode(got), encode(want); g != w {
					t.Errorf("round %d, %s, search %+v:\n got %s\nwant %s", round, name, req, g, w)
				}
			}
		}
		for _, req := range quotes {
			want, err := plain.Quotes(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Quotes) == 0 {
				t.Fatalf("quotes %+v: none; the test needs some", req)
			}
			for name, s := range map[string]*query.Searcher{"cached": cached, "tiny cache": tiny} {
				got, err := s.Quotes(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := encode(got), encode(want); g != w {
					t.Errorf("round %d, %s, quotes %+v:\n got %s\nwant %s", round, name, req, g, w)
				}
			}
		}
	}
	if sums, quoted := query.CachedMeta(cached); sums < 10 || quoted == 0 {
		t.Errorf("cached searcher keeps %d summaries and %d quotation articles; want them kept", sums, quoted)
	}
	if sums, quoted := query.CachedMeta(tiny); sums > 3 || quoted > 3 {
		t.Errorf("cache of 3 keeps %d summaries and %d quotation articles", sums, quoted)
	}
	if sums, quoted := query.CachedMeta(plain); sums+quoted != 0 {
		t.Errorf("searcher without Cache keeps %d summaries and %d quotation articles", sums, quoted)
	}
}
