package querylang_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestPlanKeepsQuotationsOut: a query whose plan says no quotation
// document can match finds none without the exclusion, and every compiled
// query finds the articles the explicit exclusion leaves.
func TestPlanKeepsQuotationsOut(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx := context.Background()
	events := ingest.Read(ctx, []string{filepath.Join("..", "..", "testdata", "archive", "factiva")}, ingest.Options{})
	if _, err := ix.Ingest(ctx, events, index.Options{}); err != nil {
		t.Fatal(err)
	}
	kind, err := engine.HasArticleKind(ix.Bleve())
	if err != nil || !kind {
		t.Fatalf("a new index's articles carry their kind: %v, %v", kind, err)
	}
	search := func(q bq.Query) []string {
		br := bleve.NewSearchRequestOptions(q, 10000, 0, false)
		br.SortBy([]string{"_id"})
		res, err := ix.Bleve().Search(br)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	quotations := 0
	for _, q := range append(querylang.PlanQueries, "", `said`, `"come back"`) {
		node, err := querylang.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		built, plan := bq.Query(bleve.NewMatchAllQuery()), querylang.Plan{MayMatchQuotes: true}
		if node != nil {
			if built, plan, err = querylang.Build(ix.Bleve().Mapping(), node); err != nil {
				t.Fatal(err)
			}
		}
		raw := search(built)
		for _, id := range raw {
			if _, _, ok := schema.ParseQuoteID(id); ok {
				quotations++
				if !plan.MayMatchQuotes {
					t.Errorf("%q: plan says no quotation matches, but %s does", q, id)
				}
			}
		}
		// As query.Searcher.Compile keeps them out, with and without the
		// articles' kind.
		for _, kind := range []bool{false, true} {
			compiled := engine.ArticlesOnly(built, plan.MayMatchQuotes, kind)
			not := bleve.NewTermQuery(schema.QuoteType)
			not.SetField(schema.FieldKind)
			explicit := bleve.NewBooleanQuery()
			explicit.AddMust(built)
			explicit.AddMustNot(not)
			if got, want := search(compiled), search(explicit); !slices.Equal(got, want) {
				t.Errorf("%q (article kind %v): compiled finds %v, the explicit exclusion %v", q, kind, got, want)
			}
		}
	}
	if quotations == 0 {
		t.Fatal("no query matched a quotation document: the test checks nothing")
	}
}
