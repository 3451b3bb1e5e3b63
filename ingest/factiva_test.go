package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
	xunicode "golang.org/x/text/encoding/unicode"
)

const samplePath = "../testdata/archive/factiva/nyt-2017-10-23.txt"

// parseAll collects the articles and errors of one input.
func parseAll(t *testing.T, input, name string, f ingest.Format) ([]*article.Article, []error) {
	t.Helper()
	var arts []*article.Article
	var errs []error
	for a, err := range ingest.Parse(strings.NewReader(input), name, f) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		arts = append(arts, a)
	}
	return arts, errs
}

func TestFactivaSample(t *testing.T) {
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*article.Article
	for a, err := range ingest.Parse(f, "nyt.txt", ingest.FormatFactiva) {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		arts = append(arts, a)
	}
	if len(arts) != 1 {
		t.Fatalf("got %d articles, want 1", len(arts))
	}
	a := arts[0]
	checks := []struct {
		field     string
		got, want any
	}{
		{"ID", a.ID, "NYTF000020171023edan00046"},
		{"Headline", a.Headline, "ISIS Fighters Are Not Flooding Back Home to Wreak Havoc as Feared"},
		{"Byline", a.Byline, "By ERIC SCHMITT; Rukmini Callimachi contributed reporting from New York."},
		{"Authors", a.Authors, []string{"Eric Schmitt"}},
		{"Section", a.Section, "Foreign Desk"},
		{"Extra", a.Extra, map[string]any{"section_code": "SECTA", ingest.LanguageLabelKey: "English"}},
		{"Source", a.Source, "The New York Times"},
		{"SourceCode", a.SourceCode, "NYTF"},
		{"Date", a.Date, time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)},
		{"Edition", a.Edition, "Late Edition - Final"},
		{"Page", a.Page, "6"},
		{"Language", a.Language, "en"},
		{"WordCount", a.WordCount, 1382},
		{"Copyright", a.Copyright, "Copyright 2017 The New York Times Company. All Rights Reserved."},
		{"URL", a.URL, ""},
		{"len(Body)", len(a.Body), 28},
		{"Origin", a.Origin, article.Origin{File: "nyt.txt", Ordinal: 1, Line: 1, Format: string(ingest.FormatFactiva)}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	if len(a.Body) == 0 {
		t.Fatal("no body")
	}
	if !strings.HasPrefix(a.Body[0], "THE HAGUE -- As recently as a year ago,") {
		t.Errorf("Body[0] = %.60q...", a.Body[0])
	}
	last := a.Body[len(a.Body)-1]
	if !strings.HasPrefix(last, "Displaced men suspected") || !strings.HasSuffix(last, "DAVE THOMPSON/GETTY IMAGES)") {
		t.Errorf("last paragraph = %q", last)
	}
	if want := "''We're not seeing a lot of flow"; !strings.HasPrefix(a.Body[2], want) {
		t.Errorf("Body[2] = %.40q..., want the '' quotes kept", a.Body[2])
	}
	for i, p := range a.Body {
		if p != strings.TrimSpace(p) || strings.Contains(p, "\n") {
			t.Errorf("Body[%d] not trimmed to one line: %q", i, p)
		}
	}
}

// article is a small well-formed Factiva article used by the fixtures.
const factivaFixture = `World Desk; SECTW
Quake Shakes  Coastal Towns

By JANE DOE and JOHN ROE
412 words
5 March 2020
The Daily Planet
DPLN
Late Edition
A12
English
Copyright 2020 The Daily Planet.

METROPOLIS -- A strong earthquake struck.

Residents fled to higher ground.

Document DPLN000020200305eg350000a
`

// wantArticle is the Article parsed from the article fixture.
func wantArticle(mod func(*article.Article)) *article.Article {
	a := &article.Article{
		ID:         "DPLN000020200305eg350000a",
		Headline:   "Quake Shakes Coastal Towns",
		Byline:     "By JANE DOE and JOHN ROE",
		Authors:    []string{"Jane Doe", "John Roe"},
		Section:    "World Desk",
		Source:     "The Daily Planet",
		SourceCode: "DPLN",
		Date:       time.Date(2020, 3, 5, 0, 0, 0, 0, time.UTC),
		Edition:    "Late Edition",
		Page:       "A12",
		Language:   "en",
		WordCount:  412,
		Copyright:  "Copyright 2020 The Daily Planet.",
		Body:       []string{"METROPOLIS -- A strong earthquake struck.", "Residents fled to higher ground."},
		Extra:      map[string]any{"section_code": "SECTW", ingest.LanguageLabelKey: "English"},
		Origin:     article.Origin{File: "t.txt", Ordinal: 1, Line: 1, Format: string(ingest.FormatFactiva)},
	}
	if mod != nil {
		mod(a)
	}
	return a
}

// edit returns the article fixture with old replaced by new.
func edit(old, new string) string {
	if !strings.Contains(factivaFixture, old) {
		panic("fixture has no " + old)
	}
	return strings.Replace(factivaFixture, old, new, 1)
}

func utf16LE(s string) string {
	b, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestParseFactiva(t *testing.T) {
	second := strings.NewReplacer("Quake Shakes  Coastal Towns", "Second Story",
		"eg350000a", "eg350000b").Replace(factivaFixture)
	tests := []struct {
		name  string
		input string
		want  []*article.Article
		errs  []string // error messages, in order
	}{
		{name: "full", input: factivaFixture, want: []*article.Article{wantArticle(nil)}},
		{
			name:  "no section",
			input: edit("World Desk; SECTW\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Section, a.Extra = "", map[string]any{ingest.LanguageLabelKey: "English"}
			})},
		},
		{
			name:  "section without code",
			input: edit("World Desk; SECTW", "Arts & Leisure"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Section, a.Extra = "Arts & Leisure", map[string]any{ingest.LanguageLabelKey: "English"}
			})},
		},
		{
			name:  "no byline",
			input: edit("By JANE DOE and JOHN ROE\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Byline, a.Authors = "", nil
			})},
		},
		{
			name:  "byline over two lines",
			input: edit("By JANE DOE and JOHN ROE\n", "By JANE DOE\nand JOHN ROE in Paris\n"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Byline = "By JANE DOE and JOHN ROE in Paris"
			})},
		},
		{
			name:  "no edition or page",
			input: edit("Late Edition\nA12\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Edition, a.Page = "", ""
			})},
		},
		{
			name:  "edition without page",
			input: edit("A12\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Page = ""
			})},
		},
		{
			name:  "page without edition",
			input: edit("Late Edition\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Edition = ""
			})},
		},
		{
			name:  "numeric page without edition or code",
			input: edit("DPLN\nLate Edition\nA12\n", "6\n"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.SourceCode, a.Edition, a.Page = "", "", "6"
			})},
		},
		{
			name:  "no source code",
			input: edit("DPLN\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.SourceCode = ""
			})},
		},
		{
			name:  "24-hour time of day",
			input: edit("5 March 2020\n", "5 March 2020\n14:32\n"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Date = time.Date(2020, 3, 5, 14, 32, 0, 0, time.UTC)
			})},
		},
		{
			name:  "12-hour time of day with zone",
			input: edit("5 March 2020\n", "5 March 2020\n3:04 PM GMT\n"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Date = time.Date(2020, 3, 5, 15, 4, 0, 0, time.UTC)
			})},
		},
		{
			name:  "US date order",
			input: edit("5 March 2020", "March 5, 2020"),
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "native language name",
			input: edit("English", "Français"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Language, a.Extra[ingest.LanguageLabelKey] = "fr", "Français"
			})},
		},
		{
			name:  "unknown language",
			input: edit("English", "Klingon"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Language, a.Extra[ingest.LanguageLabelKey] = "klingon", "Klingon"
			})},
		},
		{
			name:  "interface-language label, rights line not starting with Copyright",
			input: edit("English\nCopyright 2020 The Daily Planet.", "德文\nQuelle: The Daily Planet, 2020. All rights reserved."),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Language, a.Extra[ingest.LanguageLabelKey] = "de", "德文"
				a.Copyright = "Quelle: The Daily Planet, 2020. All rights reserved."
			})},
		},
		{
			name:  "rights line starting with a web address",
			input: edit("Copyright 2020 The Daily Planet.", "www.planet.example Copyright 2020 The Daily Planet."),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Copyright = "www.planet.example Copyright 2020 The Daily Planet."
			})},
		},
		{
			name:  "copyright over two lines with (c)",
			input: edit("Copyright 2020 The Daily Planet.\n", "(c) 2020 The Daily Planet.\nAll rights reserved.\n"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Copyright = "(c) 2020 The Daily Planet. All rights reserved."
			})},
		},
		{
			name:  "no copyright",
			input: edit("Copyright 2020 The Daily Planet.\n", ""),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Copyright = ""
			})},
		},
		{
			name:  "wrapped paragraph",
			input: edit("A strong earthquake struck.", "A strong\n  earthquake struck.   "),
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "multiple articles",
			input: factivaFixture + "\n\n" + second,
			want: []*article.Article{wantArticle(nil), wantArticle(func(a *article.Article) {
				a.Headline, a.ID = "Second Story", "DPLN000020200305eg350000b"
				a.Origin = article.Origin{File: "t.txt", Ordinal: 2, Line: 21, Format: string(ingest.FormatFactiva)}
			})},
		},
		{
			name:  "CRLF",
			input: strings.ReplaceAll(factivaFixture, "\n", "\r\n"),
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "lone CR",
			input: strings.ReplaceAll(factivaFixture, "\n", "\r"),
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "UTF-8 BOM",
			input: "\xEF\xBB\xBF" + factivaFixture,
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "Windows-1252",
			input: edit("Quake Shakes  Coastal Towns", "Caf\xe9 \x93quoted\x94 \x96 na\xefve"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Headline = "Café “quoted” – naïve"
			})},
		},
		{
			name:  "UTF-16LE with BOM",
			input: utf16LE(edit("Quake Shakes  Coastal Towns", "Ünïcödé Quake")),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Headline = "Ünïcödé Quake"
			})},
		},
		{
			name:  "decomposed accents are composed (NFC)",
			input: edit("Quake Shakes  Coastal Towns", "Cafe\u0301"),
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Headline = "Café"
			})},
		},
		{
			name:  "control characters dropped",
			input: edit("Residents fled", "Resi\x00dents\x0b fled"),
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "trailing Search Summary",
			input: factivaFixture + "\nSearch Summary\nText\tearthquake\nDate\t01/03/2020 to 31/03/2020\n1,000 words\n",
			want:  []*article.Article{wantArticle(nil)},
		},
		{
			name:  "missing final Document line",
			input: factivaFixture + "\n" + strings.TrimSuffix(second, "Document DPLN000020200305eg350000b\n"),
			want:  []*article.Article{wantArticle(nil)},
			errs:  []string{"t.txt:20: article has no closing Document line"},
		},
		{
			name:  "missing Document line between articles",
			input: strings.TrimSuffix(factivaFixture, "Document DPLN000020200305eg350000a\n") + "\n" + second,
			want: []*article.Article{wantArticle(func(a *article.Article) {
				a.Headline, a.ID = "Second Story", "DPLN000020200305eg350000b"
				a.Origin = article.Origin{File: "t.txt", Ordinal: 2, Line: 19, Format: string(ingest.FormatFactiva)}
			})},
			errs: []string{"t.txt:1: article has no closing Document line"},
		},
		{
			name:  "empty input",
			input: "\n\n",
			errs:  []string{"t.txt: no articles: the file holds only white space"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := parseAll(t, tt.input, "t.txt", ingest.FormatFactiva)
			compareArticles(t, arts, tt.want)
			compareErrors(t, errs, tt.errs)
		})
	}
}

