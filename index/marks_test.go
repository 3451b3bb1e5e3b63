package index_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/query"
)

// marksOf renders the marks of an analysed stream: "P3 S3" (a paragraph
// and a sentence mark at position 3), "turkei@1" (a caps mark at position
// 1, named by the word at that position; "?@1" if there is none).
func marksOf(toks analysis.TokenStream) (marks, caps string) {
	var m, c []string
	for _, t := range toks {
		switch term := string(t.Term); {
		case term == schema.ParagraphMark:
			m = append(m, fmt.Sprintf("P%d", t.Position))
		case term == schema.SentenceMark:
			m = append(m, fmt.Sprintf("S%d", t.Position))
		case term == schema.CapsMark:
			word := "?"
			for _, o := range toks {
				if o.Position == t.Position && !schema.IsMarkTerm(o.Term) {
					word = string(o.Term)
				}
			}
			c = append(c, fmt.Sprintf("%s@%d", word, t.Position))
		case schema.IsMarkTerm(t.Term):
			m = append(m, fmt.Sprintf("%q@%d", term, t.Position))
		}
	}
	return strings.Join(m, " "), strings.Join(c, " ")
}

// wordsOf renders the words of a stream with their positions.
func wordsOf(toks analysis.TokenStream) string {
	var w []string
	for _, t := range toks {
		if !schema.IsMarkTerm(t.Term) {
			w = append(w, fmt.Sprintf("%s@%d", t.Term, t.Position))
		}
	}
	return strings.Join(w, " ")
}

// markCases are texts with the marks the text analyzer must add (caps
// marks named by their words). Positions count every word, stop words included.
var markCases = []struct {
	name, text  string
	marks, caps string
}{
	{"headline: one paragraph, one sentence", "Turkey Plans New Tariffs on steel",
		"", "turkei@1 plan@2 new@3 tariff@4"},
	{"paragraphs", "rain fell.\n\nwind rose.\n\nsnow came",
		"P3 S3 P5 S5", ""},
	{"paragraph without a final period", "a heading\n\nthen the text",
		"P3 S3", ""},
	{"blank lines with spaces, CRLF, several", "one\r\n \r\n\n\ttwo\n\n\n\nthree",
		"P2 S2 P3 S3", ""},
	{"a line break is no paragraph", "one\ntwo", "", ""},
	{"sentences end at . ! ?", "rain fell. Wind rose! Was it cold? Yes.",
		"S3 S5 S8", "wind@3 ye@8"},
	{"lower case after a period: no boundary", "it rose 3.5 pct. and fell", "", ""},
	{"a digit after a period starts one", "it fell 5 pct. 10 firms gained", "S5", ""},
	{"abbreviations and initials end nothing",
		"Mr. Smith met Dr. Jones and Mrs. Brown in the U.S. Senate on Jan. 5 with Gen. Lee, J. Doe and St. Paul.",
		"", "mr@1 smith@2 dr@4 jone@5 mr@7 brown@8 u.@11 senat@12 jan@14 gen@17 lee@18 j@19 doe@20 st@22 paul@23"},
	{"closing quote after the period", `he said "we go." Then he left.`,
		"S5", ""},
	{"opening quote starts one", `he left. "Never," she said.`,
		"S3", "never@3"},
	{"curly quotes", "he left.” “Never,” she said.",
		"S3", "never@3"},
	{"a stop word starts the sentence: the mark at its position", "prices rose. The market fell. And then?",
		"S3 S6", ""},
	{"question then a quote then a stop word", "why? \"The end,\" he said.",
		"S2", ""},
	{"caps: first letter only, possessive, folding", "Turkey's turkey iPhone ÉLAN 4G",
		"", "turkei@1 elan@4"},
	{"empty text", "", "", ""},
	{"marks only at the field's first word are none", "\n\nFirst. Second.",
		"S2", "first@1 second@2"},
}

