package httpapi_test

import (
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

const (
	seedID       = testarchive.SeedID
	seedHeadline = testarchive.SeedHeadline
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
		ix, _, err := testarchive.Memory(testarchive.FactivaDir)
		archive.s, archive.err = query.NewSearcher(ix), err
	})
	if archive.err != nil {
		t.Fatal(archive.err)
	}
	return archive.s
}

// onDiskIndex ingests paths into an on-disk index and reopens it
// read-only, as newsdesk serve opens an index.
var onDiskIndex = testarchive.OnDisk
