package tagger_test

import (
	"testing"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

// FuzzFind: any text, valid UTF-8 or not, gives names whose offsets hold
// their text, in order, without a panic.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Kenyan President Uhuru Kenyatta met officials of the World Bank in Nairobi.",
		"Mr. O'Neill's U.S.-based firm -- \"won't\" pay $10,000.",
		"", ".", "'s", "A", "\xff\xfeMr.", "… — “ ” ‘ ’",
	} {
		f.Add(s)
	}
	m, err := tagger.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, n := range m.Find(text) {
			if n.Start < last || n.End <= n.Start || n.End > len(text) || text[n.Start:n.End] != n.Text {
				t.Fatalf("%q: name %+v out of order or offsets wrong", text, n)
			}
			last = n.End
		}
		for _, tok := range tagger.Tokenize(text) {
			if tok.Start >= tok.End || text[tok.Start:tok.End] != tok.Text {
				t.Fatalf("%q: token %+v", text, tok)
			}
			if utf8.ValidString(text) && !utf8.ValidString(tok.Text) {
				t.Fatalf("%q: token %q splits a character", text, tok.Text)
			}
		}
	})
}
