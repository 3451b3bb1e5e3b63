package query_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/query"
)

// On a read-only index a query with prefixes (econom*) is ranked by
// engine.TopK, each prefix a word of the terms it expands to, or, when
// TopK declines (OR), by bleve without term locations and re-scored from
// the expanded terms' postings; the page's matches are located from the
// same postings. A writable copy takes bleve's locations for every hit
// and re-scores its best 100. On an archive of fewer matches than that,
// both must give the same totals, facets, hits, scores, snippets and
// headline marks, page after page.
func TestPrefixQueriesMatchWritable(t *testing.T) {
	w, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	var words []string
	for _, text := range articleTexts(t, ro) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 4 {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	rng := rand.New(rand.NewPCG(21, 22))
	prefix := func() string { w := words[rng.IntN(len(words))]; return w[:3+rng.IntN(len(w)-2)] + "*" }
	queries := []string{"harb*", "light*", "harbour light*", "headline:light*", "state* islam*", "light* -harbour", "harb* OR said", "turkey*", "nations*"}
	for range 60 {
		parts := []string{prefix()}
		for range rng.IntN(3) {
			if rng.IntN(2) == 0 {
				parts = append(parts, prefix())
			} else {
				parts = append(parts, words[rng.IntN(len(words))])
			}
		}
		switch rng.IntN(6) {
		case 0:
			parts = append(parts, "-"+prefix())
		case 1:
			parts = append(parts, "source:guardian")
		case 2:
			parts[0] = "headline:" + parts[0]
		}
		queries = append(queries, strings.Join(parts, " "))
		if len(parts) > 1 && rng.IntN(3) == 0 {
			queries = append(queries, strings.Join(parts, " OR "))
		}
	}
	writable, readOnly := query.NewSearcher(w), query.NewSearcher(ro)
	cached := query.NewSearcher(ro)
	cached.Cache = true
	marked := 0
	for _, q := range queries {
		for _, dup := range []string{query.DupShow, query.DupSimilar} {
			req := query.Request{Query: q, Duplicates: dup, Limit: query.MaxLimit, Facets: []string{query.FacetSource, query.FacetYear}}
			want, err := writable.Search(ctx, req)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			for name, s := range map[string]*query.Searcher{"read-only": readOnly, "cached": cached} {
				got, err := s.Search(ctx, req)
				if err != nil {
					t.Fatalf("%q %s: %v", q, name, err)
				}
				if len(got.Hits) != len(want.Hits) {
					t.Errorf("%q %s %s: %d hits, want %d", q, dup, name, len(got.Hits), len(want.Hits))
				}
				if d := resultDiff(want, got); d != "" {
					t.Errorf("%q %s %s: %s", q, dup, name, d)
				}
				for _, page := range []struct{ offset, limit int }{{0, 3}, {3, 3}, {7, 2}} {
					preq := req
					preq.Offset, preq.Limit = page.offset, page.limit
					p, err := s.Search(ctx, preq)
					if err != nil {
						t.Fatal(err)
					}
					for i, h := range p.Hits {
						if page.offset+i >= len(want.Hits) || want.Hits[page.offset+i].Score != h.Score {
							t.Errorf("%q %s %+v: hit %d is %s (score %v), not in the writable search's place", q, name, page, i, h.ID, h.Score)
						}
					}
				}
			}
			marked += expandedMarks(q, want)
		}
	}
	if marked == 0 {
		t.Error("no snippet marks a word longer than its prefix")
	}
}

// expandedMarks counts the marks in res's snippets and headlines of
// words that a prefix of q expands to and that are longer than it.
func expandedMarks(q string, res *query.Result) int {
	n := 0
	for _, f := range strings.Fields(q) {
		f = strings.TrimPrefix(strings.TrimPrefix(f, "-"), "headline:")
		p, ok := strings.CutSuffix(f, "*")
		if !ok || strings.HasPrefix(q, "-") {
			continue
		}
		re := regexp.MustCompile(`(?i)<mark>` + regexp.QuoteMeta(p) + `\pL+</mark>`)
		for _, h := range res.Hits {
			n += len(re.FindAllString(strings.Join(h.Snippets, " ")+h.HeadlineFragment.HTML(), -1))
		}
	}
	return n
}

// TestPrefixQueriesOnReuters compares prefix queries on the first 4,000
// articles of Reuters-21578 (from ../shared; skipped when absent), read
// only (every match ranked, TopK) and writable (bleve's 100 best
// re-scored): the same totals and facets; a hit both pages show is the
// same hit, score, snippets and headline; the read-only page never scores
// lower at any rank, as it ranks every match, not only bleve's best 100;
// and the snippets mark the expanded words (econom* marks "economic").
func TestPrefixQueriesOnReuters(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests Reuters-21578")
	}
	arts, _, err := corpus.Reuters(4000)
	if errors.Is(err, corpus.ErrAbsent) {
		t.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), arts...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	w, ro := writableAndReadOnly(t, dir)
	ctx := context.Background()
	writable, readOnly := query.NewSearcher(w), query.NewSearcher(ro)
	readOnly.Cache = true
	queries := []string{
		"econom*", "oil econom*", "export* wheat", "bank* rates", "compan* profit*", "headline:oil*",
		"pric* -oil", "trade defic*", "opec* output", "grain* source:Reuters", "nations*", "turkey*",
		"econom* OR inflat*", "oil* date:1987-03", "zzzabsent* oil", "oil date:1987-03", "oil",
	}
	marked := 0
	for _, q := range queries {
		for _, dup := range []string{query.DupShow, query.DupSimilar} {
			req := query.Request{Query: q, Duplicates: dup, Limit: 20, Facets: []string{query.FacetSource, query.FacetYear}}
			want, err := writable.Search(ctx, req)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			got, err := readOnly.Search(ctx, req)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if d := sameButRanking(want, got); d != "" {
				t.Errorf("%q %s: %s", q, dup, d)
			}
			marked += expandedMarks(q, got)
		}
	}
	if marked == 0 {
		t.Error("no snippet marks a word longer than its prefix")
	}
}

