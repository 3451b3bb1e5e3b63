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
	var toks []Token
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := wordEnd(text, i)
			toks = appendWord(toks, text, i, j)
			i = j
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
			toks = append(toks, Token{Text: text[i:j], Start: i, End: j})
			i = j
		}
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordEnd returns the end of the word starting at i: letters and digits,
// joined by inner hyphens, apostrophes, periods, ampersands, and by commas
// and periods between digits.
func wordEnd(s string, i int) int {
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
	// A final period belongs to initials, abbreviations and dotted acronyms;
	// otherwise it ends the sentence.
	if j < len(s) && s[j] == '.' {
		w := s[i:j]
		first, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(first) || isAbbreviation(strings.ToLower(w)) || strings.Contains(w, ".") && !strings.ContainsFunc(w, unicode.IsDigit) {
			j++
		}
	}
	return j
}

// appendWord appends s[i:j], splitting off clitics.
func appendWord(toks []Token, s string, i, j int) []Token {
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
