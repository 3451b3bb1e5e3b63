package article

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// legacyJSON is the struct MarshalJSON wrote through encoding/json before
// the schema table: the reference the table-driven writer must match byte
// for byte.
type legacyJSON struct {
	ID            string         `json:"id"`
	Headline      string         `json:"headline"`
	Byline        string         `json:"byline,omitempty"`
	Authors       []string       `json:"authors,omitempty"`
	Section       string         `json:"section,omitempty"`
	Source        string         `json:"source,omitempty"`
	SourceCode    string         `json:"source_code,omitempty"`
	Date          string         `json:"date,omitempty"`
	Edition       string         `json:"edition,omitempty"`
	Page          string         `json:"page,omitempty"`
	Language      string         `json:"language,omitempty"`
	WordCount     int            `json:"word_count,omitempty"`
	Copyright     string         `json:"copyright,omitempty"`
	Body          []string       `json:"body"`
	URL           string         `json:"url,omitempty"`
	Subjects      []string       `json:"subjects,omitempty"`
	Regions       []string       `json:"regions,omitempty"`
	Companies     []string       `json:"companies,omitempty"`
	Industries    []string       `json:"industries,omitempty"`
	People        []string       `json:"people,omitempty"`
	Organizations []string       `json:"organizations,omitempty"`
	Names         []Name         `json:"names,omitempty"`
	Quotes        []Quote        `json:"quotes,omitempty"`
	Extra         map[string]any `json:"extra,omitempty"`
	Origin        *Origin        `json:"origin,omitempty"`
}

func legacyMarshal(a Article) ([]byte, error) {
	j := legacyJSON{
		ID: a.ID, Headline: a.Headline, Byline: a.Byline, Authors: a.Authors,
		Section: a.Section, Source: a.Source, SourceCode: a.SourceCode,
		Date: FormatDate(a.Date), Edition: a.Edition, Page: a.Page,
		Language: a.Language, WordCount: a.WordCount, Copyright: a.Copyright,
		Body: a.Body, URL: a.URL, Extra: a.Extra,
		Subjects: a.Subjects, Regions: a.Regions, Companies: a.Companies,
		Industries: a.Industries, People: a.People, Organizations: a.Organizations,
		Names: a.Names, Quotes: a.Quotes,
	}
	if j.Body == nil {
		j.Body = []string{}
	}
	if a.Origin != (Origin{}) {
		o := a.Origin
		j.Origin = &o
	}
	return json.Marshal(j)
}

