package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/variant"
)

// TestTokenCounterMatchesAnalyzers checks that the cheap token counter gives
// the lengths bleve's full analyzers give, on every article of the archive.
func TestTokenCounterMatchesAnalyzers(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	c, err := newTokenCounter()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
		if ev.Article == nil {
			continue
		}
		d, err := newDocument(ev.Article, "", nil, &variant.Variant{})
		if err != nil {
			t.Fatal(err)
		}
		got := c.lengths(d)
		texts := map[string]string{schema.FieldHeadline: d.Headline, schema.FieldBody: d.Body, schema.FieldByline: d.Byline, schema.FieldSourceWords: d.Source, schema.FieldSectionWords: d.Section}
		for f, text := range texts {
			want := len(m.AnalyzerNamed(schema.AnalyzerFor(f)).Analyze([]byte(text)))
			if got[f] != want {
				t.Errorf("%s %s: counted %d tokens, the analyzer makes %d", d.Headline, f, got[f], want)
			}
		}
		n++
	}
	if n < 30 {
		t.Fatalf("checked only %d articles", n)
	}
}

func TestCorpusStatsFollowUpdates(t *testing.T) {
	ctx := context.Background()
	ix, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	a := &article.Article{ID: "A", Headline: "Glaciers melt", Body: []string{"One two three four."}}
	b := &article.Article{ID: "B", Headline: "Rivers", Body: []string{"Five six."}}
	if _, err := ix.Put(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	check := func(docs, body, headline int) {
		t.Helper()
		s, err := ix.CorpusStats()
		if err != nil {
			t.Fatal(err)
		}
		if s.Docs != docs || s.Tokens[schema.FieldBody] != body || s.Tokens[schema.FieldHeadline] != headline || s.FieldDocs[schema.FieldBody] != docs {
			t.Errorf("stats = %+v, want %d docs, %d body and %d headline tokens", s, docs, body, headline)
		}
	}
	check(2, 6, 3)
	if _, err := ix.Put(ctx, &article.Article{ID: "A", Headline: "Glaciers melt fast", Body: []string{"One."}}); err != nil {
		t.Fatal(err)
	}
	check(2, 3, 4)
	if _, err := ix.Put(ctx, b); err != nil { // unchanged: no change to the statistics
		t.Fatal(err)
	}
	check(2, 3, 4)
}
