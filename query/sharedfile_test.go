package query_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/testarchive"
	"github.com/newsdesk/newsdesk/query"
)

// TestSharedKeysKeptForTheNextProcess: a caching searcher on a read-only
// index keeps the keys several articles share in a file in the index
// folder; a searcher on the next read-only handle reads them from it
// (the file is left as it was) and answers as the first did; after the
// index is written to, the file no longer fits and is found again. Every
// answer is compared with a searcher that caches nothing.
func TestSharedKeysKeptForTheNextProcess(t *testing.T) {
	ctx := context.Background()
	ix, _ := testarchive.Generated(t, 400, 21)
	dir := ix.Path()
	reqs := []query.Request{
		{Limit: 10, Snippets: -1}, // browse
		{Limit: 10, Snippets: -1, Facets: []string{"source", "month"}},
		{Query: "said", Limit: 15, Snippets: -1, Facets: []string{"source", "month"}},
		{Query: "oil prices", Duplicates: query.DupIdentical, Limit: 15, Snippets: -1},
	}
	answer := func(s *query.Searcher, req query.Request) string {
		t.Helper()
		return answerJSON(t, s, req)
	}
	collapsed := 0
	check := func(step string, ro *index.Index) {
		t.Helper()
		cached := query.NewSearcher(ro)
		cached.Cache = true
		plain := query.NewSearcher(ro)
		for _, req := range reqs {
			if got, want := answer(cached, req), answer(plain, req); got != want {
				t.Errorf("%s: %q (%s):\ncached %s\nwant   %s", step, req.Query, req.Duplicates, got, want)
			}
			if res, err := plain.Search(ctx, req); err == nil && res.Total < res.TotalArticles {
				collapsed++
			}
		}
	}
	type keptFile struct {
		info os.FileInfo
		data string
	}
	kept := func() map[string]keptFile {
		t.Helper()
		files, err := filepath.Glob(filepath.Join(dir, "shared_*.nds"))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]keptFile{}
		for _, f := range files {
			info, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = keptFile{info, string(b)}
		}
		return out
	}

	check("first handle", ix)
	first := kept()
	if len(first) == 0 {
		t.Fatal("no shared keys file in the index folder after a caching search")
	}
	second, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	check("next handle", second)
	if again := kept(); len(again) != len(first) {
		t.Errorf("files %d, then %d", len(first), len(again))
	} else {
		for name, f := range first {
			if !os.SameFile(again[name].info, f.info) {
				t.Errorf("%s was written again, not read", name)
			}
		}
	}
	second.Close()
	ix.Close()

	// New copies of indexed articles: their keys are shared now.
	w, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var copies []*article.Article
	ids, err := firstIDs(ctx, w, 12)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		a, err := w.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		c := *a
		c.ID = id + "-copy"
		if i%2 == 0 {
			c.Headline += " again"
		}
		copies = append(copies, &c)
	}
	if _, err := w.Put(ctx, copies...); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	third, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	check("after a write", third)
	if changed := kept(); changed["shared_dup_group.nds"].data == first["shared_dup_group.nds"].data {
		t.Error("the file of the groups was not found again after the write")
	}
	if collapsed == 0 {
		t.Error("no answer had duplicates collapsed: the test shows nothing")
	}
}

// answerJSON is the JSON of s's answer to req, without its time.
func answerJSON(t *testing.T, s *query.Searcher, req query.Request) string {
	t.Helper()
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	res.TookMS = 0
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstIDs returns the ids of the first n articles of a browse.
func firstIDs(ctx context.Context, ix *index.Index, n int) ([]string, error) {
	res, err := query.NewSearcher(ix).Search(ctx, query.Request{Limit: n, Snippets: -1, Duplicates: query.DupShow})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, nil
}

// TestPrepareKeepsWhatABrowseReads checks that Prepare leaves in the index
// folder the file a caching browse would write, for the index as it is:
// the next process's browse reads it (not writes it again) and answers as
// a searcher that keeps nothing; after a write, Prepare finds the keys
// again. A writable index is refused.
func TestPrepareKeepsWhatABrowseReads(t *testing.T) {
	ctx := context.Background()
	ix, _ := testarchive.Generated(t, 300, 7)
	dir := ix.Path()
	file := filepath.Join(dir, "shared_dup_group.nds")
	ix.Close()
	browse := query.Request{Limit: 10, Snippets: -1, Facets: []string{"source", "month"}}
	prepare := func(step string) os.FileInfo {
		t.Helper()
		ro, err := index.OpenReadOnly(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		if err := query.NewSearcher(ro).Prepare(ctx); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		info, err := os.Stat(file)
		if err != nil {
			t.Fatalf("%s: no shared keys file after Prepare: %v", step, err)
		}
		return info
	}
	browseNext := func(step string, prepared os.FileInfo) {
		t.Helper()
		ro, err := index.OpenReadOnly(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		cached := query.NewSearcher(ro)
		cached.Cache = true
		if got, want := answerJSON(t, cached, browse), answerJSON(t, query.NewSearcher(ro), browse); got != want {
			t.Errorf("%s: browse after Prepare:\n%s\nwant\n%s", step, got, want)
		}
		if info, err := os.Stat(file); err != nil || !os.SameFile(info, prepared) {
			t.Errorf("%s: the browse wrote the shared keys again (%v)", step, err)
		}
	}

	if _, err := os.Stat(file); err == nil {
		t.Fatal("a shared keys file before any Prepare or caching search")
	}
	before := prepare("first")
	browseNext("first", before)
	if again := prepare("unchanged"); !os.SameFile(again, before) {
		t.Error("Prepare wrote the file again for an unchanged index")
	}
	old, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	w, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := query.NewSearcher(w).Prepare(ctx); err == nil {
		t.Error("Prepare on a writable index: no error")
	}
	ids, err := firstIDs(ctx, w, 6)
	if err != nil {
		t.Fatal(err)
	}
	var copies []*article.Article
	for _, id := range ids {
		a, err := w.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		c := *a
		c.ID = id + "-copy"
		copies = append(copies, &c)
	}
	if _, err := w.Put(ctx, copies...); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	after := prepare("after a write")
	if data, err := os.ReadFile(file); err != nil || string(data) == string(old) {
		t.Errorf("Prepare after a write kept the old keys (%v)", err)
	}
	browseNext("after a write", after)
}
