package testarchive

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
)

// GeneratedWords are the words of Generated's articles, the most common
// first: the benchmark's words among invented ones, all lower case (no
// names are found in them).
func GeneratedWords() []string {
	words := []string{"said", "year", "company", "oil", "prices", "bank", "shares", "rose",
		"trade", "market", "crude", "merger", "deficit", "japan", "opec", "price"}
	for _, a := range []string{"ka", "lo", "mi", "ne", "tu", "ra", "so", "vi"} {
		for _, b := range []string{"bel", "dor", "fin", "gat", "hum", "lix"} {
			words = append(words, a+b)
		}
	}
	return words
}

// Generated writes n invented articles to an on-disk index and reopens it
// read-only (closed when the test ends); it returns the index and the
// articles' days, ascending. Words are drawn with Zipf's law from
// GeneratedWords (a few in most articles), one article in four has a
// byline, one in fifteen is an exact copy of an earlier one under another
// id (equal scores, duplicate groups), and the articles go in five
// batches with one in ten rewritten afterwards, so the index has several
// segments and deleted documents. The same n and seed give the same
// articles.
func Generated(t testing.TB, n int, seed uint64) (*index.Index, []time.Time) {
	t.Helper()
	ctx := context.Background()
	ix, err := index.OpenOrCreate(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	vocab := GeneratedWords()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	zipf := func() string {
		for {
			// P(rank r) ∝ 1/(r+1).
			r := int(math.Exp(rng.Float64()*math.Log(float64(len(vocab)+1)))) - 1
			if r >= 0 && r < len(vocab) {
				return vocab[r]
			}
		}
	}
	text := func(words int) string {
		ws := make([]string, words)
		for i := range ws {
			ws[i] = zipf()
		}
		return strings.Join(ws, " ")
	}
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	var days []time.Time
	var batch, all []*article.Article
	for i := range n {
		a := &article.Article{
			ID:         fmt.Sprintf("GEN%05d", i),
			Headline:   text(3 + rng.IntN(6)),
			Source:     "Newswire",
			SourceCode: []string{"RTRS", "AFPR", "NYTF"}[rng.IntN(3)],
			Date:       start.AddDate(0, 0, i/10),
			Language:   "en",
		}
		for range 1 + rng.IntN(3) {
			a.Body = append(a.Body, text(5+rng.IntN(120)))
		}
		if rng.IntN(4) == 0 {
			a.Byline = "by " + text(2)
		}
		if len(all) > 0 && rng.IntN(15) == 0 {
			c := *all[rng.IntN(len(all))]
			c.ID, c.Date = a.ID, a.Date
			a = &c
		}
		if len(days) == 0 || !days[len(days)-1].Equal(a.Date) {
			days = append(days, a.Date)
		}
		batch = append(batch, a)
		all = append(all, a)
		if len(batch) == max(1, n/5) || i == n-1 {
			if _, err := ix.Put(ctx, batch...); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	for i := 0; i < len(all); i += 10 {
		a := *all[i]
		a.Headline += " " + zipf()
		batch = append(batch, &a)
	}
	if _, err := ix.Put(ctx, batch...); err != nil {
		t.Fatal(err)
	}
	return ReopenReadOnly(t, ix), days
}