func TestTextAnalyzerMarks(t *testing.T) {
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(schema.TextAnalyzer)
	for _, tc := range markCases {
		t.Run(tc.name, func(t *testing.T) {
			marks, caps := marksOf(a.Analyze([]byte(tc.text)))
			if marks != tc.marks {
				t.Errorf("marks of %q = %q, want %q", tc.text, marks, tc.marks)
			}
			if caps != tc.caps {
				t.Errorf("caps marks of %q = %q, want %q", tc.text, caps, tc.caps)
			}
		})
	}
}

// TestQueryAnalyzerHasNoMarks: query text is analysed to the index's words
// at their positions, with no marks, so "Turkey" searches
// turkey, and a phrase or an AND of words is what the user wrote.
func TestQueryAnalyzerHasNoMarks(t *testing.T) {
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	idx := m.AnalyzerNamed(schema.TextAnalyzer)
	for _, field := range []string{schema.FieldHeadline, schema.FieldBody, schema.FieldQuote} {
		if got := schema.AnalyzerFor(field); got != schema.TextQueryAnalyzer {
			t.Errorf("AnalyzerFor(%s) = %s, want %s", field, got, schema.TextQueryAnalyzer)
		}
		if got := schema.IndexAnalyzerFor(field); got != schema.TextAnalyzer {
			t.Errorf("IndexAnalyzerFor(%s) = %s, want %s", field, got, schema.TextAnalyzer)
		}
	}
	q := m.AnalyzerNamed(schema.AnalyzerFor(schema.FieldBody))
	if q == nil {
		t.Fatalf("%s does not resolve in the mapping", schema.AnalyzerFor(schema.FieldBody))
	}
	for _, text := range append([]string{"Turkey", `"Foreign Fighters" NEAR5 Europe`}, func() []string {
		var out []string
		for _, tc := range markCases {
			out = append(out, tc.text)
		}
		return out
	}()...) {
		toks := q.Analyze([]byte(text))
		if i := slices.IndexFunc(toks, func(t *analysis.Token) bool { return schema.IsMarkTerm(t.Term) }); i >= 0 {
			t.Errorf("query analysis of %q has %q at position %d", text, toks[i].Term, toks[i].Position)
		}
		if got, want := wordsOf(toks), wordsOf(idx.Analyze([]byte(text))); got != want {
			t.Errorf("query words of %q = %q, the index's are %q", text, got, want)
		}
	}
}

// TestMarksInIndex writes an article and reads the marks' postings back: the positions the analyzer gave, in headline and body,
// and a body length (bleve's norm) of its words alone.
func TestMarksInIndex(t *testing.T) {
	ctx := context.Background()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.HasMarks() {
		t.Error("a new index has no marks")
	}
	// Words: Officials(1) said(2) on(3) Monday(4) the(5) talks(6) ended(7)
	// in(8) Ankara(9) talks(10) resume(11) soon(12) Turkey(13) said(14).
	body := []string{"Officials said on Monday. The talks ended in Ankara.", "talks resume soon, Turkey said."}
	if _, err := ix.Put(ctx, newArticle("M1", "Turkey Talks End", body...)); err != nil {
		t.Fatal(err)
	}
	q := ix.Bleve().Mapping().AnalyzerNamed(schema.AnalyzerFor(schema.FieldBody))
	analysed := func(word string) string { return string(q.Analyze([]byte(word))[0].Term) }
	for _, tc := range []struct {
		field, term string
		want        []uint64
	}{
		{schema.FieldBody, schema.ParagraphMark, []uint64{10}},
		{schema.FieldBody, schema.SentenceMark, []uint64{5, 10}},
		// Officials, Monday, Ankara, Turkey; "The" is a stop word: none.
		{schema.FieldBody, schema.CapsMark, []uint64{1, 4, 9, 13}},
		{schema.FieldBody, analysed("talks"), []uint64{6, 10}},
		{schema.FieldHeadline, schema.CapsMark, []uint64{1, 2, 3}},
		{schema.FieldHeadline, schema.SentenceMark, nil},
	} {
		got, norm := postings(t, ix, tc.field, tc.term)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:%q at %v, want %v", tc.field, tc.term, got, tc.want)
		}
		// 11 words in the body (on, the, in are stop words), 3 in the
		// headline: the marks are not counted.
		wantLen := map[string]float64{schema.FieldBody: 11, schema.FieldHeadline: 3}[tc.field]
		if got != nil && math.Round(1/(norm*norm)) != wantLen {
			t.Errorf("%s: length from bleve's norm %v, want %v words", tc.field, math.Round(1/(norm*norm)), wantLen)
		}
	}
}

