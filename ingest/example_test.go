package ingest_test

import (
	"fmt"
	"strings"

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
