package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// TestAdviceNamesFlags checks that the library's short, typed errors reach
// the user with this command line's advice, however they are wrapped.
func TestAdviceNamesFlags(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("open index x: %w", index.ErrNoIndex), "newsdesk ingest FILE..."},
		{fmt.Errorf("open index x: %w", index.ErrLocked), "'newsdesk serve' and searches stop"},
		{fmt.Errorf("index x has layout 2: %w", index.ErrOldLayout), "run 'newsdesk ingest' on the exports again"},
		{fmt.Errorf("ingest x: %w", ingest.ErrUnknownFormat), "try --format"},
		{&ingest.ParseError{File: "a.csv", Line: 1, Reason: "no headline", Err: ingest.ErrNoTextColumn}, "--map COLUMN=headline"},
		{&ingest.ParseError{File: "a.html", Reason: "HTML larger", Err: ingest.ErrTooLarge}, "--parse-memory"},
		{&query.RequestError{Param: "q", Err: &query.SyntaxError{Msg: "source: ...", Err: query.ErrQuoteScope}}, "--speaker, --from/--to and the filters --source"},
		{&httpapi.HostError{Host: "evil.example:80", Name: "evil.example"}, "newsdesk serve --allow-host evil.example"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		printError(&buf, tt.err)
		if got := buf.String(); !strings.Contains(got, tt.want) || !strings.Contains(got, tt.err.Error()) {
			t.Errorf("printError(%v) = %q, want the error and %q", tt.err, got, tt.want)
		}
	}
	if a := advice(fmt.Errorf("something else")); a != "" {
		t.Errorf("advice for an unknown error = %q, want none", a)
	}
}

// TestCommandsGiveAdvice runs commands that fail and checks what the user
// reads (stderr and the final error line) names the fix on the command line.
func TestCommandsGiveAdvice(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "headline,body,date\nFloods in Lagos,Rain fell for days on the city.,2020-03-05\n")
	if _, errOut, err := run(t, "", "--index", ix, "ingest", good); err != nil {
		t.Fatalf("ingest: %v %s", err, errOut)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no index", []string{"--index", filepath.Join(dir, "none"), "search", "flood"}, "create one with 'newsdesk ingest FILE...'"},
		{"unknown format", []string{"--index", ix, "ingest", write("notes.dat", "just some notes\n")}, "try --format"},
		{"no text column", []string{"--index", ix, "ingest", write("cols.csv", "when,who\n2020-01-01,x\n")}, "--map COLUMN=headline or COLUMN=body"},
		{"quote scope", []string{"--index", ix, "quotes", "source:reuters"}, "--speaker, --from/--to and the filters --source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, err := run(t, "", tt.args...)
			var buf bytes.Buffer
			if err != nil {
				printError(&buf, err)
			}
			if got := errOut + buf.String(); !strings.Contains(got, tt.want) {
				t.Errorf("newsdesk %s printed %q, want %q", strings.Join(tt.args, " "), got, tt.want)
			}
		})
	}
}
