package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestBandKeysAreNotIndexedTerms ingests the labelled near duplicates of
// testdata/dups in two ingests, each through a handle of its own, in small
// batches. The band keys must not be indexed terms (a unique term per key
// made bleve build and merge 16 posting lists per article), and near
// duplicates must still be found across batches and across ingests.
func TestBandKeysAreNotIndexedTerms(t *testing.T) {
	ctx := context.Background()
	arts := byDate(readArticles(t, "../testdata/dups"), false)
	want := canonicalGroups(t, arts)
	path := filepath.Join(t.TempDir(), "ix")
	// Every other article by date in each ingest: groups span both.
	var parts [2][]*article.Article
	for i, a := range arts {
		parts[i%2] = append(parts[i%2], a)
	}
	for _, part := range parts {
		ix, err := index.OpenOrCreate(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Ingest(ctx, articleEvents(clones(part)), index.WithoutEntities(index.Options{BatchSize: 4}, true)); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := index.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	comparePartitions(t, groupPartition(t, ix), want)

	// The groups must hold near duplicates from other batches and ingests,
	// or the test proves nothing about where band keys are kept.
	late := map[string]bool{}
	for _, a := range parts[1] {
		late[a.ID] = true
	}
	exact := map[string]string{}
	for _, a := range arts {
		exact[a.ID] = index.DupDigest(a)
	}
	across := 0
	for id, g := range want {
		if g != id && late[id] && !late[g] && exact[id] != exact[g] {
			across++
		}
	}
	if across == 0 {
		t.Fatal("no near duplicate joins a group led from the first ingest: the test archive no longer exercises it")
	}

	dict, err := ix.Bleve().FieldDict(schema.FieldDupBands)
	if err != nil {
		t.Fatal(err)
	}
	defer dict.Close()
	terms := 0
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			t.Fatal(err)
		}
		terms++
	}
	if terms > 0 {
		t.Errorf("%d band keys indexed as %s terms, want none (they live in the band table)", terms, schema.FieldDupBands)
	}
}
