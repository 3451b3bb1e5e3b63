package query_test

import (
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

const (
	seedID       = testarchive.SeedID
	seedHeadline = testarchive.SeedHeadline
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
		var ix *index.Index
		ix, archive.stats, archive.err = testarchive.Memory(testarchive.FactivaDir)
		archive.s = query.NewSearcher(ix)
	})
	if archive.err != nil {
		t.Fatal(archive.err)
	}
	return archive.s
}
