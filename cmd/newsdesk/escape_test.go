package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// Escape sequences an article or a file name could send to a terminal:
// set the window title, clear the screen, a C1 control sequence
// introducer (red text), a bell.
const (
	escTitle = "\x1b]0;pwned\x07"
	escClear = "\x1b[2J"
	escCSI   = "\u009b31m"
	escAll   = escTitle + escClear + escCSI
)

// terminalControls returns the control characters other than newline in
// out, with some context, for error messages.
func terminalControls(out string) []string {
	var found []string
	for i, r := range out {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			found = append(found, strings.ReplaceAll(out[max(0, i-30):min(len(out), i+10)], "\n", "⏎"))
		}
	}
	return found
}

// TestNoEscapesFromOldIndex: an index holding control characters in every
// field (written by an older newsdesk, or by a Go program through
// index.Ingest, which does not clean) is shown without them by every
// command that prints to the terminal.
func TestNoEscapesFromOldIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan ingest.Event, 4)
	evil := func(s string) string { return s + " " + escAll + " end" }
	for i, id := range []string{"EVIL1" + escClear, "EVIL2" + escTitle} {
		events <- ingest.Event{File: "x", Article: &article.Article{
			ID:       id,
			Headline: evil("Flood warning"),
			Byline:   evil("By Ana Pereira"),
			Section:  evil("News"),
			Source:   evil("The Daily"),
			Edition:  evil("Final"),
			Page:     evil("3"),
			Date:     time.Date(2020, 1, 1+i, 0, 0, 0, 0, time.UTC),
			Language: "en",
			Body: []string{
				evil("The flood rose overnight, Mayor Peter Neumann said."),
				`"The water is coming ` + escClear + `fast," said Peter Neumann` + escTitle + `.`,
			},
			Copyright:     evil("(c) 2020"),
			Subjects:      []string{evil("gcat")},
			Regions:       []string{evil("fra")},
			Companies:     []string{evil("acme")},
			Industries:    []string{evil("iconst")},
			People:        []string{evil("neumann")},
			Organizations: []string{evil("un")},
		}}
	}
	events <- ingest.Event{File: "x", FileDone: true}
	close(events)
	if _, err := ix.Ingest(context.Background(), events, index.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"search", "flood"},
		{"search", "flood", "--facets", "source,section,lang,subjects,regions,companies,industries,people,organizations,name,year"},
		{"search", "flood", "--all"},
		{"search", "flood", "--duplicates", "show"},
		{"show", "EVIL1" + escClear},
		{"show", "EVIL2" + escTitle},
		{"kwic", "flood"},
		{"kwic", "coming"},
		{"names", "flood"},
		{"quotes", "water"},
		{"timeline", "flood"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errOut, err := run(t, "", append([]string{"--index", path}, args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			if !strings.Contains(out, "pwned") && args[0] != "timeline" && args[0] != "names" {
				t.Errorf("output lacks the planted text (a test that cannot fail):\n%s", out)
			}
			for _, c := range terminalControls(out + errOut) {
				t.Errorf("control character reaches the terminal: %q", c)
			}
		})
	}
}

// TestNoEscapesFromInput: escape sequences planted in inputs (JSON Lines
// code lists and extra, an RSS description's entity-encoded HTML, a zip
// member name, a file name) reach neither the index nor the terminal, in
// ingest's own messages or in what search, show and kwic print.
func TestNoEscapesFromInput(t *testing.T) {
	dir := t.TempDir()
	jsonl := `{"id":"J1","headline":"Flood \u001b]0;pwned\u0007 warning","source":"Daily","date":"2020-01-01","body":["The flood \u001b[2J rose."],` +
		`"subjects":["gcat\u001b]0;pwned\u0007"],"regions":["fra\u009b31m"],"extra":{"note":"x\u001b[2J"}}` + "\n"
	rss := `<?xml version="1.0"?><rss><channel><title>Feed</title><item><title>Flood news</title><guid>R1</guid>` +
		`<pubDate>Mon, 09 Jan 2023 07:20:00 +0100</pubDate>` +
		`<description>&lt;p&gt;The flood &amp;#27;]0;pwned&amp;#7; came &amp;#27;[2J back.&lt;/p&gt;</description></item></channel></rss>`
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, content := range map[string]string{
		"member" + escAll + ".jsonl":      `{"id":"Z1","headline":"Flood in the zip","body":"The flood again.","date":"2020-02-02"}` + "\n",
		"broken" + escTitle + ".jsonl":    `{"id":` + "\n",
		"evil\u009b31m/second.jsonl":      `{"id":"Z2","headline":"Second flood","body":"More flood.","date":"2020-02-03"}` + "\n",
		"also-broken" + escClear + ".txt": "1 of 1 DOCUMENTS\n\nno date here\n",
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"a.jsonl":                     []byte(jsonl),
		"b.rss":                       []byte(rss),
		"c.zip":                       zbuf.Bytes(),
		"d" + escAll + ".jsonl":       []byte(`{"id":"F1","headline":"Flood by file name","body":"flood","date":"2020-03-03"}` + "\n" + "{broken\n"),
		"e-missing" + escTitle + ".x": nil,
	}
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		paths = append(paths, p)
		if content == nil {
			continue // named, but missing
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix := filepath.Join(t.TempDir(), "ix")
	out, errOut, err := run(t, "", append([]string{"--index", ix, "ingest"}, paths...)...)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Fatalf("ingest: %v, want exit status 2 for the broken files\n%s%s", err, out, errOut)
	}
	if !strings.Contains(errOut, "broken") || !strings.Contains(errOut, "e-missing") || !strings.Contains(errOut, "pwned") {
		t.Errorf("ingest does not report the broken files by name:\n%s", errOut)
	}
	if !strings.Contains(out, "5 articles read") {
		t.Errorf("ingest summary %q, want 5 articles read", out)
	}
	for _, c := range terminalControls(out + errOut) {
		t.Errorf("ingest: control character reaches the terminal: %q", c)
	}
	for _, args := range [][]string{
		{"search", "flood", "--facets", "subjects,regions,source"},
		{"show", "J1"},
		{"show", "R1"},
		{"show", "--json", "J1"},
		{"kwic", "flood"},
		{"export", "--format", "jsonl"},
	} {
		out, errOut, err := run(t, "", append([]string{"--index", ix}, args...)...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", args, err, errOut)
		}
		for _, c := range terminalControls(out + errOut) {
			t.Errorf("%s: control character reaches the terminal: %q", args, c)
		}
		// JSON escapes control characters; the index must not hold them at all.
		if strings.Contains(out, `\u001b`) || strings.Contains(out, `\u0007`) || strings.Contains(out, `\u009b`) {
			t.Errorf("%s: the index holds control characters:\n%s", args, out)
		}
	}
}

// TestErrorMessageIsTerminalSafe: the error main prints (which may name a
// file) keeps its line breaks and loses its control characters.
func TestErrorMessageIsTerminalSafe(t *testing.T) {
	var buf bytes.Buffer
	printError(&buf, errors.New("open evil"+escAll+".txt: no such file\n(second line)"))
	if got, want := buf.String(), "newsdesk: open evil]0;pwned[2J31m.txt: no such file\n(second line)\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
