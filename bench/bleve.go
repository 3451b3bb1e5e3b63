package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// bleveBatch is the batch size of the plain-bleve baseline (the issue's).
const bleveBatch = 1000

// bleveDoc is what the baseline indexes: the fields a user would map first.
type bleveDoc struct {
	Headline string    `json:"headline"`
	Body     string    `json:"body"`
	Source   string    `json:"source"`
	Date     time.Time `json:"date"`
}

// ingestBleve indexes into plain bleve with bleve.NewIndexMapping() (dynamic
// mapping, _all field, stored fields, term vectors, doc values on all).
func ingestBleve(ctx context.Context, dir string, events <-chan ingest.Event, t *tally) error {
	bi, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		return fmt.Errorf("bleve %s: %w", dir, err)
	}
	b := bi.NewBatch()
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("bleve batch: %w", err)
		}
		b.Reset()
		t.mark(t.articles)
		return nil
	}
	err = eachArticle(ctx, events, t, func(a *article.Article, id string) error {
		if err := b.Index(id, bleveDoc{Headline: a.Headline, Body: a.BodyText(), Source: a.Source, Date: a.Date}); err != nil {
			return fmt.Errorf("bleve index %s: %w", id, err)
		}
		if b.Size() >= bleveBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		bi.Close()
		return err
	}
	err = flush()
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

type bleveSearcher struct {
	bi     bleve.Index
	ci     corpusInfo
	months []time.Time
}

func openBleve(dir string, ci corpusInfo) (*bleveSearcher, error) {
	bi, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("bleve %s: %w", dir, err)
	}
	return &bleveSearcher{bi: bi, ci: ci, months: ci.months()}, nil
}

func (s *bleveSearcher) close() error             { return s.bi.Close() }
func (s *bleveSearcher) supports(benchQuery) bool { return true }

// request builds a top-10 search with highlighting (bleve's html
// highlighter on every stored field, as a user of the default mapping gets).
func (s *bleveSearcher) request(q benchQuery) *bleve.SearchRequest {
	var bq query.Query = bleve.NewMatchAllQuery()
	if qs := bleveQueryString(q, s.ci); qs != "" {
		bq = bleve.NewQueryStringQuery(qs)
	}
	req := bleve.NewSearchRequestOptions(bq, 10, 0, false)
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Fields = []string{"headline", "source", "date"}
	switch q.Facet {
	case "source":
		req.AddFacet("source", bleve.NewFacetRequest("source", 10))
	case "month":
		fr := bleve.NewFacetRequest("date", len(s.months))
		for _, m := range s.months {
			fr.AddDateTimeRange(m.Format("2006-01"), m, m.AddDate(0, 1, 0))
		}
		req.AddFacet("month", fr)
	}
	return req
}

func (s *bleveSearcher) search(ctx context.Context, q benchQuery) (searchResult, error) {
	res, err := s.bi.SearchInContext(ctx, s.request(q))
	if err != nil {
		return searchResult{}, fmt.Errorf("bleve %s: %w", q, err)
	}
	out := searchResult{Total: int(res.Total), Top: len(res.Hits)}
	for _, f := range res.Facets {
		out.Facets += len(f.Terms.Terms()) + len(f.DateRanges)
	}
	return out, nil
}

// handler serves the bleve baseline over HTTP: GET /api/search?i=N runs
// query N of the set and writes bleve's result as JSON.
func (s *bleveSearcher) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.URL.Query().Get("i"))
		if err != nil || i < 0 || i >= len(benchQueries) {
			http.Error(w, "bad i", http.StatusBadRequest)
			return
		}
		res, err := s.bi.SearchInContext(r.Context(), s.request(benchQueries[i]))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(res)
	})
}

func (s *bleveSearcher) url(_ benchQuery, i int) string { return "/api/search?i=" + strconv.Itoa(i) }
