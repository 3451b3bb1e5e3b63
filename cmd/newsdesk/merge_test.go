package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
)

// TestIngestMergeNotFinished: when the merge after an ingest stops short
// the user is told how many segments remain and that the next ingest
// finishes it; the run fails only if the merge was asked for (--optimize
// always) or the run was stopped, and the merge stays pending.
func TestIngestMergeNotFinished(t *testing.T) {
	const note = "the merge did not finish: %d segments remain; the next ingest finishes it"
	incomplete := fmt.Errorf("optimize ix: %w: 5 segments remain", index.ErrMergeIncomplete)
	stopped := fmt.Errorf("optimize ix: %w: 5 segments remain: %w", index.ErrMergeIncomplete, context.Canceled)
	other := errors.New("optimize ix: read merge state: disk error")
	tests := []struct {
		name    string
		err     error
		mode    string
		wantErr bool
		note    bool
	}{
		{"auto, merge stopped short", incomplete, "auto", false, true},
		{"always, merge stopped short", incomplete, "always", true, true},
		{"auto, run stopped", stopped, "auto", true, true},
		{"always, run stopped", stopped, "always", true, true},
		{"auto, other error", other, "auto", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errOut bytes.Buffer
			err := mergeNotFinished(&errOut, tt.err, tt.mode, 5)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
			if got := strings.Contains(errOut.String(), fmt.Sprintf(note, 5)); got != tt.note {
				t.Errorf("stderr %q: note %v, want %v", errOut.String(), got, tt.note)
			}
		})
	}

	// End to end: an ingest's merge stopped by a cancelled context.
	ix := filepath.Join(t.TempDir(), "ix")
	run(t, "", "--index", ix, "ingest", "--batch-size", "4", "--optimize", "never", filepath.Join(archiveDir, "factiva"))
	x, err := index.Open(ix)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	// Closing the ingest's index waits for scorch to tidy its files, and
	// scorch's own merger may meanwhile have merged every segment: write a
	// few more one-article batches, each a segment, so a merge is due.
	for i := 0; x.Segments() < 3 && i < 10; i++ {
		a := &article.Article{ID: fmt.Sprintf("MERGE-TEST-%d", i), Headline: "Merge test", Body: []string{"One more segment."}, Language: "en"}
		if _, err := x.Put(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errOut bytes.Buffer
	cmd := &cobra.Command{}
	cmd.SetContext(ctx)
	cmd.SetErr(&errOut)
	err = maybeOptimize(cmd, x, index.Stats{Added: 30}, "auto", true)
	if !errors.Is(err, index.ErrMergeIncomplete) || !errors.Is(err, context.Canceled) {
		t.Errorf("stopped merge: err = %v, want %v and %v", err, index.ErrMergeIncomplete, context.Canceled)
	}
	// bleve may merge an index opened for writing on its own meanwhile, so
	// the count is not known here.
	if re := regexp.MustCompile(`the merge did not finish: \d+ segments remain; the next ingest finishes it`); !re.MatchString(errOut.String()) {
		t.Errorf("stopped merge: stderr %q does not match %q", errOut.String(), re)
	}
	if pending, err := x.MergePending(); err != nil || !pending {
		t.Errorf("stopped merge: MergePending %v, %v; want true", pending, err)
	}
}
