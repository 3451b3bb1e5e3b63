package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or punctuation mark of a text with its byte offsets:
// text[Start:End] == Text.
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits news text into tokens the way the training corpora are
// tokenised (Penn Treebank style), keeping byte offsets: punctuation and
// quotes are tokens of their own; possessive 's and the clitics n't, 're,
// 've, 'll, 'm, 'd are split off ("Kenya's" → "Kenya" "'s"); periods stay on
// abbreviations, initials and dotted acronyms ("Mr.", "J.", "U.S."); hyphens,
// apostrophes and periods inside a word stay in it ("al-Qaida", "O'Neill",
// "3.5"); commas inside numbers stay ("10,000"). Dashes ("--", "—") are
// tokens.
func Tokenize(text string) []Token {
	// News has a token for every five bytes or so: room for most texts at
	// once, where growing from nothing copies them several times.
	return appendTokens(make([]Token, 0, len(text)/4+1), text)
}

// appendTokens appends the tokens of text to toks. It reads ASCII a byte
// at a time and decodes other runes; tokenizeRunes in the tests is the
// rune-at-a-time original it must agree with (TestTokenizeMatchesRunes).
func appendTokens(toks []Token, text string) []Token {
	for i := 0; ; {
		t, clitic, next, ok := scanToken(text, i)
		if !ok {
			return toks
		}
		toks = append(toks, t)
		if clitic.End > clitic.Start {
			toks = append(toks, clitic)
		}
		i = next
	}
}

// scanToken returns the first token of text[i:], and the clitic split off
// it when there is one (clitic.End > clitic.Start), and where the next
// token may start; ok is false when text[i:] has no token.
func scanToken(text string, i int) (t, clitic Token, next int, ok bool) {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiSpace[c]:
				i++
				continue
			case asciiWord[c]:
				j := wordEnd(text, i)
				t, clitic = splitWord(text, i, j)
				return t, clitic, j, true
			}
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := wordEnd(text, i)
			t, clitic = splitWord(text, i, j)
			return t, clitic, j, true
		default:
			// A run of the same mark is one token ("--", "''", "...").
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if r2 != r || r == '"' {
					break
				}
				j += n2
			}
			return Token{Text: text[i:j], Start: i, End: j}, Token{}, j, true
		}
	}
	return Token{}, Token{}, i, false
}

// asciiSpace and asciiWord are unicode.IsSpace and isWordRune for ASCII.
var asciiSpace, asciiWord = func() (space, word [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		space[c], word[c] = unicode.IsSpace(c), isWordRune(c)
	}
	return space, word
}()

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordRuneAt reports whether the rune at s[k:] is a word rune.
func wordRuneAt(s string, k int) bool {
	if c := s[k]; c < utf8.RuneSelf {
		return asciiWord[c]
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	return isWordRune(r)
}

// wordEnd returns the end of the word starting at i: letters and digits,
// joined by inner hyphens, apostrophes, periods, ampersands, and by commas
// and periods between digits.
func wordEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := rune(s[j]), 1
		if r < utf8.RuneSelf {
			if asciiWord[r] {
				j++
				continue
			}
		} else if r, n = utf8.DecodeRuneInString(s[j:]); isWordRune(r) {
			j += n
			continue
		}
		if j+n >= len(s) || j == i {
			break
		}
		switch r {
		case '-', '\'', '’', '.', '&':
			if wordRuneAt(s, j+n) {
				j += n
				continue
			}
		case ',':
			next, _ := utf8.DecodeRuneInString(s[j+n:])
			prev, _ := utf8.DecodeLastRuneInString(s[:j])
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				j += n
				continue
			}
		}
		break
	}
	// A final period belongs to initials, abbreviations and dotted acronyms;
	// otherwise it ends the sentence.
	if j < len(s) && s[j] == '.' {
		w := s[i:j]
		first, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(first) || isAbbreviationAnyCase(w) || strings.Contains(w, ".") && !strings.ContainsFunc(w, unicode.IsDigit) {
			j++
		}
	}
	return j
}

