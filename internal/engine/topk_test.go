package engine_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// topkCase is one query of the differential test: the query language,
// an optional date window, and how many hits to rank.
type topkCase struct {
	q        string
	from, to time.Time
	k        int
}

func (c topkCase) String() string {
	s := fmt.Sprintf("%q k=%d", c.q, c.k)
	if !c.from.IsZero() {
		s += fmt.Sprintf(" [%s, %s)", c.from.Format("2006-01-02"), c.to.Format("2006-01-02"))
	}
	return s
}

// refHit is a hit of the exhaustive ranking.
type refHit struct {
	id    string
	num   uint64
	score float64
}

// topkIndex is a read-only index with what the test needs of it.
type topkIndex struct {
	ix     *index.Index
	reader bindex.IndexReader
	eng    *engine.Engine
	stats  engine.Stats
	kind   bool
	// lengthsDiffer counts the scored (hit, field) pairs whose token
	// count differs from the length bleve indexed.
	lengthsDiffer int
}

func openTopK(t *testing.T, ix *index.Index) *topkIndex {
	t.Helper()
	cs, err := ix.CorpusStats()
	if err != nil {
		t.Fatal(err)
	}
	kind, err := engine.HasArticleKind(ix.Bleve())
	if err != nil {
		t.Fatal(err)
	}
	eng := engine.New(ix.Bleve(), engine.Config{ReadOnly: true, ArticleKind: kind, Boost: querylang.Boost})
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return &topkIndex{ix: ix, eng: eng, kind: kind, reader: r, stats: engine.Stats{Docs: cs.Docs, Tokens: cs.Tokens, FieldDocs: cs.FieldDocs}}
}

// compile builds c's query as query.Searcher does: the words, articles
// only, and the date window.
func (ti *topkIndex) compile(t *testing.T, c topkCase) (bq.Query, querylang.Plan) {
	t.Helper()
	node, err := querylang.Parse(c.q)
	if err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	q, plan, err := querylang.Build(ti.ix.Bleve().Mapping(), node)
	if err != nil {
		t.Fatalf("%v: build: %v", c, err)
	}
	if q == nil {
		return nil, plan // only stop words
	}
	q = engine.ArticlesOnly(q, plan.MayMatchQuotes, ti.kind)
	if !c.from.IsZero() {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddFilter(querylang.DateRange(c.from, c.to))
		q = b
	}
	return q, plan
}

// exhaustive scores every match of q with textbook BM25, written out
// here from the formula: term frequencies from bleve's term locations,
// field lengths as bleve indexed them (its norm, 1/sqrt(length), which
// RescoreTerms scores with), document frequencies from a search per
// term. Scores are summed in (field, term) order; equal scores rank in
// index order. It also counts the (hit, field) pairs whose length in the
// articles' token counts (what Rescore scores with) differs.
func (ti *topkIndex) exhaustive(t *testing.T, q bq.Query, plan querylang.Plan) ([]refHit, uint64, int) {
	t.Helper()
	ctx := context.Background()
	br := bleve.NewSearchRequestOptions(q, 1_000_000, 0, false)
	br.IncludeLocations = true
	res, err := ti.ix.Bleve().SearchInContext(engine.WithStats(ctx, ti.stats), br)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	counts, err := engine.DocValues(ctx, ti.ix.Bleve(), ids, schema.FieldTokenCounts)
	if err != nil {
		t.Fatal(err)
	}
	words := map[engine.Term]bool{}
	for _, w := range plan.Words.Terms {
		words[w] = true
	}
	df := map[engine.Term]float64{}
	docFreq := func(w engine.Term) float64 {
		if n, ok := df[w]; ok {
			return n
		}
		tq := bleve.NewTermQuery(w.Term)
		tq.SetField(w.Field)
		r, err := ti.ix.Bleve().Search(bleve.NewSearchRequestOptions(tq, 0, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		df[w] = float64(r.Total)
		return df[w]
	}
	norms := map[engine.Term]map[uint64]float64{}
	normOf := func(w engine.Term, doc uint64) float64 {
		if m, ok := norms[w]; ok {
			return m[doc]
		}
		m := map[uint64]float64{}
		r, err := ti.reader.TermFieldReader(ctx, []byte(w.Term), w.Field, true, true, false)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for {
			d, err := r.Next(nil)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				break
			}
			m[d.ID.Value()] = d.Norm
		}
		norms[w] = m
		return m[doc]
	}
	const k1, b = 1.2, 0.75
	n := float64(ti.stats.Docs)
	var out []refHit
	differ := 0
	for _, h := range res.Hits {
		var lengths schema.FieldLengths
		if c := counts[h.ID]; len(c) > 0 {
			lengths = schema.ParseFieldLengths(c[0])
		}
		var terms []engine.Term
		for field, tl := range h.Locations {
			for term := range tl {
				if w := (engine.Term{Field: field, Term: term}); words[w] {
					terms = append(terms, w)
				}
			}
		}
		slices.SortFunc(terms, func(a, b engine.Term) int {
			return cmp.Or(strings.Compare(a.Field, b.Field), strings.Compare(a.Term, b.Term))
		})
		score := 0.0
		for _, w := range terms {
			tf := float64(len(h.Locations[w.Field][w.Term].Dedupe()))
			d := docFreq(w)
			idf := math.Log(1 + (n-d+0.5)/(d+0.5))
			dl := 0.0
			if nb := normOf(w, h.IndexInternalID.Value()); nb > 0 {
				dl = math.Round(1 / (nb * nb))
			}
			if dl != float64(lengths[w.Field]) {
				differ++
			}
			norm := 1.0
			if avg := ti.stats.AvgLength(w.Field); avg > 0 && dl > 0 {
				norm = 1 - b + b*dl/avg
			}
			score += querylang.Boost(w.Field) * idf * tf * (k1 + 1) / (tf + k1*norm)
		}
		out = append(out, refHit{id: h.ID, num: h.IndexInternalID.Value(), score: score})
	}
	slices.SortFunc(out, func(a, b refHit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.num, b.num))
	})
	return out, res.Total, differ
}

