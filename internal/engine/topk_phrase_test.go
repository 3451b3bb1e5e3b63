package engine_test

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// benchPhraseQueries are the phrase queries of the benchmark's fixed set
// (bench/queries.go), and phrases with stop words, words and negations.
var benchPhraseQueries = []string{
	`"interest rates"`, `"stock exchange"`, `"crude oil"`, `"federal reserve"`,
	`"trade deficit"`, `"net income"`, `headline:"trade deficit"`,
	`"bank of england"`, `"crude oil" prices`, `"crude oil" -opec`, `oil "crude oil"`,
	`"stock exchange" "new york"`, `"interest rates" -"federal reserve"`, `"oil"`,
	`"said said"`, `"the company said" -"net income"`,
	`"crude oil" source:reuters`, `"the company" source:"new york times"`, `said -source:"new york times"`,
}

// checkPhrase compares TopK with every match of c's query scored by
// RescoreTerms (the reference the pseudo-terms reproduce), and its total
// with bleve's phrase search's; it returns the total.
func (ti *topkIndex) checkPhrase(t *testing.T, c topkCase) uint64 {
	t.Helper()
	q, plan := ti.compile(t, c)
	if q == nil || len(plan.Words.Terms)+len(plan.Words.Phrases) == 0 {
		return 0 // stop words only: nothing to rank by
	}
	ctx := context.Background()
	res, err := ti.ix.Bleve().Search(bleve.NewSearchRequestOptions(q, 1_000_000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	want := []*search.DocumentMatch(res.Hits)
	if err := ti.eng.RescoreTerms(ctx, want, len(want), ti.stats, plan.Words); err != nil {
		t.Fatal(err)
	}
	slices.SortStableFunc(want, func(a, b *search.DocumentMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), a.IndexInternalID.Compare(b.IndexInternalID))
	})
	ref := map[string]float64{}
	for _, h := range want {
		ref[h.ID] = h.Score
	}
	got, ok, err := ti.eng.TopK(ctx, q, c.k, ti.stats)
	if err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	if !ok {
		t.Fatalf("%v: TopK declined a query of words and phrases", c)
	}
	if got.Total != res.Total {
		t.Errorf("%v: total %d, bleve's %d", c, got.Total, res.Total)
	}
	want = want[:min(c.k, len(want))]
	if len(got.Hits) != len(want) {
		t.Fatalf("%v: %d hits, want %d", c, len(got.Hits), len(want))
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Abs(b) }
	seen := map[string]bool{}
	for i, h := range got.Hits {
		w := want[i]
		r, matched := ref[h.ID]
		// Equal scores summed in another order may differ in the last
		// bit: a tie may then rank either way.
		if !near(h.Score, w.Score) || !matched || !near(h.Score, r) || seen[h.ID] {
			t.Errorf("%v: hit %d is %s (%.12f, by RescoreTerms %.12f), want %s (%.12f)", c, i, h.ID, h.Score, r, w.ID, w.Score)
		}
		seen[h.ID] = true
	}
	return got.Total
}

// phraseTexts are the headlines and bodies of up to n articles, for
// phrases that occur.
func phraseTexts(t *testing.T, b bleve.Index, n int) (headlines, bodies []string) {
	t.Helper()
	br := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), n, 0, false)
	br.Fields = []string{schema.FieldHeadline, schema.FieldStoredBody, schema.FieldBody}
	res, err := b.Search(br)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if s, _ := h.Fields[schema.FieldHeadline].(string); s != "" {
			headlines = append(headlines, s)
		}
		body, err := schema.Body(h.Fields)
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			bodies = append(bodies, body)
		}
	}
	// In a fixed order: hits of equal score come in any order.
	slices.Sort(headlines)
	slices.Sort(bodies)
	return headlines, bodies
}

// randomPhrase is 2 or 3 consecutive words of one of texts (stop words
// included: they leave gaps), letters only; "" when none was found.
func randomPhrase(rng *rand.Rand, texts []string) string {
	if len(texts) == 0 {
		return ""
	}
	for range 10 {
		ws := strings.Fields(texts[rng.IntN(len(texts))])
		n := 2 + rng.IntN(2)
		if len(ws) < n {
			continue
		}
		i := rng.IntN(len(ws) - n + 1)
		var out []string
		for _, w := range ws[i : i+n] {
			w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
			if w == "" || strings.IndexFunc(w, func(r rune) bool { return !('a' <= r && r <= 'z') }) >= 0 {
				break
			}
			out = append(out, w)
		}
		if len(out) == n {
			return strings.Join(out, " ")
		}
	}
	return ""
}

