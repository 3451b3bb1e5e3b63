package ingest_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/newsdesk/newsdesk/ingest"
)

// Escape sequences an article could send to a terminal: set the window
// title, clear the screen, a C1 control sequence introducer, a bell.
const (
	escTitle = "\x1b]0;pwned\x07"
	escClear = "\x1b[2J"
	escCSI   = "\u009b31m"
)

// controls returns the strings of v (walked through structs, slices, maps
// and interfaces) that hold a control character other than newline and
// tab, naming where they are; Origin is left out.
func controls(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.String:
		if strings.IndexFunc(v.String(), func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
			return []string{path + " = " + v.String()}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return controls(v.Elem(), path)
		}
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.Name != "Origin" {
				out = append(out, controls(v.Field(i), path+"."+f.Name)...)
			}
		}
		return out
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, controls(v.Index(i), path+"[]")...)
		}
		return out
	case reflect.Map:
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, controls(k, path+"{key}")...)
			out = append(out, controls(v.MapIndex(k), path+"["+k.String()+"]")...)
		}
		return out
	}
	return nil
}

// TestNoControlCharactersInArticles: control characters planted in every
// field of every kind of input, escaped in the ways each format allows,
// never reach an Article.
func TestNoControlCharactersInArticles(t *testing.T) {
	jsonl := `{"id":"J1\u001b[2J","headline":"Title \u001b]0;pwned\u0007","byline":"By A\u009b31m","section":"S\u001b","source":"Src\u001b[2J","source_code":"SC\u0007","edition":"E\u001b","page":"1\u001b","language":"en\u001b","copyright":"(c)\u001b[2J","url":"https://x.example/\u001b","date":"2020-01-01",` +
		`"body":["Para \u001b]0;pwned\u0007 one","\u001b[2J","two\u009b31m"],` +
		`"authors":["A\u001b[2J"],"subjects":["gcat\u001b]0;pwned\u0007","\u001b[2J"],"regions":["fra\u009b31m"],"companies":["co\u001b"],"industries":["i\u001b"],"people":["p\u001b"],"organizations":["o\u001b"],` +
		`"names":[{"name":"N\u001b[2J","type":"person","mentions":1}],"quotes":[{"text":"Q\u001b[2J","speaker":"S\u0007","paragraph":1}],` +
		`"extra":{"note\u001b[2J":"x\u001b]0;pwned\u0007","nested":{"list":["a\u001b[2J",{"k":"v\u009b31m"}],"n":3,"ok":true}}}` + "\n"
	// RSS carries HTML in its descriptions, entity-encoded or in CDATA:
	// the XML decoder gives back "&#27;", which the HTML parser then turns
	// into ESC, after the document's text was cleaned.
	rss := `<?xml version="1.0"?><rss><channel><title>Feed &amp;#27;</title><item>` +
		`<title>Title</title><guid>g1</guid><pubDate>Mon, 09 Jan 2023 07:20:00 +0100</pubDate>` +
		`<category>cat</category>` +
		`<description>&lt;p&gt;Para &amp;#27;]0;pwned&amp;#7; one&lt;/p&gt;&lt;p&gt;&amp;#27;[2J two&lt;/p&gt;</description>` +
		`</item><item><title>Second</title><guid>g2</guid><pubDate>Mon, 09 Jan 2023 07:20:00 +0100</pubDate>` +
		`<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>CDATA &#27;]0;pwned&#7; para</p>]]></content:encoded></item></channel></rss>`
	lexisHTML := `<html><body><p>1 of 1 DOCUMENTS</p><p>The Valley &#27;[2J Courier</p><p>May 30, 2019 Thursday</p><p>Council &#27;]0;pwned&#7; backs lanes</p><p>LENGTH: 5 words</p><p>Body &#27;[2J text.</p></body></html>`
	csv := "headline,body,subjects\n\"Head \x1b]0;pwned\x07\",\"Body \x1b[2J \u009b31m\",\"a\x1b;b\"\n"
	for _, tc := range []struct {
		name, file, input string
		want              int // articles
	}{
		{"jsonl", "x.jsonl", jsonl, 1},
		{"rss", "x.rss", rss, 2},
		{"lexis-html", "x.html", lexisHTML, 1},
		{"csv", "x.csv", csv, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for a, err := range ingest.Parse(strings.NewReader(tc.input), tc.file, "") {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				n++
				for _, c := range controls(reflect.ValueOf(a), "Article") {
					t.Errorf("control character in %q", c)
				}
			}
			if n != tc.want {
				t.Errorf("%d articles, want %d", n, tc.want)
			}
		})
	}
}

// TestNoControlCharactersFromZip: articles in an archive member whose name
// holds escape sequences are cleaned too; the member name is kept as the
// archive has it in Origin.File (it names where the article came from) and
// escaped where shown.
func TestNoControlCharactersFromZip(t *testing.T) {
	member := "evil" + escTitle + escClear + ".jsonl"
	data := zipBytes(t, zipMember{name: member, data: strings.NewReader(`{"id":"Z1","headline":"Zip` + `\u001b[2J","subjects":["s\u009b31m"],"body":"b"}` + "\n")})
	path := filepath.Join(t.TempDir(), "a.zip")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	for ev := range ingest.Read(context.Background(), []string{path}, ingest.Options{Stdin: bytes.NewReader(nil)}) {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		if a := ev.Article; a != nil {
			n++
			for _, c := range controls(reflect.ValueOf(a), "Article") {
				t.Errorf("control character in %q", c)
			}
			if want := path + "/" + member; a.Origin.File != want {
				t.Errorf("Origin.File = %q, want %q", a.Origin.File, want)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
}
