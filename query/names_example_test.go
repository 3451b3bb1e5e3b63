package query_test

import (
	"context"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func quoteIndex() *index.Index {
	ix, err := index.NewMemory()
	if err != nil {
		panic(err)
	}
	_, err = ix.Put(context.Background(), &article.Article{
		ID: "Q1", Headline: "Fighters trickle home", Source: "The Times", Date: time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC),
		Body: []string{
			"''There won't be a 'flood' of returnees,'' said Peter Neumann, a researcher in London.",
			"''Most are stuck near the border,'' Mr. Neumann said.",
		},
	})
	if err != nil {
		panic(err)
	}
	return ix
}

func ExampleSearcher_Quotes() {
	ix := quoteIndex()
	defer ix.Close()
	res, err := query.NewSearcher(ix).Quotes(context.Background(), query.QuoteRequest{Query: "flood", Speaker: "neumann"})
	if err != nil {
		panic(err)
	}
	for _, q := range res.Quotes {
		fmt.Println(q.Highlighted, "—", q.Speaker, q.ArticleID, q.Date)
	}
	fmt.Println(res.Speakers)
	// Output:
	// There won&#39;t be a &#39;<mark>flood</mark>&#39; of returnees — Peter Neumann Q1 2017-10-23
	// [{Peter Neumann 1}]
}

func ExampleSearcher_Names() {
	ix := quoteIndex()
	defer ix.Close()
	res, err := query.NewSearcher(ix).Names(context.Background(), "returnees", 10)
	if err != nil {
		panic(err)
	}
	for _, n := range res.Names {
		fmt.Println(n.Name, n.Count)
	}
	// Output:
	// London 1
	// Peter Neumann 1
}
