package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word or a punctuation mark of one paragraph, with its byte
// offsets in the paragraph text.
type token struct {
	text       string
	start, end int
	word       bool
	cap        bool // starts with a capital letter ("Neumann", "al-Baghdadi", "U.S.")
	acronym    bool // capitals only, at least two letters ("ISIS", "C.I.A.")
	possessive bool // ended in 's, which is not part of text
	sentStart  bool // first word of a sentence, a quotation or a paragraph
	fold       string
}

// abbreviations keep their final period as part of the word.
var abbreviations = set(`mr mrs ms dr jr sr lt gen sen rep gov st col maj capt sgt adm prof rev inc corp co ltd no vs mt ft cmdr cpl pvt gens messrs supt insp det bros`)

// tokenize splits a paragraph into words and punctuation. It is hand-written
// rather than bleve's tokenizer because names need what analyzers drop:
// case, periods of initials and abbreviations, apostrophes and hyphens
// inside words.
func tokenize(s string) []token {
	// News has a token for every five bytes or so: room for most
	// paragraphs at once, where growing from nothing copies them four times.
	toks := make([]token, 0, len(s)/4+1)
	i := 0
	start := true // the next word starts a sentence
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2) {
					j += n2
					continue
				}
				// Apostrophes, hyphens and dots between letters stay inside:
				// "O'Connor", "al-Baghdadi", "U.S".
				if (r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '.' || r2 == '&') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if unicode.IsLetter(r3) || (r2 == '-' && unicode.IsDigit(r3)) {
						j += n2
						continue
					}
				}
				break
			}
			w := s[i:j]
			// A final period belongs to initials, abbreviations and dotted
			// acronyms; otherwise it ends the sentence.
			if j < len(s) && s[j] == '.' {
				base := strings.ToLower(w)
				if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r) || abbreviations[base] || strings.Contains(w, ".") {
					j++
					w = s[i:j]
				}
			}
			t := token{text: w, start: i, end: j, word: true, sentStart: start}
			if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
				t.possessive = true
				t.text = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			}
			t.cap = isCap(t.text)
			t.acronym = isAcronym(t.text)
			t.fold = strings.TrimSuffix(Fold(t.text), ".")
			toks = append(toks, t)
			start = false
			i = j
		default:
			j := i + n
			// Runs of the same mark are one token ("''", "--").
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if r2 != r {
					break
				}
				j += n2
			}
			p := s[i:j]
			toks = append(toks, token{text: p, start: i, end: j})
			switch p {
			case ".", "?", "!", ":", ";", "--", "—", "–", "(", "“", "‘", "...", "…":
				start = true
			case "-":
				if i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' ' {
					start = true // "(Reuters) - Floodwater"
				}
			case "''", "\"", "'":
				// Straight quotes open a quotation only after a space.
				if i == 0 || s[i-1] == ' ' || s[i-1] == '(' {
					start = true
				}
			}
			i = j
		}
	}
	return toks
}

// isCap reports whether a word starts with a capital letter, or is a
// particle-prefixed name ("al-Baghdadi").
func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		return true
	}
	for _, p := range []string{"al-", "el-", "bin-", "ibn-"} {
		if strings.HasPrefix(w, p) && len(w) > len(p) {
			r, _ := utf8.DecodeRuneInString(w[len(p):])
			return unicode.IsUpper(r)
		}
	}
	return false
}
