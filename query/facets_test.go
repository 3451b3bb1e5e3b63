package query_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/query"
)

var parsed struct {
	once     sync.Once
	articles map[string]*article.Article
}

// archiveArticles parses the test archive with ingest alone, for counts
// that do not go through the index.
func archiveArticles(t *testing.T) map[string]*article.Article {
	t.Helper()
	parsed.once.Do(func() {
		parsed.articles = map[string]*article.Article{}
		for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
			if ev.Article != nil {
				parsed.articles[ev.Article.ID] = ev.Article
			}
		}
	})
	if len(parsed.articles) != 36 {
		t.Fatalf("parsed %d articles, want 36", len(parsed.articles))
	}
	return parsed.articles
}

// allIDs lists every hit of req through the cursor, in order.
func allIDs(t *testing.T, s *query.Searcher, req query.Request) []string {
	t.Helper()
	var out []string
	err := s.Each(context.Background(), req, func(h query.Hit, _ *article.Article) error {
		out = append(out, h.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// hasWord reports whether text holds word as a whole word, case-folded.
func hasWords(text, phrase string) bool {
	return strings.Contains(" "+strings.Join(strings.Fields(strings.ToLower(text)), " ")+" ", " "+strings.ToLower(phrase)+" ")
}

func TestFiltersMatchTheFiles(t *testing.T) {
	s := testSearcher(t)
	arts := archiveArticles(t)
	year := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		req  query.Request
		want func(a *article.Article) bool
	}{
		{"one source", query.Request{Filters: query.Filters{Sources: []string{"guardian"}}},
			func(a *article.Article) bool { return hasWords(a.Source, "guardian") }},
		{"two sources are OR", query.Request{Filters: query.Filters{Sources: []string{"The Guardian", "new york times"}}},
			func(a *article.Article) bool {
				return hasWords(a.Source, "the guardian") || hasWords(a.Source, "new york times")
			}},
		{"source code, any case", query.Request{Filters: query.Filters{SourceCodes: []string{"afpr", "LBA"}}},
			func(a *article.Article) bool { return a.SourceCode == "AFPR" || a.SourceCode == "LBA" }},
		{"section", query.Request{Filters: query.Filters{Sections: []string{"foreign desk"}}},
			func(a *article.Article) bool { return hasWords(a.Section, "foreign desk") }},
		{"language by name", query.Request{Filters: query.Filters{Languages: []string{"English"}}},
			func(a *article.Article) bool { return a.Language == "en" }},
		{"fields are AND", query.Request{Filters: query.Filters{SourceCodes: []string{"NYTF"}, Sections: []string{"foreign desk"}}},
			func(a *article.Article) bool { return a.SourceCode == "NYTF" && hasWords(a.Section, "foreign desk") }},
		{"filter and dates", query.Request{From: year(2017, 1), To: year(2018, 7), Filters: query.Filters{SourceCodes: []string{"AFPR", "NYTF"}}},
			func(a *article.Article) bool {
				return (a.SourceCode == "AFPR" || a.SourceCode == "NYTF") && !a.Date.Before(year(2017, 1)) && a.Date.Before(year(2018, 7))
			}},
		{"query syntax filter", query.Request{Query: "source_code:NYTF date:2017"},
			func(a *article.Article) bool { return a.SourceCode == "NYTF" && a.Date.Year() == 2017 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for id, a := range arts {
				if tt.want(a) {
					want = append(want, id)
				}
			}
			if len(want) == 0 {
				t.Fatal("the test selects no article")
			}
			tt.req.Duplicates = query.DupShow
			got := allIDs(t, s, tt.req)
			if !slices.Equal(sorted(got...), sorted(want...)) {
				t.Errorf("got %d %v\nwant %d %v", len(got), sorted(got...), len(want), sorted(want...))
			}
		})
	}
}

// TestFiltersKeepRanking checks that a filter only removes hits: the
// filtered ranking is the unfiltered one with the other hits left out,
// scores unchanged.
func TestFiltersKeepRanking(t *testing.T) {
	s := testSearcher(t)
	ctx := context.Background()
	for _, tt := range []struct {
		q      string
		filter query.Filters
		syntax string
	}{
		{"said", query.Filters{SourceCodes: []string{"NYTF", "GRDN"}}, "said (source_code:NYTF OR source_code:GRDN)"},
		{"election OR vote", query.Filters{Languages: []string{"en"}, Sources: []string{"reuters"}}, "(election OR vote) language:en source:reuters"},
	} {
		all, err := s.Search(ctx, query.Request{Query: tt.q, Limit: query.MaxLimit, Duplicates: query.DupShow})
		if err != nil {
			t.Fatal(err)
		}
		filtered, err := s.Search(ctx, query.Request{Query: tt.q, Filters: tt.filter, Limit: query.MaxLimit, Duplicates: query.DupShow})
		if err != nil {
			t.Fatal(err)
		}
		keep := map[string]bool{}
		for _, id := range ids(filtered) {
			keep[id] = true
		}
		var want []string
		score := map[string]float64{}
		for _, h := range all.Hits {
			score[h.ID] = h.Score
			if keep[h.ID] {
				want = append(want, h.ID)
			}
		}
		if len(want) < 2 || !slices.Equal(ids(filtered), want) {
			t.Errorf("%s: filtered order %v, want %v", tt.q, ids(filtered), want)
		}
		for _, h := range filtered.Hits {
			if h.Score != score[h.ID] {
				t.Errorf("%s: %s scores %v filtered, %v not", tt.q, h.ID, h.Score, score[h.ID])
			}
		}
		// The same filter written in the query is as neutral.
		inQuery, err := s.Search(ctx, query.Request{Query: tt.syntax, Limit: query.MaxLimit, Duplicates: query.DupShow})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(inQuery), want) {
			t.Errorf("%s: order %v, want %v", tt.syntax, ids(inQuery), want)
		}
		for _, h := range inQuery.Hits {
			if h.Score != score[h.ID] {
				t.Errorf("%s: %s scores %v, %v without the filter", tt.syntax, h.ID, h.Score, score[h.ID])
			}
		}
	}
}

// independentFacets counts facet values over the parsed articles with ids.
func independentFacets(arts map[string]*article.Article, ids []string) map[string]map[string]uint64 {
	out := map[string]map[string]uint64{"source": {}, "source_code": {}, "section": {}, "lang": {}, "year": {}, "month": {}, "day": {}}
	for _, id := range ids {
		a := arts[id]
		for f, v := range map[string]string{"source": a.Source, "source_code": a.SourceCode, "section": a.Section, "lang": a.Language} {
			if v != "" {
				out[f][v]++
			}
		}
		out["year"][a.Date.Format("2006")]++
		out["month"][a.Date.Format("2006-01")]++
		out["day"][a.Date.Format("2006-01-02")]++
	}
	return out
}

func TestFacetsCountExactly(t *testing.T) {
	s := testSearcher(t)
	arts := archiveArticles(t)
	names := []string{"source", "source_code", "section", "lang", "year", "month", "day"}
	for _, req := range []query.Request{
		{},
		{Query: "said"},
		{Query: "election OR vaccine", Filters: query.Filters{Languages: []string{"en"}}},
		{Query: "water", From: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Filters: query.Filters{Sources: []string{"guardian", "reuters"}}},
	} {
		t.Run(fmt.Sprintf("%q %v", req.Query, req.Filters), func(t *testing.T) {
			req.Facets, req.Duplicates = names, query.DupShow
			res, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			want := independentFacets(arts, allIDs(t, s, req))
			for _, n := range names {
				got := map[string]uint64{}
				var sum uint64
				for _, fv := range res.Facets[n] {
					if fv.Count > 0 {
						got[fv.Value] = fv.Count
					}
					sum += fv.Count
				}
				if fmt.Sprint(got) != fmt.Sprint(want[n]) {
					t.Errorf("facet %s = %v\nwant %v", n, got, want[n])
				}
				if sum != res.Total && n != "section" {
					t.Errorf("facet %s sums to %d, total %d", n, sum, res.Total)
				}
			}
		})
	}
}

// TestFacetsEqualBleveTermFacets checks the own facet engine against
// bleve's term facets on the same queries.
func TestFacetsEqualBleveTermFacets(t *testing.T) {
	s := testSearcher(t)
	fields := map[string]string{"source": schema.FieldSource, "source_code": schema.FieldSourceCode, "section": schema.FieldSection, "lang": schema.FieldLanguage}
	for _, q := range []string{"", "said", "turkey OR water", "source:times"} {
		res, err := s.Search(context.Background(), query.Request{Query: q, Facets: []string{"source", "source_code", "section", "lang"}, Duplicates: query.DupShow})
		if err != nil {
			t.Fatal(err)
		}
		bq, err := s.Compile(q, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		br := bleve.NewSearchRequestOptions(bq, 0, 0, false)
		for name, f := range fields {
			br.AddFacet(name, bleve.NewFacetRequest(f, 1000))
		}
		bres, err := s.Index().Bleve().Search(br)
		if err != nil {
			t.Fatal(err)
		}
		for name := range fields {
			want := map[string]uint64{}
			for _, tf := range bres.Facets[name].Terms.Terms() {
				if tf.Term == "" {
					continue // articles without a section
				}
				want[tf.Term] = uint64(tf.Count)
			}
			got := map[string]uint64{}
			for _, fv := range res.Facets[name] {
				got[fv.Value] = fv.Count
			}
			if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%q facet %s = %v, bleve says %v", q, name, got, want)
			}
		}
	}
}

func TestDateHistogramsIncludeEmptyBuckets(t *testing.T) {
	s := testSearcher(t)
	tests := []struct {
		q, facet     string
		first, last  string
		buckets      int
		nonZero      map[string]uint64
		zeroExamples []string
	}{
		// The five election articles, 2015-05-08 to 2019-06-24.
		{`elections`, "year", "2015", "2019", 5, map[string]uint64{"2015": 1, "2016": 1, "2017": 1, "2018": 1, "2019": 1}, nil},
		{`elections`, "month", "2015-05", "2019-06", 50, map[string]uint64{"2015-05": 1, "2016-11": 1, "2017-05": 1, "2018-10": 1, "2019-06": 1}, []string{"2015-06", "2018-01"}},
		// water rationing: 2015-02-10 and 2018-01-19.
		{`"water rationing"`, "week", "2015-W07", "2018-W03", 154, map[string]uint64{"2015-W07": 1, "2018-W03": 1}, []string{"2016-W01"}},
		{`"water rationing"`, "day", "2015-02-10", "2018-01-19", 1075, map[string]uint64{"2015-02-10": 1, "2018-01-19": 1}, []string{"2015-02-11"}},
	}
	for _, tt := range tests {
		t.Run(tt.q+" by "+tt.facet, func(t *testing.T) {
			res, err := s.Search(context.Background(), query.Request{Query: tt.q, Facets: []string{tt.facet}})
			if err != nil {
				t.Fatal(err)
			}
			b := res.Facets[tt.facet]
			if len(b) != tt.buckets || b[0].Value != tt.first || b[len(b)-1].Value != tt.last {
				t.Fatalf("%d buckets %v .. %v, want %d %s .. %s", len(b), b[0], b[len(b)-1], tt.buckets, tt.first, tt.last)
			}
			got := map[string]uint64{}
			seen := map[string]bool{}
			for i, fv := range b {
				if i > 0 && fv.Value <= b[i-1].Value {
					t.Errorf("bucket %s after %s", fv.Value, b[i-1].Value)
				}
				seen[fv.Value] = true
				if fv.Count > 0 {
					got[fv.Value] = fv.Count
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.nonZero) {
				t.Errorf("non-empty buckets %v, want %v", got, tt.nonZero)
			}
			for _, z := range tt.zeroExamples {
				if !seen[z] {
					t.Errorf("empty bucket %s missing", z)
				}
			}
		})
	}
}

func TestFacetAndFilterErrors(t *testing.T) {
	s := testSearcher(t)
	for _, tt := range []struct {
		req   query.Request
		param string
	}{
		{query.Request{Facets: []string{"colour"}}, "facets"},
		{query.Request{Duplicates: "some"}, "duplicates"},
		{query.Request{Cursor: "garbage"}, "cursor"},
		{query.Request{Cursor: query.CursorStart, Offset: 10}, "offset"},
	} {
		_, err := s.Search(context.Background(), tt.req)
		var re *query.RequestError
		if !errors.As(err, &re) || re.Param != tt.param {
			t.Errorf("%+v: err = %v, want a RequestError on %s", tt.req, err, tt.param)
		}
	}
}
