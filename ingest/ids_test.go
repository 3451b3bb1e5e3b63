package ingest_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

var idsDir = filepath.Join("..", "testdata", "ids")

// TestStableIDsPlanted reads, in every format whose articles can lack an
// accession number, invented articles that share source, day and headline
// but not their text: each must get an id of its own (before, they shared
// one, and the index kept only the last), and reading the file again must
// give the same ids.
func TestStableIDsPlanted(t *testing.T) {
	tests := []struct {
		file   string
		format ingest.Format
		n      int
	}{
		{"factiva-coded.txt", ingest.FormatFactivaCoded, 2},
		{"factiva-html.html", ingest.FormatFactivaHTML, 2},
		{"factiva-xml.xml", ingest.FormatFactivaXML, 2},
		{"lexis-text.txt", ingest.FormatLexisText, 3},
		{"lexis-html.html", ingest.FormatLexisHTML, 2},
		{"lexis-docx.docx", ingest.FormatLexisDOCX, 2},
		{"europresse.html", ingest.FormatEuropresse, 2},
		{"reuters.sgm", ingest.FormatReuters, 2},
		{"newsml.xml", ingest.FormatNewsML, 2},
		{"nitf-*.nitf", ingest.FormatNITF, 2}, // one story per file
		{"feed.rss", ingest.FormatRSS, 2},
		{"feed.atom", ingest.FormatRSS, 2},
		{"articles.csv", ingest.FormatCSV, 2},
		{"articles.jsonl", ingest.FormatJSONL, 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			paths, err := filepath.Glob(filepath.Join(idsDir, tt.file))
			if err != nil || len(paths) == 0 {
				t.Fatalf("no testdata %s (%v)", tt.file, err)
			}
			read := func() []*article.Article {
				var arts []*article.Article
				for _, p := range paths {
					got, errs, formats := readFile(t, p, ingest.Options{})
					if len(errs) > 0 {
						t.Fatalf("%s: errors %q", p, errs)
					}
					for _, f := range formats {
						if f != tt.format {
							t.Fatalf("%s: read as %s, want %s", p, f, tt.format)
						}
					}
					arts = append(arts, got...)
				}
				return arts
			}
			first, again := read(), read()
			if len(first) != tt.n {
				t.Fatalf("read %d articles, want %d", len(first), tt.n)
			}
			seen := map[string]int{}
			for i, a := range first {
				if a.ID == "" {
					t.Errorf("article %d has no id", i+1)
				}
				if a.Source != first[0].Source || a.Headline != first[0].Headline ||
					a.Date.Format(time.DateOnly) != first[0].Date.Format(time.DateOnly) {
					t.Errorf("article %d: %q %q %s is not a planted twin of article 1", i+1, a.Source, a.Headline, a.Date)
				}
				if j, dup := seen[a.ID]; dup {
					t.Errorf("articles %d and %d, different texts, share the id %s", j, i+1, a.ID)
				}
				seen[a.ID] = i + 1
				if again[i].ID != a.ID {
					t.Errorf("article %d: id %s, read again %s", i+1, a.ID, again[i].ID)
				}
			}
		})
	}
}

// TestStableIDsReencoded reads an export and a copy of it re-encoded in
// Windows-1252, with CRLF line ends, other line wrapping, paragraph breaks,
// capitals and quotation marks: the articles keep their ids.
func TestStableIDsReencoded(t *testing.T) {
	orig, errs, _ := readFile(t, filepath.Join(idsDir, "lexis-text.txt"), ingest.Options{})
	copied, errs2, _ := readFile(t, filepath.Join(idsDir, "lexis-text-rewrapped.txt"), ingest.Options{})
	if len(errs)+len(errs2) > 0 {
		t.Fatalf("errors %q %q", errs, errs2)
	}
	if len(orig) != 3 || len(copied) != len(orig) {
		t.Fatalf("read %d and %d articles, want 3 each", len(orig), len(copied))
	}
	// Article 2 differs in line wrapping only, which the reader undoes.
	for _, i := range []int{0, 2} {
		if reflect.DeepEqual(orig[i].Body, copied[i].Body) {
			t.Errorf("article %d: the copy's body is the same: %q", i+1, copied[i].Body)
		}
	}
	for i := range orig {
		if orig[i].ID != copied[i].ID {
			t.Errorf("article %d: id %s, in the re-encoded copy %s", i+1, orig[i].ID, copied[i].ID)
		}
	}
}

