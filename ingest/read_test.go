package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/ingest"
)

const jsonlFixture = `{"id":"J1","headline":"One","body":"a b"}
{"id":"J2","headline":"Two","body":["c d"]}
`

// writeTree creates files (path → content) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// collect drains Read and renders each event as a short line.
func collect(t *testing.T, ctx context.Context, dir string, paths []string, opt ingest.Options) []string {
	t.Helper()
	var out []string
	timeout := time.After(10 * time.Second)
	events := ingest.Read(ctx, paths, opt)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return out
			}
			file := ev.File
			if rel, err := filepath.Rel(dir, ev.File); err == nil && !strings.HasPrefix(rel, "..") {
				file = filepath.ToSlash(rel)
			}
			switch {
			case ev.Article != nil:
				if ev.Article.Origin.File != ev.File {
					t.Errorf("Origin.File = %q, event File = %q", ev.Article.Origin.File, ev.File)
				}
				out = append(out, fmt.Sprintf("%s %s article %s", file, ev.Format, ev.Article.ID))
			case ev.Err != nil:
				out = append(out, fmt.Sprintf("%s error", file))
			case ev.FileDone:
				out = append(out, fmt.Sprintf("%s done", file))
			default:
				t.Errorf("empty event %+v", ev)
			}
		case <-timeout:
			t.Fatal("Read did not finish")
		}
	}
}

func TestRead(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a/one.txt":          factivaFixture + "\n" + edit("eg350000a", "eg350000z"),
		"a/b/two.jsonl":      jsonlFixture,
		"a/b/export":         jsonlFixture, // no extension: content decides
		"a/.hidden.txt":      factivaFixture,
		".git/config.txt":    factivaFixture,
		"a/image.png":        "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"a/notes.md":         "# notes\n",
		"a/broken.txt":       edit("5 March 2020", "5 Smarch 2020"),
		"explicit/image.bin": "\x00\x01\x02",
	})
	missing := filepath.Join(dir, "missing.txt")
	stdin := strings.NewReader(jsonlFixture)
	paths := []string{dir, missing, "-", filepath.Join(dir, "explicit", "image.bin")}

	want := []string{
		"a/b/export jsonl article J1", "a/b/export jsonl article J2", "a/b/export done",
		"a/b/two.jsonl jsonl article J1", "a/b/two.jsonl jsonl article J2", "a/b/two.jsonl done",
		"a/broken.txt error", "a/broken.txt done",
		"a/one.txt factiva-text article DPLN000020200305eg350000a", "a/one.txt factiva-text article DPLN000020200305eg350000z", "a/one.txt done",
		"missing.txt error", "missing.txt done",
		"<stdin> jsonl article J1", "<stdin> jsonl article J2", "<stdin> done",
		"explicit/image.bin error", "explicit/image.bin done",
	}
	for _, workers := range []int{0, 1, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			stdin.Reset(jsonlFixture)
			got := collect(t, context.Background(), dir, paths, ingest.Options{Stdin: stdin, Workers: workers})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("events:\ngot  %q\nwant %q", got, want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	dir := writeTree(t, map[string]string{"bad.bin": "\x00\x01", "notes.md": "# notes"})
	missing := filepath.Join(dir, "missing.txt")
	var errs []error
	for ev := range ingest.Read(context.Background(), []string{missing, filepath.Join(dir, "bad.bin"), filepath.Join(dir, "notes.md"), "-"}, ingest.Options{}) {
		if ev.Err != nil {
			errs = append(errs, ev.Err)
		}
	}
	if len(errs) != 4 {
		t.Fatalf("got %d errors %v, want 4", len(errs), errs)
	}
	if want := "ingest " + missing + ": open " + missing + ": no such file or directory"; errs[0].Error() != want {
		t.Errorf("missing file: %q, want %q", errs[0], want)
	}
	if !errors.Is(errs[0], fs.ErrNotExist) {
		t.Errorf("missing file error %v is not fs.ErrNotExist", errs[0])
	}
	for i, want := range []string{"binary file", "unknown format", "no standard input"} {
		if !strings.Contains(errs[i+1].Error(), want) {
			t.Errorf("error %d = %q, want it to mention %q", i+1, errs[i+1], want)
		}
	}
	// The library's message names no flag; callers recognise the error.
	if !errors.Is(errs[2], ingest.ErrUnknownFormat) || strings.Contains(errs[2].Error(), "--") {
		t.Errorf("unknown format error %q: want ingest.ErrUnknownFormat, naming no flag", errs[2])
	}
}

func TestReadForcedFormat(t *testing.T) {
	dir := writeTree(t, map[string]string{"export.dat": factivaFixture})
	got := collect(t, context.Background(), dir, []string{dir}, ingest.Options{Format: ingest.FormatFactiva})
	want := []string{"export.dat factiva-text article DPLN000020200305eg350000a", "export.dat done"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events: %q, want %q", got, want)
	}
}

func TestReadCancel(t *testing.T) {
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("f%02d.txt", i)] = strings.Repeat(factivaFixture+"\n", 50)
	}
	dir := writeTree(t, files)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := ingest.Read(ctx, []string{dir}, ingest.Options{Workers: 3})
	n := 0
	timeout := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-events:
			if !ok {
				if n >= 20*51 {
					t.Errorf("read all %d events despite cancel", n)
				}
				return
			}
			if n++; n == 5 {
				cancel()
			}
		case <-timeout:
			t.Fatal("channel not closed after cancel")
		}
	}
}