// isAbbreviationAnyCase is isAbbreviation(strings.ToLower(w)) without
// allocating for ASCII words (a non-ASCII capital may lower-case to ASCII:
// "İnc" is "inc").
func isAbbreviationAnyCase(w string) bool {
	var buf [8]byte
	if len(w) > len(buf) {
		return false // no abbreviation is that long, and lower-casing never shortens
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= utf8.RuneSelf {
			return isAbbreviation(strings.ToLower(w))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	return isAbbreviation(string(buf[:len(w)]))
}

// splitWord returns the word s[i:j], and the clitic split off it ("'s",
// "n't", "'re", "'ve", "'ll", "'m", "'d", with either apostrophe, in any
// case) when it ends in one.
func splitWord(s string, i, j int) (word, clitic Token) {
	if n := cliticLen(s[i:j]); n > 0 {
		k := j - n
		return Token{Text: s[i:k], Start: i, End: k}, Token{Text: s[k:j], Start: k, End: j}
	}
	return Token{Text: s[i:j], Start: i, End: j}, Token{}
}

// cliticLen returns the length in bytes of the clitic w ends in, 0 for
// none or when w is nothing but the clitic. No rune lower-cases to an
// apostrophe or to one of the clitics' letters but those letters' capitals,
// so comparing the bytes, ASCII letters folded, is comparing the
// lower-cased word.
func cliticLen(w string) int {
	lower := func(k int) byte { // w[k] with ASCII capitals folded
		c := w[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return c
	}
	// apos returns the length of the apostrophe ending at w[:k], 0 if none.
	apos := func(k int) int {
		switch {
		case k >= 1 && w[k-1] == '\'':
			return 1
		case k >= 3 && w[k-3:k] == "’":
			return 3
		}
		return 0
	}
	n := len(w)
	if n < 2 {
		return 0
	}
	c := 0 // the clitic's length
	switch lower(n - 1) {
	case 's', 'm', 'd':
		if a := apos(n - 1); a > 0 {
			c = a + 1
		}
	case 't':
		if a := apos(n - 1); a > 0 && n-2-a >= 0 && lower(n-2-a) == 'n' {
			c = a + 2
		}
	case 'e':
		if l := lower(n - 2); l == 'r' || l == 'v' {
			if a := apos(n - 2); a > 0 {
				c = a + 2
			}
		}
	case 'l':
		if lower(n-2) == 'l' {
			if a := apos(n - 2); a > 0 {
				c = a + 2
			}
		}
	}
	if c >= n {
		return 0
	}
	return c
}

func isAbbreviation(lw string) bool {
	switch lw {
	case "mr", "mrs", "ms", "dr", "jr", "sr", "st", "mt", "ft", "lt", "gen", "sen", "rep", "gov", "col", "maj",
		"capt", "sgt", "adm", "cmdr", "cpl", "pvt", "prof", "rev", "gens", "messrs", "supt", "insp", "det",
		"inc", "corp", "co", "ltd", "bros", "vs", "etc", "jan", "feb", "mar", "apr", "aug", "sept",
		"sep", "oct", "nov", "dec", "ave", "blvd", "dept", "univ", "assn", "rd":
		return true
	}
	return false
}

// Sentences groups tokens into sentences: a sentence ends after ".", "!" or
// "?" (and any closing quotes or brackets that follow) when the next token
// starts with a capital letter, a digit or an opening quote. Abbreviations
// keep their period inside the token, so "Mr. Smith" does not end one.
func Sentences(toks []Token) [][]Token {
	var out [][]Token
	start := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i].Text
		if t != "." && t != "!" && t != "?" && t != "..." {
			continue
		}
		j := i + 1
		for j < len(toks) && isCloser(toks[j].Text) {
			j++
		}
		if j < len(toks) {
			r, _ := utf8.DecodeRuneInString(toks[j].Text)
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !isOpener(toks[j].Text) {
				continue
			}
		}
		out = append(out, toks[start:j])
		start = j
		i = j - 1
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// SentenceStarts returns the byte offset of the first token of each
// sentence of text, as Sentences(Tokenize(text)) splits it, without making
// the sentences.
func SentenceStarts(text string) []int {
	// Sentences, a token at a time: after an end mark and any closing
	// quotes or brackets, the next token decides.
	var out []int
	first := -1    // where the current sentence starts; -1: no token yet
	ended := false // an end mark (and closers) ends the sentence so far
	see := func(t Token) {
		if first < 0 {
			first = t.Start
		}
		if ended {
			if isCloser(t.Text) {
				return
			}
			ended = false
			r, _ := utf8.DecodeRuneInString(t.Text)
			if unicode.IsUpper(r) || unicode.IsDigit(r) || isOpener(t.Text) {
				out = append(out, first)
				first = t.Start
				return // and t, which starts a sentence, does not end one
			}
		}
		switch t.Text {
		case ".", "!", "?", "...":
			ended = true
		}
	}
	for i := 0; ; {
		t, clitic, next, ok := scanToken(text, i)
		if !ok {
			break
		}
		see(t)
		if clitic.End > clitic.Start {
			see(clitic)
		}
		i = next
	}
	if first >= 0 {
		out = append(out, first)
	}
	return out
}

func isCloser(s string) bool {
	switch s {
	case "\"", "”", "’", "'", "''", ")", "]":
		return true
	}
	return false
}

func isOpener(s string) bool {
	switch s {
	case "\"", "“", "‘", "``", "(", "[":
		return true
	}
	return false
}
