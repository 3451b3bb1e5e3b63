package index_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
)

// TestCloseLeavesOnlyLiveSegments checks that, after Close, every segment
// file in the index folder is one the index reads. A segment file the
// index does not read (here one planted beside the live ones, as a segment
// bleve merged away and had not yet removed) used to stay on disk for good
// when the writer closed before bleve's next clean-up, doubling the index
// on disk; engine.TestCloseTidyRemovesMergedSegments makes that race happen.
func TestCloseLeavesOnlyLiveSegments(t *testing.T) {
	for _, tc := range []struct {
		name     string
		optimize bool
	}{
		{"optimized", true},
		{"not optimized", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := index.OpenOrCreate(path)
			if err != nil {
				t.Fatal(err)
			}
			events := ingest.Read(ctx, []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{})
			if _, err := ix.Ingest(ctx, events, index.Options{BatchSize: 40}); err != nil {
				t.Fatal(err)
			}
			if tc.optimize {
				if err := ix.Optimize(ctx); err != nil {
					t.Fatal(err)
				}
			}
			// Older than every segment (bleve numbers them from 1), as a
			// merged-away one is.
			if err := os.WriteFile(filepath.Join(path, "store", "000000000000.zap"), []byte("merged away"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			ro, err := index.OpenReadOnly(path)
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			stale, err := engine.StaleSegmentFiles(ro.Bleve(), path)
			if err != nil {
				t.Fatal(err)
			}
			if len(stale) > 0 {
				t.Errorf("segment files the index does not read are left in %s: %v", path, stale)
			}
		})
	}
}

// TestCloseTwice: closing a handle again returns what the first Close
// did, for writable, read-only and memory handles, and never panics (bleve
// does when its index is closed twice).
func TestCloseTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	w, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	ro := func() *index.Index {
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r, err := index.OpenReadOnly(path)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}()
	mem, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	for name, ix := range map[string]*index.Index{"writable": w, "read-only": ro, "memory": mem} {
		first := ix.Close()
		if again := ix.Close(); again != first {
			t.Errorf("%s: Close again returned %v, the first %v", name, again, first)
		}
	}
}
