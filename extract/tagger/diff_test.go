package tagger

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
)

// The fast paths of tokenising and tagging are checked against the
// straightforward code they replace, kept here, over the paragraphs of the
// test archive, the evaluation articles and, when ../shared is there, all
// of Reuters-21578.

// tokenizeRunes is Tokenize as first written, a rune at a time.
func tokenizeRunes(text string) []Token {
	var toks []Token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := wordEndRunes(text, i)
			toks = appendWordLower(toks, text, i, j)
			i = j
		default:
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if r2 != r || r == '"' {
					break
				}
				j += n2
			}
			toks = append(toks, Token{Text: text[i:j], Start: i, End: j})
			i = j
		}
	}
	return toks
}

func wordEndRunes(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			j += n
			continue
		}
		if j+n >= len(s) || j == i {
			break
		}
		next, _ := utf8.DecodeRuneInString(s[j+n:])
		prev, _ := utf8.DecodeLastRuneInString(s[:j])
		switch r {
		case '-', '\'', '’', '.', '&':
			if isWordRune(next) {
				j += n
				continue
			}
		case ',':
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				j += n
				continue
			}
		}
		break
	}
	if j < len(s) && s[j] == '.' {
		w := s[i:j]
		first, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(first) || isAbbreviation(strings.ToLower(w)) || strings.Contains(w, ".") && !strings.ContainsFunc(w, unicode.IsDigit) {
			j++
		}
	}
	return j
}

func appendWordLower(toks []Token, s string, i, j int) []Token {
	w := s[i:j]
	lw := strings.ToLower(w)
	for _, c := range [...]string{"'s", "’s", "n't", "n’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'m", "’m", "'d", "’d"} {
		if strings.HasSuffix(lw, c) && len(w) > len(c) {
			k := j - len(c)
			return append(toks, Token{Text: s[i:k], Start: i, End: k}, Token{Text: s[k:j], Start: k, End: j})
		}
	}
	return append(toks, Token{Text: w, Start: i, End: j})
}

// trickyTexts are the cases the byte-at-a-time paths treat apart: clitics
// in any case and with either apostrophe, a capital outside ASCII that
// lower-cases to ASCII ("İnc."), non-ASCII letters, digits and spaces,
// invalid UTF-8, words that are only a clitic.
var trickyTexts = []string{
	"KENYA'S PRESIDENT WON'T GO. He'S, they'RE, we'VE, I'LL, I'M, he'D. N'T 's 'S n’t ’s ’S’s",
	"Acme İnc. and İNC. said; Mr. MR. Gen. Messrs. Jr. jR. Co.Ltd. U.S. u.s. 3.5. 10,000,000.",
	"Zürich’s café naïve Ünal, Ⅻ, ١٢٣,٤٥ ٣٫٥ \u00a0spaced\u2003out\u0085next ſ's \u212aelvin's",
	"a-b a--b a- -b O'Neill O' Neill O’Neill R&D AT&T &x x& ,5 5, 5,5 a,5 5.a a.5.",
	"\xff\xfeMr.\xff's \xe2\x80 x\xe2\x80\x99s ’’ '' ``\"\"\" -- — … ... ..",
	"it's. It's? 's. 'd 'll 're 've 'm a'm a’m a's as' s'",
	"Mr.", "Mr", "A.", "A", "", " ", "'", "’", ".", "x'", "x’", "n't", "xn't", "xN'T", "X’RE",
}

// corpusDocs returns the paragraphs (headline, then body) of each article
// of the test archive and evaluation articles, and of Reuters-21578 when
// ../shared is there (reuters tells). Read once for all tests.
func corpusDocs(t *testing.T) (docs [][]string, reuters bool) {
	t.Helper()
	c, err := loadCorpus()
	if err != nil {
		t.Fatal(err)
	}
	if !c.reuters {
		t.Log("Reuters-21578 not found under ../shared/corpus: testdata only")
	}
	return c.docs, c.reuters
}

type testCorpus struct {
	docs    [][]string
	reuters bool
}

var loadCorpus = sync.OnceValues(func() (testCorpus, error) {
	var c testCorpus
	paths := []string{filepath.Join("..", "..", "testdata", "eval", "articles"), filepath.Join("..", "..", "testdata", "archive", "factiva")}
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Article != nil {
			c.docs = append(c.docs, append([]string{ev.Article.Headline}, ev.Article.Body...))
		}
	}
	if len(c.docs) < 20 {
		return c, fmt.Errorf("only %d articles in testdata", len(c.docs))
	}
	arts, _, err := corpus.Reuters(0)
	switch {
	case errors.Is(err, corpus.ErrAbsent):
		return c, nil
	case err != nil:
		return c, err
	}
	for _, a := range arts {
		c.docs = append(c.docs, append([]string{a.Headline}, a.Body...))
	}
	c.reuters = true
	return c, nil
})

// corpusTexts is corpusDocs' paragraphs, one after another.
func corpusTexts(t *testing.T) []string {
	docs, _ := corpusDocs(t)
	var texts []string
	for _, d := range docs {
		texts = append(texts, d...)
	}
	return texts
}

