package index_test

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestDupKeyLookupsSkipUnwrittenKeys ingests the duplicate test archive
// in small batches twice: into a new index, whose handle knows every
// duplicate key written and looks up in the index only those (dupkeys.go),
// and into an index that held one article when its handle opened it, whose
// handle looks every key up. The groups must be the same, and the first
// must make (almost) no lookup that finds nothing.
func TestDupKeyLookupsSkipUnwrittenKeys(t *testing.T) {
	ctx := context.Background()
	arts := readArticles(t, "../testdata/dups")
	ingestAll := func(ix *index.Index) map[string]string {
		t.Helper()
		if _, err := ix.Ingest(ctx, articleEvents(clones(arts)), index.Options{BatchSize: 3}); err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(arts))
		for i, a := range arts {
			ids[i] = a.ID
		}
		vals, err := engine.DocValues(ctx, ix.Bleve(), ids, schema.FieldDupGroup)
		if err != nil {
			t.Fatal(err)
		}
		groups := map[string]string{}
		for id, v := range vals {
			groups[id] = v[0]
		}
		return groups
	}
	fresh, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "fresh"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	freshGroups := ingestAll(fresh)
	_, freshEmpty := index.DupLookups(fresh)

	path := filepath.Join(t.TempDir(), "used")
	used, err := index.OpenOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := used.Put(ctx, newArticle("other", "Unrelated", "A text that no test article repeats.")); err != nil {
		t.Fatal(err)
	}
	if err := used.Close(); err != nil {
		t.Fatal(err)
	}
	if used, err = index.Open(path); err != nil {
		t.Fatal(err)
	}
	defer used.Close()
	usedGroups := ingestAll(used)
	_, usedEmpty := index.DupLookups(used)

	if len(freshGroups) != len(arts) || !maps.Equal(freshGroups, usedGroups) {
		t.Errorf("groups differ:\nnew index %v\nused index %v", freshGroups, usedGroups)
	}
	dups := 0
	for id, g := range freshGroups {
		if g != id {
			dups++
		}
	}
	if dups == 0 || usedEmpty == 0 {
		t.Fatalf("%d duplicates, %d empty lookups: the test archive no longer exercises the lookups", dups, usedEmpty)
	}
	if freshEmpty*20 > usedEmpty {
		t.Errorf("new index: %d lookups found nothing, against %d looking every key up; want almost none", freshEmpty, usedEmpty)
	}
}
