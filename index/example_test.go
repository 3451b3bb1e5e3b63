package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Ingest everything ingest.Read finds into an index on disk; a second run
// finds every article unchanged.
func ExampleIndex_Ingest() {
	dir, _ := os.MkdirTemp("", "newsdesk")
	defer os.RemoveAll(dir)
	export := filepath.Join(dir, "export.jsonl")
	_ = os.WriteFile(export, []byte(strings.Join([]string{
		`{"id":"A1","headline":"Glaciers retreat","source":"The Times","date":"2019-09-23","body":"Ice is melting."}`,
		`{"id":"A2","headline":"Rivers rise","source":"The Times","date":"2019-09-24","body":["Rain fell.","Then more."]}`,
		`{"id":"A3","headline":"Broken","date":"not a date"}`,
	}, "\n")), 0o644)

	ix, err := index.OpenOrCreate(filepath.Join(dir, "news.index"))
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for run := 1; run <= 2; run++ {
		stats, err := ix.Ingest(ctx, ingest.Read(ctx, []string{export}, ingest.Options{}), index.Options{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("run %d: %d added, %d unchanged, %d skipped\n", run, stats.Added, stats.Unchanged, stats.Skipped)
	}
	a, _ := ix.Article(ctx, "A2")
	fmt.Println(a.Headline, a.Body)
	// Output:
	// run 1: 2 added, 0 unchanged, 1 skipped
	// run 2: 0 added, 2 unchanged, 1 skipped
	// Rivers rise [Rain fell. Then more.]
}

// Every article gets a near-duplicate group: the id of the group's earliest
// article. Here a wire story runs in two papers, one a day later with its
// own first paragraph.
func ExampleIndex_Put_duplicates() {
	ix, err := index.NewMemory()
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	wire := []string{
		"Engineers closed the old stone bridge at Harlow on Sunday after divers found a crack running through the central pier, cutting the main road between the two halves of the market town.",
		"The county highways department said the bridge, built in 1821, would stay shut to all traffic until at least the end of the month while surveyors decided whether the pier could be braced or had to be rebuilt.",
		"Buses were diverted over the bypass, adding about twenty minutes to journeys into the town centre, and a temporary footbridge for pedestrians is due to open on Wednesday.",
	}
	day := time.Date(2021, 3, 14, 0, 0, 0, 0, time.UTC)
	stats, err := ix.Put(context.Background(),
		&article.Article{ID: "B2", Headline: "Bridge shut", Date: day.AddDate(0, 0, 1),
			Body: append([]string{"Readers in the valley will feel this one, our correspondent writes."}, wire[1:]...)},
		&article.Article{ID: "A1", Headline: "Cracked pier shuts Harlow bridge", Date: day, Body: wire},
		&article.Article{ID: "C3", Headline: "Flower show returns", Date: day,
			Body: []string{"Entries are open for the spring flower show, which returns to the cricket pavilion in April after a year away, with classes for daffodils, tulips and arrangements."}},
	)
	if err != nil {
		panic(err)
	}
	vals, _ := ix.DocValues(context.Background(), []string{"A1", "B2", "C3"}, schema.FieldDupGroup)
	fmt.Println("joined a group:", stats.Duplicates)
	for _, id := range []string{"A1", "B2", "C3"} {
		fmt.Println(id, "->", vals[id][0])
	}
	// Output:
	// joined a group: 1
	// A1 -> A1
	// B2 -> A1
	// C3 -> C3
}

// ArticlesOnly keeps quotation documents out of a query that could match
// them; a search of every article selects the articles by their kind.
// SummaryFromFields reads what a list of hits shows from a hit's stored
// fields.
func ExampleIndex_ArticlesOnly() {
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
	req := bleve.NewSearchRequest(ix.ArticlesOnly(bleve.NewMatchAllQuery()))
	req.Fields = []string{schema.FieldMeta}
	res, _ = ix.Bleve().Search(req)
	fmt.Println("articles:", res.Total)
	sum, err := index.SummaryFromFields(res.Hits[0].Fields)
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.ID, sum.Headline, sum.Source, sum.Date.Format("2006-01-02"))
	// Output:
	// documents: 2
	// articles: 1
	// A1 Fighters return The Times 2017-10-23
}
