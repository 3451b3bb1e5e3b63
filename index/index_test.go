package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

func newArticle(id, headline string, body ...string) *article.Article {
	return &article.Article{
		ID: id, Headline: headline, Source: "The Test Times", SourceCode: "TT",
		Section: "World", Language: "en", Date: time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC),
		Byline: "By Ann Smith", Authors: []string{"Ann Smith"}, WordCount: 42, Body: body,
	}
}

func TestPutIsIdempotentAndDetectsUpdates(t *testing.T) {
	ctx := context.Background()
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	a := newArticle("A1", "First", "One paragraph.", "Two paragraph.")
	b := newArticle("B2", "Second", "Body.")
	steps := []struct {
		name                      string
		put                       []*article.Article
		added, updated, unchanged int
		repeated                  int
		wantCount                 uint64
	}{
		{"first ingest", []*article.Article{a, b}, 2, 0, 0, 0, 2},
		{"same again", []*article.Article{a, b}, 0, 0, 2, 0, 2},
		{"one corrected", []*article.Article{newArticle("A1", "First, corrected", "One paragraph."), b}, 0, 1, 1, 0, 2},
		{"twice in one batch", []*article.Article{newArticle("C3", "Third"), newArticle("C3", "Third")}, 1, 0, 0, 1, 3},
		{"unchanged, then changed, in one batch", []*article.Article{b, newArticle("B2", "Second, v2", "Body.")}, 0, 1, 0, 1, 3},
		{"new, then changed, in one batch", []*article.Article{newArticle("D4", "Fourth"), newArticle("D4", "Fourth, v2")}, 1, 0, 0, 1, 4},
	}
	for _, s := range steps {
		st, err := ix.Put(ctx, s.put...)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if st.Added != s.added || st.Updated != s.updated || st.Unchanged != s.unchanged || st.Repeated != s.repeated {
			t.Errorf("%s: added/updated/unchanged/repeated = %d/%d/%d/%d, want %d/%d/%d/%d", s.name, st.Added, st.Updated, st.Unchanged, st.Repeated, s.added, s.updated, s.unchanged, s.repeated)
		}
		if n, _ := ix.Count(); n != s.wantCount {
			t.Errorf("%s: count = %d, want %d", s.name, n, s.wantCount)
		}
	}
	got, err := ix.Article(ctx, "A1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != "First, corrected" || !reflect.DeepEqual(got.Body, []string{"One paragraph."}) {
		t.Errorf("after update: headline %q body %q", got.Headline, got.Body)
	}
}

