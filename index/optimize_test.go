package index_test

import (
	"context"
	"errors"
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

// TestOptimizeInterruptedStaysPending: an Optimize stopped before it
// finished leaves MergePending set, also after the index is closed and
// opened again, until an Optimize completes.
func TestOptimizeInterruptedStaysPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	events := ingest.Read(ctx, []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{})
	if _, err := ix.Ingest(ctx, events, index.Options{BatchSize: 4}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		ctx     func() context.Context
		reopen  bool
		pending bool
	}{
		{"fresh index", nil, false, false},
		{"stopped merge", func() context.Context {
			c, cancel := context.WithCancel(ctx)
			cancel()
			return c
		}, false, true},
		{"index opened again", nil, true, true},
		{"finished merge", func() context.Context { return ctx }, false, false},
		{"index opened again after it", nil, true, false},
	}
	for _, s := range steps {
		if s.reopen {
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			if ix, err = index.Open(path); err != nil {
				t.Fatal(err)
			}
		}
		if s.ctx != nil {
			err := ix.Optimize(s.ctx())
			if stopped := errors.Is(err, context.Canceled); stopped != s.pending || (err != nil && !stopped) {
				t.Errorf("%s: Optimize: %v", s.name, err)
			}
		}
		got, err := ix.MergePending()
		if err != nil {
			t.Fatal(err)
		}
		if got != s.pending {
			t.Errorf("%s: MergePending %v, want %v", s.name, got, s.pending)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}
