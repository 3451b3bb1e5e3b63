package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/variant"
	"github.com/newsdesk/newsdesk/query"
)

// ingestNewsdesk runs newsdesk's own ingest (index.Ingest over the event
// stream, as `newsdesk ingest` does), counting articles on the way through.
// A layout other than "" creates the index with that layout variant
// (internal/variant).
func ingestNewsdesk(ctx context.Context, dir, layout string, events <-chan ingest.Event, t *tally) error {
	var ix *index.Index
	if layout == "" {
		var err error
		if ix, err = index.OpenOrCreate(dir); err != nil {
			return err
		}
	} else {
		v, err := variant.Named(layout)
		if err != nil {
			return err
		}
		if ix, err = index.CreateVariant(dir, v); err != nil {
			return err
		}
	}
	tapped := make(chan ingest.Event, 256)
	go func() {
		defer close(tapped)
		for ev := range events {
			if ev.Article != nil {
				t.article(ev.Article)
			}
			if ev.Err != nil {
				t.errors++
			}
			tapped <- ev
		}
	}()
	last := -1
	stats, err := ix.Ingest(ctx, tapped, index.Options{Progress: func(s index.Stats) {
		if s.Read != last { // Progress also fires at file ends
			last = s.Read
			t.mark(s.Read)
		}
	}})
	// As `newsdesk ingest --optimize auto` decides after an ingest, with
	// the same policy: the time counts as ingest time.
	if err == nil {
		var state index.OptimizeState
		if state, err = ix.OptimizeState(stats); err == nil && (index.OptimizePolicy{}).ShouldOptimize(state) {
			err = ix.Optimize(ctx)
		}
	}
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	for range tapped { // drain on error so the tap goroutine ends
	}
	return err
}

type newsdeskSearcher struct {
	ix *index.Index
	s  *query.Searcher
	h  http.Handler
	ci corpusInfo
}

func openNewsdesk(dir string, ci corpusInfo) (*newsdeskSearcher, error) {
	ix, err := index.OpenReadOnly(dir)
	if err != nil {
		return nil, err
	}
	s := query.NewSearcher(ix)
	// As newsdesk serve runs it: a long-lived searcher caches (query.Searcher.Cache).
	s.Cache = true
	return &newsdeskSearcher{ix: ix, s: s, h: httpapi.NewHandler(s, nil), ci: ci}, nil
}

func (n *newsdeskSearcher) close() error { return n.ix.Close() }

func (n *newsdeskSearcher) supports(q benchQuery) bool {
	return q.Facet == "" || newsdeskFacetField() != ""
}

func (n *newsdeskSearcher) request(q benchQuery) query.Request {
	req := query.Request{Query: newsdeskQuery(q, n.ci)}
	if from, to, ok := n.ci.window(q); ok {
		req.From, req.To = from, to
	}
	if q.Facet != "" {
		setNewsdeskFacet(&req, q.Facet)
	}
	return req
}

func (n *newsdeskSearcher) search(ctx context.Context, q benchQuery) (searchResult, error) {
	res, err := n.s.Search(ctx, n.request(q))
	if err != nil {
		return searchResult{}, fmt.Errorf("newsdesk %s: %w", q, err)
	}
	return searchResult{Total: int(res.Total), Top: len(res.Hits), Facets: newsdeskFacetCount(res)}, nil
}

func (n *newsdeskSearcher) handler() http.Handler { return n.h }

func (n *newsdeskSearcher) url(q benchQuery, _ int) string {
	v := url.Values{"q": {newsdeskQuery(q, n.ci)}}
	if from, to, ok := n.ci.window(q); ok {
		// The API's to is inclusive (a day); the window's is exclusive.
		v.Set("from", from.Format("2006-01-02"))
		v.Set("to", to.AddDate(0, 0, -1).Format("2006-01-02"))
	}
	if q.Facet != "" && newsdeskFacetField() != "" {
		v.Set("facets", q.Facet)
	}
	return "/api/search?" + v.Encode()
}

// Facets: query.Request has no facets yet (another branch adds them). The
// benchmark finds them by reflection, so the facet rows light up without a
// change here once query.Request has a field named Facets of type []string
// (values "source" and "month") and query.Result a field named Facets. If the
// API lands in another shape, adapt these three functions only.

// newsdeskFacetField returns "Facets" when query.Request has a usable facet
// field, else "".
func newsdeskFacetField() string {
	f, ok := reflect.TypeOf(query.Request{}).FieldByName("Facets")
	if !ok || f.Type != reflect.TypeOf([]string(nil)) {
		return ""
	}
	return f.Name
}

func setNewsdeskFacet(req *query.Request, facet string) {
	if name := newsdeskFacetField(); name != "" {
		reflect.ValueOf(req).Elem().FieldByName(name).Set(reflect.ValueOf([]string{facet}))
	}
}

// newsdeskFacetCount counts the buckets in Result.Facets (a map of facet
// name to values, or a slice), or 0 when there is no such field.
func newsdeskFacetCount(res *query.Result) int {
	v := reflect.ValueOf(res).Elem().FieldByName("Facets")
	if !v.IsValid() {
		return 0
	}
	switch v.Kind() {
	case reflect.Map:
		n := 0
		for it := v.MapRange(); it.Next(); {
			if e := it.Value(); e.Kind() == reflect.Slice || e.Kind() == reflect.Map {
				n += e.Len()
			} else {
				n++
			}
		}
		return n
	case reflect.Slice:
		return v.Len()
	}
	return 0
}
