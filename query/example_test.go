package query_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func exampleIndex() *index.Index {
	ix, err := index.NewMemory()
	if err != nil {
		panic(err)
	}
	day := time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)
	_, err = ix.Put(context.Background(),
		&article.Article{ID: "A1", Headline: "Fighters return", Source: "The Times", Date: day,
			Body: []string{"Officials expected thousands of returnees.", "Many are stuck in Turkey, officials say."}},
		&article.Article{ID: "A2", Headline: "Markets rally", Source: "The Times", Date: day.AddDate(0, 0, 1),
			Body: []string{"Shares rose in Istanbul and Turkey's lira firmed."}},
	)
	if err != nil {
		panic(err)
	}
	return ix
}

func ExampleSearcher_Search() {
	ix := exampleIndex()
	defer ix.Close()
	res, err := query.NewSearcher(ix).Search(context.Background(), query.Request{Query: "returnees Turkey"})
	if err != nil {
		panic(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Headline)
		for _, s := range h.Snippets {
			fmt.Println("  ", s)
		}
	}
	// Output:
	// A1 Fighters return
	//    Officials expected thousands of <mark>returnees</mark>.
	//    Many are stuck in <mark>Turkey</mark>, officials say.
}

func ExampleParse() {
	n, err := query.Parse(`"islamic state" (syria OR iraq) -turkey date:2017`)
	if err != nil {
		panic(err)
	}
	fmt.Println(n)
	_, err = query.Parse(`syria (iraq`)
	fmt.Println(err)
	// Output:
	// ("islamic state" AND (syria OR iraq) AND NOT turkey AND date:[2017 TO 2017])
	// query: column 7: "(" is not closed
}

// A searcher that serves many searches on a read-only index caches what
// they reuse (Searcher.Cache): facets are then counted from per-segment
// bitmaps, here the search of every article without visiting its hits.
func ExampleSearcher_cache() {
	dir, err := os.MkdirTemp("", "newsdesk-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ix, err := index.OpenOrCreate(filepath.Join(dir, "ix"))
	if err != nil {
		panic(err)
	}
	day := time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)
	_, err = ix.Put(context.Background(),
		&article.Article{ID: "A1", Headline: "Fighters return", Source: "The Times", Date: day, Body: []string{"Returnees in Turkey."}},
		&article.Article{ID: "A2", Headline: "Markets rally", Source: "The Times", Date: day, Body: []string{"Shares rose."}},
		&article.Article{ID: "A3", Headline: "Lira firms", Source: "Reuters", Date: day.AddDate(1, 0, 0), Body: []string{"The lira firmed."}})
	if err != nil {
		panic(err)
	}
	if err := ix.Close(); err != nil {
		panic(err)
	}
	ro, err := index.OpenReadOnly(filepath.Join(dir, "ix"))
	if err != nil {
		panic(err)
	}
	defer ro.Close()
	s := query.NewSearcher(ro)
	s.Cache = true
	facets, err := s.Facets(context.Background(), query.Request{Facets: []string{"source", "year"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(facets["source"])
	fmt.Println(facets["year"])
	// Output:
	// [{The Times 2 source:="The Times"} {Reuters 1 source:="Reuters"}]
	// [{2017 2 date:2017} {2018 1 date:2018}]
}

// A program that writes an index can leave it ready for the first browse
// of every article, as `newsdesk ingest` does: Prepare, on the index
// opened read-only, keeps the articles that share a duplicate key in the
// index folder, where every later searcher of that index reads them.
func ExampleSearcher_Prepare() {
	dir, err := os.MkdirTemp("", "newsdesk-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "ix")
	ix, err := index.OpenOrCreate(path)
	if err != nil {
		panic(err)
	}
	day := time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)
	body := []string{"Thousands of returnees are stuck in Turkey, officials said on Monday."}
	_, err = ix.Put(context.Background(),
		&article.Article{ID: "A1", Headline: "Fighters return", Source: "The Times", Date: day, Body: body},
		&article.Article{ID: "A2", Headline: "Fighters return", Source: "The Times", Date: day, Body: body},
		&article.Article{ID: "A3", Headline: "Lira firms", Source: "Reuters", Date: day, Body: []string{"The lira firmed."}})
	if err != nil {
		panic(err)
	}
	if err := ix.Close(); err != nil {
		panic(err)
	}
	ro, err := index.OpenReadOnly(path)
	if err != nil {
		panic(err)
	}
	defer ro.Close()
	if err := query.NewSearcher(ro).Prepare(context.Background()); err != nil {
		panic(err)
	}
	kept, _ := filepath.Glob(filepath.Join(path, "shared_*.nds"))
	fmt.Println(len(kept), "file kept")

	s := query.NewSearcher(ro)
	s.Cache = true
	res, err := s.Search(context.Background(), query.Request{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Total, "groups of", res.TotalArticles, "articles")
	// Output:
	// 1 file kept
	// 2 groups of 3 articles
}
