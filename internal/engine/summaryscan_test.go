package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// sampleMetas returns the stored metadata of every article of the sample
// archive, as the index keeps it.
func sampleMetas(t testing.TB) []string {
	t.Helper()
	ix, _, err := testarchive.Memory(filepath.Join("..", "..", "testdata", "archive", "factiva"), filepath.Join("..", "..", "testdata", "facets"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 10000, 0, false)
	req.Fields = []string{schema.FieldMeta}
	res, err := ix.Bleve().SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		if m, ok := h.Fields[schema.FieldMeta].(string); ok {
			// Stored deflated: the scanner reads what DecodeMeta gives.
			js, err := schema.DecodeMeta(m)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(js))
		}
	}
	if len(out) < 10 {
		t.Fatalf("%d stored articles; the test needs the sample archive's", len(out))
	}
	return out
}

// sameSummary checks that the fast scan of meta reads what encoding/json
// reads, or leaves it to encoding/json.
func sameSummary(t *testing.T, meta string) {
	t.Helper()
	got, ok := engine.ScanSummary(meta)
	want, err := engine.UnmarshalSummary(meta)
	if !ok {
		return // left to encoding/json
	}
	if err != nil {
		t.Fatalf("scanned %q, which encoding/json refuses: %v", meta, err)
	}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("%q:\n scanned %q\n json    %q", meta, got, want)
	}
}

// TestScanSummaryReadsWhatJSONReads compares the fast scan of the stored
// metadata with encoding/json on every article of the sample archive
// (each of which it must scan, not leave to encoding/json) and on
// hand-made edge cases.
func TestScanSummaryReadsWhatJSONReads(t *testing.T) {
	for _, m := range sampleMetas(t) {
		if _, ok := engine.ScanSummary(m); !ok {
			t.Errorf("left to encoding/json: %.200s", m)
		}
		sameSummary(t, m)
	}
	for _, tc := range []struct {
		meta string
		scan bool // the scan reads it itself
	}{
		{`{"id":"A","headline":"H","names":[{"n":"x","k":[1,-2.5e3,true,null,{}]}],"date":"2017-10-23"}`, true},
		{` { "id" : "A" , "headline" : "caf\u00e9 \"q\"" } `, true},
		{`{"id":"A","id":"B"}`, true},
		{`{"id":"A","quotes":[{"text":"x \"y\"","speaker":"Z","paragraph":2}],"headline":"H"}`, true},
		{`{"quotes":null}`, true},
		{` {"quotes" : [ ] } `, true},
		{`{"Quotes":[]}`, false},
		{`{"ID":"A"}`, false},
		{`{"Headline":"A","headline":"B"}`, false},
		{`{"\u0069d":"A"}`, false},
		{`{"id":null}`, false},
		{`{"id":5}`, false},
		{`{"id":"A","n":01}`, false},
		{`{"id":"A","n":1.}`, false},
		{`{"id":"A","n":[1,]}`, false},
		{`{"id":"A"} x`, false},
		{`{"id":"A","s":"tab	in"}`, false},
		{`{"id":"A","s":"\x"}`, false},
		{"{\"id\":\"\xff\"}", true},
		{`[]`, false},
		{``, false},
	} {
		if _, ok := engine.ScanSummary(tc.meta); ok != tc.scan {
			t.Errorf("%q: scanned %v, want %v", tc.meta, ok, tc.scan)
		}
		sameSummary(t, tc.meta)
	}
}

// FuzzScanSummary checks that whatever the fast scan reads, encoding/json
// reads the same way.
func FuzzScanSummary(f *testing.F) {
	for _, m := range []string{`{"id":"A","headline":"H","names":[{"n":"x"}],"date":"2017-10-23"}`, `{"id":"\u00e9","x":[1,2,{"y":null}]}`, `{}`} {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, meta string) { sameSummary(t, meta) })
}

// TestQuotesFromFieldsReadsWhatArticleFromFieldsReads compares what a
// quotation hit shows of its article, read by QuotesFromFields, with the
// whole article decoded by ArticleFromFields, on every article of the
// sample archive.
func TestQuotesFromFieldsReadsWhatArticleFromFieldsReads(t *testing.T) {
	quoted := 0
	for _, m := range sampleMetas(t) {
		fields := map[string]interface{}{schema.FieldMeta: m}
		a, err := engine.ArticleFromFields(fields)
		if err != nil {
			t.Fatal(err)
		}
		s, quotes, err := engine.QuotesFromFields(fields)
		if err != nil {
			t.Fatal(err)
		}
		if s.Headline != a.Headline || s.Source != a.Source || !s.Date.Equal(a.Date) || !reflect.DeepEqual(quotes, a.Quotes) {
			t.Errorf("%s: read %q %q %v %+v\n whole article %q %q %v %+v", a.ID, s.Headline, s.Source, s.Date, quotes, a.Headline, a.Source, a.Date, a.Quotes)
		}
		if len(quotes) > 0 {
			quoted++
		}
	}
	if quoted == 0 {
		t.Fatal("no article of the sample archive has quotations: the test checks nothing")
	}
}
