package engine_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// benchWordQueries are the word queries of the benchmark's fixed set
// (bench/queries.go: 2- and 3-word ANDs, rare and common words, headline
// scopes, date windows as fractions of the corpus's span, the most common
// source), in newsdesk's query language. Its phrase queries are not plain
// words: bleve answers them.
var benchWordQueries = []struct {
	q    string
	date [2]float64
}{
	{q: "oil prices"}, {q: "crude oil"}, {q: "bank merger"}, {q: "wheat exports"}, {q: "dollar yen"},
	{q: "opec output"}, {q: "shares rose"}, {q: "takeover bid"}, {q: "money supply"}, {q: "coffee quotas"},
	{q: "trade deficit japan"}, {q: "federal reserve rates"}, {q: "oil prices opec"},
	{q: "grain exports soviet"}, {q: "bank interest rates"},
	{q: "palladium"}, {q: "cocoa"}, {q: "ecuador"}, {q: "rubber"},
	{q: "said"}, {q: "year"}, {q: "company"},
	{q: "headline:oil"}, {q: "headline:bank"},
	{q: "oil", date: [2]float64{0.25, 0.5}}, {q: "shares profit", date: [2]float64{0.5, 0.75}},
	{q: "said", date: [2]float64{0.4, 0.5}}, {q: "headline:oil", date: [2]float64{0, 0.5}},
	{q: "headline:grain", date: [2]float64{0.5, 1}},
	{q: "oil prices source:Reuters"}, {q: "bank source:Reuters", date: [2]float64{0.2, 0.8}},
	{q: "trade deficit"}, {q: "grain exports"},
}

// TestTopKIsExhaustiveOnReuters compares TopK with exhaustive textbook
// BM25 on Reuters-21578 (from ../shared; skipped when absent): every word
// query of the benchmark, and random ones of its words. Indexing the
// corpus takes minutes on a loaded machine, so it runs when asked:
//
//	NEWSDESK_TOPK_REUTERS=1 go test ./internal/engine -run TopKIsExhaustiveOnReuters -v
func TestTopKIsExhaustiveOnReuters(t *testing.T) {
	if os.Getenv("NEWSDESK_TOPK_REUTERS") == "" {
		t.Skip("set NEWSDESK_TOPK_REUTERS=1 to index Reuters-21578 and compare")
	}
	ti, arts := reutersTopK(t, 0)
	lo, hi := arts[0].Date, arts[0].Date
	for _, a := range arts {
		if !a.Date.IsZero() && a.Date.Before(lo) {
			lo = a.Date
		}
		if a.Date.After(hi) {
			hi = a.Date
		}
	}
	span := hi.Sub(lo) + 24*time.Hour
	day := func(f float64) time.Time { return lo.Add(time.Duration(f * float64(span))).Truncate(24 * time.Hour) }
	var total, scored uint64
	for _, bq := range benchWordQueries {
		c := topkCase{q: bq.q, k: 10}
		if bq.date != [2]float64{} {
			c.from, c.to = day(bq.date[0]), day(bq.date[1])
		}
		n, s := ti.check(t, c)
		total += n
		scored += s
	}
	vocab := dictTerms(t, ti.ix.Bleve(), schema.FieldBody)
	rng := rand.New(rand.NewPCG(7, 8))
	for range 40 {
		c := randomCase(rng, vocab, nil)
		if strings.Contains(c.q, "byline:") {
			c.q = strings.ReplaceAll(c.q, "byline:", "") // Reuters has no bylines
		}
		n, s := ti.check(t, c)
		total += n
		scored += s
	}
	t.Logf("%d matches, %d scored; %d (hit, field) lengths differ from the token counts", total, scored, ti.lengthsDiffer)
}

// reutersTopK indexes the first n articles of Reuters-21578 (every one
// when n is 0) and opens the index read-only for TopK, with the articles;
// t is skipped when ../shared has no Reuters.
func reutersTopK(t *testing.T, n int) (*topkIndex, []*article.Article) {
	t.Helper()
	arts, _, err := corpus.Reuters(n)
	if errors.Is(err, corpus.ErrAbsent) {
		t.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), arts...); err != nil {
		t.Fatal(err)
	}
	return openTopK(t, testarchive.ReopenReadOnly(t, ix)), arts
}
