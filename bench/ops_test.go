package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// TestOpsSmoke measures the operators on the test corpus and checks what
// their definitions imply about the counts: each operator narrows the AND
// of its words; adj3 (in order, within 3) narrows near5 (either order,
// within 5); the same sentence narrows the same paragraph.
func TestOpsSmoke(t *testing.T) {
	ctx := context.Background()
	dir := testIndex(t)
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, totals, err := measureOps(ctx, query.NewSearcher(ix), 1, func() {})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]uint64{}
	for k, op := range opKinds {
		count[op.name] = totals[k]
	}
	if count["AND"] == 0 || count["near5"] == 0 || count["w/s"] == 0 {
		t.Fatalf("counts %v: the test corpus should match the AND, near5 and w/s", count)
	}
	for _, narrower := range [][2]string{
		{"near5", "AND"}, {"adj3", "near5"}, {"same", "AND"}, {"w/s", "same"}, {"atleast3", "AND"},
	} {
		if count[narrower[0]] > count[narrower[1]] {
			t.Errorf("%s matches %d, more than %s (%d)", narrower[0], count[narrower[0]], narrower[1], count[narrower[1]])
		}
	}
	out := filepath.Join(t.TempDir(), "B.md")
	if err := run(ctx, []string{"ops", "-index", dir, "-reps", "1", "-out", out}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range opKinds {
		if !strings.Contains(string(md), "| "+op.name+" |") {
			t.Errorf("report lacks the %s row:\n%s", op.name, md)
		}
	}
}
