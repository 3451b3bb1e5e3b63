package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// TestRescoreCachesTokenCounts: an engine with a cache on a read-only
// index keeps the token counts it re-scores with, and re-scores the same
// as an engine that reads them every time, also when they come from the
// cache.
func TestRescoreCachesTokenCounts(t *testing.T) {
	ix := testarchive.OnDisk(t, filepath.Join("..", "..", "testdata", "archive", "factiva"))
	ctx := context.Background()
	cs, err := ix.CorpusStats()
	if err != nil {
		t.Fatal(err)
	}
	stats := engine.Stats{Docs: cs.Docs, Tokens: cs.Tokens, FieldDocs: cs.FieldDocs}
	kind, err := engine.HasArticleKind(ix.Bleve())
	if err != nil {
		t.Fatal(err)
	}
	caches := &engine.Caches{}
	plain := engine.New(ix.Bleve(), engine.Config{ReadOnly: true, ArticleKind: kind, Boost: querylang.Boost})
	cached := engine.New(ix.Bleve(), engine.Config{ReadOnly: true, ArticleKind: kind, Boost: querylang.Boost, Cache: caches})
	rescored := func(e *engine.Engine, q string) string {
		t.Helper()
		node, err := querylang.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		bqq, plan, err := querylang.Build(ix.Bleve().Mapping(), node)
		if err != nil {
			t.Fatal(err)
		}
		br := bleve.NewSearchRequestOptions(engine.ArticlesOnly(bqq, plan.MayMatchQuotes, kind), 100, 0, false)
		br.IncludeLocations = true
		res, err := e.Search(engine.WithStats(ctx, stats), br, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) < 2 {
			t.Fatalf("%q: %d hits; the test needs several", q, len(res.Hits))
		}
		if err := e.Rescore(ctx, res.Hits, stats); err != nil {
			t.Fatal(err)
		}
		var out string
		for _, h := range res.Hits {
			out += fmt.Sprintf("%s %.6f\n", h.ID, h.Score)
		}
		return out
	}
	for round := range 2 {
		for _, q := range []string{"flood*", "tr*", "said OR flo*", "headline:st*"} {
			if got, want := rescored(cached, q), rescored(plain, q); got != want {
				t.Errorf("round %d, %q: cached engine re-scores\n%s\nwant\n%s", round, q, got, want)
			}
		}
	}
	if n := engine.KeptHitValues(caches); n == 0 {
		t.Error("the cache keeps no token counts")
	}
}
