package engine_test

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// ArticlesOnly keeps quotation documents out of a query that could match
// them; a search of every article selects the articles by their kind.
// SummaryFromFields reads what a list of hits shows from a hit's stored
// fields.
func ExampleArticlesOnly() {
	ix, err := index.NewMemory()
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	day := time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)
	a := &article.Article{ID: "A1", Headline: "Fighters return", Source: "The Times", Date: day,
		Body: []string{`''They will come back,'' said Peter Neumann, a professor.`}}
	if _, err := ix.Put(context.Background(), a); err != nil {
		panic(err)
	}
	all := bleve.NewSearchRequest(bleve.NewMatchAllQuery())
	res, _ := ix.Bleve().Search(all)
	fmt.Println("documents:", res.Total) // the article and its quotation
	req := bleve.NewSearchRequest(engine.ArticlesOnly(bleve.NewMatchAllQuery(), true, true))
	req.Fields = []string{schema.FieldMeta}
	res, _ = ix.Bleve().Search(req)
	fmt.Println("articles:", res.Total)
	sum, err := engine.SummaryFromFields(res.Hits[0].Fields)
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.ID, sum.Headline, sum.Source, sum.Date.Format("2006-01-02"))
	// Output:
	// documents: 2
	// articles: 1
	// A1 Fighters return The Times 2017-10-23
}