// TestTokenizeMatchesRunes: Tokenize makes the tokens of the
// rune-at-a-time tokenizer, on each paragraph and on whole articles.
func TestTokenizeMatchesRunes(t *testing.T) {
	texts := corpusTexts(t)
	texts = append(texts, trickyTexts...)
	texts = append(texts, strings.Join(trickyTexts, "\n\n"), strings.ToUpper(strings.Join(trickyTexts, " ")))
	bad := 0
	for _, text := range texts {
		if got, want := Tokenize(text), tokenizeRunes(text); !slices.Equal(got, want) {
			if bad++; bad <= 5 {
				t.Errorf("Tokenize(%q)\n got %v\nwant %v", text, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts tokenised differently", bad, len(texts))
	}
}

// findParagraphsSimple is FindParagraphs as first written: the
// rune-at-a-time tokenizer, a slice of words per sentence, the
// lower-cased first word looked up as it is.
func (m *Model) findParagraphsSimple(paras []string) [][]Name {
	var doc [][]string
	var sents [][]Token
	var paraOf []int
	for pi, p := range paras {
		for _, sent := range Sentences(tokenizeRunes(p)) {
			if !m.mayNameSimple(sent) {
				continue
			}
			toks := make([]string, len(sent))
			for k, t := range sent {
				toks[k] = t.Text
			}
			doc = append(doc, toks)
			sents = append(sents, sent)
			paraOf = append(paraOf, pi)
		}
	}
	out := make([][]Name, len(paras))
	for i, labels := range m.TagDocument(doc) {
		p := paras[paraOf[i]]
		for _, e := range Entities(labels) {
			start, end := sents[i][e.Start].Start, sents[i][e.End-1].End
			out[paraOf[i]] = append(out[paraOf[i]], Name{Text: p[start:end], Start: start, End: end, Type: e.Type})
		}
	}
	return out
}

func (m *Model) mayNameSimple(sent []Token) bool {
	for _, t := range sent[min(1, len(sent)):] {
		if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) {
			return true
		}
	}
	if len(sent) == 0 || !isCapitalised(sent[0].Text) {
		return false
	}
	switch m.lex.caps[strings.ToLower(sent[0].Text)] {
	case capsNever, capsSometimes:
		return false
	}
	return true
}

// TestFindParagraphsMatchesSimple: FindParagraphs finds the names the
// straightforward code finds, article by article, and in capitals (as
// shouting captions are written) too.
func TestFindParagraphsMatchesSimple(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := corpusDocs(t)
	docs = append(docs, trickyTexts, []string{strings.ToUpper(strings.Join(trickyTexts, " "))})
	bad, names := 0, 0
	for _, paras := range docs {
		got, want := m.FindParagraphs(paras), m.findParagraphsSimple(paras)
		for _, ns := range want {
			names += len(ns)
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			if bad++; bad <= 3 {
				t.Errorf("FindParagraphs(%q)\n got %v\nwant %v", paras, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d articles tagged differently", bad, len(docs))
	}
	if names < 1000 {
		t.Errorf("only %d names found: the test compares too little", names)
	}
}

// TestEmissionsMatchFeatures: the emission scores of the per-word sums and
// prefetched look-ups (emissions) are those of summing every feature of
// features (emissionsSlow), sentence by sentence over the corpora, with the
// shipped gazetteer and another.
func TestEmissionsMatchFeatures(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := append(corpusTexts(t), trickyTexts...)
	other := m.WithGazetteer(func(s string) bool { return s == "London" || s == "New York" || s == "Tokyo" })
	for mi, model := range []*Model{m, other} {
		fast, slow := new(scratch), new(scratch)
		bad, n := 0, 0
		for ti, text := range texts {
			if mi == 1 && ti%10 != 0 {
				continue // the other gazetteer on a tenth of the paragraphs
			}
			for _, sent := range Sentences(Tokenize(text)) {
				toks := make([]string, len(sent))
				for k, tk := range sent {
					toks[k] = tk.Text
				}
				model.emissions(toks, fast)
				model.emissionsSlow(toks, slow)
				n++
				if !slices.Equal(fast.score, slow.score) {
					if bad++; bad <= 3 {
						t.Errorf("%q: scores\n%v\nwant\n%v", strings.Join(toks, " "), fast.score, slow.score)
					}
				}
			}
		}
		if bad > 0 {
			t.Errorf("%d of %d sentences scored differently", bad, n)
		}
	}
}

// TestSentenceStartsMatchesSentences: SentenceStarts gives the offsets of
// the sentences Sentences makes, on paragraphs and on whole articles.
func TestSentenceStartsMatchesSentences(t *testing.T) {
	docs, _ := corpusDocs(t)
	texts := slices.Clone(trickyTexts)
	for _, d := range docs {
		texts = append(texts, d[0], strings.Join(d[1:], "\n\n"))
	}
	bad := 0
	for _, text := range texts {
		var want []int
		for _, s := range Sentences(Tokenize(text)) {
			want = append(want, s[0].Start)
		}
		if got := SentenceStarts(text); !slices.Equal(got, want) {
			if bad++; bad <= 3 {
				t.Errorf("SentenceStarts(%q) = %v, want %v", text, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts split differently", bad, len(texts))
	}
}
