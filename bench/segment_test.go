package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// TestSegmentLayout ingests the bench's sample corpus into a newsdesk
// index merged into one segment and checks that the parts `bench segment`
// reports add up to the segment file's size, with the stored documents and
// the body's postings among them, and that an index folder without
// segments is an error naming it.
func TestSegmentLayout(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, []string{sgmlDir}, ingest.Options{}), index.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(files) != 1 {
		t.Fatalf("segment files %v, %v; want one", files, err)
	}
	st, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	parts, raw, err := segmentLayout(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	have := map[string]bool{}
	for _, p := range parts {
		if p.bytes < 0 {
			t.Errorf("part %s has %d bytes", p.name, p.bytes)
		}
		total += p.bytes
		have[p.name] = true
	}
	if total != st.Size() {
		t.Errorf("parts add up to %d bytes, the file has %d", total, st.Size())
	}
	for _, want := range []string{"stored documents", "body: postings", "body: dictionary"} {
		if !have[want] {
			t.Errorf("no part %q in %v", want, parts)
		}
	}
	if raw["body_stored"] == 0 || raw["meta"] == 0 {
		t.Errorf("stored fields %v, want body_stored and meta", raw)
	}
	var out bytes.Buffer
	if err := writeSegmentLayout(&out, dir, 0); err != nil || !strings.Contains(out.String(), "| stored documents |") {
		t.Errorf("table %q, %v", out.String(), err)
	}
	if err := writeSegmentLayout(&out, t.TempDir(), 0); err == nil || !strings.Contains(err.Error(), "no segment files") {
		t.Errorf("an empty folder: %v, want an error", err)
	}
}
