package query_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// TestLayout4IndexReadsAsNewOne opens testdata/layout4-index, made by
// newsdesk before the body was stored compressed (layout 4: the body stored
// as text in the body field), and checks that every reader of the stored
// body (snippets of a page of hits, sorted listings with their articles,
// the article view) gives exactly what an index of the current layout made
// from the same file gives, and the text the file holds; and that the old
// index is not written to.
func TestLayout4IndexReadsAsNewOne(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join("..", "testdata", "positional")
	old := copyDir(t, filepath.Join("..", "testdata", "layout4-index"))

	cur := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(cur)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, []string{src}, ingest.Options{}), index.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{} // id -> body paragraphs as read
	for ev := range ingest.Read(ctx, []string{src}, ingest.Options{}) {
		if ev.Article != nil {
			want[ev.Article.ID] = ev.Article.Body
		}
	}
	if len(want) == 0 {
		t.Fatal("no articles in the test file")
	}

	type view struct {
		layout   int
		searches map[string]*query.Result
		listed   map[string][]string // id -> body from Each
		shown    map[string][]string // id -> body from Article
	}
	read := func(t *testing.T, path string, open func(string) (*index.Index, error)) view {
		ix, err := open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		v := view{layout: ix.LayoutVersion(), searches: map[string]*query.Result{}, listed: map[string][]string{}, shown: map[string][]string{}}
		s := query.NewSearcher(ix)
		for _, q := range []string{"kovrin", "tassik OR delmar", `"turkey"`, "kovrin w/s delmar", "caps(turkey)", ""} {
			for _, sort := range []string{query.SortRelevance, query.SortOldest} {
				if q == "" && sort == query.SortRelevance {
					continue
				}
				res, err := s.Search(ctx, query.Request{Query: q, Sort: sort, Snippets: 2})
				if err != nil {
					t.Fatalf("%q: %v", q, err)
				}
				if len(res.Hits) == 0 {
					t.Errorf("%q: no hits", q)
				}
				v.searches[q+" / "+sort] = res
			}
		}
		err = s.Each(ctx, query.Request{Sort: query.SortOldest}, func(h query.Hit, a *article.Article) error {
			v.listed[h.ID] = a.Body
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id := range want {
			a, err := ix.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			v.shown[id] = a.Body
		}
		return v
	}

	for _, tc := range []struct {
		name string
		open func(string) (*index.Index, error)
	}{
		{"read-only", index.OpenReadOnly},
		{"writable handle", index.Open},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, c := read(t, old, tc.open), read(t, cur, tc.open)
			if o.layout != 4 || c.layout != index.Layout || index.Layout < index.CompressedBodyLayout {
				t.Fatalf("layouts %d and %d, want 4 and %d", o.layout, c.layout, index.Layout)
			}
			for q, res := range c.searches {
				if d := resultDiff(res, o.searches[q]); d != "" {
					t.Errorf("%s: current and layout 4 differ: %s", q, d)
				}
			}
			snippets := 0
			for _, res := range c.searches {
				for _, h := range res.Hits {
					snippets += len(h.Snippets)
				}
			}
			if snippets == 0 {
				t.Error("no snippets: the test does not read the stored body")
			}
			for name, got := range map[string]view{"layout 4": o, "current": c} {
				for _, m := range []map[string][]string{got.listed, got.shown} {
					if !reflect.DeepEqual(m, want) {
						t.Errorf("%s: bodies\n%q\nwant the file's\n%q", name, m, want)
					}
				}
			}
		})
	}

	ix, err = index.Open(old)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	a := &article.Article{ID: "NEW-1", Headline: "New", Body: []string{"A new article."}}
	if _, err := ix.Put(ctx, a); !errors.Is(err, index.ErrOldLayout) {
		t.Errorf("writing to a layout 4 index: %v, want ErrOldLayout", err)
	}
}

// copyDir copies a folder of files and folders into a temporary folder, so
// that a test opening an index never changes testdata.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "index_meta.json")); err != nil {
		t.Fatalf("%s is not an index: %v", src, err)
	}
	return dst
}
