package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special folds letters that do not decompose into a base letter and a mark.
var special = map[rune]string{'ı': "i", 'İ': "i", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'ß': "ss",
	'æ': "ae", 'Æ': "ae", 'đ': "d", 'Đ': "d", 'œ': "oe", 'Œ': "oe", '’': "'", '‘': "'"}

// Fold returns s lower-cased, without diacritics and with spaces collapsed:
// the form names are compared in ("Şanlıurfa" and "sanliurfa" fold alike).
func Fold(s string) string {
	if foldedASCII(s) {
		return s // the common case: already lower case, single-spaced
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // at the start, or after a space: drop further spaces
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r < 0x80:
			b.WriteRune(unicode.ToLower(r))
		case special[r] != "":
			b.WriteString(special[r])
		default:
			// Decompose (é -> e + ◌́) and drop the marks.
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		}
		space = false
	}
	return strings.TrimSuffix(b.String(), " ")
}

// foldedASCII reports an ASCII string that Fold would return unchanged.
func foldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}
