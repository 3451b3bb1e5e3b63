package ingest_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

func TestParseJSONL(t *testing.T) {
	day := time.Date(2020, 3, 5, 0, 0, 0, 0, time.UTC)
	base := func(line int, mod func(*article.Article)) *article.Article {
		a := &article.Article{
			ID: "X1", Headline: "Quake", Source: "Planet", Date: day, WordCount: 4,
			Body:   []string{"One two.", "Three four."},
			Origin: article.Origin{File: "t.jsonl", Ordinal: 1, Line: line, Format: string(ingest.FormatJSONL)},
		}
		if mod != nil {
			mod(a)
		}
		return a
	}
	tests := []struct {
		name  string
		input string
		want  []*article.Article
		errs  []string
	}{
		{
			name:  "body as array",
			input: `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05","body":["One two.","Three four."]}`,
			want:  []*article.Article{base(1, nil)},
		},
		{
			name:  "cleaning leaves no empty or untrimmed paragraph",
			input: `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05","body":["One two. \ufeff","\u0000","Three four."]}`,
			want:  []*article.Article{base(1, nil)},
		},
		{
			name:  "body as string with blank lines",
			input: `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05","body":"One two.\n\n Three four.\r\n"}`,
			want:  []*article.Article{base(1, nil)},
		},
		{
			name:  "RFC 3339 date with offset",
			input: `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05T16:32:00+02:00","body":["One two.","Three four."]}`,
			want: []*article.Article{base(1, func(a *article.Article) {
				a.Date = time.Date(2020, 3, 5, 14, 32, 0, 0, time.UTC)
			})},
		},
		{
			name:  "date-time without zone is UTC",
			input: `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05T14:32:00","body":["One two.","Three four."]}`,
			want: []*article.Article{base(1, func(a *article.Article) {
				a.Date = time.Date(2020, 3, 5, 14, 32, 0, 0, time.UTC)
			})},
		},
		{
			name: "all fields, page as number, language name",
			input: `{"id":"X1","headline":" Quake\n hits ","byline":"By JANE DOE","section":"World","source":"Planet",` +
				`"source_code":"PLN","date":"2020-03-05","edition":"Late","page":12,"language":"French","word_count":900,` +
				`"copyright":"(c) Planet","body":["One two.","Three four."],"url":"https://example.org/q"}`,
			want: []*article.Article{base(1, func(a *article.Article) {
				a.Headline, a.Byline, a.Authors, a.Section, a.SourceCode = "Quake hits", "By JANE DOE", []string{"Jane Doe"}, "World", "PLN"
				a.Edition, a.Page, a.Language, a.WordCount, a.Copyright, a.URL = "Late", "12", "fr", 900, "(c) Planet", "https://example.org/q"
				a.Extra = map[string]any{ingest.LanguageLabelKey: "French"}
			})},
		},
		{
			name:  "unknown keys go to Extra",
			input: `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05","body":["One two.","Three four."],"tags":["a","b"],"score":1.5,"extra":{"desk":"night","score":0}}`,
			want: []*article.Article{base(1, func(a *article.Article) {
				a.Extra = map[string]any{"tags": []any{"a", "b"}, "score": 1.5, "desk": "night"}
			})},
		},
		{
			name:  "missing id and word count",
			input: `{"headline":"Quake","source":"Planet","date":"2020-03-05","body":["One two.","Three four."]}`,
			want: []*article.Article{base(1, func(a *article.Article) {
				a.ID = article.StableID(a)
			})},
		},
		{
			name: "bad lines are reported, others read",
			input: "\n" + `{"id":"X1","headline":"Quake","source":"Planet","date":"2020-03-05","body":["One two.","Three four."]}` + "\r\n" +
				`{"id":"X2","headline":"Quake","date":"yesterday"}` + "\n" +
				`{"id":"X3","headline":` + "\n" +
				`[1,2]` + "\n" +
				`{"id":"X4","headline":"Quake","page":[3]}` + "\n" +
				`{"id":"X5","headline":"Quake","body":["ok",7]}` + "\n" +
				`{"id":"X6","source":"Planet"}` + "\n" +
				`{"id":"X7","headline":"Quake","source":"Planet","date":"2020-03-05","body":["One two.","Three four."]}` + "\n\n",
			want: []*article.Article{base(2, nil), base(9, func(a *article.Article) {
				a.ID, a.Origin.Ordinal = "X7", 8
			})},
			errs: []string{
				`t.jsonl:3: key "date": unparseable date "yesterday" (want RFC 3339 or YYYY-MM-DD)`,
				`t.jsonl:4: invalid JSON at byte 22: unexpected end of JSON input`,
				`t.jsonl:5: want a JSON object, got array`,
				`t.jsonl:6: key "page": want a string or number, got [3]`,
				`t.jsonl:7: key "body": paragraph 2: want a string, got 7`,
				`t.jsonl:8: no "headline" and no "body"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := parseAll(t, tt.input, "t.jsonl", ingest.FormatJSONL)
			compareArticles(t, arts, tt.want)
			compareErrors(t, errs, tt.errs)
		})
	}
}

func TestMarshalJSON(t *testing.T) {
	a := article.Article{
		ID: "X1", Headline: "Quake", Date: time.Date(2020, 3, 5, 0, 0, 0, 0, time.UTC),
		Extra: map[string]any{"desk": "night"},
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"X1","headline":"Quake","date":"2020-03-05","body":[],"extra":{"desk":"night"}}`; string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	a.Date = time.Date(2020, 3, 5, 14, 32, 0, 0, time.FixedZone("CET", 3600))
	a.Body = []string{"P1", "P2"}
	a.Origin = article.Origin{File: "f.txt", Ordinal: 2, Line: 9}
	b, _ = json.Marshal(&a)
	if want := `{"id":"X1","headline":"Quake","date":"2020-03-05T13:32:00Z","body":["P1","P2"],"extra":{"desk":"night"},"origin":{"file":"f.txt","ordinal":2,"line":9}}`; string(b) != want {
		t.Errorf("Marshal = %s\nwant      %s", b, want)
	}
	var back article.Article
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	a.Date = a.Date.UTC()
	if !reflect.DeepEqual(back, a) {
		t.Errorf("Unmarshal(Marshal(a)) = %+v\nwant %+v", back, a)
	}
}

// TestRoundTrip checks that Factiva → JSON → JSON Lines parser gives back
// the same articles.
func TestRoundTrip(t *testing.T) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	input := string(sample) + "\n" + factivaFixture + "\n" +
		edit("5 March 2020\n", "5 March 2020\n09:15\n") + "\n" +
		edit("By JANE DOE and JOHN ROE\n", "") + "\n" +
		edit("World Desk; SECTW\n", "")
	arts, errs := parseAll(t, input, "in.txt", ingest.FormatFactiva)
	if len(errs) > 0 || len(arts) != 5 {
		t.Fatalf("got %d articles, errors %v", len(arts), errs)
	}
	var jsonl strings.Builder
	for _, a := range arts {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		jsonl.Write(b)
		jsonl.WriteByte('\n')
	}
	back, errs := parseAll(t, jsonl.String(), "out.jsonl", "")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	for _, a := range append(arts, back...) {
		a.Origin = article.Origin{}
	}
	compareArticles(t, back, arts)
}