// check runs c through TopK and the exhaustive ranking and fails where
// they differ; it returns the matches and how many TopK scored.
func (ti *topkIndex) check(t *testing.T, c topkCase) (total, scored uint64) {
	t.Helper()
	q, plan := ti.compile(t, c)
	if q == nil {
		return 0, 0
	}
	plan.Words = referenceWords(t, ti.ix.Bleve(), plan.Words)
	want, wantTotal, differ := ti.exhaustive(t, q, plan)
	ti.lengthsDiffer += differ
	got, ok, err := ti.eng.TopK(context.Background(), q, c.k, ti.stats)
	if err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	if !ok {
		t.Fatalf("%v: TopK declined a query of plain words", c)
	}
	if got.Total != wantTotal {
		t.Errorf("%v: total %d, want %d", c, got.Total, wantTotal)
	}
	want = want[:min(c.k, len(want))]
	if len(got.Hits) != len(want) {
		t.Fatalf("%v: %d hits, want %d", c, len(got.Hits), len(want))
	}
	for i, h := range got.Hits {
		w := want[i]
		if h.ID != w.id || math.Abs(h.Score-w.score) > 1e-9 {
			t.Errorf("%v: hit %d is %s (%.12f), want %s (%.12f)", c, i, h.ID, h.Score, w.id, w.score)
		}
	}
	return got.Total, got.Scored
}

// TestTopKIsExhaustiveOnTheSampleArchive compares TopK with exhaustive
// textbook BM25 on the sample archive: fixed queries and random ones of
// its words.
func TestTopKIsExhaustiveOnTheSampleArchive(t *testing.T) {
	ix := testarchive.OnDisk(t, filepath.Join("..", "..", "testdata", "archive", "factiva"))
	ti := openTopK(t, ix)
	cases := []topkCase{
		{q: "fighters", k: 10},
		{q: "isis fighters", k: 3},
		{q: "said", k: 10},
		{q: "said said", k: 5},
		{q: "headline:fighters", k: 10},
		{q: "said -isis", k: 10},
		{q: "said source_code:NYTF", k: 10},
		{q: "the said", k: 1}, // a stop word is left out
		{q: "zzzabsent said", k: 10},
	}
	for _, c := range cases {
		ti.check(t, c)
	}
	vocab := dictTerms(t, ti.ix.Bleve(), schema.FieldBody)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 150 {
		ti.check(t, randomCase(rng, vocab, nil))
	}
}

