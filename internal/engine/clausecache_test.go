package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

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

// TestClauseKeysTellClausesApart checks that two different clauses never
// share the key their documents are kept under, and that a clause whose
// JSON could hide what it searches for gets none (nothing is kept).
func TestClauseKeysTellClausesApart(t *testing.T) {
	term := func(field, v string) bq.Query {
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	from := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	near := &engine.SpanQuery{Span: engine.SpanNear{Left: engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "oil"}}}}, Right: engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "price"}}}}, Within: 5}, Fields: []string{"body"}}
	first := &engine.SpanQuery{Span: engine.SpanFirst{Span: engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "oil"}}}}, Words: 5}, Fields: []string{"body"}}
	lead := &engine.SpanQuery{Span: engine.SpanLead{Span: engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "oil"}}}}, Paragraphs: 5}, Fields: []string{"body"}}
	keyed := []bq.Query{
		term("source", "harbour"), term("source", "courier"), term("section", "harbour"),
		bleve.NewMatchPhraseQuery("the harbour courier"), bleve.NewMatchPhraseQuery("the harbour"),
		querylang.DateRange(from, from.AddDate(0, 1, 0)), querylang.DateRange(from, from.AddDate(0, 2, 0)),
		near, first, lead,
		bleve.NewBooleanQuery(),
	}
	seen := map[string]int{}
	for i, q := range keyed {
		k := engine.ClauseKey(q)
		if k == "" {
			t.Errorf("clause %d (%T) has no key", i, q)
			continue
		}
		if j, ok := seen[k]; ok {
			t.Errorf("clauses %d and %d (%T, %T) share the key %s", j, i, keyed[j], q, k)
		}
		seen[k] = i
	}
	df := &engine.DocFreqs{}
	wrapped := bleve.NewBooleanQuery()
	wrapped.AddMust(engine.WithDocFreqs(term("source", "harbour"), df))
	for _, q := range []bq.Query{
		engine.WithDocFreqs(term("source", "harbour"), df), // unexported state
		wrapped,
	} {
		if k := engine.ClauseKey(q); k != "" {
			t.Errorf("%T: key %s, want none", q, k)
		}
	}
}
