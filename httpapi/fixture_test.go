package httpapi_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

const (
	seedID       = "NYTF000020171023edan00046"
	seedHeadline = "ISIS Fighters Are Not Flooding Back Home to Wreak Havoc as Feared"
)

var archive struct {
	once sync.Once
	s    *query.Searcher
	err  error
}

// testSearcher indexes the sample archive in testdata once per test binary.
func testSearcher(t testing.TB) *query.Searcher {
	t.Helper()
	archive.once.Do(func() {
		ix, err := index.NewMemory()
		if err != nil {
			archive.err = err
			return
		}
		ctx := context.Background()
		events := ingest.Read(ctx, []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{})
		_, archive.err = ix.Ingest(ctx, events, index.Options{})
		archive.s = query.NewSearcher(ix)
	})
	if archive.err != nil {
		t.Fatal(archive.err)
	}
	return archive.s
}

// onDiskIndex ingests paths into an on-disk index and reopens it
// read-only, as newsdesk serve opens an index.
func onDiskIndex(t testing.TB, paths ...string) *index.Index {
	t.Helper()
	ctx := context.Background()
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := index.OpenReadOnly(ix.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}
