package query_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

// TestRelevanceRanksEveryMatch checks that a relevance search of words on
// a read-only index ranks every match by textbook BM25 (engine.TopK), not
// only the RescoreWindow best of bleve's ranking: scores never increase
// down a list longer than the window, each hit's score (past the window
// too) is the one a search for that article alone re-scores it with, a
// page past the window is the list's slice, and the snippets still mark
// the words.
func TestRelevanceRanksEveryMatch(t *testing.T) {
	ix, _ := testarchive.Generated(t, 600, 7)
	s := query.NewSearcher(ix)
	ctx := context.Background()
	for _, q := range []string{"said", "oil prices", "company year", "headline:said"} {
		long, err := s.Search(ctx, query.Request{Query: q, Limit: 300, Duplicates: query.DupShow, Snippets: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(long.Hits) <= query.RescoreWindow+10 {
			t.Fatalf("%q: %d hits, the test needs more than %d", q, len(long.Hits), query.RescoreWindow+10)
		}
		for i := 1; i < len(long.Hits); i++ {
			if a, b := long.Hits[i-1], long.Hits[i]; b.Score > a.Score {
				t.Errorf("%q: hit %d (%s) scores %v, more than hit %d (%s, %v)", q, i, b.ID, b.Score, i-1, a.ID, a.Score)
				break
			}
		}
		for _, i := range []int{0, query.RescoreWindow - 1, query.RescoreWindow, query.RescoreWindow + 50, len(long.Hits) - 1} {
			h := long.Hits[i]
			one, err := s.Search(ctx, query.Request{Query: q + " id:" + h.ID, Snippets: -1})
			if err != nil {
				t.Fatal(err)
			}
			if len(one.Hits) != 1 {
				t.Fatalf("%q: %s alone: %d hits", q, h.ID, len(one.Hits))
			}
			if one.Hits[0].Score != h.Score {
				t.Errorf("%q: hit %d (%s) scores %v; alone it scores %v", q, i, h.ID, h.Score, one.Hits[0].Score)
			}
		}
		const from = query.RescoreWindow + 5
		page, err := s.Search(ctx, query.Request{Query: q, Offset: from, Limit: 5, Duplicates: query.DupShow})
		if err != nil {
			t.Fatal(err)
		}
		want := &query.Result{Hits: long.Hits[from : from+5]}
		if got, want := ids(page), ids(want); !slices.Equal(got, want) {
			t.Errorf("%q: page at %d is %v, want %v", q, from, got, want)
		}
		if page.Total != long.Total {
			t.Errorf("%q: total %d, then %d", q, long.Total, page.Total)
		}
		marked := 0
		for _, h := range page.Hits {
			n := len(h.HeadlineFragment.Marks)
			for _, f := range h.Fragments {
				n += len(f.Marks)
			}
			if n > 0 {
				marked++
			}
		}
		if marked == 0 {
			t.Errorf("%q: no hit of the page has its words marked", q)
		}
	}
}

// TestCollapsedPagesAlike checks that with duplicates collapsed a page
// is the slice of a longer list from the top, with a caching searcher
// (counts from TopK's bitmaps) and without: TopK reads only as many hits
// as the collapsed page needs (Searcher.rankTop), not every duplicate.
func TestCollapsedPagesAlike(t *testing.T) {
	ix, _ := testarchive.Generated(t, 600, 9)
	ctx := context.Background()
	for _, cache := range []bool{false, true} {
		s := query.NewSearcher(ix)
		s.Cache = cache
		for _, q := range []string{"said", "oil prices", "headline:year"} {
			long, err := s.Search(ctx, query.Request{Query: q, Limit: 80, Snippets: -1})
			if err != nil {
				t.Fatal(err)
			}
			if long.Total == long.TotalArticles {
				t.Fatalf("%q: nothing collapsed; the test needs duplicates", q)
			}
			for _, from := range []int{0, 7, 30, 70} {
				page, err := s.Search(ctx, query.Request{Query: q, Offset: from, Limit: 10, Snippets: -1})
				if err != nil {
					t.Fatal(err)
				}
				want := &query.Result{Hits: long.Hits[from:min(from+10, len(long.Hits))]}
				if got, want := ids(page), ids(want); !slices.Equal(got, want) {
					t.Errorf("cache %v, %q: page at %d is %v, want %v", cache, q, from, got, want)
				}
				if page.Total != long.Total || page.TotalArticles != long.TotalArticles {
					t.Errorf("cache %v, %q: totals %d/%d, then %d/%d", cache, q, long.Total, long.TotalArticles, page.Total, page.TotalArticles)
				}
			}
		}
	}
}

// TestUncachedSearchAsCached checks that a searcher that does not cache
// (the CLI's, which counts duplicate groups from TopK's match bitmaps)
// answers as a caching one (a server's): the same hits, scores, totals,
// listed duplicates and facets, collapsing either way or not at all, and
// a page further down.
func TestUncachedSearchAsCached(t *testing.T) {
	ix, _ := testarchive.Generated(t, 600, 13)
	ctx := context.Background()
	cached := query.NewSearcher(ix)
	cached.Cache = true
	once := query.NewSearcher(ix)
	var collapsed, listed int
	queries := []string{"said", "oil prices", "headline:year", "company -oil", "trade deficit japan"}
	// A query that leaves out one article of a group: the others are
	// still listed, it is not.
	first, err := cached.Search(ctx, query.Request{Query: "said", Limit: 50, Snippets: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range first.Hits {
		if len(h.Duplicates) > 0 {
			queries = append(queries, "said -id:"+h.Duplicates[0])
			break
		}
	}
	for _, q := range queries {
		for _, dup := range []string{query.DupSimilar, query.DupIdentical, query.DupShow} {
			for _, from := range []int{0, 20} {
				req := query.Request{Query: q, Duplicates: dup, Offset: from, Limit: 15, Snippets: -1}
				if from > 0 {
					req.Facets = []string{"source", "month"}
				}
				want, err := cached.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := once.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || got.TotalArticles != want.TotalArticles {
					t.Errorf("%q %s at %d: totals %d/%d, cached %d/%d", q, dup, from, got.Total, got.TotalArticles, want.Total, want.TotalArticles)
				}
				if want.Total != want.TotalArticles {
					collapsed++
				}
				if !reflect.DeepEqual(got.Facets, want.Facets) {
					t.Errorf("%q %s at %d: facets %v, cached %v", q, dup, from, got.Facets, want.Facets)
				}
				if len(got.Hits) != len(want.Hits) {
					t.Fatalf("%q %s at %d: %d hits, cached %d", q, dup, from, len(got.Hits), len(want.Hits))
				}
				for i, h := range got.Hits {
					w := want.Hits[i]
					listed += len(w.Duplicates)
					if h.ID != w.ID || h.Score != w.Score || !slices.Equal(h.Duplicates, w.Duplicates) {
						t.Errorf("%q %s at %d: hit %d is %s (%v, duplicates %v), cached %s (%v, %v)", q, dup, from, i, h.ID, h.Score, h.Duplicates, w.ID, w.Score, w.Duplicates)
					}
				}
			}
		}
	}
	if collapsed == 0 || listed == 0 {
		t.Fatalf("%d pages collapsed, %d duplicates listed: the test needs duplicates", collapsed, listed)
	}
}
