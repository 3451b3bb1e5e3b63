package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// TestTopKKeptClausesAsScanned compares TopK on a caching engine, whose
// scanned clauses (date ranges, negated words and phrases, filters of a
// source's name) are kept after their second use, with exhaustive
// textbook BM25: each query three times, so that a clause is read at the
// word matches, then scanned whole and kept, then read from the cache.
func TestTopKKeptClausesAsScanned(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests an archive")
	}
	ix, days := testarchive.Generated(t, 1200, 9)
	ti := openTopK(t, ix)
	caches := &engine.Caches{}
	ti.eng = engine.New(ix.Bleve(), engine.Config{ReadOnly: true, ArticleKind: ti.kind, Boost: querylang.Boost, Cache: caches})
	words := testarchive.GeneratedWords()
	rng := rand.New(rand.NewPCG(7, 8))
	var cases []topkCase
	for _, q := range []string{"oil -prices", `said -"oil prices"`, "oil source:newswire", `bank source:"newswire"`, "company -year"} {
		cases = append(cases, topkCase{q: q, k: 10})
	}
	for range 60 {
		c := randomCase(rng, words, days)
		switch rng.IntN(3) {
		case 0:
			c.q += " -" + words[rng.IntN(len(words))]
		case 1:
			i := rng.IntN(len(days))
			c.from, c.to = days[i], days[min(len(days)-1, i+rng.IntN(len(days)/2+1))].Add(24*time.Hour)
		}
		cases = append(cases, c)
	}
	for round := range 3 {
		for _, c := range cases {
			ti.check(t, c)
		}
		if round == 0 && caches.ClausesKept() > len(cases) {
			t.Fatalf("%d clauses kept after one round of %d queries", caches.ClausesKept(), len(cases))
		}
	}
	if caches.ClausesKept() == 0 {
		t.Fatal("no clause kept: the kept bitmaps were not compared")
	}
}
