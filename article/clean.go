package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

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

// MakeValidUTF8 replaces every byte of a's text fields that is not UTF-8
// with U+FFFD, as ingest's readers do with their input. An article built in
// Go may hold such bytes, and bleve's tokenizer stops at the first one: the
// rest of the field would not be searchable.
func MakeValidUTF8(a *Article) {
	for f := range FieldsSeq() {
		switch p := f.Ptr(a).(type) {
		case *string:
			if !utf8.ValidString(*p) {
				*p = strings.ToValidUTF8(*p, "\uFFFD")
			}
		case *[]string:
			for i, s := range *p {
				if !utf8.ValidString(s) {
					(*p)[i] = strings.ToValidUTF8(s, "\uFFFD")
				}
			}
		}
	}
}