func TestParseFactivaErrors(t *testing.T) {
	first := factivaFixture
	bad := strings.NewReplacer("5 March 2020", "31 Septober 2019", "eg350000a", "eg350000b").Replace(factivaFixture)
	third := strings.Replace(factivaFixture, "eg350000a", "eg350000c", 1)
	input := first + "\n" + bad + "\n" + third
	arts, errs := parseAll(t, input, "mixed.txt", ingest.FormatFactiva)
	if len(arts) != 2 || arts[0].ID != "DPLN000020200305eg350000a" || arts[1].ID != "DPLN000020200305eg350000c" {
		t.Fatalf("neighbours of the broken article: got %d articles %v", len(arts), ids(arts))
	}
	if arts[1].Origin.Ordinal != 3 || arts[1].Origin.Line != 39 {
		t.Errorf("third article Origin = %+v, want ordinal 3 line 39", arts[1].Origin)
	}
	compareErrors(t, errs, []string{`mixed.txt:25: unparseable date "31 Septober 2019"`})
	var pe *ingest.ParseError
	if !errors.As(errs[0], &pe) {
		t.Fatalf("error %T is not a *ParseError", errs[0])
	}
	if pe.File != "mixed.txt" || pe.Line != 25 || pe.Article != 2 {
		t.Errorf("ParseError = %+v", pe)
	}

	tests := []struct {
		name, input, err string
	}{
		{"no words line", edit("412 words\n", ""), `t.txt:1: no word count line ("N words")`},
		{"no date", edit("5 March 2020\n", ""), `t.txt:6: unparseable date "The Daily Planet"`},
		{"no headline", edit("World Desk; SECTW\nQuake Shakes  Coastal Towns\n\nBy JANE DOE and JOHN ROE\n", ""), `t.txt:1: no headline before "412 words"`},
		{"no source", "Headline\n\n10 words\n1 May 2020\n\nBody.\nDocument ABCD000020200501eg510000a\n", "t.txt:5: no source name after the date"},
		{"only a Document line", "Document ABCD000020200501eg510000a\n", "t.txt:1: empty article"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := parseAll(t, tt.input+"\n"+third, "t.txt", ingest.FormatFactiva)
			if len(arts) != 1 || arts[0].ID != "DPLN000020200305eg350000c" {
				t.Errorf("the following article was not parsed: %v", ids(arts))
			}
			compareErrors(t, errs, []string{tt.err})
		})
	}
}

