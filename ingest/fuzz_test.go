package ingest

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzParseFactiva checks that no input makes the Factiva parser panic, and
// that what it returns is well formed.
func FuzzParseFactiva(f *testing.F) {
	sample, err := os.ReadFile("../testdata/archive/factiva/nyt-2017-10-23.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add(bytes.ReplaceAll(sample, []byte("\n"), []byte("\r\n")))
	f.Add([]byte("H\n\n1 words\n1 May 2020\n14:00\nSrc\nEnglish\n\nB\nDocument ABCD000020200501eg510000a\nSearch Summary\n"))
	f.Add([]byte("H\n\n1 words\n31 Septober 2019\nDocument ABCD000020200501eg510000a\n"))
	f.Add([]byte("1 words\n1 May 2020\n\n1 words\n1 May 2020\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ordinal := 0
		for a, err := range Parse(bytes.NewReader(b), "fuzz.txt", FormatFactiva) {
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != "fuzz.txt" {
					t.Fatalf("error %v (%T) is not a ParseError for the file", err, err)
				}
				continue
			}
			if a.ID == "" || a.Headline == "" || a.Date.IsZero() || a.Source == "" {
				t.Fatalf("incomplete article %+v", a)
			}
			if a.Origin.Ordinal <= ordinal || a.Origin.Line < 1 {
				t.Fatalf("bad origin %+v after ordinal %d", a.Origin, ordinal)
			}
			ordinal = a.Origin.Ordinal
			for _, p := range a.Body {
				if p == "" || strings.Contains(p, "\n") {
					t.Fatalf("bad paragraph %q", p)
				}
			}
		}
	})
}

// FuzzParseJSONL checks that no input makes the JSON Lines parser panic and
// that the articles it returns survive a JSON round trip.
func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"X","headline":"H","date":"2020-01-02","body":["a","b"],"page":3,"x":{"y":1}}`))
	f.Add([]byte(`{"headline":"H","body":"a\n\nb"}` + "\n\n" + `{"date":"bad"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for a, err := range Parse(bytes.NewReader(b), "fuzz.jsonl", FormatJSONL) {
			if err != nil {
				continue
			}
			if a.ID == "" {
				t.Fatalf("article without id: %+v", a)
			}
			if _, err := a.MarshalJSON(); err != nil {
				t.Fatalf("MarshalJSON: %v", err)
			}
		}
	})
}

// FuzzParseFormats runs every reader, by detection, on mutations of the
// invented test files: no input may make one panic, every error is a
// *ParseError naming the file (or a zip member of it), and every article
// has an id.
func FuzzParseFormats(f *testing.F) {
	for _, p := range []string{
		"reuters-sgml/reut-sample.sgm", "factiva-coded/indexing-export.txt", "lexis-text/academic-export.txt",
		"csv/wikistyle.csv", "factiva-html/german-ui.html", "factiva-html/with-indexing.html",
		"lexis-html/academic.html", "factiva-xml/export.xml", "newsml/newsitem.xml", "nitf/story.nitf",
		"rss/feed.rss", "lexis-docx/nexis-uni.docx", "europresse/export.html",
	} {
		b, err := os.ReadFile("../testdata/formats/" + p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p, b)
	}
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		for a, err := range Parse(bytes.NewReader(b), name, "") {
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || !strings.HasPrefix(pe.File, name) {
					t.Fatalf("error %v (%T) is not a ParseError for the file", err, err)
				}
				continue
			}
			if a.ID == "" || !strings.HasPrefix(a.Origin.File, name) || a.Origin.Format == "" {
				t.Fatalf("article without id, file or format: %+v", a)
			}
			// Whatever the bytes, no control character but line breaks and
			// tabs survives into a field (cleanArticle).
			for _, s := range append([]string{a.ID, a.Headline, a.Byline, a.Source, a.SourceCode, a.Section, a.Language}, a.Body...) {
				if s != dropControls(s) {
					t.Fatalf("control characters in %q", s)
				}
			}
		}
	})
}
