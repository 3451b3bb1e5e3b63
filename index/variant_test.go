package index_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/variant"
)

// variantArticles have names and a quotation, so that every field a variant
// can drop has a value.
func variantArticles() []*article.Article {
	a := newArticle("V1", "Minister Mike Pompeo visits Berlin",
		`BERLIN - Secretary of State Mike Pompeo met Chancellor Angela Merkel in Berlin on Monday.`,
		`"We stand together with our German friends," Pompeo told reporters at the chancellery.`)
	a.Subjects = []string{"GPOL"}
	b := newArticle("V2", "Rivers rise in Hamburg", "Heavy rain fell on Hamburg for a third day, the weather service said.")
	return []*article.Article{a, b}
}

// hits counts the documents q matches.
func hits(t *testing.T, ix *index.Index, q query.Query) uint64 {
	t.Helper()
	res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func term(field, t string) query.Query {
	q := bleve.NewTermQuery(t)
	q.SetField(field)
	return q
}

func phrase(field string, words ...string) query.Query {
	q := bleve.NewPhraseQuery(words, field)
	return q
}

func TestVariantsLoseWhatTheySay(t *testing.T) {
	ctx := context.Background()
	open := func(v variant.Variant) *index.Index {
		ix := createVariant(t, filepath.Join(t.TempDir(), "ix"), v)
		if _, err := ix.Put(ctx, variantArticles()...); err != nil {
			t.Fatalf("variant %q: %v", v.Name, err)
		}
		if n, err := ix.Count(); err != nil || n != 2 {
			t.Fatalf("variant %q: count = %d, %v; want 2", v.Name, n, err)
		}
		return ix
	}
	base := open(variant.All()[0])
	fieldsOf := func(ix *index.Index) []string {
		fs, err := ix.Bleve().Fields()
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	// What a variant loses, as a check that holds on the newsdesk layout
	// and fails on the variant.
	type check func(ix *index.Index) bool
	hasFields := func(fields ...string) check {
		return func(ix *index.Index) bool {
			have := fieldsOf(ix)
			for _, f := range fields {
				if !slices.Contains(have, f) {
					return false
				}
			}
			return true
		}
	}
	matches := func(q query.Query) check {
		return func(ix *index.Index) bool { return hits(t, ix, q) > 0 }
	}
	stored := func(pick func(*article.Article) int) check {
		return func(ix *index.Index) bool {
			a, err := ix.Article(ctx, "V1")
			if err != nil {
				t.Fatal(err)
			}
			return pick(a) > 0
		}
	}
	// positionsOnly: the body's term vectors hold no byte offsets (what
	// with-offsets adds back).
	positionsOnly := func(ix *index.Index) bool {
		req := bleve.NewSearchRequest(term(schema.FieldBody, "berlin"))
		req.IncludeLocations = true
		res, err := ix.Bleve().Search(req)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("berlin in the body: %v hits, %v", len(res.Hits), err)
		}
		for _, h := range res.Hits {
			for _, l := range h.Locations[schema.FieldBody]["berlin"] {
				if l.Pos == 0 || l.End != 0 {
					return false
				}
			}
		}
		return true
	}
	loses := map[string]check{
		"tv-off-headline-body":  matches(phrase(schema.FieldBody, "german", "friend")),
		"no-body-store":         stored(func(a *article.Article) int { return len(a.Body) }),
		"tv-off-byline":         matches(phrase(schema.FieldByline, "ann", "smith")),
		"tv-off-source-section": matches(phrase(schema.FieldSourceWords, "test", "times")),
		"tv-off-names":          matches(phrase(schema.FieldPerson, "mike", "pompeo")),
		"no-other-names":        hasFields(schema.FieldOtherNames),
		"no-person-org-place":   hasFields(schema.FieldPerson, schema.FieldPlace),
		"no-names-keyword":      hasFields(schema.FieldNames),
		"no-article-quote":      hasFields(schema.FieldQuote, schema.FieldSpeaker, schema.FieldSpeakWords),
		"no-quote-docs":         matches(engine.QuotesOnly()),
		"meta-no-entities":      stored(func(a *article.Article) int { return len(a.Names) + len(a.Quotes) }),
		"no-dup-exact":          hasFields(schema.FieldDupExact),
		"no-dup-group":          hasFields(schema.FieldDupGroup),
		"no-hash":               hasFields(schema.FieldHash),
		"no-lengths":            hasFields(schema.FieldTokenCounts),
		"no-code-lists":         hasFields(schema.FieldSubjects),
		"no-word-count":         hasFields(schema.FieldWordCount),
		"no-marks":              matches(term(schema.FieldBody, schema.ParagraphMark)),
		"no-caps":               matches(term(schema.FieldBody, schema.CapsMark)),
		"with-offsets":          positionsOnly,
		// The quotation's date terms; the variant's q_date has the date
		// instead.
		"quote-dates-as-dates": matches(term(schema.FieldQPeriod, schema.QuoteDay(time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)))),
		// newArticle's 42 words as a term; the variant has the number.
		"word-count-as-number": matches(term(schema.FieldWordCount, schema.CountTerm(42))),
	}
	for _, v := range variant.All()[1:] {
		t.Run(v.Name, func(t *testing.T) {
			c, ok := loses[v.Name]
			if !ok {
				t.Fatalf("no check for variant %q", v.Name)
			}
			if v.Changes == "" || v.Loses == "" {
				t.Errorf("variant %q does not say what it changes and loses", v.Name)
			}
			if !c(base) {
				t.Fatalf("the newsdesk layout fails the check of %q", v.Name)
			}
			if c(open(v)) {
				t.Errorf("variant %q still has what it should lose (%s)", v.Name, v.Loses)
			}
		})
	}
}

func TestVariantNamed(t *testing.T) {
	for _, tc := range []struct {
		name, wantErr string
	}{
		{"", ""},
		{"no-dup-exact", ""},
		{"no-such-thing", `index variant "no-such-thing"`},
	} {
		v, err := variant.Named(tc.name)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%q: %v", tc.name, err)
		case tc.wantErr == "" && v.Name != tc.name:
			t.Errorf("%q: got variant %q", tc.name, v.Name)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%q: error %v, want %q", tc.name, err, tc.wantErr)
		}
	}
}

// TestVariantNoQuoteDocs: a layout variant drops one choice of the
// newsdesk index; here the quotation documents, so quotation search finds
// nothing while the article keeps its quotations. (It was the example of
// index.CreateVariant, before variants went internal.)
func TestVariantNoQuoteDocs(t *testing.T) {
	v, err := variant.Named("no-quote-docs")
	if err != nil {
		t.Fatal(err)
	}
	ix := createVariant(t, filepath.Join(t.TempDir(), "variant.index"), v)
	ctx := context.Background()
	_, err = ix.Put(ctx, &article.Article{ID: "A1", Headline: "Talks resume",
		Body: []string{`"We are close to a deal," said Maria Keller, the union's negotiator.`}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := ix.Article(ctx, "A1")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Bleve().Search(bleve.NewSearchRequest(engine.QuotesOnly()))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Quotes) != 1 || res.Total != 0 {
		t.Errorf("quotations found: %d, quotation documents: %d; want 1 and 0", len(a.Quotes), res.Total)
	}
	if v.Loses != "quotation search (newsdesk quotes, /api/quotes)" {
		t.Errorf("no-quote-docs loses %q", v.Loses)
	}
}

// createVariant creates an index with layout v, closed when the test ends.
func createVariant(t testing.TB, path string, v variant.Variant) *index.Index {
	t.Helper()
	ix, err := index.CreateVariant(path, v)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
