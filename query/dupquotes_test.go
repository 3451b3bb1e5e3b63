package query_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// TestQuotesAndNamesCollapseDuplicates checks that a wire story printed by
// three papers gives its quotations and names once by default, and three
// times with duplicates shown.
func TestQuotesAndNamesCollapseDuplicates(t *testing.T) {
	ctx := context.Background()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	events := ingest.Read(ctx, []string{filepath.Join("..", "testdata", "dups", "planted-factiva.txt")}, ingest.Options{})
	if _, err := ix.Ingest(ctx, events, index.Options{}); err != nil {
		t.Fatal(err)
	}
	s := query.NewSearcher(ix)
	shown, err := s.Quotes(ctx, query.QuoteRequest{Speaker: "ashdown", Duplicates: query.DupShow, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	collapsed, err := s.Quotes(ctx, query.QuoteRequest{Speaker: "ashdown", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if collapsed.Total == 0 || shown.Total != 3*collapsed.Total {
		t.Fatalf("quotations by Ashdown: %d with duplicates, %d without; want three copies of each", shown.Total, collapsed.Total)
	}
	articles := map[string]bool{}
	for _, q := range collapsed.Quotes {
		articles[q.ArticleID] = true
	}
	if len(articles) != 1 {
		t.Errorf("collapsed quotations come from %d articles, want the lead only: %v", len(articles), articles)
	}
	if len(collapsed.Speakers) == 0 || collapsed.Speakers[0].Count != int(collapsed.Total) {
		t.Errorf("speakers facet %v, want Ashdown with %d", collapsed.Speakers, collapsed.Total)
	}
	names, err := s.Names(ctx, "ashdown", 5)
	if err != nil {
		t.Fatal(err)
	}
	if names.Total != 1 || len(names.Names) == 0 || names.Names[0].Count != 1 {
		t.Errorf("names of ashdown: total %d, %v; want the one story counted once", names.Total, names.Names)
	}
	if _, err := s.Quotes(ctx, query.QuoteRequest{Duplicates: "twice"}); err == nil {
		t.Error("duplicates=twice: no error")
	}
}
