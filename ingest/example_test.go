package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

func ExampleParse() {
	export := `Markets Rally on Rate Hopes

By ANNA SCHMIDT and MICHAEL MCDONALD in Frankfurt
312 words
4 June 2019
09:30 GMT
Example Wire
EXWR
English
(c) 2019 Example Wire

FRANKFURT -- Stocks rose on Tuesday.

Bond yields
fell.

Document EXWR000020190604ef640000a
`
	for a, err := range ingest.Parse(strings.NewReader(export), "june.txt", "") {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println(a.ID)
		fmt.Println(a.Headline)
		fmt.Println(a.Authors)
		fmt.Println(a.Date, a.Language, a.WordCount)
		fmt.Printf("%q\n", a.Body)
	}
	// Output:
	// EXWR000020190604ef640000a
	// Markets Rally on Rate Hopes
	// [Anna Schmidt Michael McDonald]
	// 2019-06-04 09:30:00 +0000 UTC en 312
	// ["FRANKFURT -- Stocks rose on Tuesday." "Bond yields fell."]
}

func ExampleBylineAuthors() {
	fmt.Printf("%q\n", ingest.BylineAuthors("By JAMES O'CONNOR and Jane Doe in Paris; John Roe contributed reporting."))
	// Output: ["James O'Connor" "Jane Doe"]
}

func ExampleDecodeText() {
	text, enc, _ := ingest.DecodeText([]byte("Caf\xe9 \x93Noir\x94\r\n"))
	fmt.Printf("%q %s\n", text, enc)
	// Output: "Café “Noir”\n" windows-1252
}

func ExampleParseDateText() {
	for _, s := range []string{"October 23, 2017 Monday", "23 octobre 2017 lundi 08:15", "Montag, 23. Oktober 2017"} {
		t, lang, _ := ingest.ParseDateText(s)
		fmt.Println(t.Format("2006-01-02 15:04"), lang)
	}
	// Output:
	// 2017-10-23 00:00 en
	// 2017-10-23 08:15 fr
	// 2017-10-23 00:00
}

func ExampleParseOptions() {
	export := "story;when;heading;copy\nS-1;4 June 2019;Port expands;The port opened a new quay.\n"
	m, _ := ingest.ParseMap("story=id,when=date,copy=body")
	for a, err := range ingest.ParseOptions(strings.NewReader(export), "port.csv", ingest.Options{Format: ingest.FormatCSV, Map: m}) {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println(a.ID, article.FormatDate(a.Date), a.Headline, a.Body)
	}
	// Output: S-1 2019-06-04 Port expands [The port opened a new quay.]
}

func ExampleParseFormat() {
	f, _ := ingest.ParseFormat("sgml")
	fmt.Println(f)
	_, err := ingest.ParseFormat("pdf")
	fmt.Println(err != nil)
	// Output:
	// reuters-sgml
	// true
}

// ReadFS reads the exports of an fs.FS (an embed.FS, a zip.Reader,
// os.DirFS) as Read reads files on disk: folders walked in order, files
// of unknown format skipped, bad articles reported by name.
func ExampleReadFS() {
	fsys := fstest.MapFS{
		"exports/june.jsonl": {Data: []byte(`{"id":"EX1","headline":"Markets rally","body":"Stocks rose."}` + "\n" +
			`{"id":"EX2","headline":"Bonds fall","body":"Yields rose.","date":"31 Septober 2019"}` + "\n")},
		"exports/README": {Data: []byte("notes, not an export\n")},
	}
	for ev := range ingest.ReadFS(context.Background(), fsys, []string{"."}, ingest.Options{}) {
		switch {
		case ev.Article != nil:
			fmt.Println(ev.Article.ID, ev.Article.Headline)
		case ev.Err != nil:
			fmt.Println("skipped:", ev.Err)
		case ev.FileDone:
			fmt.Println("done:", ev.File)
		}
	}
	// Output:
	// EX1 Markets rally
	// skipped: exports/june.jsonl:2: key "date": unparseable date "31 Septober 2019" (want RFC 3339 or YYYY-MM-DD)
	// done: exports/june.jsonl
}
