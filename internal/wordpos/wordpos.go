// Package wordpos finds the bytes of a text's words by their token
// position, as bleve's unicode tokenizer numbers them (the first word is 1),
// without running the whole text through the Unicode word segmenter.
//
// Indexes keep positions, not byte offsets, in their term vectors, so a
// snippet learns where its matched words are by tokenising the text it
// shows again. The segmenter (github.com/blevesearch/segment, Unicode 8.0
// word boundaries) reads about 25 MB/s, which made that a third of a
// search's time. The method here gives the same positions and offsets:
//
//   - The text is cut at ASCII white space. A word never holds white
//     space and always ends before it (UAX #29 joins nothing across it),
//     so each piece is tokenised alone.
//   - A piece of ASCII only is scanned here: a word is a run of letters,
//     digits and underscores, where a single '.', ':' or apostrophe
//     between two letters, or a single '.', ',', ';' or apostrophe
//     between two digits, stays inside the word (WB6, WB7, WB11, WB12 as
//     the segmenter's grammar has them); every other character is not a
//     word.
//   - Any other piece goes through the segmenter, as the tokenizer does.
//   - The scan stops at the last position asked for.
//
// Text that is not valid UTF-8 is tokenised whole by the segmenter (it
// stops at the first invalid byte, and so must this). The tests compare
// the two on the test archives, on Reuters-21578 and on fuzzed input.
package wordpos

import (
	"unicode/utf8"

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
	if len(want) == 0 {
		return out
	}
	l := locator{want: want, out: out}
	if !utf8.ValidString(text) {
		l.segment(text, 0)
		return out
	}
	for start := 0; start < len(text) && !l.done(); {
		end := start
		ascii := true
		for end < len(text) && !isSpace(text[end]) {
			if text[end] >= utf8.RuneSelf {
				ascii = false
			}
			end++
		}
		if end > start {
			if ascii {
				l.scan(text[start:end], start)
			} else {
				l.segment(text[start:end], start)
			}
		}
		for end < len(text) && isSpace(text[end]) {
			end++
		}
		start = end
	}
	return out
}

// locator counts words and fills in the spans of the wanted positions.
type locator struct {
	want []int
	out  []Span
	pos  int // the last word's position
	next int // index in want of the next position to find
}

func (l *locator) done() bool { return l.next == len(l.want) }

// word records a word at text offset [start, end).
func (l *locator) word(start, end int) {
	l.pos++
	for l.next < len(l.want) && l.want[l.next] <= l.pos {
		if l.want[l.next] == l.pos {
			l.out[l.next] = Span{start, end}
		}
		l.next++
	}
}

// segment tokenises piece, which starts at offset base, as bleve's
// unicode tokenizer does: every segment but those of type None is a word.
func (l *locator) segment(piece string, base int) {
	s := segment.NewWordSegmenterDirect([]byte(piece))
	at := base
	for !l.done() && s.Segment() {
		n := len(s.Bytes())
		if s.Type() != segment.None {
			l.word(at, at+n)
		}
		at += n
	}
}

// scan tokenises piece, ASCII without white space, which starts at offset
// base.
func (l *locator) scan(piece string, base int) {
	for i := 0; i < len(piece) && !l.done(); {
		if !isWord(class(piece[i])) {
			i++
			continue
		}
		start := i
		i++
		for i < len(piece) {
			switch c := class(piece[i]); {
			case isWord(c):
				i++
				continue
			case c == other || i+1 >= len(piece):
			default: // a mid character: inside the word between two letters or two digits
				prev, next := class(piece[i-1]), class(piece[i+1])
				if prev == next && (prev == letter && c&midLetter != 0 || prev == digit && c&midNum != 0) {
					i += 2
					continue
				}
			}
			break
		}
		l.word(base+start, base+i)
	}
}

// Character classes of ASCII for the scan. The two mid classes are bits:
// '.' and the apostrophe are both.
const (
	other      uint8 = 0
	letter           = 1
	digit            = 2
	underscore       = 3
	midLetter        = 4 // ':' (MidLetter), '.' (MidNumLet), '\'' (Single_Quote)
	midNum           = 8 // ',' ';' (MidNum), '.', '\''
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
