package ingest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// schemaCell is a CSV cell and the value the field gets from it, for a
// field of each kind of the article schema.
func schemaCell(t *testing.T, f article.Field) (cell string, want any) {
	t.Helper()
	if f.Name == "language" {
		return "en", "en" // readers map labels to codes (LanguageCode)
	}
	switch f.Kind {
	case article.Line:
		return "Some  " + f.Name, "Some " + f.Name
	case article.Token:
		return "X-" + f.Name, "X-" + f.Name
	case article.List:
		return "one " + f.Name + "; two", []string{"one " + f.Name, "two"}
	case article.Paragraphs:
		return "First.\n\nSecond.", []string{"First.", "Second."}
	case article.Date:
		return "2017-10-23", time.Date(2017, 10, 23, 0, 0, 0, 0, time.UTC)
	case article.Count:
		return "1,234", 1234
	}
	t.Fatalf("field %s: kind %d has no sample", f.Name, f.Kind)
	return "", nil
}

// TestSchemaFieldsReadFromCSV reads every field of the article schema from
// a CSV column under its name and each of its input aliases, and from
// JSON Lines under its name: a field added to the table is read by both
// without further code.
func TestSchemaFieldsReadFromCSV(t *testing.T) {
	for _, f := range article.Fields() {
		cell, want := schemaCell(t, f)
		for _, col := range append([]string{f.Name}, f.InputAliases...) {
			t.Run(f.Name+"/"+col, func(t *testing.T) {
				other := "headline"
				if f.Name == "headline" {
					other = "body"
				}
				// Spaces and capitals in headers are normalised.
				header := strings.ToUpper(strings.ReplaceAll(col, "_", " "))
				in := other + "," + header + "\nx,\"" + cell + "\"\n"
				a := readOne(t, in, ingest.FormatCSV)
				if got := reflect.ValueOf(f.Ptr(a)).Elem().Interface(); !reflect.DeepEqual(got, want) {
					t.Errorf("column %q %q: %s = %#v, want %#v", header, cell, f.Name, got, want)
				}
				if len(a.Extra) > 0 {
					t.Errorf("column %q went to Extra: %v", header, a.Extra)
				}
			})
		}
		t.Run(f.Name+"/jsonl", func(t *testing.T) {
			var src article.Article
			src.Headline = "x"
			reflect.ValueOf(f.Ptr(&src)).Elem().Set(reflect.ValueOf(want))
			line, err := json.Marshal(src)
			if err != nil {
				t.Fatal(err)
			}
			a := readOne(t, string(line)+"\n", ingest.FormatJSONL)
			if got := reflect.ValueOf(f.Ptr(a)).Elem().Interface(); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s = %#v, want %#v", line, f.Name, got, want)
			}
		})
	}
}

func readOne(t *testing.T, in string, format ingest.Format) *article.Article {
	t.Helper()
	var got []*article.Article
	for a, err := range ingest.Parse(strings.NewReader(in), "t", format) {
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		got = append(got, a)
	}
	if len(got) != 1 {
		t.Fatalf("%q: %d articles, want 1", in, len(got))
	}
	return got[0]
}

// TestParseMapKnowsSchemaFields checks that --map accepts every field of
// the schema and "ignore", and names them when refusing another.
func TestParseMapKnowsSchemaFields(t *testing.T) {
	for _, f := range article.Fields() {
		if _, err := ingest.ParseMap("col=" + f.Name); err != nil {
			t.Errorf("ParseMap(col=%s): %v", f.Name, err)
		}
	}
	if _, err := ingest.ParseMap("col=ignore"); err != nil {
		t.Errorf("ParseMap(col=ignore): %v", err)
	}
	_, err := ingest.ParseMap("col=nosuch")
	if err == nil || !strings.Contains(err.Error(), "headline") || !strings.Contains(err.Error(), "ignore") {
		t.Errorf("ParseMap(col=nosuch) = %v, want an error listing the fields", err)
	}
}

// TestDocsListSchemaFields checks that docs/formats.md lists every field of
// the article schema among the CSV columns and the JSON Lines keys.
func TestDocsListSchemaFields(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "formats.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	csvRow := ""
	for _, l := range strings.Split(doc, "\n") {
		if strings.HasPrefix(l, "| `csv` |") {
			csvRow = l
		}
	}
	_, jsonKeys, _ := strings.Cut(doc, "## JSON Lines")
	for _, f := range article.Fields() {
		if !strings.Contains(csvRow, "`"+f.Name+"`") && !strings.Contains(csvRow, "`"+strings.TrimSuffix(f.Name, "s")+"(s)`") {
			t.Errorf("docs/formats.md: the csv row does not list the %s column", f.Name)
		}
		if !strings.Contains(jsonKeys, "`"+f.Name+"`") {
			t.Errorf("docs/formats.md: the JSON Lines keys do not list %s", f.Name)
		}
	}
}
