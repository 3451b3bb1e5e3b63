package ingest

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/article"
)

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name, in, want string
		enc            Encoding
	}{
		{"plain UTF-8", "héllo\nworld", "héllo\nworld", UTF8},
		{"UTF-8 BOM", "\xEF\xBB\xBFhi", "hi", UTF8BOM},
		{"CRLF and lone CR", "a\r\nb\rc\n", "a\nb\nc\n", UTF8},
		{"Windows-1252", "caf\xe9 \x93quoted\x94 \x80", "café “quoted” €", Windows1252},
		{"mixed lines keep their UTF-8", "café\ncaf\xe9", "café\ncafé", Windows1252},
		{"undefined Windows-1252 byte replaced", "a\x81b\xe9", "a\uFFFDbé", Windows1252},
		{"UTF-16LE", "\xFF\xFEh\x00\xe9\x00\r\x00\n\x00", "hé\n", UTF16LE},
		{"UTF-16BE", "\xFE\xFF\x00h\x00\xe9", "hé", UTF16BE},
		{"controls dropped, tab kept", "a\x00b\x07c\td\x1b", "abc\td", UTF8},
		{"NFC", "Cafe\u0301 Zu\u0308rich", "Café Zürich", UTF8},
		{"BOM inside text dropped", "a\uFEFFb", "ab", UTF8},
		{"empty", "", "", UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := DecodeText([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("DecodeText(%q) = %q, %s; want %q, %s", tt.in, got, enc, tt.want, tt.enc)
			}
		})
	}
}

func TestLineReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string // lines, "ERR" for a too-long line
		enc  Encoding
	}{
		{"no final newline", "a\nb", 0, []string{"a", "b"}, UTF8},
		{"final newline", "a\nb\n", 0, []string{"a", "b"}, UTF8},
		{"blank lines kept", "a\n\n\nb\n", 0, []string{"a", "", "", "b"}, UTF8},
		{"CR forms", "a\r\nb\rc\r", 0, []string{"a", "b", "c"}, UTF8},
		{"too long line skipped", "short\n" + strings.Repeat("x", 40) + "\nnext\n", 16, []string{"short", "ERR", "next"}, UTF8},
		{"too long last line", "short\n" + strings.Repeat("x", 40), 16, []string{"short", "ERR"}, UTF8},
		{"exactly at limit", strings.Repeat("y", 16) + "\n", 16, []string{strings.Repeat("y", 16)}, UTF8},
		{"Windows-1252 line", "ok\n\x93q\x94\n", 0, []string{"ok", "“q”"}, Windows1252},
		{"UTF-16LE", "\xFF\xFEa\x00\n\x00b\x00", 0, []string{"a", "b"}, UTF16LE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(tt.in), tt.max)
			// A small buffer makes long lines span several reads.
			var got []string
			for i := 1; ; i++ {
				s, n, err := lr.next()
				if err != nil && !errors.Is(err, errLineTooLong) {
					break
				}
				if n != i {
					t.Errorf("line %d numbered %d", i, n)
				}
				if err != nil {
					s = "ERR"
				}
				got = append(got, s)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || lr.enc != tt.enc {
				t.Errorf("lines = %q (%s), want %q (%s)", got, lr.enc, tt.want, tt.enc)
			}
		})
	}
}

func TestLongLinesInParsers(t *testing.T) {
	long := `{"headline":"` + strings.Repeat("w ", 100) + `"}`
	var got []string
	parseJSONL(strings.NewReader(`{"headline":"a"}`+"\n"+long+"\n"+`{"headline":"b"}`), "x.jsonl", 64,
		func(a *article.Article, err error) bool {
			if err != nil {
				got = append(got, err.Error())
			} else {
				got = append(got, a.Headline)
			}
			return true
		})
	want := []string{"a", "x.jsonl:2: line longer than 64 bytes: line too long", "b"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("JSONL: got %q, want %q", got, want)
	}

	fact := "H1\n\n1 words\n1 May 2020\nSrc\nEnglish\n\nBody " + strings.Repeat("x", 100) + "\nDocument ABCD000020200501eg510000a\n\n" +
		"H2\n\n1 words\n1 May 2020\nSrc\nEnglish\n\nBody\nDocument ABCD000020200501eg510000b\n"
	got = nil
	parseFactiva(strings.NewReader(fact), "x.txt", 64, func(a *article.Article, err error) bool {
		if err != nil {
			got = append(got, err.Error())
		} else {
			got = append(got, a.Headline)
		}
		return true
	})
	want = []string{"x.txt:1: line longer than 64 bytes: line too long", "H2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Factiva: got %q, want %q", got, want)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       Format
	}{
		{"a.jsonl", `{"id":1}`, FormatJSONL},
		{"a.txt", "\n  {\"id\":1}", FormatJSONL},         // content wins over the name
		{"a.dat", "\xEF\xBB\xBF{\"id\":1}", FormatJSONL}, // after a BOM
		{"a.dat", "\xFF\xFE{\x00\"\x00", FormatJSONL},    // UTF-16
		{"a.jsonl", "Headline\n\n12 words\n", FormatFactiva},
		{"export", "Headline\n\n1,234 words\r\n3 May 2001\r\n", FormatFactiva},
		{"export", "...\nDocument NYTF000020171023edan00046\n", FormatFactiva},
		{"a.TXT", "anything", ""},
		{"notes.txt", "Meeting notes\n\nWe discussed the budget.\n", ""},
		{"blank.txt", " \n\n", FormatFactiva},
		{"a.ndjson", "", FormatJSONL},
		{"README.md", "# readme", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestLooksBinary(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"plain text\n", false},
		{"", false},
		{"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", true},
		{"\xFF\xFEh\x00i\x00", false},
		{"\x01\x02\x03\x04abc", true},
		{"caf\xe9", false},
	}
	for _, tt := range tests {
		if got := looksBinary([]byte(tt.head)); got != tt.want {
			t.Errorf("looksBinary(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

// FuzzDecodeText checks that DecodeText always returns valid NFC UTF-8
// without CRs or junk control characters.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"a\r\nb", "caf\xe9", "\xFF\xFEa\x00", "\xEF\xBB\xBFx", "\xFE\xFF\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, _, err := DecodeText(b)
		if err != nil {
			return
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, '\r') || strings.IndexFunc(s, article.IsJunkControl) >= 0 {
			t.Errorf("DecodeText(%q) = %q", b, s)
		}
	})
}
