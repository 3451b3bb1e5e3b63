package article

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CleanText normalises line ends to LF, drops control characters other than
// LF and tab, and normalises to NFC.
func CleanText(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.IndexFunc(s, IsJunkControl) >= 0 {
		s = strings.Map(func(r rune) rune {
			if IsJunkControl(r) {
				return -1
			}
			return r
		}, s)
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// IsJunkControl reports runes that carry no text: control characters other
// than LF and tab, and byte order marks left inside concatenated files.
func IsJunkControl(r rune) bool {
	return r == '\uFEFF' || (r != '\n' && r != '\t' && unicode.IsControl(r))
}