// TestMarshalJSONMatchesStructForm checks that the JSON form is what it
// was, byte for byte, escaping included.
func TestMarshalJSONMatchesStructForm(t *testing.T) {
	full := Article{
		ID: "AN1", Headline: `Tom & Jerry <b>"quoted"</b> \ back`, Byline: "By Jane Doe", Authors: []string{"Jane Doe", "Ann Lee"},
		Section: "World", Source: "The Times", SourceCode: "T", Date: time.Date(2017, 10, 23, 8, 15, 0, 0, time.UTC),
		Edition: "Late", Page: "A1", Language: "en", WordCount: 812, Copyright: "© 2017",
		Body: []string{"Line\u2028sep\u2029para", "ctl\x01\b\f\n\r\t end", "bad \xff utf8", "DEL\x7f"},
		URL:  "https://example.com/a?b=1&c=<2>", Subjects: []string{"gcat"}, Regions: []string{"turk"},
		Companies: []string{"x"}, Industries: []string{"i1"}, People: []string{"p"}, Organizations: []string{"un"},
		Names:  []Name{{Name: "Jane <Doe>", Type: Person, Mentions: 2}},
		Quotes: []Quote{{Text: "We & they", Speaker: "Jane", Paragraph: 1}},
		Extra:  map[string]any{"b": 1.0, "a": "x<y"},
		Origin: Origin{File: "f.txt", Ordinal: 2, Line: 3, Format: "factiva"},
	}
	for name, a := range map[string]Article{
		"empty":      {},
		"full":       full,
		"day":        {ID: "x", Date: time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC), Body: []string{}},
		"empty list": {ID: "x", Authors: []string{}, Subjects: []string{}, Extra: map[string]any{}},
		"origin":     {Origin: Origin{Line: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			want, err := legacyMarshal(a)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("MarshalJSON =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// FuzzMarshalJSON checks the escaping of any text against encoding/json.
func FuzzMarshalJSON(f *testing.F) {
	for _, s := range []string{"plain", "<&>", "\x00\x1f\"\\", "\u2028", "\xff\xfe", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Article{ID: s, Headline: s, Body: []string{s}, Subjects: []string{s}, Extra: map[string]any{s: s}}
		want, err := legacyMarshal(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("MarshalJSON(%q) = %s, want %s", s, got, want)
		}
	})
}

// sampleValue sets a value of f's kind in a and returns it.
func sampleValue(t *testing.T, f Field, a *Article) any {
	t.Helper()
	switch p := f.Ptr(a).(type) {
	case *string:
		*p = "Value of " + f.Name
		return *p
	case *[]string:
		*p = []string{"first " + f.Name, "second"}
		return *p
	case *time.Time:
		*p = time.Date(2017, 10, 23, 8, 15, 0, 0, time.UTC)
		return *p
	case *int:
		*p = 42
		return *p
	}
	t.Fatalf("field %s: Ptr gives %T", f.Name, f.Ptr(a))
	return nil
}

// TestFieldsRoundTripJSON sets each field of the schema alone and reads
// it back from the JSON form.
func TestFieldsRoundTripJSON(t *testing.T) {
	for _, f := range Fields() {
		t.Run(f.Name, func(t *testing.T) {
			var a Article
			want := sampleValue(t, f, &a)
			data, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			if _, ok := m[f.Name]; !ok {
				t.Fatalf("%s has no key %q", data, f.Name)
			}
			var b Article
			if err := json.Unmarshal(data, &b); err != nil {
				t.Fatal(err)
			}
			got := reflect.ValueOf(f.Ptr(&b)).Elem().Interface()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back %#v, want %#v (from %s)", got, want, data)
			}
			if b.Extra != nil {
				t.Errorf("%q went to Extra: %v", f.Name, b.Extra)
			}
		})
	}
}

// TestFieldsTable checks the table's consistency: unique names, aliases
// and export columns, pointers of the kind's type, and search options that
// make sense for the kind.
func TestFieldsTable(t *testing.T) {
	names, inputs, queries, columns := map[string]bool{}, map[string]string{}, map[string]string{}, map[int]string{}
	var a Article
	for _, f := range Fields() {
		if names[f.Name] {
			t.Errorf("field %s listed twice", f.Name)
		}
		names[f.Name] = true
		for _, n := range append([]string{f.Name}, f.InputAliases...) {
			if o, ok := inputs[n]; ok {
				t.Errorf("input name %q is both %s and %s", n, o, f.Name)
			}
			inputs[n] = f.Name
			if g, ok := FieldByInput(n); !ok || g.Name != f.Name {
				t.Errorf("FieldByInput(%q) = %s, %v; want %s", n, g.Name, ok, f.Name)
			}
		}
		for _, n := range append([]string{f.Name}, f.QueryAliases...) {
			if o, ok := queries[n]; ok {
				t.Errorf("query name %q is both %s and %s", n, o, f.Name)
			}
			queries[n] = f.Name
			g, ok := FieldByQuery(n)
			if indexed := f.Search.Analysis != NotIndexed; ok != indexed || ok && g.Name != f.Name {
				t.Errorf("FieldByQuery(%q) = %s, %v; want it only for indexed fields (%s)", n, g.Name, ok, f.Name)
			}
		}
		if o, ok := columns[f.Column]; ok || f.Column <= 0 {
			t.Errorf("field %s has export column %d (also %s)", f.Name, f.Column, o)
		}
		columns[f.Column] = f.Name
		var want any
		switch f.Kind {
		case Line, Token:
			want = new(string)
		case List, Paragraphs:
			want = new([]string)
		case Date:
			want = new(time.Time)
		case Count:
			want = new(int)
		}
		if reflect.TypeOf(f.Ptr(&a)) != reflect.TypeOf(want) {
			t.Errorf("field %s of kind %d: Ptr gives %T", f.Name, f.Kind, f.Ptr(&a))
		}
		s := f.Search
		if s.Range() != (f.Kind == Date || f.Kind == Count) {
			t.Errorf("field %s: a range field must be a date or a count", f.Name)
		}
		if (s.WordsField != "" || s.Facet != "" || s.Lower) && s.Analysis != Keyword {
			t.Errorf("field %s: words field, facet and lower case need Keyword analysis", f.Name)
		}
		if s.Facet != "" && !s.DocValues {
			t.Errorf("field %s: a facet needs doc values", f.Name)
		}
		if s.Boost > 0 && s.Analysis != Text && s.Analysis != Words {
			t.Errorf("field %s: only text fields are searched by unscoped words", f.Name)
		}
	}
	if n := len(ExportFields()); n != len(Fields()) {
		t.Errorf("ExportFields lists %d fields, Fields %d", n, len(Fields()))
	}
	if _, ok := FieldByName("names"); ok {
		t.Error("names is not a schema field")
	}
}

// TestFieldText checks the one-text form exports write.
func TestFieldText(t *testing.T) {
	a := Article{Body: []string{"a", "b"}, Authors: []string{"x", "y"}, WordCount: 7, Date: time.Date(2017, 1, 2, 0, 0, 0, 0, time.UTC), Headline: "h"}
	for name, want := range map[string]string{"body": "a\n\nb", "authors": "x; y", "word_count": "7", "date": "2017-01-02", "headline": "h", "url": ""} {
		f, ok := FieldByName(name)
		if !ok {
			t.Fatalf("no field %s", name)
		}
		if got := f.Text(&a); got != want {
			t.Errorf("%s: Text = %q, want %q", name, got, want)
		}
	}
}
