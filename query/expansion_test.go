package query_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/query"
)

// repeated is clause n times, ORed: "a* OR a* OR …".
func repeated(clause string, n int) string {
	return strings.TrimSuffix(strings.Repeat(clause+" OR ", n), " OR ")
}

// userQueryPaths runs q through every entry point that searches a user
// query, each returning its error.
func userQueryPaths(s *query.Searcher, q string) map[string]func(context.Context) error {
	run := func(req query.Request) func(context.Context) error {
		return func(ctx context.Context) error { _, err := s.Search(ctx, req); return err }
	}
	return map[string]func(context.Context) error{
		"search":               run(query.Request{Query: q}),
		"search show":          run(query.Request{Query: q, Duplicates: query.DupShow}),
		"search by date":       run(query.Request{Query: q, Sort: query.SortNewest}),
		"search with facets":   run(query.Request{Query: q, Facets: []string{"source", "name", "year"}}),
		"search with a cursor": run(query.Request{Query: q, Cursor: query.CursorStart}),
		"facets": func(ctx context.Context) error {
			_, err := s.Facets(ctx, query.Request{Query: q, Facets: []string{"source"}})
			return err
		},
		"timeline": func(ctx context.Context) error {
			_, err := s.Timeline(ctx, query.TimelineRequest{Queries: []string{"turkey", q}})
			return err
		},
		"names": func(ctx context.Context) error { _, err := s.Names(ctx, q, 5); return err },
		"quotes": func(ctx context.Context) error {
			_, err := s.Quotes(ctx, query.QuoteRequest{Query: q})
			return err
		},
		"kwic": func(ctx context.Context) error {
			return s.KWIC(ctx, "turkey", query.Request{Query: q}, 20, func(query.KWICLine) error { return nil })
		},
		"export": func(ctx context.Context) error {
			return s.Each(ctx, query.Request{Query: q}, func(query.Hit, *article.Article) error { return nil })
		},
	}
}

// TestPrefixExpansionCountsEveryClause: "a* OR a* OR …" expands a* once
// per repeat. Every path refuses it as a RequestError naming q, before
// searching anything (so even with the request already cancelled), while
// the single clause still runs.
func TestPrefixExpansionCountsEveryClause(t *testing.T) {
	s := query.NewSearcher(testSearcher(t).Index())
	one, many := "s*", repeated("s*", 250)
	for name, path := range userQueryPaths(s, one) {
		if err := path(context.Background()); err != nil {
			t.Errorf("%s: %s alone: %v", name, one, err)
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, path := range userQueryPaths(s, many) {
		for _, ctx := range []context.Context{context.Background(), cancelled} {
			err := path(ctx)
			var re *query.RequestError
			if !errors.As(err, &re) || re.Param != "q" || !strings.Contains(err.Error(), "expands to more than 10000 index terms") {
				t.Errorf("%s (cancelled %v): s* 250 times: err = %v, want a RequestError for q", name, ctx.Err() != nil, err)
			}
		}
	}
}
