package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// fullArticle has a value in every field of the article schema.
func fullArticle(t *testing.T) article.Article {
	t.Helper()
	a := article.Article{}
	for _, f := range article.Fields() {
		switch p := f.Ptr(&a).(type) {
		case *string:
			*p = "Value of " + f.Name
		case *[]string:
			*p = []string{"first " + f.Name, "second " + f.Name}
		case *time.Time:
			*p = time.Date(2017, 10, 23, 8, 15, 0, 0, time.UTC)
		case *int:
			*p = 1234
		default:
			t.Fatalf("field %s: no sample for %T", f.Name, p)
		}
	}
	a.Language = "en" // the readers map labels to codes
	return a
}

// TestExportRoundTripsSchemaFields exports an article with every field of
// the schema as CSV and as JSON Lines with --fields naming them all, and
// reads both back with ingest: every field comes back as it was.
func TestExportRoundTripsSchemaFields(t *testing.T) {
	dir := t.TempDir()
	src := fullArticle(t)
	line, err := json.Marshal(src)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := filepath.Join(dir, "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", in); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range article.Fields() {
		names = append(names, f.Name)
	}
	for _, format := range []ingest.Format{ingest.FormatCSV, ingest.FormatJSONL} {
		for _, fields := range []string{"", strings.Join(names, ",")} {
			out, _, err := run(t, "", "--index", ix, "export", "--format", string(format), "--csv-raw="+boolText(format == ingest.FormatCSV), "--fields", fields)
			if err != nil {
				t.Fatal(err)
			}
			var got []*article.Article
			for a, err := range ingest.Parse(strings.NewReader(out), "export", format) {
				if err != nil {
					t.Fatalf("%s export --fields %q: %v\n%s", format, fields, err, out)
				}
				got = append(got, a)
			}
			if len(got) != 1 {
				t.Fatalf("%s export --fields %q: %d articles\n%s", format, fields, len(got), out)
			}
			for _, f := range article.Fields() {
				want := reflect.ValueOf(f.Ptr(&src)).Elem().Interface()
				if g := reflect.ValueOf(f.Ptr(got[0])).Elem().Interface(); !reflect.DeepEqual(g, want) {
					t.Errorf("%s export --fields %q: %s = %#v, want %#v", format, fields, f.Name, g, want)
				}
			}
		}
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// TestExportColumns checks the default columns: every field of the schema
// once, in its export order, the found names before the body and the
// duplicates last.
func TestExportColumns(t *testing.T) {
	want := "id,date,source,source_code,section,language,headline,byline,authors,word_count,edition,page,url,copyright,subjects,regions,companies,industries,people,organizations,names,body,duplicates"
	if got := strings.Join(exportColumns(), ","); got != want {
		t.Errorf("exportColumns() = %s\nwant %s", got, want)
	}
}

// TestQuerySyntaxListsSchemaFields checks that the query syntax the CLI
// prints names every query-language field of the article schema.
func TestQuerySyntaxListsSchemaFields(t *testing.T) {
	for _, f := range article.Fields() {
		if f.Search.Analysis == article.NotIndexed {
			continue
		}
		if !regexp.MustCompile(`\b` + f.Name + `\b`).MatchString(querySyntax) {
			t.Errorf("the query syntax help does not name the %s field", f.Name)
		}
	}
}
