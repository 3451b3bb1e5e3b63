package engine

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pattern is a MatchPattern term compiled: its characters, in which '?'
// stands for one character and '*' for any run of them, and the number of
// further characters a trailing "$N" allows (Factiva's engineer$3).
type pattern struct {
	body  []rune
	extra int
}

// parsePattern compiles a MatchPattern term. A '$' followed by digits to
// the end of the term is Factiva's "up to N more characters"; anywhere
// else '$' is itself.
func parsePattern(s string) (*pattern, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("pattern %q: not UTF-8", s)
	}
	orig := s
	p := &pattern{}
	if i := strings.LastIndexByte(s, '$'); i >= 0 && i+1 < len(s) {
		if n, err := strconv.Atoi(s[i+1:]); err == nil {
			if n < 0 || n > 100 {
				return nil, fmt.Errorf("pattern %q: $%d: want 0 to 100 more characters", orig, n)
			}
			s, p.extra = s[:i], n
		}
	}
	p.body = []rune(s)
	if len(p.body) == 0 {
		return nil, fmt.Errorf("pattern %q: no characters before the wildcard", orig)
	}
	return p, nil
}

// literalPrefix is the pattern's text before its first wildcard: the
// dictionary range its terms lie in.
func (p *pattern) literalPrefix() string {
	for i, r := range p.body {
		if r == '?' || r == '*' {
			return string(p.body[:i])
		}
	}
	return string(p.body)
}

// match says whether term is one of the pattern's terms. Wildcards never
// stand for a 0 byte, the first byte of the mark terms.
func (p *pattern) match(term string) bool {
	t := []rune(term)
	// can[j]: the pattern's body so far matches t[:j].
	can := make([]bool, len(t)+1)
	can[0] = true
	for _, c := range p.body {
		next := make([]bool, len(t)+1)
		switch c {
		case '*':
			for j := 0; j <= len(t); j++ {
				next[j] = can[j] || (j > 0 && next[j-1] && t[j-1] != 0)
			}
		case '?':
			for j := 1; j <= len(t); j++ {
				next[j] = can[j-1] && t[j-1] != 0
			}
		default:
			for j := 1; j <= len(t); j++ {
				next[j] = can[j-1] && t[j-1] == c
			}
		}
		can = next
	}
	// Up to extra more characters.
	for j := len(t); j >= 0 && j >= len(t)-p.extra; j-- {
		if !can[j] {
			continue
		}
		ok := true
		for _, r := range t[j:] {
			ok = ok && r != 0
		}
		if ok {
			return true
		}
	}
	return false
}
