// Package testarchive builds the indexes the tests of several packages
// share: the bundled sample archive ingested in memory, and on-disk
// indexes reopened read-only as newsdesk search and serve open them. It is
// for tests only.
package testarchive

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// The sample archive's New York Times article, which many tests search for.
const (
	SeedID       = "NYTF000020171023edan00046"
	SeedHeadline = "ISIS Fighters Are Not Flooding Back Home to Wreak Havoc as Feared"
)

// FactivaDir is the sample archive's Factiva folder, as seen from a
// package folder one level below the module root.
var FactivaDir = filepath.Join("..", "testdata", "archive", "factiva")

// Memory ingests the exports at paths into a new in-memory index.
func Memory(paths ...string) (*index.Index, index.Stats, error) {
	ix, err := index.NewMemory()
	if err != nil {
		return nil, index.Stats{}, err
	}
	ctx := context.Background()
	stats, err := ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{})
	return ix, stats, err
}

// OnDisk ingests the exports at paths into an on-disk index in a
// temporary folder and reopens it read-only; it is closed when the test
// ends.
func OnDisk(t testing.TB, paths ...string) *index.Index {
	t.Helper()
	ctx := context.Background()
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{}); err != nil {
		t.Fatal(err)
	}
	return ReopenReadOnly(t, ix)
}

// ReopenReadOnly closes the writable ix and opens its folder read-only;
// the handle is closed when the test ends.
func ReopenReadOnly(t testing.TB, ix *index.Index) *index.Index {
	t.Helper()
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
