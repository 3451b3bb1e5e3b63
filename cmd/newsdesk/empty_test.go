package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestIngestWarnsOfEmptyFiles: a file with no article is named in a
// warning and counted in the summary; warnings leave the exit status and
// --strict alone, errors beside them still give status 2.
func TestIngestWarnsOfEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"empty.jsonl":  "",
		"blank.txt":    "\n \n",
		"good.jsonl":   `{"id":"G1","headline":"Good","body":"b"}` + "\n" + `{"id":"G2","headline":"Also good","body":"c"}` + "\n",
		"broken.jsonl": "{\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name     string
		args     []string
		status   int // 0: no error
		warnings []string
		summary  string
	}{
		{"empty file alone", []string{p("empty.jsonl")}, 0,
			[]string{"warning: " + p("empty.jsonl") + ": no articles: the file is empty"},
			"1 file, 0 articles read: 0 added, 0 updated, 0 unchanged, 0 skipped; 0 files failed; 1 with no articles;"},
		{"empty and blank beside a good file", []string{p("empty.jsonl"), p("good.jsonl"), p("blank.txt")}, 0,
			[]string{"warning: " + p("empty.jsonl") + ": no articles: the file is empty", "warning: " + p("blank.txt") + ": no articles: the file holds only white space"},
			"3 files, 2 articles read: 2 added, 0 updated, 0 unchanged, 0 skipped; 0 files failed; 2 with no articles;"},
		{"strict goes on after a warning", []string{"--strict", p("empty.jsonl"), p("good.jsonl")}, 0,
			[]string{"warning: " + p("empty.jsonl") + ": no articles: the file is empty"},
			"2 files, 2 articles read: 2 added,"},
		{"an error beside it still gives status 2", []string{p("empty.jsonl"), p("broken.jsonl")}, 2,
			[]string{"warning: " + p("empty.jsonl") + ": no articles: the file is empty"},
			"2 files, 0 articles read: 0 added, 0 updated, 0 unchanged, 1 skipped; 0 files failed; 1 with no articles;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := filepath.Join(t.TempDir(), "ix")
			out, errOut, err := run(t, "", append([]string{"--index", ix, "ingest", "--optimize", "never"}, tc.args...)...)
			status := 0
			if err != nil {
				status = 1
				var ee *exitError
				if errors.As(err, &ee) {
					status = ee.code
				}
			}
			if status != tc.status {
				t.Errorf("exit status %d (%v), want %d", status, err, tc.status)
			}
			var warnings []string
			for _, l := range strings.Split(errOut, "\n") {
				if strings.HasPrefix(l, "warning: ") {
					warnings = append(warnings, l)
				}
			}
			// Files are read two at a time: their warnings come in any order.
			slices.Sort(warnings)
			want := slices.Sorted(slices.Values(tc.warnings))
			if !slices.Equal(warnings, want) {
				t.Errorf("warnings:\ngot  %q\nwant %q", warnings, want)
			}
			if !strings.Contains(out, tc.summary) {
				t.Errorf("summary %q, want it to hold %q", out, tc.summary)
			}
		})
	}
}

// TestIngestSymlinkedFolder: a symbolic link to a folder, given as the
// input, is read like the folder (it used to read 0 files, exit status 0).
func TestIngestSymlinkedFolder(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "exports")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "a.jsonl"), []byte(`{"id":"L1","headline":"Linked","body":"b"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("exports", link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	out, errOut, err := run(t, "", "--index", filepath.Join(dir, "ix"), "ingest", link)
	if err != nil || !strings.Contains(out, "1 file, 1 article read: 1 added") {
		t.Errorf("ingest of a linked folder: %v\n%s%s", err, out, errOut)
	}
}