// TestTopKIsExhaustiveOnAGeneratedArchive compares TopK with exhaustive
// textbook BM25 on an invented archive large enough for pruning, in
// several segments, with exact copies (equal scores): the benchmark's
// word queries and random ones, common words, repeated words, words
// absent from a field, field scopes, negations, filters and dates. It
// checks that TopK pruned: most matches were never scored.
func TestTopKIsExhaustiveOnAGeneratedArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests an archive")
	}
	ix, days := testarchive.Generated(t, 1200, 5)
	ti := openTopK(t, ix)
	if ix.Segments() < 2 {
		t.Logf("one segment only: MaxScore across segments untested")
	}
	var cases []topkCase
	for _, q := range []string{
		"oil prices", "crude oil", "bank merger", "shares rose", "trade deficit japan",
		"oil prices opec", "said", "year", "company", "headline:oil", "headline:bank",
		"byline:oil", "oil source_code:RTRS", "oil oil", "prices price",
	} {
		for _, k := range []int{1, 10, 100} {
			cases = append(cases, topkCase{q: q, k: k})
		}
	}
	cases = append(cases,
		topkCase{q: "oil", from: days[len(days)/4], to: days[len(days)/2], k: 10},
		topkCase{q: "said", from: days[len(days)*2/5], to: days[len(days)/2], k: 10},
	)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		cases = append(cases, randomCase(rng, testarchive.GeneratedWords(), days))
	}
	var total, scored uint64
	for _, c := range cases {
		n, s := ti.check(t, c)
		total += n
		scored += s
	}
	t.Logf("%d queries, %d matches, %d scored", len(cases), total, scored)
	if scored*2 > total {
		t.Errorf("TopK scored %d of %d matches: no pruning", scored, total)
	}
}

// randomCase is a random query of 1 to 4 words of vocab (the most common
// first), with field scopes, repeats, negations and dates.
func randomCase(rng *rand.Rand, vocab []string, days []time.Time) topkCase {
	var parts []string
	word := func() string {
		if rng.IntN(2) == 0 {
			return vocab[rng.IntN(min(20, len(vocab)))] // common
		}
		return vocab[rng.IntN(len(vocab))]
	}
	for range 1 + rng.IntN(4) {
		w := word()
		switch r := rng.IntN(20); {
		case r == 0 && len(parts) > 0:
			w = parts[len(parts)-1] // repeated
		case r < 3:
			w = "headline:" + w
		case r == 3:
			w = "byline:" + w
		}
		parts = append(parts, w)
	}
	if rng.IntN(8) == 0 {
		parts = append(parts, "-"+word())
	}
	c := topkCase{q: strings.Join(parts, " "), k: []int{1, 2, 3, 5, 10, 25, 100}[rng.IntN(7)]}
	if len(days) > 0 && rng.IntN(5) == 0 {
		i := rng.IntN(len(days))
		c.from, c.to = days[i], days[min(len(days)-1, i+rng.IntN(len(days)/2+1))].Add(24*time.Hour)
	}
	return c
}

// dictTerms lists the terms of field, most common first.
func dictTerms(t *testing.T, b bleve.Index, field string) []string {
	t.Helper()
	d, err := b.FieldDict(field)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	type tc struct {
		term  string
		count uint64
	}
	var all []tc
	for {
		e, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		// Terms that are words as the query language reads them.
		if strings.IndexFunc(e.Term, func(r rune) bool { return !('a' <= r && r <= 'z') }) < 0 {
			all = append(all, tc{e.Term, e.Count})
		}
	}
	slices.SortStableFunc(all, func(a, b tc) int { return cmp.Compare(b.count, a.count) })
	out := make([]string, len(all))
	for i, x := range all {
		out[i] = x.term
	}
	return out
}

// TestTopKDeclines lists queries TopK leaves to bleve: anything but
// required words, phrases and prefixes (of fields with term locations).
func TestTopKDeclines(t *testing.T) {
	ix := testarchive.OnDisk(t, filepath.Join("..", "..", "testdata", "archive", "factiva"))
	ti := openTopK(t, ix)
	for _, q := range []string{"fight* OR isis", "id:NYTF*", "isis OR fighters", "-isis", `"isis fighters"~3`} {
		cq, _ := ti.compile(t, topkCase{q: q})
		if _, ok, err := ti.eng.TopK(context.Background(), cq, 10, ti.stats); ok || err != nil {
			t.Errorf("%q: TopK answered (err %v); bleve should", q, err)
		}
	}
	// A writable index: its internal ids may move.
	mem, _, err := testarchive.Memory(filepath.Join("..", "..", "testdata", "archive", "factiva"))
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	w := engine.New(mem.Bleve(), engine.Config{Boost: querylang.Boost})
	if _, ok, _ := w.TopK(context.Background(), bleve.NewMatchQuery("said"), 10, ti.stats); ok {
		t.Error("TopK answered on a writable index")
	}
}
