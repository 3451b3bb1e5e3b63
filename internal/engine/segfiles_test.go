package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// purgeGate lets a test hold back scorch's clean-ups, per index: scorch
// asks an index's event callback before each one (EventKindPurgerCheck,
// there for tests) and skips it when told false.
type purgeGate struct{ held sync.Map } // *scorch.Scorch → *heldPurges

// heldPurges is the gate of one index.
type heldPurges struct {
	on      atomic.Bool
	skipped atomic.Int64
}

func (g *purgeGate) onEvent(e scorch.Event) bool {
	if e.Kind != scorch.EventKindPurgerCheck {
		return true
	}
	v, ok := g.held.Load(e.Scorch)
	if !ok || !v.(*heldPurges).on.Load() {
		return true
	}
	v.(*heldPurges).skipped.Add(1)
	return false
}

// settle waits until the persister has skipped a clean-up and then none
// for a while: it is idle, waiting for a write.
func (h *heldPurges) settle(t *testing.T) {
	last, still := int64(0), 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		n := h.skipped.Load()
		if n > 0 && n == last {
			if still++; still == 20 {
				return
			}
			continue
		}
		last, still = n, 0
	}
	t.Fatal("scorch's persister did not settle")
}

// gate is registered once, at init, as scorch requires of its callbacks.
var gate = &purgeGate{}

const gateName = "newsdesk-engine-test-purge-gate"

func init() { scorch.RegistryEventCallbacks[gateName] = gate.onEvent }

// TestCloseTidyRemovesMergedSegments merges an index of three segments into
// one while scorch's clean-ups are held back, as when Close comes before
// the persister's next idle moment (it cleans up only then, and only for
// snapshots released by then), lets the persister go idle, and checks
// that no merged-away segment file is left after closing. Plain Close
// left them (the "close" case shows it, and so what CloseTidy adds).
func TestCloseTidyRemovesMergedSegments(t *testing.T) {
	for _, tc := range []struct {
		name      string
		close     func(b bleve.Index, path string) error
		wantStale bool
	}{
		{"CloseTidy", CloseTidy, false},
		{"close", func(b bleve.Index, _ string) error { return b.Close() }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			b, err := Create(path, bleve.NewIndexMapping(), map[string]interface{}{"eventCallbackName": gateName})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				batch := b.NewBatch()
				for j := range 5 {
					if err := batch.Index(fmt.Sprintf("d%d-%d", i, j), map[string]string{"body": fmt.Sprintf("text %d %d", i, j)}); err != nil {
						t.Fatal(err)
					}
				}
				if err := b.Batch(batch); err != nil {
					t.Fatal(err)
				}
			}
			s, err := scorchOf(b)
			if err != nil {
				t.Fatal(err)
			}
			held := new(heldPurges)
			held.on.Store(true)
			gate.held.Store(s, held)
			defer gate.held.Delete(s)
			if err := ForceMerge(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			// A last write, persisted, with the clean-up after it skipped.
			if err := b.SetInternal([]byte("k"), []byte("v")); err != nil {
				t.Fatal(err)
			}
			if n, err := Segments(b); err != nil || n != 1 {
				t.Fatalf("after the merge: %d segments, %v; want 1", n, err)
			}
			if stale, err := StaleSegmentFiles(b, path); err != nil || len(stale) == 0 {
				t.Fatalf("no merged-away segment files before closing (%v, %v): the test sets nothing up", stale, err)
			}
			held.settle(t)
			held.on.Store(false)
			if err := tc.close(b, path); err != nil {
				t.Fatal(err)
			}
			ro, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			stale, err := StaleSegmentFiles(ro, path)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(stale) > 0; got != tc.wantStale {
				t.Errorf("segment files the index no longer reads after closing: %v (want some: %v)", stale, tc.wantStale)
			}
		})
	}
}