func TestArticleRoundTrip(t *testing.T) {
	ctx := context.Background()
	ix := memoryIndex(t)
	want := newArticle("X1", "Headline", "Para one has ''quotes''.", "Para two — Zürich.")
	want.Edition, want.Page, want.Copyright, want.URL = "Late Edition", "A6", "Copyright 2017", "https://example.com/x"
	want.Extra = map[string]any{"section_code": "SECTA"}
	want.Origin = article.Origin{File: "x.txt", Ordinal: 1, Line: 1}
	if _, err := ix.Put(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Article(ctx, "X1")
	if err != nil {
		t.Fatal(err)
	}
	// The index adds the names it finds (see enrich_test.go).
	want.Names = []article.Name{{Name: "Zürich", Type: "place", Mentions: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got  %+v\n want %+v", got, want)
	}
	if _, err := ix.Article(ctx, "nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("missing id: err = %v, want ErrNotFound", err)
	}
}

func TestIngestKeepsGoodArticlesAroundErrors(t *testing.T) {
	ctx := context.Background()
	ix := memoryIndex(t)
	events := make(chan ingest.Event, 8)
	events <- ingest.Event{File: "f.txt", Article: newArticle("G1", "Good one")}
	events <- ingest.Event{File: "f.txt", Err: &ingest.ParseError{File: "f.txt", Line: 7, Reason: "bad date"}}
	events <- ingest.Event{File: "f.txt", Article: newArticle("G2", "Good two")}
	events <- ingest.Event{File: "f.txt", FileDone: true}
	close(events)
	var progressed int
	st, err := ix.Ingest(ctx, events, index.Options{BatchSize: 1, Progress: func(index.Stats) { progressed++ }})
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 2 || st.Skipped != 1 || st.Files != 1 || st.ErrorCount != 1 || st.Errors[0].Error() != "f.txt:7: bad date" {
		t.Errorf("stats = %+v", st)
	}
	if progressed < 3 {
		t.Errorf("progress called %d times, want one per batch and file", progressed)
	}
}

// TestRepeatedIDsInOneIngest: an id read again in the same ingest (one
// article in two overlapping exports) is counted as a repeat, in the same
// batch or a later one, never as an update of a new index; the last
// version is kept, and every article read is counted once.
func TestRepeatedIDsInOneIngest(t *testing.T) {
	for _, batch := range []int{1, 2, 100} {
		t.Run(fmt.Sprint("batch ", batch), func(t *testing.T) {
			ctx := context.Background()
			ix := memoryIndex(t)
			events := make(chan ingest.Event, 8)
			events <- ingest.Event{File: "a.txt", Article: newArticle("X1", "First copy")}
			events <- ingest.Event{File: "a.txt", Article: newArticle("Y2", "Other")}
			events <- ingest.Event{File: "b.txt", Article: newArticle("X1", "First copy")}
			events <- ingest.Event{File: "b.txt", Article: newArticle("X1", "Second copy, edited")}
			close(events)
			st, err := ix.Ingest(ctx, events, index.Options{BatchSize: batch})
			if err != nil {
				t.Fatal(err)
			}
			if st.Added != 2 || st.Updated != 0 || st.Unchanged != 0 || st.Repeated != 2 || st.Read != st.Added+st.Updated+st.Unchanged+st.Repeated+st.Skipped {
				t.Errorf("stats: read %d, added %d, updated %d, unchanged %d, repeated %d; want 4 read: 2 added, 2 repeated", st.Read, st.Added, st.Updated, st.Unchanged, st.Repeated)
			}
			if n, _ := ix.Count(); n != 2 {
				t.Errorf("count = %d, want 2", n)
			}
			if a, err := ix.Article(ctx, "X1"); err != nil || a.Headline != "Second copy, edited" {
				t.Errorf("X1 = %v, %v; want the last version read", a, err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := index.Open(filepath.Join(dir, "none")); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("Open(missing) = %v, want ErrNoIndex", err)
	}
	junk := filepath.Join(dir, "junk")
	if err := os.MkdirAll(junk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(junk, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := index.OpenOrCreate(junk); err == nil {
		t.Error("OpenOrCreate on a non-empty, non-index folder succeeded")
	}
	// A second writer gets ErrLocked instead of hanging.
	path := filepath.Join(dir, "ix")
	ix, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := index.Open(path); !errors.Is(err, index.ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
}

func TestReadOnlyHandlesShare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), newArticle("A1", "First", "Body.")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	r1, err := index.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := index.OpenReadOnly(path)
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	defer r2.Close()
	if a, err := r2.Article(context.Background(), "A1"); err != nil || a.Headline != "First" {
		t.Errorf("read-only Article = %v, %v", a, err)
	}
	if _, err := r1.Put(context.Background(), newArticle("B2", "Second")); !errors.Is(err, index.ErrReadOnly) {
		t.Errorf("Put on a read-only index = %v, want ErrReadOnly", err)
	}
	if _, err := index.Open(path); !errors.Is(err, index.ErrLocked) {
		t.Errorf("a writer while readers are open = %v, want ErrLocked", err)
	}
}

// TestIngestCancelKeepsWhatWasRead cancels an ingest with articles waiting:
// every article it counts as read must be in the index.
func TestIngestCancelKeepsWhatWasRead(t *testing.T) {
	for run := 0; run < 20; run++ {
		ix, err := index.NewMemory()
		if err != nil {
			t.Fatal(err)
		}
		events := make(chan ingest.Event, 100)
		for i := 0; i < 100; i++ {
			events <- ingest.Event{Article: newArticle(fmt.Sprint("A", i), "Headline", "Body.")}
		}
		ctx, cancel := context.WithCancel(context.Background())
		var seen int
		st, err := ix.Ingest(ctx, events, index.Options{BatchSize: 3, Progress: func(s index.Stats) {
			if seen++; seen == 2 {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("run %d: err = %v, want context.Canceled", run, err)
		}
		n, _ := ix.Count()
		if st.Read == 0 || int(n) != st.Read || st.Added != st.Read {
			t.Errorf("run %d: read %d, added %d, index holds %d", run, st.Read, st.Added, n)
		}
		ix.Close()
	}
}

// TestOldLayoutIsSearchableNotWritable: an index of an older Layout (here
// one whose version key is removed or lower, as before it was recorded) can
// be searched, and writing to it fails with ErrOldLayout, not silently.
func TestOldLayoutIsSearchableNotWritable(t *testing.T) {
	for _, old := range []struct {
		name  string
		value []byte // nil: no key, as indexes made before layouts were recorded
	}{
		{"unrecorded", nil},
		{"layout 1", []byte("1")},
		{"layout 2", []byte("2")}, // ids of articles without an accession number changed
		{"layout 4", []byte("4")}, // band keys indexed, no band table: its near duplicates would be missed
	} {
		t.Run(old.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := index.OpenOrCreate(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Put(ctx, newArticle("A1", "First", "Body.")); err != nil {
				t.Fatal(err)
			}
			if old.value == nil {
				err = ix.Bleve().DeleteInternal([]byte(index.LayoutKey))
			} else {
				err = ix.Bleve().SetInternal([]byte(index.LayoutKey), old.value)
			}
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()

			ix, err = index.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if a, err := ix.Article(ctx, "A1"); err != nil || a.Headline != "First" {
				t.Errorf("Article on an old layout = %v, %v", a, err)
			}
			if _, err := ix.Put(ctx, newArticle("B2", "Second")); !errors.Is(err, index.ErrOldLayout) {
				t.Errorf("Put on an old layout = %v, want ErrOldLayout", err)
			}
			if n, _ := ix.Count(); n != 1 {
				t.Errorf("count after the refused Put = %d, want 1", n)
			}
		})
	}
	// A new index reopened is writable.
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if ix, err = index.Open(path); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), newArticle("A1", "First")); err != nil {
		t.Errorf("Put on a reopened new index: %v", err)
	}
}

// memoryIndex is a new in-memory index, closed when the test ends.
func memoryIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
