package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// TestOptimizeKeepsEveryArticle ingests the archive in small batches (many
// segments), optimizes, and checks that one segment remains holding the
// same articles and answering searches the same way.
// Batches of five of 430 articles leave more than ten segments, more than one of
// bleve's force merges takes.
func TestOptimizeKeepsEveryArticle(t *testing.T) {
	for _, batch := range []int{3, 5} {
		t.Run(fmt.Sprintf("batches of %d", batch), func(t *testing.T) { testOptimize(t, batch) })
	}
}

func testOptimize(t *testing.T, batch int) {
	ctx := context.Background()
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	paths := []string{filepath.Join("..", "testdata", "archive", "factiva")}
	if batch == 5 {
		paths = append(paths, filepath.Join("..", "testdata", "dups", "articles.jsonl"))
	}
	events := ingest.Read(ctx, paths, ingest.Options{})
	if _, err := ix.Ingest(ctx, events, index.Options{BatchSize: batch}); err != nil {
		t.Fatal(err)
	}
	ids := func() []string {
		q := bleve.NewMatchQuery("said")
		q.SetField(index.FieldBody)
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		res, err := ix.Bleve().Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	before, count := ids(), mustCount(t, ix)
	if ix.Segments() < 2 {
		t.Fatalf("%d segments before optimizing: the test needs several", ix.Segments())
	}
	t.Logf("%d segments before optimizing", ix.Segments())
	if err := ix.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if n := ix.Segments(); n != 1 {
		t.Errorf("%d segments after optimizing, want 1", n)
	}
	if got := mustCount(t, ix); got != count {
		t.Errorf("%d articles after optimizing, %d before", got, count)
	}
	if after := ids(); !slices.Equal(after, before) || len(before) == 0 {
		t.Errorf("search for said: %d hits after, %d before", len(after), len(before))
	}
}

func mustCount(t *testing.T, ix *index.Index) uint64 {
	t.Helper()
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
