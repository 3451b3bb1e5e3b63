package index_test

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// TestIngestErrorStopsItsGoroutines checks that an Ingest that fails (here:
// on a read-only index) leaves none of its preparation goroutines behind,
// even when the caller's context is never cancelled. It runs in a synctest
// bubble: when Ingest has returned, synctest.Wait returns once every
// goroutine Ingest started has exited or is blocked for good, so one left
// behind is counted at once instead of polled for, and the sender's
// timeout runs on the bubble's clock.
func TestIngestErrorStopsItsGoroutines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ro, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	synctest.Test(t, func(t *testing.T) {
		before := runtime.NumGoroutine()
		events := make(chan ingest.Event)
		sent := make(chan struct{})
		go func() {
			// The sender gives up once nobody reads: what a caller's
			// reader does when it cancels its own context.
			defer close(sent)
			defer close(events)
			for i := range 500 {
				a := &article.Article{ID: "A" + string(rune('a'+i%26)), Headline: "h", Body: []string{"some words here"}}
				select {
				case events <- ingest.Event{Article: a}:
				case <-time.After(time.Second):
					return
				}
			}
		}()
		_, err = ro.Ingest(context.Background(), events, index.Options{BatchSize: 10})
		if !errors.Is(err, index.ErrReadOnly) {
			t.Fatalf("err = %v, want ErrReadOnly", err)
		}
		<-sent
		synctest.Wait()
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines after Ingest returned, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
		}
	})
}
