package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract/tagger"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// The text analyzer's fast paths (sentence starts without sentences, mark
// tokens allocated together, folding that skips ASCII) are checked against
// the straightforward code they replace, kept here, over the bodies,
// headlines and quotation fields of the test archive and, when ../shared is
// there, of Reuters-21578.

// foldAlways is the fold filter as first written: every term through
// bleve's asciifolding.
type foldAlways struct {
	folder *asciifolding.AsciiFoldingFilter
}

func (f foldAlways) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		tok.Term = f.folder.Filter(tok.Term)
	}
	return in
}

// analyzeSimple is markedAnalyzer.Analyze as first written, with the
// filters of a but foldAlways for the fold filter.
func analyzeSimple(a *markedAnalyzer, input []byte) analysis.TokenStream {
	filter := func(toks analysis.TokenStream) analysis.TokenStream {
		for _, f := range a.words.TokenFilters {
			if _, ok := f.(foldFilter); ok {
				f = foldAlways{asciifolding.New()}
			}
			toks = f.Filter(toks)
		}
		return toks
	}
	token := func(m mark) *analysis.Token {
		return &analysis.Token{Term: m.term, Start: m.start, End: m.start, Position: m.pos, Type: analysis.AlphaNumeric}
	}
	toks := a.words.Tokenizer.Tokenize(input)
	if len(toks) == 0 || !a.marks && !a.caps {
		return filter(toks)
	}
	var marks []mark
	if a.marks {
		for _, b := range boundariesSimple(input, toks) {
			if b.paragraph {
				marks = append(marks, mark{b.pos, b.start, a.paragraph})
			}
			marks = append(marks, mark{b.pos, b.start, a.sentence})
		}
	}
	var capital []bool
	if a.caps {
		capital = make([]bool, toks[len(toks)-1].Position)
		for _, t := range toks {
			if r, _ := utf8.DecodeRune(input[t.Start:t.End]); unicode.IsUpper(r) && t.Position > 0 {
				capital[t.Position-1] = true
			}
		}
	}
	var out analysis.TokenStream
	mi := 0
	for _, w := range filter(toks) {
		for ; mi < len(marks) && marks[mi].pos <= w.Position; mi++ {
			out = append(out, token(marks[mi]))
		}
		out = append(out, w)
		if p := w.Position - 1; p >= 0 && p < len(capital) && capital[p] {
			out = append(out, token(mark{w.Position, 0, a.capsMark}))
		}
	}
	for ; mi < len(marks); mi++ {
		out = append(out, token(marks[mi]))
	}
	return out
}

func boundariesSimple(text []byte, toks analysis.TokenStream) []boundary {
	paras := paragraphStarts(text)
	var sents []int
	for _, s := range tagger.Sentences(tagger.Tokenize(string(text))) {
		sents = append(sents, s[0].Start)
	}
	var out []boundary
	pi, si := 0, 0
	for i, t := range toks {
		para, sent := false, false
		for ; pi < len(paras) && paras[pi] <= t.Start; pi++ {
			para = true
		}
		for ; si < len(sents) && sents[si] <= t.Start; si++ {
			sent = true
		}
		if i > 0 && (para || sent) {
			out = append(out, boundary{pos: t.Position, start: t.Start, paragraph: para})
		}
	}
	return out
}

// diffArticles returns the articles of the test archive and evaluation
// set and, when ../shared is there, of Reuters-21578 (read once).
func diffArticles(t *testing.T) []*article.Article {
	t.Helper()
	c, err := loadDiffArticles()
	if err != nil {
		t.Fatal(err)
	}
	if !c.reuters {
		t.Log("Reuters-21578 not found under ../shared/corpus: testdata only")
	}
	return c.arts
}

type diffCorpus struct {
	arts    []*article.Article
	reuters bool
}

var loadDiffArticles = sync.OnceValues(func() (diffCorpus, error) {
	var arts []*article.Article
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva"), filepath.Join("..", "testdata", "eval", "articles")}, ingest.Options{}) {
		if ev.Article != nil {
			arts = append(arts, ev.Article)
		}
	}
	if len(arts) < 30 {
		return diffCorpus{}, fmt.Errorf("only %d articles in testdata", len(arts))
	}
	reuters, _, err := corpus.Reuters(0)
	switch {
	case errors.Is(err, corpus.ErrAbsent):
		return diffCorpus{arts: arts}, nil
	case err != nil:
		return diffCorpus{}, err
	}
	return diffCorpus{arts: append(arts, reuters...), reuters: true}, nil
})

// analyzerTexts returns the text fields the marked analyzer reads, each
// article's headline and body (as BodyText joins it), and a few texts of
// the cases the fast paths treat apart.
func analyzerTexts(t *testing.T) []string {
	t.Helper()
	texts := []string{
		"Mr. Smith's café in Zürich. He won't go! Naïve ÆON Straße, İnc. and the U.S.\n\n“Quoted,” she said… 3.5 TURKEY Turkey\xff\xfe bad\xe2\x80 bytes.",
		"", " ", ".", "A", "\n\n\n", "İstanbul ŞANLIURFA œuvre ﬁne Ⅻ ½ ①",
	}
	for _, a := range diffArticles(t) {
		texts = append(texts, a.Headline, a.BodyText())
	}
	return texts
}

// TestTextAnalyzerMatchesSimple: the text analyzer makes the tokens of the
// straightforward code (terms, offsets, positions, types), with marks and
// caps, either alone and neither, with byte offsets (as indexes made before
// the mapping left them out) and without (as the index's own mapping).
func TestTextAnalyzerMatchesSimple(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	a, ok := m.AnalyzerNamed(schema.TextAnalyzer).(*markedAnalyzer)
	if !ok {
		t.Fatalf("the text analyzer is a %T", m.AnalyzerNamed(schema.TextAnalyzer))
	}
	if a.offsets {
		t.Error("the mapping's text analyzer keeps byte offsets")
	}
	texts := analyzerTexts(t)
	for vi, variant := range []struct{ marks, caps, offsets bool }{
		{true, true, true}, {true, true, false}, {true, false, true}, {false, true, true}, {false, false, true},
	} {
		v := *a
		v.marks, v.caps, v.offsets = variant.marks, variant.caps, variant.offsets
		bad, tokens := 0, 0
		for ti, text := range texts {
			if vi > 1 && ti%10 != 0 {
				continue // the variants the index does not use on a tenth
			}
			got, want := v.Analyze([]byte(text)), analyzeSimple(&v, []byte(text))
			if !v.offsets {
				for _, w := range want {
					w.Start, w.End = 0, 0
				}
			}
			tokens += len(want)
			if !slices.EqualFunc(got, want, sameToken) {
				if bad++; bad <= 3 {
					t.Errorf("%+v: %q\n got %v\nwant %v", variant, text, got, want)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%+v: %d of %d texts analysed differently", variant, bad, len(texts))
		}
		if tokens < 10000 {
			t.Errorf("only %d tokens compared", tokens)
		}
	}
}

func sameToken(a, b *analysis.Token) bool {
	return bytes.Equal(a.Term, b.Term) && a.Start == b.Start && a.End == b.End && a.Position == b.Position && a.Type == b.Type && a.KeyWord == b.KeyWord
}