// postings returns the positions of term in field of the index's only
// document, and the posting's norm.
func postings(t *testing.T, ix *index.Index, field, term string) ([]uint64, float64) {
	t.Helper()
	adv, err := ix.Bleve().Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var pos []uint64
	norm := 0.0
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			return pos, norm
		}
		norm = d.Norm
		for _, v := range d.Vectors {
			pos = append(pos, v.Pos)
		}
	}
}

// TestSearchWithAndWithoutMarks: word, phrase and AND queries, capitalised
// or not, find the same articles in an index with marks and in one made
// before them (layout 3, reopened), which still opens, is searched as
// before and says it has no marks.
func TestSearchWithAndWithoutMarks(t *testing.T) {
	ctx := context.Background()
	articles := []*article.Article{
		newArticle("T1", "Turkey Talks End", "Officials said on Monday. The talks ended in Ankara.", "Talks resume soon, Turkey said."),
		newArticle("T2", "Roast turkey recipes", "A turkey needs four hours.", "Serve the turkey hot."),
		newArticle("T3", "Markets", "Shares fell. Turkey's lira rose."),
	}
	for _, tc := range []struct {
		name      string
		create    func(path string) (*index.Index, error)
		layout    int
		wantMarks bool
	}{
		{"current layout", index.OpenOrCreate, index.Layout, true},
		{"layout 3, no marks", index.CreatePlainText, 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			ix, err := tc.create(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range articles {
				if _, err := ix.Put(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			if tc.layout != index.Layout {
				if err := ix.Bleve().SetInternal([]byte(index.LayoutKey), []byte(strconv.Itoa(tc.layout))); err != nil {
					t.Fatal(err)
				}
			}
			ix.Close()
			if ix, err = index.Open(path); err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.LayoutVersion() != tc.layout || ix.HasMarks() != tc.wantMarks {
				t.Errorf("layout %d, HasMarks %v; want %d, %v", ix.LayoutVersion(), ix.HasMarks(), tc.layout, tc.wantMarks)
			}
			if got, _ := postings(t, ix, schema.FieldBody, schema.SentenceMark); (got != nil) != tc.wantMarks {
				t.Errorf("sentence marks at %v", got)
			}
			s := query.NewSearcher(ix)
			for _, q := range []struct {
				query string
				want  []string
			}{
				{"Turkey", []string{"T1", "T2", "T3"}},
				{"turkey", []string{"T1", "T2", "T3"}},
				{`"Turkey said"`, []string{"T1"}},
				{`"turkey needs"`, []string{"T2"}},
				{`"talks ended in Ankara"`, []string{"T1"}},
				{"Turkey AND Lira", []string{"T3"}},
				{"headline:Turkey", []string{"T1", "T2"}},
				{`headline:"turkey talks"`, []string{"T1"}},
			} {
				res, err := s.Search(ctx, query.Request{Query: q.query, Snippets: -1})
				if err != nil {
					t.Fatalf("%s: %v", q.query, err)
				}
				var got []string
				for _, h := range res.Hits {
					got = append(got, h.ID)
				}
				slices.Sort(got)
				if !slices.Equal(got, q.want) {
					t.Errorf("%s: %v, want %v", q.query, got, q.want)
				}
			}
			// Operators that read the marks answer on an index that has
			// them, and are refused on one that has not, rather than
			// matching as if every article were one sentence.
			for _, q := range []string{"talks same ankara", "ended w/s ankara", "lp=ankara", "hlp=ankara", "caps(turkey)"} {
				res, err := s.Search(ctx, query.Request{Query: q, Snippets: -1})
				if !tc.wantMarks {
					var re *query.RequestError
					if !errors.As(err, &re) || re.Param != "q" || !strings.Contains(err.Error(), "ingest the archive again") {
						t.Errorf("%s on an index without marks: %v, want a refusal naming q", q, err)
					}
					continue
				}
				if err != nil || res.Total == 0 {
					t.Errorf("%s: %v hits, %v", q, res, err)
				}
			}
		})
	}
}

// TestMarkedAnalyzerConfig: the analyzer type's own settings, and a clear
// error for a setting it cannot take.
func TestMarkedAnalyzerConfig(t *testing.T) {
	text := "Rain fell.\n\nWind rose in Berlin."
	for _, tc := range []struct {
		name    string
		set     map[string]any
		wantErr string
		marks   string
		caps    string
	}{
		{"default", nil, "", "P3 S3", "rain@1 wind@3 berlin@6"},
		{"no marks", map[string]any{"marks": false}, "", "", "rain@1 wind@3 berlin@6"},
		{"no caps", map[string]any{"caps": false}, "", "P3 S3", ""},
		{"both off", map[string]any{"marks": false, "caps": false}, "", "", ""},
		{"bad caps", map[string]any{"caps": "mark"}, `"caps" must be true or false, not "mark"`, "", ""},
		{"bad marks", map[string]any{"marks": 1}, `"marks" must be true or false, not 1`, "", ""},
		{"char filters", map[string]any{"char_filters": []string{"asciifolding"}}, "char_filters are not supported", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := bleve.NewIndexMapping()
			cfg := map[string]any{"type": schema.MarkedAnalyzerType, "tokenizer": "unicode", "token_filters": []string{"to_lower", "stop_en", "stemmer_porter"}}
			maps.Copy(cfg, tc.set)
			err := m.AddCustomAnalyzer("x", cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			marks, caps := marksOf(m.AnalyzerNamed("x").Analyze([]byte(text)))
			if marks != tc.marks || caps != tc.caps {
				t.Errorf("marks %q, caps %q; want %q, %q", marks, caps, tc.marks, tc.caps)
			}
		})
	}
}

// BenchmarkTextAnalyzer analyses the bodies of the test archive with the
// text analyzer as queries use it (words only) and as indexing does, with
// each kind of extra term and with both: what the marks cost at ingest.
func BenchmarkTextAnalyzer(b *testing.B) {
	var bodies [][]byte
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
		if ev.Article != nil {
			bodies = append(bodies, []byte(ev.Article.BodyText()))
		}
	}
	if len(bodies) == 0 {
		b.Skip("no articles in testdata/archive/factiva")
	}
	for _, tc := range []struct {
		name string
		set  map[string]any
	}{
		{"words", map[string]any{"marks": false, "caps": false}},
		{"marks", map[string]any{"caps": false}},
		{"caps", map[string]any{"marks": false}},
		{"both", nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m := bleve.NewIndexMapping()
			cfg := map[string]any{"type": schema.MarkedAnalyzerType, "tokenizer": "unicode",
				"token_filters": []string{"possessive_en", "to_lower", schema.FoldFilter, "stop_en", "stemmer_porter"}}
			maps.Copy(cfg, tc.set)
			if err := m.AddCustomAnalyzer("x", cfg); err != nil {
				b.Fatal(err)
			}
			a := m.AnalyzerNamed("x")
			n := 0
			for _, body := range bodies {
				n += len(body)
			}
			b.SetBytes(int64(n))
			buf := make([]byte, 0, n)
			for b.Loop() {
				for _, body := range bodies {
					buf = append(buf[:0], body...) // filters rewrite the input
					a.Analyze(buf)
				}
			}
		})
	}
}
