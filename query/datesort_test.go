package query_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

// dateArchive writes n invented articles in random date order, in several
// batches (segments) with some rewritten (deleted documents): many per day,
// one in three with a time of day, one in twenty with no date, one in
// eight a copy of an earlier article (duplicate groups), some at the very
// same instant as another (ties broken by index order).
func dateArchive(t *testing.T, n int, seed uint64) *index.Index {
	t.Helper()
	ctx := context.Background()
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	words := testarchive.GeneratedWords()
	text := func(k int) string {
		s := words[rng.IntN(len(words))]
		for range k - 1 {
			s += " " + words[rng.IntN(len(words))]
		}
		return s
	}
	start := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
	var all, batch []*article.Article
	for i := range n {
		a := &article.Article{
			ID:         fmt.Sprintf("D%05d", rng.IntN(90000)*10+i%10),
			Headline:   text(4),
			Body:       []string{text(20)},
			Source:     []string{"Newswire", "Daily", "Herald"}[rng.IntN(3)],
			SourceCode: []string{"RTRS", "AFPR", "NYTF"}[rng.IntN(3)],
			Language:   "en",
			Date:       start.AddDate(0, 0, rng.IntN(n/25)),
		}
		switch rng.IntN(20) {
		case 0:
			a.Date = time.Time{}
		case 1, 2, 3, 4, 5, 6:
			a.Date = a.Date.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
		case 7:
			if len(all) > 0 {
				a.Date = all[rng.IntN(len(all))].Date // the same instant
			}
		}
		if len(all) > 0 && rng.IntN(8) == 0 {
			c := *all[rng.IntN(len(all))]
			c.ID, c.Date = a.ID, a.Date
			a = &c
		}
		batch = append(batch, a)
		all = append(all, a)
		if len(batch) == n/6 || i == n-1 {
			if _, err := ix.Put(ctx, batch...); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	for i := 0; i < len(all); i += 9 {
		a := *all[i]
		a.Headline += " rewritten"
		batch = append(batch, &a)
	}
	if _, err := ix.Put(ctx, batch...); err != nil {
		t.Fatal(err)
	}
	return testarchive.ReopenReadOnly(t, ix)
}

// TestDateOrderFromDaysAsBleve checks that browsing every article by date
// from the day bitmaps (engine.TopByDate) gives the page bleve's sort
// gives: the same hits in the same order with the same scores and
// duplicates, totals and facets, over random pages, both directions and
// every duplicate mode.
func TestDateOrderFromDaysAsBleve(t *testing.T) {
	ix := dateArchive(t, 1500, 7)
	ctx := context.Background()
	fast := query.NewSearcher(ix)
	fast.Cache = true
	slow := query.NewSearcher(ix)
	slow.Cache = true
	query.SetBleveDateSort(slow, true)
	for _, sort := range []string{query.SortNewest, query.SortOldest} {
		if ok, err := query.DatesFromDays(ctx, fast, query.Request{Sort: sort}); err != nil || !ok {
			t.Fatalf("sort %s: the day bitmaps do not answer (%v): nothing is compared", sort, err)
		}
	}
	// The day bitmaps, built now; before, the date terms answer.
	if _, err := fast.Facets(ctx, query.Request{Facets: []string{"day"}}); err != nil {
		t.Fatal(err)
	}
	checkDateOrder(t, fast, slow, 3, "source", "month")
}

// TestDateOrderFromTermsAsBleve is TestDateOrderFromDaysAsBleve for a
// searcher without day bitmaps, as the CLI searches: the first articles
// by date come from the date field's coarse terms (engine's
// topByDateTerms), for searchers that cache (before the day bitmaps are
// built) and that do not.
func TestDateOrderFromTermsAsBleve(t *testing.T) {
	ix := dateArchive(t, 1500, 9)
	ctx := context.Background()
	slow := query.NewSearcher(ix)
	query.SetBleveDateSort(slow, true)
	for _, cache := range []bool{false, true} {
		fast := query.NewSearcher(ix)
		fast.Cache = cache
		for _, sort := range []string{query.SortNewest, query.SortOldest} {
			if ok, err := query.DatesFromDays(ctx, fast, query.Request{Sort: sort, Limit: 40}); err != nil || !ok {
				t.Fatalf("cache %v, sort %s: the date terms do not answer (%v): nothing is compared", cache, sort, err)
			}
		}
		// No date facet: it would build the day bitmaps.
		checkDateOrder(t, fast, slow, 5, "source", "lang")
	}
}

// checkDateOrder compares random pages of every article by date from
// fast with those of slow, which sorts with bleve, half of them with
// facets counted.
func checkDateOrder(t *testing.T, fast, slow *query.Searcher, seed uint64, facets ...string) {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	var undated, collapsed int
	for k := range 120 {
		req := query.Request{
			Sort:       []string{"", query.SortNewest, query.SortOldest, "newest", "oldest"}[rng.IntN(5)],
			Duplicates: []string{query.DupSimilar, query.DupIdentical, query.DupShow}[rng.IntN(3)],
			Offset:     []int{0, 0, rng.IntN(50), rng.IntN(1500), 1400 + rng.IntN(100)}[rng.IntN(5)],
			Limit:      1 + rng.IntN(60),
			Snippets:   -1,
		}
		if rng.IntN(2) == 0 {
			req.Facets = facets
		}
		name := fmt.Sprintf("%d: sort %q, %s, offset %d, limit %d, facets %v", k, req.Sort, req.Duplicates, req.Offset, req.Limit, req.Facets)
		want, err := slow.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fast.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || got.TotalArticles != want.TotalArticles {
			t.Errorf("%s: totals %d/%d, bleve %d/%d", name, got.Total, got.TotalArticles, want.Total, want.TotalArticles)
		}
		if want.Total != want.TotalArticles {
			collapsed++
		}
		if !reflect.DeepEqual(got.Facets, want.Facets) {
			t.Errorf("%s: facets %v, bleve %v", name, got.Facets, want.Facets)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Fatalf("%s: %d hits, bleve %d", name, len(got.Hits), len(want.Hits))
		}
		for i, h := range got.Hits {
			w := want.Hits[i]
			if w.Date == "" {
				undated++
			}
			if h.ID != w.ID || h.Score != w.Score || h.Date != w.Date || !slices.Equal(h.Duplicates, w.Duplicates) {
				t.Errorf("%s: hit %d is %s (%v, %s, duplicates %v), bleve %s (%v, %s, %v)", name, i, h.ID, h.Score, h.Date, h.Duplicates, w.ID, w.Score, w.Date, w.Duplicates)
			}
		}
	}
	if undated == 0 || collapsed == 0 {
		t.Fatalf("%d undated hits, %d pages collapsed: the test needs both", undated, collapsed)
	}
}
