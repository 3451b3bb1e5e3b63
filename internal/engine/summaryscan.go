package engine

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// A page of hits decodes the stored metadata of each article for a few
// keys, but the metadata also holds the article's names, quotations and
// code lists: encoding/json validates and walks all of it byte by byte.
// scanSummary reads the few keys and skips the rest in tight loops. It
// takes only input that encoding/json reads the same way, and reports
// false for anything else (a key that differs only in case, a wanted key
// whose value is not a string, nesting deeper than maxScanDepth, invalid
// JSON), which is then decoded by encoding/json as before.

// maxScanDepth bounds the nesting scanSummary skips (encoding/json's own
// limit is far deeper).
const maxScanDepth = 64

// summaryKeys are the keys of summaryJSON.
var summaryKeys = []string{"id", "headline", "byline", "section", "source", "source_code", "date", "quotes"}

// scanSummary reads the keys of summaryJSON from meta, a JSON object.
func scanSummary(meta string) (summaryJSON, bool) {
	var j summaryJSON
	p := jsonScan{s: meta}
	p.space()
	if !p.byte('{') {
		return j, false
	}
	p.space()
	if !p.byte('}') {
		for {
			p.space()
			key, plain, ok := p.str()
			if !ok {
				return j, false
			}
			p.space()
			if !p.byte(':') {
				return j, false
			}
			p.space()
			dst := j.field(key)
			if key == "quotes" {
				start := p.i
				if !p.skip(0) {
					return j, false
				}
				j.Quotes = json.RawMessage(meta[start:p.i])
			} else if dst == nil {
				// encoding/json matches keys regardless of case: such a
				// key, or one it would unescape, is left to it.
				if !plain || !isASCII(key) || foldsToSummaryKey(key) {
					return j, false
				}
				if !p.skip(0) {
					return j, false
				}
			} else {
				if !plain || p.peek() != '"' {
					return j, false
				}
				start := p.i
				val, plain, ok := p.str()
				if !ok {
					return j, false
				}
				if plain && utf8.ValidString(val) {
					*dst = val
				} else if err := json.Unmarshal([]byte(meta[start:p.i]), dst); err != nil {
					return j, false
				}
			}
			p.space()
			if p.byte('}') {
				break
			}
			if !p.byte(',') {
				return j, false
			}
		}
	}
	p.space()
	return j, p.i == len(p.s)
}

// field returns where the value of key goes, or nil for another key.
func (j *summaryJSON) field(key string) *string {
	switch key {
	case "id":
		return &j.ID
	case "headline":
		return &j.Headline
	case "byline":
		return &j.Byline
	case "section":
		return &j.Section
	case "source":
		return &j.Source
	case "source_code":
		return &j.SourceCode
	case "date":
		return &j.Date
	}
	return nil
}

// foldsToSummaryKey reports whether key matches a key of summaryJSON
// regardless of case.
func foldsToSummaryKey(key string) bool {
	for _, k := range summaryKeys {
		if strings.EqualFold(key, k) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// jsonScan reads JSON text s from byte i.
type jsonScan struct {
	s string
	i int
}

func (p *jsonScan) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// byte consumes c if it comes next.
func (p *jsonScan) byte(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonScan) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// str reads a string: its text between the quotes as written, and plain
// when it has no escapes (the text is then its value).
func (p *jsonScan) str() (text string, plain, ok bool) {
	if !p.byte('"') {
		return "", false, false
	}
	start := p.i
	plain = true
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			text = p.s[start:p.i]
			p.i++
			return text, plain, true
		case c == '\\':
			plain = false
			p.i++
			switch p.peek() {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i++
			case 'u':
				p.i++
				for range 4 {
					if !isHex(p.peek()) {
						return "", false, false
					}
					p.i++
				}
			default:
				return "", false, false
			}
		case c < 0x20:
			return "", false, false
		default:
			p.i++
		}
	}
	return "", false, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// skip passes over one value, nested depth deep.
func (p *jsonScan) skip(depth int) bool {
	if depth > maxScanDepth {
		return false
	}
	switch c := p.peek(); {
	case c == '"':
		_, _, ok := p.str()
		return ok
	case c == '{':
		p.i++
		p.space()
		if p.byte('}') {
			return true
		}
		for {
			p.space()
			if _, _, ok := p.str(); !ok {
				return false
			}
			p.space()
			if !p.byte(':') {
				return false
			}
			p.space()
			if !p.skip(depth + 1) {
				return false
			}
			p.space()
			if p.byte('}') {
				return true
			}
			if !p.byte(',') {
				return false
			}
		}
	case c == '[':
		p.i++
		p.space()
		if p.byte(']') {
			return true
		}
		for {
			p.space()
			if !p.skip(depth + 1) {
				return false
			}
			p.space()
			if p.byte(']') {
				return true
			}
			if !p.byte(',') {
				return false
			}
		}
	case c == 't':
		return p.word("true")
	case c == 'f':
		return p.word("false")
	case c == 'n':
		return p.word("null")
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	return false
}

func (p *jsonScan) word(w string) bool {
	if strings.HasPrefix(p.s[p.i:], w) {
		p.i += len(w)
		return true
	}
	return false
}

// number passes over a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *jsonScan) number() bool {
	p.byte('-')
	switch c := p.peek(); {
	case c == '0':
		p.i++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return false
	}
	if p.byte('.') {
		if p.digits() == 0 {
			return false
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if p.digits() == 0 {
			return false
		}
	}
	return true
}

// digits passes over decimal digits and returns how many.
func (p *jsonScan) digits() int {
	n := 0
	for '0' <= p.peek() && p.peek() <= '9' {
		p.i++
		n++
	}
	return n
}
