package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/newsdesk/newsdesk/ingest"
)

// render drains events and renders each as a short line, files named
// relative to dir (for Read) or as they are (for ReadFS).
func render(t *testing.T, events <-chan ingest.Event, dir string) []string {
	t.Helper()
	var out []string
	for ev := range events {
		file := ev.File
		if dir != "" {
			if rel, err := filepath.Rel(dir, ev.File); err == nil {
				file = filepath.ToSlash(rel)
			}
		}
		switch {
		case ev.Article != nil:
			out = append(out, fmt.Sprintf("%s %s article %s from %s", file, ev.Format, ev.Article.ID, strings.TrimPrefix(filepath.ToSlash(ev.Article.Origin.File), filepath.ToSlash(dir)+"/")))
		case ev.Err != nil:
			out = append(out, fmt.Sprintf("%s error", file))
		case ev.Warning != nil:
			out = append(out, fmt.Sprintf("%s warning", file))
		case ev.FileDone:
			out = append(out, fmt.Sprintf("%s done", file))
		}
	}
	return out
}

func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestReadFSMatchesRead checks that ReadFS walks and parses the files of
// an fs.FS as Read does the same files on disk: the same events, skipped
// files, warnings and errors, in the same order.
func TestReadFSMatchesRead(t *testing.T) {
	files := map[string]string{
		"a/export.txt":      factivaFixture,
		"a/notes.txt":       "just notes, no export\n",
		"a/.hidden.txt":     factivaFixture,
		"b/empty.jsonl":     "",
		"b/c/bad.csv":       "when,who\n2020-01-01,x\n",
		"b/c/archive.zip":   zipOf(t, map[string]string{"in/export.txt": factivaFixture}),
		"b/unknown.dat":     "something\n",
		"top.jsonl":         `{"id":"j1","headline":"Floods","body":"Rain."}` + "\n",
		"z/broken-date.txt": strings.Replace(factivaFixture, "5 March 2020", "31 Septober 2020", 1),
	}
	dir := writeTree(t, files)
	mapFS := fstest.MapFS{}
	for name, text := range files {
		mapFS[name] = &fstest.MapFile{Data: []byte(text)}
	}
	tests := []struct {
		name  string
		paths []string // ReadFS names; Read gets them under dir
	}{
		{"everything", []string{"."}},
		{"folders and files", []string{"b", "a/export.txt", "b/unknown.dat", "missing.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var osPaths []string
			for _, p := range tt.paths {
				osPaths = append(osPaths, filepath.Join(dir, filepath.FromSlash(p)))
			}
			want := render(t, ingest.Read(context.Background(), osPaths, ingest.Options{}), dir)
			if len(want) < 3 {
				t.Fatalf("Read gave too little to compare: %q", want)
			}
			for _, c := range []struct {
				name string
				got  []string
			}{
				{"os.DirFS", render(t, ingest.ReadFS(context.Background(), os.DirFS(dir), tt.paths, ingest.Options{}), "")},
				{"fstest.MapFS", render(t, ingest.ReadFS(context.Background(), mapFS, tt.paths, ingest.Options{}), "")},
			} {
				if !reflect.DeepEqual(c.got, want) {
					t.Errorf("ReadFS over %s:\n got %q\nwant %q", c.name, c.got, want)
				}
			}
		})
	}
}