// sameButRanking says how a, a page ranked from bleve's best 100, and b,
// one ranked over every match, differ other than as those rankings may.
// Scores may differ by lengthSlack: the writable index re-scores with the
// token counts of the fields (Rescore), the read-only one with the
// lengths bleve indexed (its norms, as RescoreTerms), which differ for a
// few Reuters articles, for plain words alike ("oil" is among the
// queries).
func sameButRanking(a, b *query.Result) string {
	if a.Total != b.Total || a.TotalArticles != b.TotalArticles {
		return fmt.Sprintf("totals %d/%d, %d/%d", a.Total, a.TotalArticles, b.Total, b.TotalArticles)
	}
	if fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) {
		return fmt.Sprintf("facets\n  %v\n  %v", a.Facets, b.Facets)
	}
	if len(a.Hits) != len(b.Hits) {
		return fmt.Sprintf("%d hits, %d", len(a.Hits), len(b.Hits))
	}
	const lengthSlack = 0.01
	byID := byIDOf(a)
	for i, h := range b.Hits {
		if h.Score < a.Hits[i].Score*(1-lengthSlack) {
			return fmt.Sprintf("hit %d scores %v, below %v", i, h.Score, a.Hits[i].Score)
		}
		g, ok := byID[h.ID]
		if !ok {
			continue
		}
		if math.Abs(g.Score-h.Score) > lengthSlack*g.Score {
			return fmt.Sprintf("hit %s scores %v, %v", h.ID, g.Score, h.Score)
		}
		x := fmt.Sprint(g.Snippets, g.HeadlineFragment.HTML())
		y := fmt.Sprint(h.Snippets, h.HeadlineFragment.HTML())
		if x != y {
			return fmt.Sprintf("hit %s:\n  %s\n  %s", h.ID, x, y)
		}
	}
	return ""
}
