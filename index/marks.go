package index

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/newsdesk/newsdesk/extract/tagger"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Paragraph, sentence and caps marks (schema/marks.go).
//
// A bleve token filter sees tokens, not the text between them, so the marks
// come from an analyzer type of its own (schema.MarkedAnalyzerType): bleve's
// custom analyzer (tokenizer, token filters) that also reads the text
// around the tokens. Query text goes through schema.TextQueryAnalyzer, the
// same chain without the extra terms.

func init() {
	// Only a duplicate registration fails: a programming error.
	if err := registry.RegisterAnalyzer(schema.MarkedAnalyzerType, newMarkedAnalyzer); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(schema.TextQueryAnalyzer, newTextQueryAnalyzer); err != nil {
		panic(err)
	}
}

// markedAnalyzer is a custom analyzer that adds, beside the words, a
// paragraph mark and a sentence mark at the position of the first word
// after each boundary, and a caps mark at the position of every word
// written with a capital first letter.
type markedAnalyzer struct {
	// words is the tokenizer and filters alone: what queries use.
	words *analysis.DefaultAnalyzer
	// marks and caps switch the two kinds of extra terms (both on unless
	// the config says "marks": false or "caps": false; layout variants
	// measure what each costs).
	marks, caps bool
	// offsets keeps each token's byte offsets in the term vectors (on
	// unless the config says "offsets": false, as new indexes' mappings
	// do): without them a location is its position alone, which zap
	// writes in fewer bytes, and snippets find a word's bytes by
	// tokenising the displayed text again (query/snippet.go).
	offsets bool
	// paragraph, sentence and capsMark are the mark terms.
	paragraph, sentence, capsMark []byte
}

// newMarkedAnalyzer builds a markedAnalyzer from a custom analyzer's config
// (tokenizer, token_filters) and the optional booleans "marks", "caps" and
// "offsets".
func newMarkedAnalyzer(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	a, err := custom.AnalyzerConstructor(config, cache)
	if err != nil {
		return nil, fmt.Errorf("%s analyzer: %w", schema.MarkedAnalyzerType, err)
	}
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("%s analyzer: bleve's custom analyzer is a %T", schema.MarkedAnalyzerType, a)
	}
	if len(da.CharFilters) > 0 {
		// Boundaries are read from the text the tokens' offsets point into.
		return nil, fmt.Errorf("%s analyzer: char_filters are not supported", schema.MarkedAnalyzerType)
	}
	m := &markedAnalyzer{words: da, marks: true, caps: true, offsets: true,
		paragraph: []byte(schema.ParagraphMark), sentence: []byte(schema.SentenceMark), capsMark: []byte(schema.CapsMark)}
	for key, dst := range map[string]*bool{"marks": &m.marks, "caps": &m.caps, "offsets": &m.offsets} {
		switch v := config[key].(type) {
		case nil:
		case bool:
			*dst = v
		case string:
			return nil, fmt.Errorf("%s analyzer: %q must be true or false, not %q", schema.MarkedAnalyzerType, key, v)
		default:
			return nil, fmt.Errorf("%s analyzer: %q must be true or false, not %v", schema.MarkedAnalyzerType, key, v)
		}
	}
	return m, nil
}

// newTextQueryAnalyzer resolves schema.TextQueryAnalyzer in an index
// mapping: the mapping's own text analyzer, without its marks when it has
// them (an index older than them has a plain one).
func newTextQueryAnalyzer(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	a, err := cache.AnalyzerNamed(schema.TextAnalyzer)
	if err != nil {
		return nil, fmt.Errorf("%s: the mapping's %s: %w", schema.TextQueryAnalyzer, schema.TextAnalyzer, err)
	}
	if m, ok := a.(*markedAnalyzer); ok {
		return m.words, nil
	}
	return a, nil
}

// mark is a paragraph, sentence or caps mark to emit at a position.
type mark struct {
	pos, start int
	term       []byte
}

// Analyze returns the words of input as the tokenizer and filters make
// them, with the marks among them at their positions.
func (a *markedAnalyzer) Analyze(input []byte) analysis.TokenStream {
	out := a.analyze(input)
	if !a.offsets {
		for _, t := range out {
			t.Start, t.End = 0, 0
		}
	}
	return out
}

