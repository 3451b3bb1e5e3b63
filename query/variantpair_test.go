package query_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/internal/variant"
	"github.com/newsdesk/newsdesk/query"
)

// testArticles reads the testdata folders named and, when ../shared is
// there, the first 2,000 articles of Reuters-21578; withReuters says
// whether it was.
func testArticles(t *testing.T, folders ...[]string) (arts []*article.Article, withReuters bool) {
	t.Helper()
	var paths []string
	for _, f := range folders {
		paths = append(paths, filepath.Join(append([]string{"..", "testdata"}, f...)...))
	}
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Article != nil {
			arts = append(arts, ev.Article)
		}
	}
	reuters, _, err := corpus.Reuters(2000)
	switch {
	case errors.Is(err, corpus.ErrAbsent):
		t.Log("Reuters-21578 not found under ../shared/corpus: testdata only")
		return arts, false
	case err != nil:
		t.Fatal(err)
	}
	return append(arts, reuters...), true
}

// layoutPair indexes arts in the newsdesk layout and in the layout
// variant named (an older form of the index), each merged into one
// segment so that equal scores come in the same order, and returns a
// searcher of each.
func layoutPair(t *testing.T, arts []*article.Article, name string) (current, older *query.Searcher) {
	t.Helper()
	ctx := context.Background()
	searchers := make([]*query.Searcher, 2)
	for i, n := range []string{"", name} {
		v, err := variant.Named(n)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := index.CreateVariant(filepath.Join(t.TempDir(), "ix"), v)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		if _, err := ix.Put(ctx, arts...); err != nil {
			t.Fatal(err)
		}
		if err := ix.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
		searchers[i] = query.NewSearcher(ix)
	}
	return searchers[0], searchers[1]
}
