package index_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestMappingHasNoAllField checks that neither articles nor quotation
// documents get bleve's _all field: nothing is included in it, nothing
// searches it, and composing it cost every field of every document.
func TestMappingHasNoAllField(t *testing.T) {
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		doc  any
	}{
		{"article", map[string]any{schema.FieldHeadline: "Oil prices rise", schema.FieldBody: "Oil prices rose."}},
		{"quotation", quoteLike{Kind: schema.QuoteType, Text: "We will not yield", Article: "a1"}},
	} {
		d := bdoc.NewDocument("x")
		if err := m.MapDocument(d, tc.doc); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(d.Fields) == 0 {
			t.Fatalf("%s: no field mapped", tc.name)
		}
		if n := len(d.CompositeFields); n != 0 {
			t.Errorf("%s: %d composite fields (%s), want none", tc.name, n, d.CompositeFields[0].Name())
		}
	}
}

// quoteLike maps as a quotation document does.
type quoteLike struct {
	Kind    string `json:"kind"`
	Text    string `json:"q_text"`
	Article string `json:"q_article"`
}

func (quoteLike) Type() string { return schema.QuoteType }

// TestAnalyzedAheadIndexesTheSame writes the test archives twice, with
// documents analysed ahead of the writer (as Ingest and Put do) and in the
// writer as bleve's Batch.Index does, and checks that searches of every
// kind of field (text with phrases and locations, words, keywords, dates,
// the duplicate fields mapped apart, quotation documents) find the same
// hits with the same scores and locations.
func TestAnalyzedAheadIndexesTheSame(t *testing.T) {
	arts := readArticles(t, "../testdata/archive", "../testdata/dups")
	build := func(ahead bool) *index.Index {
		ix, err := index.NewMemory()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		if !ahead {
			index.AnalyzeInWriter(ix)
		}
		if _, err := ix.Put(context.Background(), clones(arts)...); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	a, b := build(true), build(false)
	term := func(field, v string) query.Query {
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	match := func(field, v string) query.Query {
		q := bleve.NewMatchQuery(v)
		q.SetField(field)
		return q
	}
	phrase := func(field, v string) query.Query {
		q := bleve.NewMatchPhraseQuery(v)
		q.SetField(field)
		return q
	}
	dates := bleve.NewDateRangeQuery(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
	dates.SetField(schema.FieldDate)
	queries := []query.Query{
		bleve.NewMatchAllQuery(),
		match(schema.FieldBody, "government minister"),
		phrase(schema.FieldBody, "united states"),
		match(schema.FieldHeadline, "bank"),
		term(schema.FieldKind, schema.ArticleType),
		term(schema.FieldKind, schema.QuoteType),
		match(schema.FieldQText, "market"),
		term(schema.FieldQDup, "1"),
		dates,
	}
	for _, f := range []string{schema.FieldPerson, schema.FieldOrg, schema.FieldPlace, schema.FieldNames, schema.FieldSource,
		schema.FieldDupExact, schema.FieldDupGroup, schema.FieldDupBands, schema.FieldHash, schema.FieldTokenCounts} {
		w := bleve.NewWildcardQuery("*")
		w.SetField(f)
		queries = append(queries, w)
	}
	seen := 0
	for i, q := range queries {
		ra, rb := search(t, a, q), search(t, b, q)
		if ra != rb {
			t.Errorf("query %d (%T): analysed ahead\n%s\nin the writer\n%s", i, q, ra, rb)
		}
		if ra != "0 hits\n" {
			seen++
		} else {
			t.Logf("query %d (%T) finds nothing", i, q)
		}
	}
	if seen < len(queries) {
		t.Errorf("only %d of %d queries found anything: the test archives no longer exercise them", seen, len(queries))
	}
}

// search renders every hit of q, in id order, with its score and
// locations. Scores are rounded to 12 digits: those of disjunctions over
// many terms differ in the last bit from one search to the next (float
// sums in another order), in one index as between two.
func search(t *testing.T, ix *index.Index, q query.Query) string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.IncludeLocations = true
	req.SortBy([]string{"_id"})
	res, err := ix.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprintf("%d hits\n", res.Total)
	for _, h := range res.Hits {
		out += fmt.Sprintf("%s %.12g", h.ID, h.Score)
		for _, f := range slices.Sorted(maps.Keys(h.Locations)) {
			for _, term := range slices.Sorted(maps.Keys(h.Locations[f])) {
				for _, l := range h.Locations[f][term] {
					out += fmt.Sprintf(" %s:%s@%d[%d,%d]", f, term, l.Pos, l.Start, l.End)
				}
			}
		}
		out += "\n"
	}
	return out
}