// randomPhraseCase is a query of one or two phrases of the articles'
// text, with words of vocab, headline scopes, negated words and phrases,
// repeated words and dates.
func randomPhraseCase(rng *rand.Rand, headlines, bodies, vocab []string, days []time.Time) topkCase {
	var parts []string
	phrase := func() string {
		if rng.IntN(5) == 0 {
			if p := randomPhrase(rng, headlines); p != "" {
				return `headline:"` + p + `"`
			}
		}
		if rng.IntN(6) == 0 { // common words, which may not form a phrase
			return `"` + vocab[rng.IntN(min(30, len(vocab)))] + " " + vocab[rng.IntN(min(30, len(vocab)))] + `"`
		}
		return `"` + randomPhrase(rng, bodies) + `"`
	}
	parts = append(parts, phrase())
	if rng.IntN(4) == 0 {
		parts = append(parts, phrase())
	}
	if rng.IntN(2) == 0 {
		parts = append(parts, vocab[rng.IntN(min(50, len(vocab)))])
	}
	if rng.IntN(5) == 0 { // a prefix word: its terms beside the phrases'
		if w := vocab[rng.IntN(min(50, len(vocab)))]; len(w) > 3 {
			parts = append(parts, w[:3]+"*")
		}
	}
	if rng.IntN(6) == 0 { // a word of the phrase, plain too
		ws := strings.Fields(strings.Trim(strings.TrimPrefix(parts[0], "headline:"), `"`))
		if len(ws) > 0 {
			if w := ws[rng.IntN(len(ws))]; !isOperator(w) {
				parts = append(parts, w)
			}
		}
	}
	switch rng.IntN(8) {
	case 0:
		parts = append(parts, "-"+vocab[rng.IntN(min(50, len(vocab)))])
	case 1:
		parts = append(parts, "-"+phrase())
	}
	c := topkCase{q: strings.Join(parts, " "), k: []int{1, 3, 10, 25}[rng.IntN(4)]}
	if len(days) > 1 && rng.IntN(5) == 0 {
		i := rng.IntN(len(days))
		c.from, c.to = days[i], days[min(len(days)-1, i+rng.IntN(len(days)/2+1))].Add(24*time.Hour)
	}
	return c
}

// isOperator reports whether the query language reads w as an operator
// (and, or, near, ...), not a word.
func isOperator(w string) bool {
	n, err := querylang.Parse("x " + w + " y")
	c, ok := n.(querylang.And)
	return err != nil || !ok || len(c) != 3
}

// checkPhrases runs the benchmark's phrase queries and n random ones.
func (ti *topkIndex) checkPhrases(t *testing.T, n int, seed uint64, days []time.Time) {
	t.Helper()
	var total uint64
	for _, q := range benchPhraseQueries {
		total += ti.checkPhrase(t, topkCase{q: q, k: 10})
	}
	headlines, bodies := phraseTexts(t, ti.ix.Bleve(), 2000)
	vocab := slices.DeleteFunc(dictTerms(t, ti.ix.Bleve(), schema.FieldBody), isOperator)
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for range n {
		total += ti.checkPhrase(t, randomPhraseCase(rng, headlines, bodies, vocab, days))
	}
	if total == 0 {
		t.Error("no phrase matched")
	}
	t.Logf("%d phrase queries, %d matches", len(benchPhraseQueries)+n, total)
}

// TestTopKPhrasesOnTheSampleArchive compares TopK's phrases with every
// match scored by RescoreTerms, and its totals with bleve's phrase
// searches, on the sample archive.
func TestTopKPhrasesOnTheSampleArchive(t *testing.T) {
	ix := testarchive.OnDisk(t, filepath.Join("..", "..", "testdata", "archive", "factiva"))
	ti := openTopK(t, ix)
	ti.checkPhrases(t, 200, 11, nil)
}

// TestTopKPhrasesOnAGeneratedArchive is TestTopKPhrasesOnTheSampleArchive
// on several segments with deleted documents and exact copies.
func TestTopKPhrasesOnAGeneratedArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests an archive")
	}
	ix, days := testarchive.Generated(t, 1200, 5)
	ti := openTopK(t, ix)
	ti.checkPhrases(t, 150, 13, days)
}

// TestTopKPhrasesOnReuters is the phrase comparison on Reuters-21578
// (from ../shared; skipped when absent). Indexing it takes a minute or
// more, so it runs when asked, or on an index of it made by newsdesk
// ingest (read only):
//
//	NEWSDESK_TOPK_REUTERS=1 go test ./internal/engine -run TopKPhrasesOnReuters -v
//	NEWSDESK_REUTERS_INDEX=/tmp/reu.ix go test ./internal/engine -run TopKPhrasesOnReuters -v
func TestTopKPhrasesOnReuters(t *testing.T) {
	var ix *index.Index
	switch dir := os.Getenv("NEWSDESK_REUTERS_INDEX"); {
	case dir != "":
		var err error
		if ix, err = index.OpenReadOnly(dir); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
	case os.Getenv("NEWSDESK_TOPK_REUTERS") != "":
		ti, _ := reutersTopK(t, 0)
		ix = ti.ix
	default:
		t.Skip("set NEWSDESK_TOPK_REUTERS=1 or NEWSDESK_REUTERS_INDEX to compare on Reuters-21578")
	}
	ti := openTopK(t, ix)
	ti.checkPhrases(t, 200, 17, nil)
}