// TestStableID compares the ids of an article and a variant of it: variants
// that are the same article in other typography keep the id, any other
// difference in source, day, headline, byline, URL or text changes it.
func TestStableID(t *testing.T) {
	base := func() *article.Article {
		return &article.Article{
			Source: "The Valley Courier", Date: time.Date(2019, 5, 30, 0, 0, 0, 0, time.UTC),
			Headline: "Letters", Byline: "Greta Holm",
			Body: []string{`The council's "cycle lanes" plan is welcome.`, "The lanes must be wider."},
		}
	}
	tests := []struct {
		name string
		edit func(a *article.Article)
		same bool
	}{
		{"identical", func(*article.Article) {}, true},
		{"fields that are not identity", func(a *article.Article) {
			a.ID, a.Language, a.WordCount, a.Copyright = "X", "en", 99, "(c) 2019 Courier"
			a.Subjects = []string{"TRANSPORTATION"}
			a.Extra = map[string]any{"load_date": "2019-05-31"}
			a.Origin = article.Origin{File: "other.txt", Ordinal: 7, Line: 40}
		}, true},
		{"time of day", func(a *article.Article) { a.Date = a.Date.Add(18 * time.Hour) }, true},
		{"capitals and white space", func(a *article.Article) {
			a.Source, a.Headline = " THE VALLEY  COURIER", "LETTERS "
			a.Body = []string{"THE COUNCIL'S \"CYCLE   LANES\" PLAN IS WELCOME.", "The lanes must\nbe wider."}
		}, true},
		{"quotation marks and punctuation", func(a *article.Article) {
			a.Body = []string{"The council’s “cycle lanes” plan is welcome…", "The lanes must be wider!"}
		}, true},
		{"paragraph breaks", func(a *article.Article) {
			a.Body = []string{`The council's "cycle lanes"`, "plan is welcome. The lanes must be wider."}
		}, true},
		{"full-width and composed letters", func(a *article.Article) {
			a.Headline = "Ｌｅｔｔｅｒｓ"
		}, true},
		{"control characters, which the stored text drops", func(a *article.Article) {
			a.Body[1] = "The la\x1bnes must be wi\u009bder."
		}, true},
		{"other text", func(a *article.Article) { a.Body[1] = "The lanes must be narrower." }, false},
		{"one word more", func(a *article.Article) { a.Body = append(a.Body, "Thanks.") }, false},
		{"no text", func(a *article.Article) { a.Body = nil }, false},
		{"other byline", func(a *article.Article) { a.Byline = "Piet de Vries" }, false},
		{"other day", func(a *article.Article) { a.Date = a.Date.AddDate(0, 0, 1) }, false},
		{"undated", func(a *article.Article) { a.Date = time.Time{} }, false},
		{"other source", func(a *article.Article) { a.Source = "The Hill Gazette" }, false},
		{"other headline", func(a *article.Article) { a.Headline = "Letter" }, false},
		{"other section", func(a *article.Article) { a.Section = "Letters; National" }, false},
		{"other edition", func(a *article.Article) { a.Edition = "Late Edition" }, false},
		{"other page", func(a *article.Article) { a.Page = "A21" }, false},
		{"URL", func(a *article.Article) { a.URL = "https://courier.example/letters/2" }, false},
		{"text moved into the byline", func(a *article.Article) {
			a.Byline, a.Body = "Greta Holm The lanes must be wider.", a.Body[:1]
		}, false},
		{"byline moved into the headline", func(a *article.Article) {
			a.Headline, a.Byline = "Letters Greta Holm", ""
		}, false},
	}
	want := article.StableID(base())
	if !strings.HasPrefix(want, "ND") || len(want) != 22 {
		t.Fatalf("StableID = %q, want ND and 20 hex digits", want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base()
			tt.edit(a)
			if got := article.StableID(a); (got == want) != tt.same {
				t.Errorf("StableID = %s, base %s; want same = %v", got, want, tt.same)
			}
		})
	}
}
