package index_test

import (
	"context"
	"testing"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestPutIndexesTextAfterInvalidUTF8: an article built in Go with bytes
// that are not UTF-8 is searchable after them (bleve's tokenizer stops at
// the first such byte) and reads back with U+FFFD in their place, as
// ingest's readers make it.
func TestPutIndexesTextAfterInvalidUTF8(t *testing.T) {
	ctx := context.Background()
	ix := memoryIndex(t)
	a := newArticle("U1", "Bad \xff bytes before the zebra", "First part \xfe\xff then giraffes.", "A second \xe2\x80 paragraph on okapis.")
	a.Byline = "By \xffAnn Smith"
	if _, err := ix.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ field, term string }{
		{schema.FieldHeadline, "zebra"}, {schema.FieldBody, "giraff"}, {schema.FieldBody, "okapi"}, {schema.FieldByline, "smith"},
	} {
		if n := hits(t, ix, term(tc.field, tc.term)); n != 1 {
			t.Errorf("%s:%s: %d hits, want 1", tc.field, tc.term, n)
		}
	}
	got, err := ix.Article(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Bad \uFFFD bytes before the zebra"; got.Headline != want {
		t.Errorf("headline %q, want %q", got.Headline, want)
	}
	if want := "First part \uFFFD then giraffes."; len(got.Body) != 2 || got.Body[0] != want {
		t.Errorf("body %q, want %q first", got.Body, want)
	}
}
