package query_test

import (
	"context"
	"fmt"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/query"
)

func ExampleSearcher_Facets() {
	ix := exampleIndex()
	defer ix.Close()
	s := query.NewSearcher(ix)
	f, err := s.Facets(context.Background(), query.Request{Query: "turkey", Facets: []string{"source", "day"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(f["source"])
	fmt.Println(f["day"])
	// A value's filter selects exactly the articles it counts.
	narrowed, err := s.Search(context.Background(), query.Request{Query: query.Narrow("turkey", f["source"][0].Filter)})
	if err != nil {
		panic(err)
	}
	fmt.Println(narrowed.Query, narrowed.Total)
	// Output:
	// [{The Times 2 source:="The Times"}]
	// [{2017-10-23 1 date:2017-10-23} {2017-10-24 1 date:2017-10-24}]
	// (turkey) source:="The Times" 2
}

func ExampleSearcher_Timeline() {
	ix := exampleIndex()
	defer ix.Close()
	tl, err := query.NewSearcher(ix).Timeline(context.Background(), query.TimelineRequest{Queries: []string{"returnees", "shares"}, By: query.ByDay})
	if err != nil {
		panic(err)
	}
	fmt.Println(tl.Periods)
	for _, s := range tl.Series {
		fmt.Println(s.Query, s.Counts)
	}
	// Output:
	// [2017-10-23 2017-10-24]
	// returnees [1 0]
	// shares [0 1]
}

func ExampleSearcher_Each() {
	ix := exampleIndex()
	defer ix.Close()
	err := query.NewSearcher(ix).Each(context.Background(), query.Request{Query: "turkey", Sort: query.SortOldest}, func(h query.Hit, a *article.Article) error {
		fmt.Println(h.ID, a.Headline)
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// A1 Fighters return
	// A2 Markets rally
}

func ExampleSearcher_KWIC() {
	ix := exampleIndex()
	defer ix.Close()
	err := query.NewSearcher(ix).KWIC(context.Background(), "turkey", query.Request{Sort: query.SortOldest}, 12, func(l query.KWICLine) error {
		fmt.Printf("%s |%12s[%s]%-12s|\n", l.ID, l.Left, l.Keyword, l.Right)
		return nil
	})
	if err != nil {
		panic(err)
	}
	// Output:
	// A1 |re stuck in [Turkey], officials |
	// A2 |stanbul and [Turkey's] lira firmed|
}
