package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadSmoke indexes the small corpus and runs bench load on it: every
// kind of request gets its expected reply, and the report lands in its
// section of -out with a row per kind, saying what faceted searches ask.
func TestLoadSmoke(t *testing.T) {
	ctx := context.Background()
	dir := testIndex(t)
	out := filepath.Join(t.TempDir(), "B.md")
	if err := run(ctx, []string{"load", "-index", dir, "-clients", "4", "-requests", "240", "-out", out}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!-- bench:load -->", "<!-- /bench:load -->", "| 240 |", "| names |", "| facets |", "| article |", "(facet_size=12)", "CPU ms/request alone |", "CPU ms/request |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

func TestLoadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"load"},
		{"load", "-index", t.TempDir(), "-clients", "0"},
		{"load", "-index", t.TempDir(), "-alone", "-1"},
		{"load", "-index", filepath.Join(t.TempDir(), "none")},
	} {
		if err := run(context.Background(), args); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// testIndex ingests the test corpus into a newsdesk index and returns its
// folder.
func testIndex(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	c, err := openCorpus(sgmlDir)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	if err := ingestNewsdesk(ctx, dir, "", c.events(ctx), newTally()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestReplyError: a load run counts a reply as expected only when its body
// is whole for its content type.
func TestReplyError(t *testing.T) {
	for _, c := range []struct {
		name, ct, body string
		ok             bool
	}{
		{"json", "application/json; charset=utf-8", `{"hits":[]}` + "\n", true},
		{"json cut short", "application/json; charset=utf-8", `{"hits":[`, false},
		{"empty", "application/json", "", false},
		{"page", "text/html; charset=utf-8", "<!doctype html><html></html>\n", true},
		{"page cut short", "text/html; charset=utf-8", "<!doctype html><html><body>", false},
		{"other type", "text/plain", "ok", false},
	} {
		if got := replyError(c.ct, []byte(c.body)); (got == "") != c.ok {
			t.Errorf("%s: replyError = %q, want ok %v", c.name, got, c.ok)
		}
	}
}
