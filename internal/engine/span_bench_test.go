package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// spanBenchDocs generates n articles of Zipf-distributed words, about 250
// words in sentences of ~12 and paragraphs of ~4 sentences.
func spanBenchDocs(n int) []spanDoc {
	rng := rand.New(rand.NewPCG(1, 16))
	zipf := rand.NewZipf(rng, 1.1, 1, 4999)
	word := func() string { return fmt.Sprintf("w%d", zipf.Uint64()) }
	docs := make([]spanDoc, n)
	for i := range docs {
		var body []string
		for s := range 20 + rng.IntN(4) {
			if s > 0 {
				if s%4 == 0 {
					body = append(body, "||")
				} else {
					body = append(body, "|")
				}
			}
			for range 8 + rng.IntN(8) {
				body = append(body, word())
			}
		}
		docs[i] = spanDoc{id: fmt.Sprintf("b%05d", i), headline: word() + " " + word() + " " + word(), body: strings.Join(body, " ")}
	}
	return docs
}

// BenchmarkSpanQueries runs the positional operators and the plain AND of
// the same words (as the engine runs words: without term locations; and
// with them, as bleve would for highlighting) over 4000 generated
// articles: top 10 hits and the exact total.
func BenchmarkSpanQueries(b *testing.B) {
	ix := spanTestIndexBatches(b, spanBenchDocs(4000), 1000)
	body := []string{bd}
	// w20 and w40 are in most articles, w200 and w400 in some: both the
	// candidate-heavy and the selective case.
	for _, pair := range [][2]string{{"w20", "w40"}, {"w200", "w400"}} {
		a, c := pair[0], pair[1]
		and := func() bq.Query {
			ta, tc := bq.NewTermQuery(a), bq.NewTermQuery(c)
			ta.SetField(bd)
			tc.SetField(bd)
			return bq.NewConjunctionQuery([]bq.Query{ta, tc})
		}
		term := func() bq.Query {
			t := bq.NewTermQuery(a)
			t.SetField(bd)
			return t
		}
		for _, c := range []struct {
			name string
			q    bq.Query
			locs bool
		}{
			{"and", and(), false},
			{"and+locations", and(), true},
			{"near5", &SpanQuery{Span: near(w(a), 5, w(c)), Fields: body}, true},
			{"same", &SpanQuery{Span: same(w(a), w(c)), Fields: body}, true},
			{"ws", &SpanQuery{Span: ws(w(a), w(c)), Fields: body}, true},
			{"word", term(), false},
			{"atleast3", &AtLeastQuery{Words: w(a), Times: 3, Fields: body}, true},
		} {
			b.Run(a+"_"+c.name, func(b *testing.B) {
				var total uint64
				for b.Loop() {
					req := bleve.NewSearchRequestOptions(c.q, 10, 0, false)
					req.IncludeLocations = c.locs
					res, err := ix.SearchInContext(context.Background(), req)
					if err != nil {
						b.Fatal(err)
					}
					total = res.Total
				}
				b.ReportMetric(float64(total), "hits")
			})
		}
	}
}