// TestReadUnorderedSlowFile: with Unordered, a file that is still being
// written (here, standard input held open) does not hold back the files
// named after it.
func TestReadUnorderedSlowFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"fast.jsonl": jsonlFixture})
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := ingest.Read(ctx, []string{"-", filepath.Join(dir, "fast.jsonl")}, ingest.Options{Stdin: pr, Unordered: true})
	// The first line of stdin arrives, the rest never until the fast file is done.
	written := make(chan struct{})
	go func() {
		pw.Write([]byte(`{"id":"S1","headline":"Slow","body":"x"}` + "\n"))
		close(written)
	}()
	timeout := time.After(10 * time.Second)
	fastDone, slowArticles := false, 0
	for !fastDone {
		select {
		case ev := <-events:
			if ev.File == ingest.StdinName && ev.Article != nil {
				slowArticles++
			}
			if strings.HasSuffix(ev.File, "fast.jsonl") && ev.FileDone {
				fastDone = true
			}
		case <-timeout:
			t.Fatal("the fast file's events did not come while standard input was open")
		}
	}
	<-written // the reader took the line; now end standard input
	pw.Close()
	for ev := range events {
		if ev.File == ingest.StdinName && ev.Article != nil {
			slowArticles++
		}
	}
	if slowArticles != 1 {
		t.Errorf("%d articles from standard input, want 1", slowArticles)
	}
}

