package engine_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// referenceWords is words with its prefixes expanded for the exhaustive
// ranking, independently of the engine: every term of the prefix's field
// dictionary that starts with it, read in full and compared as strings,
// scored as a plain word.
func referenceWords(t *testing.T, b bleve.Index, words engine.Words) engine.Words {
	t.Helper()
	if len(words.Prefixes) == 0 {
		return words
	}
	out := engine.Words{Terms: words.Terms, Phrases: words.Phrases}
	dicts := map[string][]string{}
	for _, p := range words.Prefixes {
		terms, ok := dicts[p.Field]
		if !ok {
			d, err := b.FieldDict(p.Field)
			if err != nil {
				t.Fatal(err)
			}
			for {
				e, err := d.Next()
				if err != nil {
					t.Fatal(err)
				}
				if e == nil {
					break
				}
				terms = append(terms, e.Term)
			}
			_ = d.Close()
			dicts[p.Field] = terms
		}
		for _, term := range terms {
			if strings.HasPrefix(term, p.Term) {
				out.Terms = append(out.Terms, engine.Term{Field: p.Field, Term: term})
			}
		}
	}
	return out
}

// prefixCases are fixed prefix queries: alone, with words, in one field,
// as typed and as a stem (nations* is nation* or nations* in the body),
// a prefix that is also a word of the query, repeated, expanding to
// nothing, with negations and filters.
func prefixCases(words []string, filter string) []topkCase {
	var cases []topkCase
	for _, q := range []string{
		"econom*", "oil econom*", "export* wheat", "bank* rates", "nations*", "turkey*",
		"headline:oil*", "oil oil*", "pric* pric*", "zzzabsent*", "zzzabsent* oil",
		"pric* -oil", "oil -pric*", "compan* shar* profit*", "oil* " + filter, "said*",
	} {
		for _, k := range []int{1, 10, 100} {
			cases = append(cases, topkCase{q: q, k: k})
		}
	}
	for _, w := range words[:10] {
		if len(w) >= 4 {
			cases = append(cases, topkCase{q: w[:3] + "*", k: 10})
		}
	}
	return cases
}

// randomPrefixCase is a random query of a prefix of a word of vocab with
// up to three other words or prefixes, field scopes, a negated word or
// prefix, a filter and dates.
func randomPrefixCase(rng *rand.Rand, vocab []string, days []time.Time, filters []string) topkCase {
	word := func() string {
		if rng.IntN(2) == 0 {
			return vocab[rng.IntN(min(30, len(vocab)))] // common
		}
		return vocab[rng.IntN(len(vocab))]
	}
	prefix := func() string {
		w := word()
		for len(w) < 4 {
			w = word()
		}
		return w[:3+rng.IntN(len(w)-3)] + "*"
	}
	parts := []string{prefix()}
	for range rng.IntN(4) {
		w := word()
		if rng.IntN(3) == 0 {
			w = prefix()
		}
		switch r := rng.IntN(10); {
		case r == 0:
			w = "headline:" + w
		case r == 1:
			w = "byline:" + w
		}
		parts = append(parts, w)
	}
	rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	switch rng.IntN(8) {
	case 0:
		parts = append(parts, "-"+word())
	case 1:
		parts = append(parts, "-"+prefix())
	case 2:
		if len(filters) > 0 {
			parts = append(parts, filters[rng.IntN(len(filters))])
		}
	}
	c := topkCase{q: strings.Join(parts, " "), k: []int{1, 3, 10, 25, 100}[rng.IntN(5)]}
	if len(days) > 0 && rng.IntN(5) == 0 {
		i := rng.IntN(len(days))
		c.from, c.to = days[i], days[min(len(days)-1, i+rng.IntN(len(days)/2+1))].Add(24*time.Hour)
	}
	return c
}

// TestTopKPrefixesAreExhaustiveOnTheSampleArchive compares TopK with
// exhaustive textbook BM25 on queries with prefixes, on the sample
// archive: each prefix a word of its expanded terms.
func TestTopKPrefixesAreExhaustiveOnTheSampleArchive(t *testing.T) {
	ix := testarchive.OnDisk(t, filepath.Join("..", "..", "testdata", "archive", "factiva"))
	ti := openTopK(t, ix)
	vocab := dictTerms(t, ti.ix.Bleve(), schema.FieldBody)
	cases := prefixCases(vocab, "source_code:NYTF")
	cases = append(cases, topkCase{q: "fight*", k: 10}, topkCase{q: "isis fight*", k: 3}, topkCase{q: "byline:call*", k: 10})
	rng := rand.New(rand.NewPCG(11, 12))
	for range 150 {
		cases = append(cases, randomPrefixCase(rng, vocab, nil, []string{"source_code:NYTF", "-source_code:NYTF"}))
	}
	ti.checkAll(t, cases)
}

// TestTopKPrefixesAreExhaustiveOnAGeneratedArchive is the same on an
// invented archive of several segments with deleted documents and exact
// copies, large enough for MaxScore to prune.
func TestTopKPrefixesAreExhaustiveOnAGeneratedArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests an archive")
	}
	ix, days := testarchive.Generated(t, 1200, 5)
	ti := openTopK(t, ix)
	words := testarchive.GeneratedWords()
	cases := prefixCases(words, "source_code:RTRS")
	rng := rand.New(rand.NewPCG(13, 14))
	for range 250 {
		cases = append(cases, randomPrefixCase(rng, words, days, []string{"source_code:RTRS", "-source_code:AFPR"}))
	}
	total, scored := ti.checkAll(t, cases)
	if scored*2 > total {
		t.Errorf("TopK scored %d of %d matches: no pruning", scored, total)
	}
}

// TestTopKPrefixesAreExhaustiveOnReuters is the same on the first 4,000
// articles of Reuters-21578 (from ../shared; skipped when absent), or
// all of them with NEWSDESK_TOPK_REUTERS set.
func TestTopKPrefixesAreExhaustiveOnReuters(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests Reuters-21578")
	}
	n := 4000
	if os.Getenv("NEWSDESK_TOPK_REUTERS") != "" {
		n = 0
	}
	ti, arts := reutersTopK(t, n)
	seen := map[time.Time]bool{}
	var days []time.Time
	for _, a := range arts {
		if d := a.Date.Truncate(24 * time.Hour); !a.Date.IsZero() && !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	slices.SortFunc(days, time.Time.Compare)
	vocab := dictTerms(t, ti.ix.Bleve(), schema.FieldBody)
	cases := prefixCases(vocab, "source:Reuters")
	rng := rand.New(rand.NewPCG(15, 16))
	for range 200 {
		c := randomPrefixCase(rng, vocab, days, []string{"source:Reuters"})
		c.q = strings.ReplaceAll(c.q, "byline:", "") // Reuters has no bylines
		cases = append(cases, c)
	}
	ti.checkAll(t, cases)
}

// checkAll checks each case (topkIndex.check) and returns the matches
// and how many TopK scored.
func (ti *topkIndex) checkAll(t *testing.T, cases []topkCase) (total, scored uint64) {
	t.Helper()
	for _, c := range cases {
		n, s := ti.check(t, c)
		total += n
		scored += s
	}
	t.Logf("%d queries, %d matches, %d scored", len(cases), total, scored)
	return total, scored
}
