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
	bindex "github.com/blevesearch/bleve_index_api"

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
	marks, caps                   bool
	paragraph, sentence, capsMark []byte
}

// newMarkedAnalyzer builds a markedAnalyzer from a custom analyzer's config
// (tokenizer, token_filters) and the optional booleans "marks" and "caps".
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
	m := &markedAnalyzer{words: da, marks: true, caps: true,
		paragraph: []byte(schema.ParagraphMark), sentence: []byte(schema.SentenceMark), capsMark: []byte(schema.CapsMark)}
	for key, dst := range map[string]*bool{"marks": &m.marks, "caps": &m.caps} {
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
	freqs bindex.TokenFrequencies
}

// Analyze analyses the field as TextField.Analyze does and counts its
// words (TestWordLengthFieldMatchesTextField).
func (f *wordLengthField) Analyze() {
	a := f.TextField.Analyzer()
	if a == nil {
		f.TextField.Analyze()
		f.words = f.TextField.AnalyzedLength()
		f.freqs = f.TextField.AnalyzedTokenFrequencies()
		return
	}
	input := f.TextField.Value()
	if f.Options().IsStored() {
		// The filters rewrite terms in place, in the stored value's bytes.
		input = append(make([]byte, 0, len(input)), input...)
	}
	tokens := a.Analyze(input)
	f.freqs = tokenFrequency(tokens, f.ArrayPositions(), f.Options())
	f.words = len(tokens)
	if !f.Options().SkipFreqNorm() {
		for _, t := range tokens {
			if schema.IsMarkTerm(t.Term) {
				f.words--
			}
		}
	}
}

// AnalyzedLength is the field's number of words.
func (f *wordLengthField) AnalyzedLength() int { return f.words }

// AnalyzedTokenFrequencies are the field's terms, marks included.
func (f *wordLengthField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// tokenFrequency is analysis.TokenFrequency with the terms' records and
// their location lists allocated a few at a time rather than one by one:
// the same map, terms, frequencies and locations.
func tokenFrequency(tokens analysis.TokenStream, arrayPositions []uint64, options bindex.FieldIndexingOptions) bindex.TokenFrequencies {
	rv := make(bindex.TokenFrequencies, len(tokens))
	if len(tokens) == 0 {
		return rv
	}
	// First the terms, each counted in its frequency.
	var chunk []bindex.TokenFreq
	termOf := make([]*bindex.TokenFreq, len(tokens))
	for i, t := range tokens {
		tf := rv[string(t.Term)]
		if tf == nil {
			if len(chunk) == cap(chunk) {
				chunk = make([]bindex.TokenFreq, 0, min(64, len(tokens)-i))
			}
			chunk = append(chunk, bindex.TokenFreq{Term: t.Term})
			tf = &chunk[len(chunk)-1]
			rv[string(t.Term)] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		termOf[i] = tf
	}
	if options.IncludeTermVectors() {
		// Then each term's locations, in one array, in token order.
		locs := make([]bindex.TokenLocation, len(tokens))
		ptrs := make([]*bindex.TokenLocation, len(tokens))
		next := 0
		for i, t := range tokens {
			tf := termOf[i]
			if tf.Locations == nil {
				n := tf.Frequency()
				tf.Locations = ptrs[next : next : next+n]
				next += n
			}
			locs[i] = bindex.TokenLocation{ArrayPositions: arrayPositions, Start: t.Start, End: t.End, Position: t.Position}
			tf.Locations = append(tf.Locations, &locs[i])
		}
	}
	if options.SkipFreqNorm() {
		for _, tf := range rv {
			tf.SetFrequency(0)
		}
	}
	return rv
}

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
