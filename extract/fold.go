package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// special folds letters that do not decompose into a base letter and a mark.
var special = strings.NewReplacer("ı", "i", "İ", "i", "ø", "o", "Ø", "o", "ł", "l", "Ł", "l", "ß", "ss",
	"æ", "ae", "Æ", "ae", "đ", "d", "Đ", "d", "œ", "oe", "’", "'", "‘", "'")

// Fold returns s lower-cased, without diacritics and with spaces collapsed:
// the form names are compared in ("Şanlıurfa" and "sanliurfa" fold alike).
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = special.Replace(s)
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if r, _, err := transform.String(t, s); err == nil {
			s = r
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
