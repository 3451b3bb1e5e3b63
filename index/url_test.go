package index_test

import (
	"context"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// TestOldIndexWithoutURLField checks why adding the url field needs no new
// Layout: an index made before (its mapping has no url field) still takes
// new articles and answers every search, url: ones with no hits.
func TestOldIndexWithoutURLField(t *testing.T) {
	ix, err := index.NewMemoryWithout("url")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	a := &article.Article{ID: "A", Headline: "Harbour expands", Body: []string{"The harbour opened a quay."}, URL: "https://www.harbourpost.example/port"}
	if _, err := ix.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	s := query.NewSearcher(ix)
	for q, want := range map[string]uint64{
		"harbour":                        1,
		"url:www.harbourpost.example":    0,
		`url:="` + a.URL + `"`:           0,
		"harbour OR url:harbourpost":     1,
		"headline:harbour url:anything*": 0,
	} {
		res, err := s.Search(ctx, query.Request{Query: q, Limit: 10, Snippets: -1})
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if res.Total != want {
			t.Errorf("%s: %d hits, want %d", q, res.Total, want)
		}
	}
	got, err := ix.Article(ctx, "A")
	if err != nil || got.URL != a.URL {
		t.Errorf("stored article: %v, %v; want its URL kept", got, err)
	}
}
