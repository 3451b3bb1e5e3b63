// Package wordpos finds a text's words as bleve's unicode tokenizer does
// (the same bytes, positions and types) several times faster: Words walks
// them, Locate finds the bytes of the words at given positions (the first
// word is 1), and Tokenizer is a bleve tokenizer made with them.
//
// Indexes keep positions, not byte offsets, in their term vectors, so a
// snippet learns where its matched words are by tokenising the text it
// shows again; and every ingest tokenises every text. bleve's tokenizer
// runs all of it through the Unicode word segmenter
// (github.com/blevesearch/segment, Unicode 8.0 word boundaries), which
// reads 12-20 MB/s: a third of a search's time for the snippets, 5% of an
// ingest's. The method here gives the same words:
//
//   - The text is cut at ASCII white space. A word never holds white
//     space and always ends before it (UAX #29 joins nothing across it),
//     so each piece is tokenised alone.
//   - A piece of ASCII only is scanned here: a word is a run of letters,
//     digits and underscores, where a single '.', ':' or apostrophe
//     between two letters, or a single '.', ',', ';' or apostrophe
//     between two digits, stays inside the word (WB6, WB7, WB11, WB12 as
//     the segmenter's grammar has them); every other character is not a
//     word. A word with a digit and no letter is a number.
//   - Any other piece goes through the segmenter, as the tokenizer does.
//   - Locate stops at the last position asked for.
//
// Text that is not valid UTF-8 goes through the segmenter whole: it stops
// at the first invalid byte, and so bleve's tokenizer indexes nothing after
// one (ingest decodes every input to valid UTF-8 first). The tests compare
// this package with bleve's tokenizer on the test archives, all of
// Reuters-21578 and fuzzed input.
package wordpos

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/segment"
)

// Span is a word's bytes in the text, [Start, End); a position beyond the
// text's last word has Start = End = -1.
type Span struct{ Start, End int }

// Locate returns the span of the word at each position of want, which
// must be ascending; the result is parallel to want.
func Locate(text string, want []int) []Span {
	out := make([]Span, len(want))
	for i := range out {
		out[i] = Span{-1, -1}
	}
	pos, next := 0, 0
	Words([]byte(text), func(start, end, _ int) bool {
		pos++
		for next < len(want) && want[next] <= pos {
			if want[next] == pos {
				out[next] = Span{start, end}
			}
			next++
		}
		return next < len(want)
	})
	return out
}

// Words calls fn with each word of text in order, as bleve's unicode
// tokenizer makes them: its bytes [start, end) and its kind, the word
// type of github.com/blevesearch/segment (segment.Letter, segment.Number,
// segment.Kana or segment.Ideo). It stops when fn returns false.
func Words(text []byte, fn func(start, end, kind int) bool) {
	if !utf8.Valid(text) {
		segmentWords(text, 0, fn)
		return
	}
	for start := 0; start < len(text); {
		end := start
		ascii := true
		for end < len(text) && !isSpace(text[end]) {
			if text[end] >= utf8.RuneSelf {
				ascii = false
			}
			end++
		}
		if end > start {
			var more bool
			if ascii {
				more = scanWords(text[start:end], start, fn)
			} else {
				more = segmentWords(text[start:end], start, fn)
			}
			if !more {
				return
			}
		}
		for end < len(text) && isSpace(text[end]) {
			end++
		}
		start = end
	}
}

// segmentWords finds the words of piece, which starts at offset base, as
// bleve's unicode tokenizer does: every segment but those of type None is
// a word. It reports whether fn wants more.
func segmentWords(piece []byte, base int, fn func(start, end, kind int) bool) bool {
	s := segment.NewWordSegmenterDirect(piece)
	at := base
	for s.Segment() {
		n := len(s.Bytes())
		if s.Type() != segment.None && !fn(at, at+n, s.Type()) {
			return false
		}
		at += n
	}
	return true
}

// scanWords finds the words of piece, ASCII without white space, which
// starts at offset base. A word with a digit and no letter is a number, as
// the segmenter's grammar has it. It reports whether fn wants more.
func scanWords(piece []byte, base int, fn func(start, end, kind int) bool) bool {
	for i := 0; i < len(piece); {
		if !isWord(class(piece[i])) {
			i++
			continue
		}
		start := i
		var seen uint8 // the classes in the word, as bits
		for i < len(piece) {
			c := class(piece[i])
			if isWord(c) {
				seen |= 1 << c
				i++
				continue
			}
			if c != other && i+1 < len(piece) {
				// A mid character: inside the word between two
				// letters or two digits.
				prev, next := class(piece[i-1]), class(piece[i+1])
				if prev == next && (prev == letter && c&midLetter != 0 || prev == digit && c&midNum != 0) {
					i++
					continue
				}
			}
			break
		}
		kind := segment.Letter
		if seen&(1<<digit) != 0 && seen&(1<<letter) == 0 {
			kind = segment.Number
		}
		if !fn(base+start, base+i, kind) {
			return false
		}
	}
	return true
}

// Character classes of ASCII for the scan. The two mid classes are bits:
// '.' and the apostrophe are both.
const (
	other      uint8 = 0
	letter     uint8 = 1
	digit      uint8 = 2
	underscore uint8 = 3
	midLetter  uint8 = 4 // ':' (MidLetter), '.' (MidNumLet), '\'' (Single_Quote)
	midNum     uint8 = 8 // ',' ';' (MidNum), '.', '\''
)

// isWord reports the classes that are word characters wherever they stand.
func isWord(class uint8) bool { return class == letter || class == digit || class == underscore }

func class(c byte) uint8 { return classes[c] }

// classes is the class of every byte; white space and bytes beyond ASCII
// are other here (the pieces the scan reads have neither).
var classes = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = letter, letter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = digit
	}
	t['_'], t[':'], t[','], t[';'] = underscore, midLetter, midNum, midNum
	t['.'], t['\''] = midLetter|midNum, midLetter|midNum
	return t
}()

// isSpace reports the ASCII white space a word never crosses.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// Tokenizer is bleve's unicode tokenizer made with Words: the same tokens
// (terms, offsets, positions and types), several times faster on text
// that is mostly ASCII. Its terms are slices of the input, as bleve's are.
type Tokenizer struct{}

// Tokenize returns the words of input as tokens.
func (Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	// One allocation for the tokens: news words average over five bytes
	// with their space.
	toks := make([]analysis.Token, 0, len(input)/5+1)
	Words(input, func(start, end, kind int) bool {
		toks = append(toks, analysis.Token{Term: input[start:end], Start: start, End: end, Position: len(toks) + 1, Type: tokenType(kind)})
		return true
	})
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

// tokenType is bleve's token type for a segment word kind.
func tokenType(kind int) analysis.TokenType {
	switch kind {
	case segment.Number:
		return analysis.Numeric
	case segment.Kana, segment.Ideo:
		return analysis.Ideographic
	}
	return analysis.AlphaNumeric
}
