package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// TestResultLine checks the counts line of a search: singular and plural,
// pages, and the query shown as typed, without Go's escaping.
func TestResultLine(t *testing.T) {
	hits := func(n int) []query.Hit { return make([]query.Hit, n) }
	tests := []struct {
		res  query.Result
		want string
	}{
		{query.Result{Query: "turkey", Total: 1, TotalArticles: 1, Hits: hits(1)}, "1 result for ‘turkey’"},
		{query.Result{Query: `"islamic state"`, Total: 2, TotalArticles: 2, Hits: hits(2)}, "2 results for ‘\"islamic state\"’"},
		{query.Result{Query: "a", Total: 168, TotalArticles: 168, Hits: hits(10), Offset: 10}, "11–20 of 168 results for ‘a’"},
		{query.Result{Query: "a", Total: 11, TotalArticles: 11, Hits: hits(1), Offset: 10}, "11 of 11 results for ‘a’"},
		{query.Result{Query: "a", Total: 5, TotalArticles: 5, Offset: 20}, "none past 20 of 5 results for ‘a’"},
		{query.Result{Query: "", Total: 3, TotalArticles: 4, Hits: hits(3), Duplicates: "identical"}, "3 results (4 articles, identical duplicates collapsed) for every article"},
	}
	for _, tt := range tests {
		got := resultLine(&tt.res)
		if !strings.HasPrefix(got, tt.want+" (") {
			t.Errorf("resultLine(%+v) = %q, want it to start %q", tt.res, got, tt.want)
		}
	}
}

// TestProgressWhenPiped checks that an ingest whose standard error is not
// a terminal still reports progress, as whole lines, and that ending the
// progress writes nothing there (no terminal line to clear).
func TestProgressWhenPiped(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false)
	if p.tty || p.every != progressLog {
		t.Fatalf("a buffer is reported as a terminal: %+v", p)
	}
	p.every = 0 // report every update
	p.update(index.Stats{Read: 1, Files: 2})
	p.update(index.Stats{Read: 40, Files: 3})
	p.end()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "ingesting: 1 article · ") || !strings.Contains(lines[1], "40 articles · ") || !strings.Contains(lines[1], "3 files done") {
		t.Errorf("progress lines = %q", lines)
	}
	if strings.ContainsAny(buf.String(), "\r\033") {
		t.Errorf("piped progress holds terminal controls: %q", buf.String())
	}
	if newProgress(&buf, true) != nil || (*progress)(nil).callback() != nil {
		t.Error("--quiet still reports progress")
	}
}

// TestKWICJSON checks kwic --json: one JSON object per occurrence, the
// same occurrences as the CSV output, and no mixing of the two formats.
func TestKWICJSON(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "--index", ix, "kwic", "election", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var lines []query.KWICLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var k query.KWICLine
		if err := json.Unmarshal([]byte(l), &k); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if !strings.EqualFold(k.Keyword, "election") && !strings.HasPrefix(strings.ToLower(k.Keyword), "election") {
			t.Errorf("keyword %q in %+v", k.Keyword, k)
		}
		lines = append(lines, k)
	}
	csvOut, _, err := run(t, "", "--index", ix, "kwic", "election", "--csv-raw")
	if err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(strings.TrimSpace(csvOut), "\n"); len(lines) == 0 || rows != len(lines) {
		t.Errorf("--json gives %d occurrences, --csv-raw %d rows", len(lines), rows)
	}
	if _, _, err := run(t, "", "--index", ix, "kwic", "election", "--json", "--csv"); err == nil || !strings.Contains(err.Error(), "choose one") {
		t.Errorf("--json --csv: err = %v", err)
	}
}

// TestDemoOnATakenPort checks that demo (make run) with its port taken by
// another server fails at once, says how to pick another address, and
// does not print the address of somebody else's server as its own.
func TestDemoOnATakenPort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := taken.Addr().String()
	out, _, err := run(t, "", "demo", "--addr", addr)
	if err == nil || !strings.Contains(err.Error(), addr+" is already in use") || !strings.Contains(err.Error(), "--addr") {
		t.Errorf("err = %v, want it to say %s is in use and name --addr", err, addr)
	}
	if strings.Contains(out, "try: http://") {
		t.Errorf("demo printed a link to the other server:\n%s", out)
	}
}

// TestIngestCountsRepeatedIDs: one article in two export files of a new
// index is one added and one repeated, not an update; and the index, made
// inside the folder of exports, is not read as one.
func TestIngestCountsRepeatedIDs(t *testing.T) {
	dir := t.TempDir()
	line := `{"id":"REP1","headline":"Harbour reopens","body":"The harbour reopened on Monday."}` + "\n"
	for _, name := range []string{"a.jsonl", "b.jsonl"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The index inside the folder of exports is not read as an export.
	out, _, err := run(t, "", "--index", filepath.Join(dir, "ix"), "ingest", dir)
	if err != nil || !strings.Contains(out, "2 articles read: 1 added, 0 updated, 0 unchanged, 1 repeated (") {
		t.Errorf("ingest: %v\n%s", err, out)
	}
}
