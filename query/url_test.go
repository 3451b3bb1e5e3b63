package query_test

import (
	"context"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// TestSearchByURL searches the article URL: its words (the site, the
// path's words), a prefix of the site, the whole URL as a phrase, and the
// exact URL as a filter (url:="..."), alone and narrowing a search.
func TestSearchByURL(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := []*article.Article{
		{ID: "A", Headline: "Harbour expands", Body: []string{"The harbour opened a quay."}, URL: "https://www.harbourpost.example/2019/06/04/Port-Expands.html"},
		{ID: "B", Headline: "Harbour strike", Body: []string{"Dockers walked out."}, URL: "https://news.example.org/harbour/strike"},
		{ID: "C", Headline: "Harbour without a link", Body: []string{"No URL here."}},
	}
	if _, err := ix.Put(context.Background(), arts...); err != nil {
		t.Fatal(err)
	}
	s := query.NewSearcher(ix)
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{`url:www.harbourpost.example`, []string{"A"}},
		{`url:strike`, []string{"B"}},
		{`url:www.harbour*`, []string{"A"}},
		{`url:"https://news.example.org/harbour/strike"`, []string{"B"}},
		{`link:port`, []string{"A"}}, // "Port-Expands.html": Port, Expands.html
		{`url:="https://www.harbourpost.example/2019/06/04/Port-Expands.html"`, []string{"A"}},
		{`harbour url:="https://news.example.org/harbour/strike"`, []string{"B"}},
		{`url:="https://news.example.org/harbour"`, nil}, // whole values only
		{`url:harbour -url:strike`, nil},
	} {
		res, err := s.Search(context.Background(), query.Request{Query: tt.q, Limit: 10, Snippets: -1})
		if err != nil {
			t.Errorf("%s: %v", tt.q, err)
			continue
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: hits %v, want %v", tt.q, got, tt.want)
		}
	}
}
