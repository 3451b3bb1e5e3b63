package schema_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestMetaRoundTrip checks that metadata encoded for the index reads back
// as the same JSON, that metadata stored as plain JSON (older indexes)
// reads back as it is, and that damaged values are errors, not panics.
func TestMetaRoundTrip(t *testing.T) {
	a := article.Article{ID: "x-1", Headline: "Rates rise again", Source: "Example Post", Language: "en",
		Subjects: []string{"econ"}, Names: []article.Name{{Name: "Jane Doe", Type: article.Person, Mentions: 2}},
		Quotes: []article.Quote{{Text: "We will act", Speaker: "Jane Doe", Paragraph: 1}}}
	js, err := json.Marshal(&a)
	if err != nil {
		t.Fatal(err)
	}
	enc := schema.EncodeMeta(js)
	if len(enc) >= len(js) {
		t.Errorf("encoded metadata takes %d bytes, its JSON %d", len(enc), len(js))
	}
	for _, tc := range []struct {
		name, stored string
		want         string // "" when an error is wanted
	}{
		{"encoded", enc, string(js)},
		{"encoded twice in a row (pooled coders)", schema.EncodeMeta(js), string(js)},
		{"plain JSON of an older index", string(js), string(js)},
		{"empty", "", ""},
		{"unknown version", "\x009abc", ""},
		{"truncated", enc[:len(enc)/2], ""},
		{"marker only", "\x00", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := schema.DecodeMeta(tc.stored)
			switch {
			case tc.want == "" && tc.stored == "":
				if err != nil || len(got) != 0 {
					t.Errorf("DecodeMeta(%q) = %q, %v; want nothing", tc.stored, got, err)
				}
			case tc.want == "":
				if err == nil || !strings.Contains(err.Error(), "stored article metadata") {
					t.Errorf("DecodeMeta(%q) = %q, %v; want an error naming the metadata", tc.stored, got, err)
				}
			case err != nil || string(got) != tc.want:
				t.Errorf("DecodeMeta = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// BenchmarkMeta measures encoding (once per article written) and decoding
// (once per hit shown) of an article's metadata.
func BenchmarkMeta(b *testing.B) {
	a := article.Article{ID: "x-1", Headline: "Central bank raises rates for the third time this year", Source: "Example Post",
		Language: "en", WordCount: 420, Subjects: []string{"econ", "mcat"}, Regions: []string{"usa", "uk"}}
	for i := range 12 {
		a.Names = append(a.Names, article.Name{Name: "Name Number " + strings.Repeat("x", i), Type: article.Person, Mentions: i})
	}
	for i := range 3 {
		a.Quotes = append(a.Quotes, article.Quote{Text: "We will do whatever it takes to keep prices stable, " + strings.Repeat("and more ", i), Speaker: "Name Number", Paragraph: i})
	}
	js, err := json.Marshal(&a)
	if err != nil {
		b.Fatal(err)
	}
	enc := schema.EncodeMeta(js)
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(js)))
		for b.Loop() {
			schema.EncodeMeta(js)
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(js)))
		for b.Loop() {
			if _, err := schema.DecodeMeta(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Logf("%d bytes of JSON stored in %d", len(js), len(enc))
}