func ids(arts []*article.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

func compareArticles(t *testing.T, got, want []*article.Article) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d articles %v, want %d", len(got), ids(got), len(want))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if !reflect.DeepEqual(got[i], want[i]) {
			g, _ := json.MarshalIndent(got[i], "", "  ")
			w, _ := json.MarshalIndent(want[i], "", "  ")
			t.Errorf("article %d:\ngot  %s\nwant %s", i+1, g, w)
		}
	}
}

func compareErrors(t *testing.T, got []error, want []string) {
	t.Helper()
	var msgs []string
	for _, err := range got {
		msgs = append(msgs, err.Error())
		var pe *ingest.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("error %q is a %T, want *ingest.ParseError", err, err)
		}
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("errors:\ngot  %q\nwant %q", msgs, want)
	}
}

// TestDecodeTextMatchesParse checks that the whole-buffer decoder and the
// line-by-line one used by the parsers agree.
func TestDecodeTextMatchesParse(t *testing.T) {
	raw := "\xEF\xBB\xBFA caf\xe9\r\nB\rC\x00D\n"
	text, enc, err := ingest.DecodeText([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if want := "A café\nB\nCD\n"; text != want || enc != ingest.Windows1252 {
		t.Errorf("DecodeText = %q, %q; want %q, %q", text, enc, want, ingest.Windows1252)
	}
	if !bytes.Equal([]byte(text), []byte(strings.ToValidUTF8(text, ""))) {
		t.Error("not valid UTF-8")
	}
}
