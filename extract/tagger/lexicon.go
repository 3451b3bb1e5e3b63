package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexicon is what the model learned of words from the unlabelled text of
// its training sentences (the labels are not read): how each word is
// capitalised where its case says something, inside a sentence.
type lexicon struct {
	caps map[string]uint8 // lower-cased word → capsClass
}

// The capitalisation classes: of a word's occurrences after the first
// token of a sentence, how many are capitalised. Zero: seen fewer than
// minCapsCount times there, or not a word.
const (
	capsAlways    = 1 + iota // never lower-case ("Kenyatta", "Nairobi")
	capsMostly               // capitalised at least half the time ("Party")
	capsSometimes            // lower-case mostly ("police", "president")
	capsNever                // never capitalised ("the", "said")
	minCapsCount  = 2
)

// learnLexicon counts the words of the training sentences.
func learnLexicon(sentences []Sentence) *lexicon {
	type counts struct{ up, low int }
	seen := map[string]*counts{}
	for _, s := range sentences {
		for k, t := range s.Tokens {
			if k == 0 || !midSentence(s.Tokens[k-1]) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(t)
			if !unicode.IsLetter(r) {
				continue
			}
			lw := strings.ToLower(t)
			c := seen[lw]
			if c == nil {
				c = &counts{}
				seen[lw] = c
			}
			if unicode.IsUpper(r) {
				c.up++
			} else {
				c.low++
			}
		}
	}
	lex := &lexicon{caps: make(map[string]uint8, len(seen))}
	for w, c := range seen {
		switch n := c.up + c.low; {
		case n < minCapsCount:
		case c.low == 0:
			lex.caps[w] = capsAlways
		case c.up*2 >= n:
			lex.caps[w] = capsMostly
		case c.up > 0:
			lex.caps[w] = capsSometimes
		default:
			lex.caps[w] = capsNever
		}
	}
	return lex
}

// midSentence reports whether a token after prev is inside a sentence,
// where capitals mean something: not after an opening quote, bracket or
// colon, which start a sentence of their own.
func midSentence(prev string) bool {
	switch prev {
	case "\"", "“", "‘", "``", "(", "[", ":", "--", "-", "—", ";":
		return false
	}
	return true
}

// capsOf returns the class of word in any case: caps[strings.ToLower(word)]
// without allocating for an ASCII word of up to 64 bytes.
func (l *lexicon) capsOf(word string) uint8 {
	var buf [64]byte
	if len(word) > len(buf) {
		return l.caps[strings.ToLower(word)]
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			return l.caps[strings.ToLower(word)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return l.caps[string(buf[:len(word)])]
}
