package index_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// An article longer than MaxArticleBytes would take about 100 bytes of
// memory per byte to index (a 32 MiB one peaked at 11.8 GB): it is skipped
// with an error naming where it came from, and the articles beside it go in.
func TestArticleTooLongIsSkipped(t *testing.T) {
	day := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	long := &article.Article{ID: "LONG", Headline: "Long", Source: "Wire", Date: day,
		Body:   []string{strings.Repeat("The harbour reopened on Thursday. ", (index.DefaultMaxArticleBytes/34)+1)},
		Origin: article.Origin{File: "huge.jsonl", Line: 7}}
	short := &article.Article{ID: "SHORT", Headline: "Short", Source: "Wire", Date: day, Body: []string{"The harbour reopened."}}
	tests := []struct {
		name    string
		most    int // Options.MaxArticleBytes
		skipped int
	}{
		{"default limit", 0, 1},
		{"raised limit", 2 * index.DefaultMaxArticleBytes, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := memoryIndex(t)
			events := make(chan ingest.Event, 2)
			events <- ingest.Event{Article: long}
			events <- ingest.Event{Article: short}
			close(events)
			stats, err := ix.Ingest(context.Background(), events, index.Options{MaxArticleBytes: tt.most})
			if err != nil {
				t.Fatal(err)
			}
			if stats.Skipped != tt.skipped || stats.Added != 2-tt.skipped {
				t.Fatalf("skipped %d, added %d; want %d, %d (errors %v)", stats.Skipped, stats.Added, tt.skipped, 2-tt.skipped, stats.Errors)
			}
			if tt.skipped == 0 {
				return
			}
			if len(stats.Errors) != 1 || !errors.Is(stats.Errors[0], index.ErrArticleTooLong) ||
				!strings.HasPrefix(stats.Errors[0].Error(), "huge.jsonl:7: article LONG: too long to index: 4.0 MiB") {
				t.Errorf("errors = %v, want one naming huge.jsonl:7 and the size", stats.Errors)
			}
			if _, err := ix.Article(context.Background(), "SHORT"); err != nil {
				t.Errorf("the short article beside it: %v", err)
			}
		})
	}
}
