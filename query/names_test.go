package query_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

func TestNameAndQuoteFieldsInTheQueryLanguage(t *testing.T) {
	s := testSearcher(t)
	ctx := context.Background()
	tests := []struct {
		q       string
		wantHit bool // the seed article is among the hits
		only    bool // ... and the only one
	}{
		{`name:"Peter Neumann"`, true, true},
		{`name:neumann`, true, true},
		{`name:"operation gallant phoenix"`, true, true}, // a name of no known type
		{`name:"phoenix operation"`, false, false},
		{`person:pompeo`, true, true},
		{`org:europol`, true, true},
		{`place:sanliurfa`, true, false}, // four archive articles name it, some as Şanlıurfa
		{`person:europol`, false, false},
		{`quote:flood`, true, false},
		{`speaker:neumann`, true, true},
		{`speaker:"United Nations" AND returnees`, true, true},
	}
	for _, tt := range tests {
		res, err := s.Search(ctx, query.Request{Query: tt.q, Limit: 50})
		if err != nil {
			t.Fatalf("%s: %v", tt.q, err)
		}
		found := false
		for _, h := range res.Hits {
			found = found || h.ID == seedID
			if strings.Contains(h.ID, "#q") {
				t.Errorf("%s: returned the quotation document %s", tt.q, h.ID)
			}
		}
		if found != tt.wantHit || tt.only && res.Total != 1 {
			t.Errorf("%s: seed found %v among %d hits, want %v (only: %v)", tt.q, found, res.Total, tt.wantHit, tt.only)
		}
	}
}

func TestFilterOnlySearchCountsArticlesOnly(t *testing.T) {
	s := testSearcher(t)
	res, err := s.Search(context.Background(), query.Request{Query: "", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Index().Count()
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != n || n != 36 {
		t.Errorf("match-all total %d, Count %d: want 36 articles, no quotation documents", res.Total, n)
	}
}

func TestQuotes(t *testing.T) {
	s := testSearcher(t)
	ctx := context.Background()
	res, err := s.Quotes(ctx, query.QuoteRequest{Query: "flood"})
	if err != nil {
		t.Fatal(err)
	}
	var neumann *query.QuoteHit
	for i, q := range res.Quotes {
		if q.Speaker == "Peter Neumann" {
			neumann = &res.Quotes[i]
		}
	}
	if neumann == nil {
		t.Fatalf("quotes 'flood': no quotation of Peter Neumann in %+v", res.Quotes)
	}
	if neumann.ArticleID != seedID || neumann.Headline != seedHeadline || neumann.Date != "2017-10-23" || neumann.Source != "The New York Times" || neumann.Paragraph != 7 {
		t.Errorf("Neumann's quotation = %+v", neumann)
	}
	if !strings.Contains(neumann.Highlighted, "<mark>flood</mark>") {
		t.Errorf("highlight %q lacks <mark>flood</mark>", neumann.Highlighted)
	}

	bySpeaker, err := s.Quotes(ctx, query.QuoteRequest{Speaker: "pompeo"})
	if err != nil {
		t.Fatal(err)
	}
	if bySpeaker.Total != 3 || len(bySpeaker.Speakers) != 1 || bySpeaker.Speakers[0] != (query.NameCount{Name: "Mike Pompeo", Count: 3}) {
		t.Errorf("--speaker pompeo: total %d, speakers %v; want Pompeo's 3", bySpeaker.Total, bySpeaker.Speakers)
	}
	if _, err := s.Quotes(ctx, query.QuoteRequest{Query: "a (b"}); err == nil {
		t.Error("bad quote query: no error")
	}
}

func TestNamesFacet(t *testing.T) {
	s := testSearcher(t)
	res, err := s.Names(context.Background(), "returnees", 5)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || len(res.Names) == 0 || len(res.Names) > 5 {
		t.Fatalf("names of 'returnees' = %+v", res)
	}
	all, err := s.Names(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, n := range all.Names {
		counts[n.Name] = n.Count
	}
	// Reuters is named in the datelines of the Reuters articles only.
	if counts["Islamic State"] < 1 || counts["Peter Neumann"] != 1 {
		t.Errorf("names facet: Islamic State %d, Peter Neumann %d", counts["Islamic State"], counts["Peter Neumann"])
	}
}
