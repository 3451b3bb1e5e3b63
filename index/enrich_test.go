package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

func seed(t *testing.T) *article.Article {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "archive", "factiva", "nyt-2017-10-23.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for a, err := range ingest.Parse(f, "nyt", ingest.FormatFactiva) {
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	t.Fatal("no article in the seed sample")
	return nil
}

func total(t *testing.T, ix *index.Index, field, term string) uint64 {
	t.Helper()
	q := bleve.NewMatchQuery(term)
	q.SetField(field)
	q.Analyzer = schema.AnalyzerFor(field)
	res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestNamesAndQuotesAreIndexed(t *testing.T) {
	ctx := context.Background()
	ix := memoryIndex(t)
	a := seed(t)
	if _, err := ix.Put(ctx, a, newArticle("B2", "Other", "Nothing said here.")); err != nil {
		t.Fatal(err)
	}
	if a.Names != nil {
		t.Error("Put changed the caller's article")
	}
	got, err := ix.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	mentions := map[string]int{}
	for _, n := range got.Names {
		mentions[n.Name+"/"+string(n.Type)] = n.Mentions
	}
	for _, want := range []string{"Peter Neumann/person", "Mike Pompeo/person", "Islamic State/organization", "The Hague/place", "Europol/organization"} {
		if mentions[want] == 0 {
			t.Errorf("stored names lack %s: %v", want, got.Names)
		}
	}
	if mentions["Mike Pompeo/person"] != 2 {
		t.Errorf("Mike Pompeo mentions = %d, want 2 (Mr. Pompeo resolved)", mentions["Mike Pompeo/person"])
	}
	if len(got.Quotes) != 12 || got.Quotes[2].Speaker != "Peter Neumann" || got.Quotes[2].Paragraph != 7 {
		t.Errorf("quotes = %+v, want 12 with Peter Neumann's in paragraph 7 third", got.Quotes)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("Count = %d, want 2 articles (quotation documents not counted)", n)
	}
	tests := []struct {
		field, term string
		want        uint64
	}{
		{schema.FieldPerson, "neumann", 1},
		{schema.FieldPerson, "Peter Neumann", 1},
		{schema.FieldPerson, "pompeo", 1},
		{schema.FieldOtherNames, "Morning Briefing", 1}, // a name of no known type
		{schema.FieldOtherNames, "neumann", 0},          // each name in one field only
		{schema.FieldNameWords, "neumann", 0},           // not written any more
		{schema.FieldOrg, "europol", 1},
		{schema.FieldPlace, "sanliurfa", 1},
		{schema.FieldPerson, "europol", 0},
		{schema.FieldQuote, "flood", 1},
		{schema.FieldSpeakWords, "neumann", 1},
		{schema.FieldQText, "flood", 1},          // one quotation document
		{schema.FieldQSpeakerWords, "pompeo", 3}, // three quotations of his
	}
	for _, tt := range tests {
		if n := total(t, ix, tt.field, tt.term); n != tt.want {
			t.Errorf("%s:%s matches %d documents, want %d", tt.field, tt.term, n, tt.want)
		}
	}
	res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(engine.AllArticles(false), 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("AllArticles matched %d documents, want 2", res.Total)
	}

	// An update with fewer quotations leaves none of the old ones behind.
	b := *a
	b.Body = append([]string{}, a.Body[:9]...) // up to Pompeo's first quotation, in paragraph 9
	if _, err := ix.Put(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, schema.FieldQSpeakerWords, "pompeo"); n != 1 {
		t.Errorf("after the update, %d quotation documents of Pompeo, want 1", n)
	}
	if n, _ := ix.Count(); n != 2 {
		t.Errorf("after the update, Count = %d, want 2", n)
	}
}

// TestArticlesOnlyNeverReturnsQuotations checks ArticlesOnly on queries that
// can and cannot match a quotation document: whether or not it adds the
// exclusion, the hits are the articles the explicit exclusion gives.
func TestArticlesOnlyNeverReturnsQuotations(t *testing.T) {
	ctx := context.Background()
	ix := memoryIndex(t)
	a := seed(t)
	if _, err := ix.Put(ctx, a, newArticle("B2", "Other", "Nothing said here about returnees.")); err != nil {
		t.Fatal(err)
	}
	field := func(q interface{ SetField(string) }, f string) { q.SetField(f) }
	body := bleve.NewTermQuery("returne")
	field(body, schema.FieldBody)
	qtext := bleve.NewMatchQuery("returnees")
	field(qtext, schema.FieldQText)
	qtext.Analyzer = schema.TextAnalyzer
	onlyNot := bleve.NewBooleanQuery()
	onlyNot.AddMustNot(body)
	filtered := bleve.NewBooleanQuery()
	filtered.AddMust(bleve.NewMatchAllQuery())
	filtered.AddFilter(body)
	idPrefix := bleve.NewPrefixQuery(a.ID)
	field(idPrefix, "_id")
	tests := []struct {
		name string
		q    query.Query
	}{
		{"match all", bleve.NewMatchAllQuery()},
		{"body word", body},
		{"quotation word", qtext},
		{"body or quotation word", bleve.NewDisjunctionQuery(body, qtext)},
		{"body and match all", bleve.NewConjunctionQuery(bleve.NewMatchAllQuery(), body)},
		{"only a negation", onlyNot},
		{"match all filtered by a body word", filtered},
		{"quotation id", bleve.NewDocIDQuery([]string{schema.QuoteID(a.ID, 1), "B2"})},
		{"id prefix", idPrefix},
	}
	for _, tc := range tests {
		not := bleve.NewTermQuery(schema.QuoteType)
		not.SetField(schema.FieldKind)
		explicit := bleve.NewBooleanQuery()
		explicit.AddMust(tc.q)
		explicit.AddMustNot(not)
		want := hitIDs(t, ix, explicit)
		// Without the articles' kind the quotations are excluded; with it
		// the articles are selected by it. (Whether a query may match a
		// quotation at all is its plan's to say: query's plan tests.)
		for how, q := range map[string]query.Query{"without kind": engine.ArticlesOnly(tc.q, true, false), "with kind": engine.ArticlesOnly(tc.q, true, true)} {
			got := hitIDs(t, ix, q)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %s gives %v, want %v", tc.name, how, got, want)
			}
			for _, id := range got {
				if _, _, ok := schema.ParseQuoteID(id); ok {
					t.Errorf("%s: %s returned quotation document %s", tc.name, how, id)
				}
			}
		}
	}
}

func hitIDs(t *testing.T, ix *index.Index, q query.Query) []string {
	t.Helper()
	res, err := ix.Bleve().Search(bleve.NewSearchRequestOptions(q, 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	sort.Strings(ids)
	return ids
}
