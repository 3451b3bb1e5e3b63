package query_test

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
	once  sync.Once
	s     *query.Searcher
	stats index.Stats
	err   error
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
		archive.stats, archive.err = ix.Ingest(ctx, events, index.Options{})
		archive.s = query.NewSearcher(ix)
	})
	if archive.err != nil {
		t.Fatal(archive.err)
	}
	return archive.s
}
