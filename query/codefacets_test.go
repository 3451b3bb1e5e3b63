package query_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// TestCodeListFacetsAndFilters checks the code-list facets (subjects,
// regions, ...) and filters against counts taken from the parsed files.
func TestCodeListFacetsAndFilters(t *testing.T) {
	paths := []string{
		filepath.Join("..", "testdata", "formats", "reuters-sgml"),
		filepath.Join("..", "testdata", "formats", "factiva-coded"),
	}
	var arts []*article.Article
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Article != nil {
			arts = append(arts, ev.Article)
		}
	}
	if len(arts) < 4 {
		t.Fatalf("read %d articles from %v", len(arts), paths)
	}
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), arts...); err != nil {
		t.Fatal(err)
	}
	s := query.NewSearcher(ix)
	lists := map[string]func(*article.Article) []string{
		query.FacetSubjects:      func(a *article.Article) []string { return a.Subjects },
		query.FacetRegions:       func(a *article.Article) []string { return a.Regions },
		query.FacetCompanies:     func(a *article.Article) []string { return a.Companies },
		query.FacetIndustries:    func(a *article.Article) []string { return a.Industries },
		query.FacetPeople:        func(a *article.Article) []string { return a.People },
		query.FacetOrganizations: func(a *article.Article) []string { return a.Organizations },
	}
	names := make([]string, 0, len(lists))
	for n := range lists {
		names = append(names, n)
	}
	res, err := s.Search(context.Background(), query.Request{Facets: names, Duplicates: query.DupShow})
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for n, list := range lists {
		want := map[string]uint64{}
		for _, a := range arts {
			seen := map[string]bool{}
			for _, v := range list(a) {
				v = strings.ToLower(v)
				if !seen[v] {
					seen[v] = true
					want[v]++
				}
			}
		}
		got := map[string]uint64{}
		for _, fv := range res.Facets[n] {
			got[fv.Value] = fv.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("facet %s = %v\nwant %v", n, got, want)
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 3 {
		t.Errorf("only %d code-list facets have values: the testdata no longer exercises them", nonEmpty)
	}
	// A code in the query syntax filters: every hit carries it.
	for _, v := range res.Facets[query.FacetSubjects] {
		r, err := s.Search(context.Background(), query.Request{Query: "subject:" + v.Value, Duplicates: query.DupShow, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != v.Count {
			t.Errorf("subject:%s matches %d articles, facet says %d", v.Value, r.Total, v.Count)
		}
	}
}
