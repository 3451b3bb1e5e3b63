package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/httpapi"
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

func ExampleNewHandler() {
	ix := exampleIndex()
	defer ix.Close()
	h := httpapi.NewHandler(query.NewSearcher(ix), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost/api/search?q=turkey&sort=date&limit=1", nil))
	var res query.Result
	_ = json.Unmarshal(rec.Body.Bytes(), &res)
	fmt.Println(rec.Code, res.Total, res.Hits[0].ID, res.Hits[0].Date)
	// Output:
	// 200 2 A2 2017-10-24
}

func ExampleParse() {
	v, _ := url.ParseQuery("q=turkey&source=times&source=guardian&lang=en&facets=source,month&duplicates=identical")
	req, err := httpapi.Parse(httpapi.SearchParams(), v)
	fmt.Println(req.Query, req.Filters.Sources, req.Filters.Languages, req.Facets, req.Duplicates, err)
	// Output:
	// turkey [times guardian] [en] [source month] identical <nil>
}
