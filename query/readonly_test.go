package query_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

// The read-only shortcuts (plain words without term locations; with
// Searcher.Cache, duplicate keys found once and facet bitmaps) are checked here against a writable
// copy of the same on-disk index, which takes none of them. The index has
// several segments and rewritten articles, as real ones do.

// multiSegmentIndex ingests the archive in batches of five (several
// segments), rewrites every third article (deleted documents in old
// segments) and returns the folder.
func multiSegmentIndex(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{filepath.Join("..", "testdata", "archive", "factiva"), filepath.Join("..", "testdata", "facets")}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	var all []string
	err = query.NewSearcher(ix).Each(ctx, query.Request{Duplicates: query.DupShow, Sort: query.SortOldest}, func(h query.Hit, _ *article.Article) error {
		all = append(all, h.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range all {
		if i%3 != 0 {
			continue
		}
		a, err := ix.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Headline += " lighthouse"
		if _, err := ix.Put(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if n := ix.Segments(); n < 2 {
		t.Fatalf("%d segments: the test needs several", n)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reopenReadOnly closes ix and opens it again read-only, as newsdesk
// search and serve open an index, for the rest of the test.
var reopenReadOnly = testarchive.ReopenReadOnly

// writableAndReadOnly opens a writable copy of the index in dir and dir
// itself read-only.
func writableAndReadOnly(t *testing.T, dir string) (w, ro *index.Index) {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(cp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	w, err := index.Open(cp)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	ro, err = index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return w, ro
}

func TestReadOnlyEqualsWritableOnSeveralSegments(t *testing.T) {
	w, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	writable := query.NewSearcher(w)
	cached := query.NewSearcher(ro)
	cached.Cache = true
	queries := []string{"", "lighthouse", "said OR lighthouse", "harbour", "source:guardian", "date:2016", "NOT lighthouse",
		"said -lighthouse", "light*", `"islamic state"`, "lighthouse source:times", "id:CSTLDG0020160314ec3e000a1", "id:CSTLDG*",
		"harbour OR id:GRDN000020160202ec220006o", "section:business", "quote:harbour", `"harbour master"~3`, "harb* OR said",
		`"islamic state" said`, `said -"islamic state"`, `headline:"islamic state"`, `"the islamic state" state`}
	for name, s := range map[string]*query.Searcher{"read-only": query.NewSearcher(ro), "read-only, cached": cached} {
		for _, q := range queries {
			for _, mode := range []string{query.DupSimilar, query.DupIdentical, query.DupShow} {
				for _, facets := range [][]string{nil, {"source", "month", "year", "section", "lang", "day"}, {"week", "source_code", "name"}} {
					req := query.Request{Query: q, Duplicates: mode, Limit: query.MaxLimit, Snippets: 2, Facets: facets}
					a, err := writable.Search(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					b, err := s.Search(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					if d := resultDiff(a, b); d != "" {
						t.Errorf("%s %q %s %v: %s", name, q, mode, facets, d)
					}
				}
			}
		}
	}
}

// resultDiff describes the first difference between two results, or is
// empty. Hits are compared by id: equal scores may come in either order.
func resultDiff(a, b *query.Result) string {
	if a.Total != b.Total || a.TotalArticles != b.TotalArticles {
		return fmt.Sprintf("totals %d/%d, %d/%d", a.Total, a.TotalArticles, b.Total, b.TotalArticles)
	}
	if fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) {
		return fmt.Sprintf("facets\n  %v\n  %v", a.Facets, b.Facets)
	}
	hits := map[string]query.Hit{}
	for _, h := range b.Hits {
		hits[h.ID] = h
	}
	for _, h := range a.Hits {
		g, ok := hits[h.ID]
		if !ok {
			return "hit missing: " + h.ID
		}
		x := fmt.Sprint(h.Score, h.Snippets, h.HeadlineFragment.HTML(), h.Duplicates)
		y := fmt.Sprint(g.Score, g.Snippets, g.HeadlineFragment.HTML(), g.Duplicates)
		if x != y {
			return fmt.Sprintf("hit %s:\n  %s\n  %s", h.ID, x, y)
		}
	}
	return ""
}

// TestDeletedSharedKey rewrites two identical articles with different
// bodies: their old shared key is left only on deleted documents.
func TestDeletedSharedKey(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	art := func(id, body string) *article.Article {
		return &article.Article{ID: id, Headline: "Headline " + id, Source: "The Test Times", Language: "en",
			Date: time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC), Body: []string{body}}
	}
	same := "The harbour council met on Tuesday to discuss the lighthouse and the mooring levy that pays for it."
	if _, err := ix.Put(ctx, art("X1", same), art("Y1", same), art("Z1", "A different story about a ferry timetable and the winter storms on the coast.")); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(ctx, art("X1", "X now talks about the fishing fleet, trawlers and quotas set in Brussels this year."), art("Y1", "Y now covers a school election, a new headmaster and the budget of the county.")); err != nil {
		t.Fatal(err)
	}
	ro := reopenReadOnly(t, ix)
	for _, cache := range []bool{false, true} {
		s := query.NewSearcher(ro)
		s.Cache = cache
		for _, facets := range [][]string{nil, {"source"}} {
			res, err := s.Search(ctx, query.Request{Duplicates: query.DupIdentical, Facets: facets})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 3 || len(res.Hits) != 3 {
				t.Errorf("cache %v, facets %v: total %d (articles %d), %d hits; want 3", cache, facets, res.Total, res.TotalArticles, len(res.Hits))
			}
		}
	}
}

// TestFacetBitmapsOnEmptyIndex searches an index with no article.
func TestFacetBitmapsOnEmptyIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	ro := reopenReadOnly(t, ix)
	s := query.NewSearcher(ro)
	s.Cache = true
	for _, q := range []string{"", "lighthouse"} {
		res, err := s.Search(context.Background(), query.Request{Query: q, Facets: []string{"source", "year"}})
		if err != nil || res.Total != 0 || len(res.Facets["source"]) != 0 {
			t.Errorf("%q: %+v, %v; want no hits and no error", q, res, err)
		}
	}
}

// TestCountingWhileRankingPagesAlike pages through small pages of every
// order on a cached read-only searcher, which counts duplicate groups and
// facets while ranking and reads more hits only when a page comes up short
// after collapsing (Searcher.rankCounting), against an uncached searcher
// of the same index, which counts first in a pass of its own. (Not against
// a writable copy: it merges segments in the background, which reorders
// hits of equal score, and pages cut through such ties.)
func TestCountingWhileRankingPagesAlike(t *testing.T) {
	_, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	uncached := query.NewSearcher(ro)
	cached := query.NewSearcher(ro)
	cached.Cache = true
	tests := []struct {
		q      string
		facets []string
	}{
		{"", nil},
		{"", []string{"source"}},
		{"lighthouse", nil},
		{"said", []string{"month", "source"}},
		{"said OR lighthouse", nil},
		{"harbour", []string{"year"}},
		{"NOT lighthouse", nil},
	}
	for _, tt := range tests {
		for _, sort := range []string{query.SortRelevance, query.SortNewest, query.SortOldest} {
			for _, mode := range []string{query.DupSimilar, query.DupIdentical} {
				for _, limit := range []int{1, 2, 3, 7} {
					for offset := 0; offset < 12; offset += limit {
						req := query.Request{Query: tt.q, Sort: sort, Duplicates: mode, Limit: limit, Offset: offset, Facets: tt.facets}
						a, err := uncached.Search(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						b, err := cached.Search(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						if d := resultDiff(a, b); d != "" {
							t.Errorf("%q %s %s limit %d offset %d: %s", tt.q, sort, mode, limit, offset, d)
						} else if len(a.Hits) != len(b.Hits) {
							t.Errorf("%q %s %s limit %d offset %d: %d hits, want %d", tt.q, sort, mode, limit, offset, len(b.Hits), len(a.Hits))
						}
					}
				}
			}
		}
	}
}