// analyze returns the words and marks with their byte offsets.
func (a *markedAnalyzer) analyze(input []byte) analysis.TokenStream {
	toks := a.words.Tokenizer.Tokenize(input)
	if len(toks) == 0 || !a.marks && !a.caps {
		return a.filter(toks)
	}
	// Both are read before the filters run: they rewrite terms in place,
	// in the input's bytes, and the stop filter reuses the slice.
	var marks []mark
	if a.marks {
		for _, b := range boundaries(input, toks) {
			if b.paragraph {
				marks = append(marks, mark{b.pos, b.start, a.paragraph})
			}
			marks = append(marks, mark{b.pos, b.start, a.sentence})
		}
	}
	var capital []bool // by position - 1
	ncaps := 0
	if a.caps {
		capital = make([]bool, toks[len(toks)-1].Position)
		for _, t := range toks {
			if r, _ := utf8.DecodeRune(input[t.Start:t.End]); unicode.IsUpper(r) && t.Position > 0 {
				capital[t.Position-1] = true
				ncaps++
			}
		}
	}
	words := a.filter(toks)
	out := make(analysis.TokenStream, 0, len(words)+len(marks)+ncaps)
	// The mark tokens, allocated together.
	extra := make([]analysis.Token, 0, len(marks)+ncaps)
	add := func(m mark) {
		extra = append(extra, m.token())
		out = append(out, &extra[len(extra)-1])
	}
	mi := 0
	for _, w := range words {
		for ; mi < len(marks) && marks[mi].pos <= w.Position; mi++ {
			add(marks[mi])
		}
		out = append(out, w)
		if p := w.Position - 1; p >= 0 && p < len(capital) && capital[p] {
			// Offsets 0, not the word's: caps() reads the mark's
			// positions only, and a 0 takes one byte in the postings.
			add(mark{w.Position, 0, a.capsMark})
		}
	}
	for ; mi < len(marks); mi++ {
		add(marks[mi])
	}
	return out
}

// token is the mark as a token: at its word's position, zero-width at the
// word's start.
func (m mark) token() analysis.Token {
	return analysis.Token{Term: m.term, Start: m.start, End: m.start, Position: m.pos, Type: analysis.AlphaNumeric}
}

// filter runs the token filters.
func (a *markedAnalyzer) filter(toks analysis.TokenStream) analysis.TokenStream {
	for _, f := range a.words.TokenFilters {
		toks = f.Filter(toks)
	}
	return toks
}

// boundary is the first token after a sentence or paragraph boundary.
type boundary struct {
	pos, start int
	paragraph  bool // also a paragraph's first
}

// boundaries finds the tokens of text (as the tokenizer made them, before
// any filter) that start a sentence or a paragraph, the field's first
// excepted. A paragraph ends at a blank line; sentences end where
// extract/tagger's splitter ends them (".", "!", "?" and closing quotes,
// before a capital, a digit or an opening quote; not after abbreviations,
// initials and dotted acronyms), so names and marks agree on sentences.
func boundaries(text []byte, toks analysis.TokenStream) []boundary {
	paras := paragraphStarts(text)
	sents := tagger.SentenceStarts(string(text))
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

// paragraphStarts returns the offsets of the first non-space byte after
// each blank line of text (a line of white space only).
func paragraphStarts(text []byte) []int {
	var out []int
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j >= len(text) || text[j] != '\n' {
			continue
		}
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n') {
			j++
		}
		if j < len(text) {
			out = append(out, j)
		}
		i = j - 1
	}
	return out
}

// wordLengthField is a text field analysed with a markedAnalyzer whose
// length, bleve's norm (1/sqrt(length)), counts its words only: engine
// reads the norm as the field's token count (topk, RescoreTerms) beside
// the average newsdesk counts (CorpusStats), which has no marks.
type wordLengthField struct {
	*bdoc.TextField
	words int
}

// Analyze analyses the field and counts its words.
func (f *wordLengthField) Analyze() {
	f.TextField.Analyze()
	n := f.TextField.AnalyzedLength()
	for term, tf := range f.TextField.AnalyzedTokenFrequencies() {
		if len(term) > 0 && term[0] == 0 { // schema.IsMarkTerm
			n -= tf.Frequency()
		}
	}
	f.words = n
}

// AnalyzedLength is the field's number of words.
func (f *wordLengthField) AnalyzedLength() int { return f.words }

// countWordsOnly makes the marked text fields of doc count their words
// only in their length.
func countWordsOnly(doc *bdoc.Document) {
	for i, f := range doc.Fields {
		if tf, ok := f.(*bdoc.TextField); ok {
			if _, marked := tf.Analyzer().(*markedAnalyzer); marked {
				doc.Fields[i] = &wordLengthField{TextField: tf}
			}
		}
	}
}

// indexDocument adds data to batch b as the document id, as b.Index does,
// with the lengths of its marked text fields counting their words only.
func (ix *Index) indexDocument(b *bleve.Batch, id string, data any) error {
	doc := bdoc.NewDocument(id)
	if err := ix.b.Mapping().MapDocument(doc, data); err != nil {
		return err
	}
	countWordsOnly(doc)
	return b.IndexAdvanced(doc)
}
