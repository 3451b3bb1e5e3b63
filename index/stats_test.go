package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestTokenCounterMatchesAnalyzers checks that the cheap token counter gives
// the lengths bleve's full analyzers give, on every article of the archive:
// their words, without the marks.
func TestTokenCounterMatchesAnalyzers(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	c, err := newTokenCounter()
	if err != nil {
		t.Fatal(err)
	}
	n, marks := 0, 0
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
		if ev.Article == nil {
			continue
		}
		d, err := newDocument(ev.Article, "", nil, &Index{countTerms: true})
		if err != nil {
			t.Fatal(err)
		}
		got := c.lengths(d)
		for _, f := range schema.LengthFields() {
			text := d.text(f.Source)
			// The index analyzer's words: its marks are no part of a
			// field's length.
			want := 0
			for _, tok := range m.AnalyzerNamed(schema.IndexAnalyzerFor(f.Name)).Analyze([]byte(text)) {
				if schema.IsMarkTerm(tok.Term) {
					marks++
				} else {
					want++
				}
			}
			if got[f.Name] != want {
				t.Errorf("%s %s: counted %d tokens, the analyzer makes %d", d.text(schema.FieldHeadline), f.Name, got[f.Name], want)
			}
		}
		n++
	}
	if n < 30 {
		t.Fatalf("checked only %d articles", n)
	}
	if marks == 0 {
		t.Error("the index analyzers made no marks: the counts were checked against another analyzer")
	}
}

// TestLengthFields checks that token counts are kept for the text fields
// BM25 ranks on: the article schema's Text and Words fields and words
// fields of keywords.
func TestLengthFields(t *testing.T) {
	got := map[string]string{}
	for _, f := range schema.LengthFields() {
		got[f.Name] = f.Source
	}
	for name, source := range map[string]string{
		schema.FieldHeadline: schema.FieldHeadline, schema.FieldBody: schema.FieldBody, schema.FieldByline: schema.FieldByline,
		schema.FieldSourceWords: schema.FieldSource, schema.FieldSectionWords: schema.FieldSection,
	} {
		if got[name] != source {
			t.Errorf("length of %s counted from %q, want from %s", name, got[name], source)
		}
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

// TestTokenCounterCountsAsTheFilters compares the counter's fast count
// (segments, with lower-casing only to ask the stop filter) with the
// tokenizer and filters themselves, on texts where case and Unicode
// matter: upper-case stop words, final sigma, runes whose lower case is
// wider or ASCII, numbers, ideographs and punctuation.
func TestTokenCounterCountsAsTheFilters(t *testing.T) {
	c, err := newTokenCounter()
	if err != nil {
		t.Fatal(err)
	}
	var text, other string
	for _, f := range schema.LengthFields() {
		if schema.IndexAnalyzerFor(f.Name) == schema.TextAnalyzer {
			text = f.Name
		} else {
			other = f.Name
		}
	}
	if text == "" || other == "" {
		t.Fatalf("no text field (%q) or other field (%q) among the length fields", text, other)
	}
	for _, s := range []string{
		"",
		"The THE the tHe And OF of-the",
		"It is what it IS, isn't it? Don't; won't.",
		"ΟΔΟΣ Σ σ ς ΣΟΦΟΣ",
		"Ⱥ Ⱦ ȺTHE THEȺ",
		"\u212a \u212aelvin İstanbul I\u0307 the İf İ İT İS",
		"1987 3.5 pct 1,000 $US 4th 2nd",
		"東京 は 日本 の 首都 です。 ソニー",
		"  \n\n -- ... !!! \t",
		"Mr. Smith said: \"THE END\" (of it) -- about 100 km/h.",
	} {
		for _, f := range []string{text, other} {
			if got, want := c.count(f, s), c.countTokens(f, s); got != want {
				t.Errorf("%s %q: counted %d, the tokenizer and filters make %d", f, s, got, want)
			}
		}
	}
}

// BenchmarkTokenCount counts the body tokens of the test archive's
// articles with the counter's fast count and with the tokenizer and
// filters. Run: go test ./index -run '^$' -bench TokenCount
func BenchmarkTokenCount(b *testing.B) {
	c, err := newTokenCounter()
	if err != nil {
		b.Fatal(err)
	}
	var bodies []string
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
		if ev.Article != nil {
			bodies = append(bodies, ev.Article.BodyText())
		}
	}
	for _, bc := range []struct {
		name  string
		count func(string, string) int
	}{{"segments", c.count}, {"tokens", c.countTokens}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, body := range bodies {
					bc.count(schema.FieldBody, body)
				}
			}
		})
	}
}
