package query_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// encodingJSON is what the API wrote before Result.AppendJSON: encoding/json
// with HTML escaping off, without Encode's newline.
func encodingJSON(t testing.TB, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func sameJSON(t *testing.T, what string, r *query.Result) {
	t.Helper()
	got, ok := r.AppendJSON(nil)
	if !ok {
		t.Fatalf("%s: AppendJSON refused %+v", what, r)
	}
	if want := encodingJSON(t, r); !bytes.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("%s: differs from encoding/json at byte %d:\n got  %.300s\n want %.300s", what, i, got[i:], want[i:])
	}
}

// jsonKeys lists the JSON keys of struct type t, in order.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// TestAppendJSONWritesWhatEncodingJSONWrites compares the hand-written
// JSON of results with encoding/json's on searches of the sample archive
// (facets, duplicates, cursors) and on made-up values that need escaping.
// A field added to Result, Hit or FacetValue fails it until AppendJSON
// writes the field too.
func TestAppendJSONWritesWhatEncodingJSONWrites(t *testing.T) {
	for _, tc := range []struct {
		v    any
		keys string
	}{
		{query.Result{}, "query total took_ms offset hits total_articles duplicates facets next"},
		{query.Hit{}, "id score headline source source_code section date byline snippets duplicates"},
		{query.FacetValue{}, "value count filter"},
	} {
		if got := strings.Join(jsonKeys(reflect.TypeOf(tc.v)), " "); got != tc.keys {
			t.Errorf("%T has JSON keys %q; AppendJSON writes %q: update it", tc.v, got, tc.keys)
		}
	}
	s := testSearcher(t)
	ctx := context.Background()
	for _, q := range []string{"", "said", `"islamic state" fighters`, "harbour OR lighthouse", "nosuchwordanywhere"} {
		for _, facets := range [][]string{nil, slices.Clone(query.FacetNames)} {
			for _, mode := range []string{query.DupSimilar, query.DupShow} {
				req := query.Request{Query: q, Facets: facets, Duplicates: mode, Limit: 50}
				res, err := s.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				sameJSON(t, q, res)
				req.Cursor, req.Limit = query.CursorStart, 3
				if res, err = s.Search(ctx, req); err != nil {
					t.Fatal(err)
				}
				sameJSON(t, q+" (cursor)", res)
			}
		}
	}
	odd := []string{"", `"quoted" \ back`, "tab\there\nline\r\b\f\x00\x1f\x7f", "caf\u00e9 \u2028 \u2029 <&>", "bad \xff\xfe utf8", "ok"}
	for _, f := range []float64{0, 1, -2.5, 1e-7, 1.5e21, 123456789.125, 5e-324, math.MaxFloat64} {
		for _, str := range odd {
			r := &query.Result{Query: str, Total: 7, TookMS: f, Offset: 3, TotalArticles: 9, Duplicates: str, Next: str,
				Hits: []query.Hit{{ID: str, Score: f, Headline: str, Source: str, SourceCode: str, Section: str, Date: str, Byline: str, Snippets: []string{str, str}, Duplicates: []string{str}},
					{ID: "x", Snippets: nil}, {ID: "y", Snippets: []string{}, Duplicates: []string{}}},
				Facets: map[string][]query.FacetValue{"b" + str: {{Value: str, Count: 2, Filter: str}}, "a": {}, "c": nil}}
			sameJSON(t, str, r)
		}
	}
	sameJSON(t, "empty", &query.Result{})
	for _, bad := range []*query.Result{{TookMS: math.NaN()}, {Hits: []query.Hit{{Score: math.Inf(1)}}}} {
		if b, ok := bad.AppendJSON([]byte("x")); ok || string(b) != "x" {
			t.Errorf("%+v: AppendJSON gave %q, %v; want it refused", bad, b, ok)
		}
	}
}

// FuzzAppendJSON compares AppendJSON with encoding/json on random strings
// and scores.
func FuzzAppendJSON(f *testing.F) {
	f.Add("caf\u00e9 \"q\" \\ \n", 1.25)
	f.Add("\xff\u2028<", 1e-9)
	f.Fuzz(func(t *testing.T, s string, score float64) {
		if math.IsNaN(score) || math.IsInf(score, 0) {
			return
		}
		r := &query.Result{Query: s, Hits: []query.Hit{{ID: s, Score: score, Source: s, Snippets: []string{s}}},
			Facets: map[string][]query.FacetValue{s: {{Value: s, Filter: s}}}}
		sameJSON(t, s, r)
	})
}