// TestNoArticlesWarning: a file or archive member with no article at all
// (empty, white space only, an export of none) gives a warning naming it,
// not silence and not an error; in a folder, only files whose name says
// they are exports are worth one.
func TestNoArticlesWarning(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"empty.jsonl":        "",
		"blank.txt":          "\n   \n\t\n",
		"bom.csv":            "\ufeff\n",
		"header-only.csv":    "headline,body,date\n",
		"late-header.csv":    strings.Repeat("\n", 100) + "headline,body\n",
		"unknown-empty":      "",
		"folder/empty.jsonl": "",
		"folder/blank.txt":   "\n\n",
		"folder/notes":       "",
		"folder/good.jsonl":  jsonlFixture,
	})
	zipPath := filepath.Join(dir, "archive.zip")
	if err := os.WriteFile(zipPath, zipBytes(t,
		zipMember{name: "a-empty.jsonl", data: strings.NewReader("")},
		zipMember{name: "b-header.csv", data: strings.NewReader("title,text\n")},
		zipMember{name: "c-good.jsonl", data: strings.NewReader(jsonlFixture)},
		zipMember{name: "d-unknown", data: strings.NewReader("")},
	), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyZip := filepath.Join(dir, "nothing.zip")
	if err := os.WriteFile(emptyZip, zipBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{"-"}
	for _, p := range []string{"empty.jsonl", "blank.txt", "bom.csv", "header-only.csv", "late-header.csv", "unknown-empty", "folder", "archive.zip", "nothing.zip"} {
		paths = append(paths, filepath.Join(dir, p))
	}
	var warnings, errs []string
	articles := 0
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{Stdin: strings.NewReader("")}) {
		if ev.Warning != nil {
			if !errors.Is(ev.Warning, ingest.ErrNoArticles) {
				t.Errorf("warning %v does not wrap ErrNoArticles", ev.Warning)
			}
			warnings = append(warnings, strings.TrimPrefix(filepath.ToSlash(ev.Warning.Error()), filepath.ToSlash(dir)+"/"))
		}
		if ev.Err != nil {
			errs = append(errs, ev.Err.Error())
		}
		if ev.Article != nil {
			articles++
		}
	}
	want := []string{
		"<stdin>: no articles: the file is empty",
		"empty.jsonl: no articles: the file is empty",
		"blank.txt: no articles: the file holds only white space",
		"bom.csv: no articles: the file holds only white space",
		"header-only.csv: no articles found in it",
		"late-header.csv: no articles found in it",
		"unknown-empty: no articles: the file is empty",
		"folder/blank.txt: no articles: the file holds only white space",
		"folder/empty.jsonl: no articles: the file is empty",
		"archive.zip/a-empty.jsonl: no articles: the file is empty",
		"archive.zip/b-header.csv: no articles found in it",
		"nothing.zip: no articles found in it",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings:\ngot  %q\nwant %q", warnings, want)
	}
	if len(errs) != 0 {
		t.Errorf("errors %q, want none", errs)
	}
	if articles != 4 {
		t.Errorf("%d articles, want the 4 of the good files", articles)
	}
}

// TestReadFollowsSymlinks: a symbolic link to a folder, given as the input
// or found in a folder, is walked like the folder (it used to read
// nothing, with exit status 0); links to files are read; a link back to a
// folder already walked (a loop) is skipped with a warning, not walked
// forever.
func TestReadFollowsSymlinks(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"real/a.jsonl":     `{"id":"A","headline":"a","body":"a"}` + "\n",
		"real/sub/b.jsonl": `{"id":"B","headline":"b","body":"b"}` + "\n",
		"top/c.jsonl":      `{"id":"C","headline":"c","body":"c"}` + "\n",
	})
	for link, target := range map[string]string{
		"rootlink":            "real",
		"top/link-to-real":    filepath.Join("..", "real"),
		"top/loop":            ".",
		"top/file-link.jsonl": filepath.Join("..", "real", "a.jsonl"),
		"top/broken.jsonl":    "nowhere.jsonl",
		"real/sub/loop-up":    "..",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	var got []string
	for ev := range ingest.Read(context.Background(), []string{filepath.Join(dir, "rootlink"), filepath.Join(dir, "top")}, ingest.Options{}) {
		rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
		switch {
		case ev.Article != nil:
			got = append(got, rel(ev.File)+" "+ev.Article.ID)
		case ev.Warning != nil:
			got = append(got, rel(ev.File)+" warning: "+strings.ReplaceAll(ev.Warning.Error(), dir+string(filepath.Separator), ""))
		case ev.Err != nil:
			got = append(got, rel(ev.File)+" error: "+ev.Err.Error())
		}
	}
	want := []string{
		"rootlink/a.jsonl A",
		"rootlink/sub/b.jsonl B",
		"rootlink/sub/loop-up warning: ingest rootlink/sub/loop-up: a symbolic link to a folder already read (rootlink): skipped",
		"top/c.jsonl C",
		"top/file-link.jsonl A",
		"top/link-to-real/a.jsonl A",
		"top/link-to-real/sub/b.jsonl B",
		"top/link-to-real/sub/loop-up warning: ingest top/link-to-real/sub/loop-up: a symbolic link to a folder already read (top/link-to-real): skipped",
		"top/loop warning: ingest top/loop: a symbolic link to a folder already read (top): skipped",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events:\ngot  %q\nwant %q", got, want)
	}
}
