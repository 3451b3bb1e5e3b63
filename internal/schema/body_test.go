package schema_test

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestBodyRoundTrip checks that a body encoded for the index reads back as
// the same text through Body, the function every reader of a stored body
// goes through, from the field of either layout; and that damaged values
// are errors, not panics.
func TestBodyRoundTrip(t *testing.T) {
	text := "The central bank said on Tuesday it would raise interest rates by half a percent.\n\n" +
		"\"We will act,\" said Jane Doe, the governor. Prices rose 3.2 pct in March, the ministry said.\n\n" +
		"Zürich — Ünïcode stays: ½ €, 東京."
	enc := schema.EncodeBody(text)
	if len(enc) >= len(text)*3/4 {
		t.Errorf("encoded body takes %d bytes for %d of text, want under three quarters", len(enc), len(text))
	}
	long := strings.Repeat("Shares fell in London and New York after the report. ", 2000)
	for _, tc := range []struct {
		name   string
		fields map[string]interface{}
		want   string
		bad    bool
	}{
		{"layout 5", map[string]interface{}{schema.FieldStoredBody: enc}, text, false},
		{"encoded twice in a row (pooled coders)", map[string]interface{}{schema.FieldStoredBody: schema.EncodeBody(text)}, text, false},
		{"long", map[string]interface{}{schema.FieldStoredBody: schema.EncodeBody(long)}, long, false},
		{"empty body", map[string]interface{}{schema.FieldStoredBody: schema.EncodeBody("")}, "", false},
		{"layout 4: text in the body field", map[string]interface{}{schema.FieldBody: text}, text, false},
		{"no body loaded", map[string]interface{}{schema.FieldMeta: "x"}, "", false},
		{"plain text in the stored field", map[string]interface{}{schema.FieldStoredBody: "plain"}, "", true},
		{"unknown version", map[string]interface{}{schema.FieldStoredBody: "\x009abc"}, "", true},
		{"truncated", map[string]interface{}{schema.FieldStoredBody: enc[:len(enc)/2]}, "", true},
		{"marker only", map[string]interface{}{schema.FieldStoredBody: "\x00"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := schema.Body(tc.fields)
			switch {
			case tc.bad && err == nil:
				t.Errorf("read %q, want an error", got)
			case !tc.bad && err != nil:
				t.Errorf("error %v", err)
			case got != tc.want:
				t.Errorf("read %q, want %q", got, tc.want)
			}
			if tc.bad {
				return
			}
			if err := schema.PlainBody(tc.fields); err != nil {
				t.Fatal(err)
			}
			if _, ok := tc.fields[schema.FieldStoredBody]; ok {
				t.Errorf("PlainBody left %s", schema.FieldStoredBody)
			}
			if got, _ := tc.fields[schema.FieldBody].(string); got != tc.want {
				t.Errorf("PlainBody set the body to %q, want %q", got, tc.want)
			}
		})
	}
}

// benchBody is invented news text of the length of an average Reuters body
// (about 720 bytes).
var benchBody = strings.Repeat("The central bank said on Tuesday it would raise interest rates by half a point, "+
	"and shares fell in London and New York. \"We will act,\" the governor said.\n\n", 4)

// BenchmarkDecodeBody is the cost a shown hit pays for its compressed body
// (snippets and the article view decode it).
func BenchmarkDecodeBody(b *testing.B) {
	enc := schema.EncodeBody(benchBody)
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schema.DecodeBody(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeBody is the cost ingest pays per article.
func BenchmarkEncodeBody(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		schema.EncodeBody(benchBody)
	}
}
