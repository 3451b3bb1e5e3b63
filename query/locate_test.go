package query_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// On a read-only index a query of words and phrases is ranked without term
// locations: the top hits are re-scored from the words' frequencies (and
// the phrases' positions), and the matches of the hits shown are located
// afterwards (engine.RescoreTerms and engine.Locate). A writable copy of
// the same index takes bleve's locations for every hit instead; both must
// give the same hits, scores and snippets, page after page. The queries
// are drawn from the articles' own text (seeded), so that phrases match,
// share words with each other and with plain words, and span stop words.
func TestPlainQueriesMatchWritableOnRandomQueries(t *testing.T) {
	w, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	texts := articleTexts(t, ro)
	rng := rand.New(rand.NewPCG(15, 1))
	word := func() []string {
		ws := strings.FieldsFunc(texts[rng.IntN(len(texts))], func(r rune) bool { return !unicode.IsLetter(r) })
		for len(ws) < 4 {
			ws = append(ws, "harbour")
		}
		i := rng.IntN(len(ws) - 3)
		return ws[i : i+1+rng.IntN(3)]
	}
	queries := []string{
		`harbour "harbour master"`, `"islamic state" state`, `"islamic state" "state department"`,
		`headline:"islamic state" islamic`, `"the harbour master"`, `"lighthouse" lighthouse`,
	}
	for range 60 {
		var parts []string
		for range 1 + rng.IntN(3) {
			ws := word()
			switch {
			case len(ws) > 1:
				parts = append(parts, `"`+strings.Join(ws, " ")+`"`)
			case rng.IntN(4) == 0:
				parts = append(parts, "headline:"+ws[0])
			default:
				parts = append(parts, ws[0])
			}
		}
		queries = append(queries, strings.Join(parts, " "))
		queries = append(queries, strings.Join(parts, " OR "))
	}
	writable, readOnly := query.NewSearcher(w), query.NewSearcher(ro)
	for _, q := range queries {
		req := query.Request{Query: q, Duplicates: query.DupShow, Limit: query.MaxLimit}
		all, err := writable.Search(ctx, req)
		if err != nil {
			var re *query.RequestError
			if errors.As(err, &re) {
				continue // a draw of stop words only
			}
			t.Fatal(err)
		}
		b, err := readOnly.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if d := resultDiff(all, b); d != "" {
			t.Errorf("%q: %s", q, d)
		}
		byID := byIDOf(all)
		// The read-only index reads the shown articles from their
		// segments, the writable one through a search for their ids.
		for _, h := range b.Hits {
			if x, y := fmt.Sprintf("%+v", byID[h.ID]), fmt.Sprintf("%+v", h); x != y {
				t.Errorf("%q: hit %s:\n  %s\n  %s", q, h.ID, x, y)
			}
		}
		// Pages: each hit is the writable search's hit of that id, and
		// scores fall as they do there (hits of equal score may swap
		// across a page's edge).
		for _, page := range []struct{ offset, limit int }{{0, 3}, {3, 3}, {7, 2}} {
			req.Offset, req.Limit = page.offset, page.limit
			b, err := readOnly.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for i, h := range b.Hits {
				want, ok := byID[h.ID]
				if !ok || page.offset+i >= len(all.Hits) || all.Hits[page.offset+i].Score != h.Score {
					t.Errorf("%q %+v: hit %d is %s (score %v), not in the writable search's place", q, page, i, h.ID, h.Score)
					continue
				}
				if x, y := fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", h); x != y {
					t.Errorf("%q %+v: hit %s:\n  %s\n  %s", q, page, h.ID, x, y)
				}
			}
		}
	}
}

// byIDOf indexes the hits of res by id.
func byIDOf(res *query.Result) map[string]query.Hit {
	out := make(map[string]query.Hit, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h
	}
	return out
}

// articleTexts returns the headline and body text of every article of ix,
// oldest first (every copy of a duplicate too), for queries drawn from
// the archive's own words.
func articleTexts(t *testing.T, ix *index.Index) []string {
	t.Helper()
	var texts []string
	err := query.NewSearcher(ix).Each(context.Background(), query.Request{Duplicates: query.DupShow, Sort: query.SortOldest}, func(_ query.Hit, a *article.Article) error {
		texts = append(texts, a.Headline, a.BodyText())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}
