package wordpos_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/internal/wordpos"
)

// tricky are texts of the cases the ASCII scan decides itself, and of
// pieces it hands to the segmenter.
var tricky = []string{
	"", " ", "\n\n", "a", "_", "___", "a_b", "_a_", "1_000", "a_.b", "a._b", "U.S.", "U.S.A. and the U.K.",
	"e.g. i.e.", "3.14", "1,000,000.50", "1,a", "a,1", "a.1", "1.a", "a1.5", "1a.b", "a:b", "1:2", "_1_", "1__", "_", "1a", "a1", "1.5a", "12", "1.2.3a", "a::b", "a..b",
	"can't won't o'clock '90s rock'n'roll", "1'000", "a'", "'a", "a;b", "1;2", "x-ray co-op", "$5.50 (5%)",
	"\"quoted\" 'single'", "end.", "end,", "a.b.c.d", "1.2.3", "tab\there", "cr\r\nlf", "v\vf\fx",
	"\x00ctrl\x7f", "\x01a\x02", "a&b c#d e@f g/h i\\j k|l",
	"café naïve Zürich", "won’t ’90s", "Ünïcödé wörds", "İstanbul", "\u0301abc", "a\u0301b", " \u0301x",
	"日本語のテキスト", "カタカナ_abc", "한국어 텍스트", "עברית\"ם", "a\u200bb", "a\u00a0b", "x\u2028y", "🇺🇸 flag",
	"mixed ascii, and ünïcode. 3.5 Türkei", "bad \xff byte here", "trailing \xe2\x80", "\xff",
}

// articleTexts returns the headlines and bodies of the test archives and,
// when ../shared is there, of Reuters-21578.
var articleTexts = sync.OnceValues(func() ([]string, error) {
	var texts []string
	paths := []string{
		filepath.Join("..", "..", "testdata", "archive"),
		filepath.Join("..", "..", "testdata", "languages"),
		filepath.Join("..", "..", "testdata", "eval", "articles"),
	}
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Article != nil {
			texts = append(texts, ev.Article.Headline, ev.Article.BodyText())
		}
	}
	arts, _, err := corpus.Reuters(0)
	if errors.Is(err, corpus.ErrAbsent) {
		return texts, nil
	}
	for _, a := range arts {
		texts = append(texts, a.Headline, a.BodyText())
	}
	return texts, err
})

// diff compares Tokenizer and Locate with bleve's unicode tokenizer on
// text, asking Locate for every position and one beyond the last word.
func diff(text string) string {
	toks := unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
	mine := wordpos.Tokenizer{}.Tokenize([]byte(text))
	if len(mine) != len(toks) {
		return fmt.Sprintf("Tokenizer: %d words, want %d", len(mine), len(toks))
	}
	for i, t := range toks {
		m := mine[i]
		if string(m.Term) != string(t.Term) || m.Start != t.Start || m.End != t.End || m.Position != t.Position || m.Type != t.Type {
			return fmt.Sprintf("Tokenizer: word %d %q [%d, %d) type %v, want %q [%d, %d) type %v", t.Position, m.Term, m.Start, m.End, m.Type, t.Term, t.Start, t.End, t.Type)
		}
	}
	want := make([]int, 0, len(toks)+1)
	for _, t := range toks {
		want = append(want, t.Position)
	}
	want = append(want, len(toks)+1)
	got := wordpos.Locate(text, want)
	for i, t := range toks {
		if got[i] != (wordpos.Span{Start: t.Start, End: t.End}) {
			return fmt.Sprintf("word %d %q at [%d, %d): got [%d, %d)", t.Position, t.Term, t.Start, t.End, got[i].Start, got[i].End)
		}
	}
	if last := got[len(toks)]; last != (wordpos.Span{Start: -1, End: -1}) {
		return fmt.Sprintf("%d words, but position %d found at %v", len(toks), len(toks)+1, last)
	}
	return ""
}

func TestMatchesBleveTokenizer(t *testing.T) {
	texts, err := articleTexts()
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 100 {
		t.Fatalf("only %d texts", len(texts))
	}
	bad := 0
	for _, text := range append(tricky, texts...) {
		if d := diff(text); d != "" {
			if bad++; bad <= 5 {
				t.Errorf("%.80q: %s", text, d)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ", bad, len(texts)+len(tricky))
	}
}

// TestLocateSomePositions asks for a few positions, as snippets do.
func TestLocateSomePositions(t *testing.T) {
	text := "Mr. Smith's café, 3.5 km from U.S. base; it won't—can't—stop."
	// bleve: mr 1, smith's 2, café 3, 3.5 4, km 5, from 6, u.s 7, base 8, it 9, won't 10, can't 11, stop 12
	for _, tc := range []struct {
		want []int
		text []string
	}{
		{[]int{2, 7}, []string{"Smith's", "U.S"}},
		{[]int{3, 3, 4}, []string{"café", "café", "3.5"}},
		{[]int{11, 12, 13}, []string{"can't", "stop", ""}},
		{nil, nil},
	} {
		got := wordpos.Locate(text, tc.want)
		for i, s := range got {
			w := ""
			if s.Start >= 0 {
				w = text[s.Start:s.End]
			}
			if w != tc.text[i] {
				t.Errorf("position %d: %q, want %q", tc.want[i], w, tc.text[i])
			}
		}
	}
}

func FuzzMatchesBleveTokenizer(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if d := diff(text); d != "" {
			t.Errorf("%q: %s", text, d)
		}
	})
}

// BenchmarkLocate finds the last word of Reuters' bodies (the most a
// snippet asks of Locate), and tokenises them with Tokenizer and with
// bleve's unicode tokenizer.
func BenchmarkLocate(b *testing.B) {
	arts, _, err := corpus.Reuters(2000)
	if err != nil {
		b.Skip(err)
	}
	type job struct {
		text string
		last int
	}
	var jobs []job
	size := 0
	for _, a := range arts {
		text := a.BodyText()
		jobs = append(jobs, job{text, len(unicode.NewUnicodeTokenizer().Tokenize([]byte(text)))})
		size += len(text)
	}
	b.Run("wordpos", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, j := range jobs {
				wordpos.Locate(j.text, []int{j.last})
			}
		}
	})
	b.Run("Tokenizer", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, j := range jobs {
				wordpos.Tokenizer{}.Tokenize([]byte(j.text))
			}
		}
	})
	b.Run("bleve", func(b *testing.B) {
		b.SetBytes(int64(size))
		tok := unicode.NewUnicodeTokenizer()
		for b.Loop() {
			for _, j := range jobs {
				tok.Tokenize([]byte(j.text))
			}
		}
	})
}
