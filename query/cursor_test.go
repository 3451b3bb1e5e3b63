package query_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/query"
)

// Planted duplicates (testdata/facets/README.md): three copies of one
// article and one other article on the same story.
const (
	lighthouseOriginal = "CSTLDG0020160314ec3e000a1"
	lighthouseSpacing  = "NRTHWR0020160315ec3f000b2"
	lighthouseLower    = "NRTHWR0020160402ec42000c3"
	lighthouseOther    = "CSTLDG0020160420ec4k000d4"
)

var dupArchive struct {
	once sync.Once
	s    *query.Searcher
	err  error
}

// dupSearcher indexes the sample archive and the planted duplicates.
func dupSearcher(t *testing.T) *query.Searcher {
	t.Helper()
	dupArchive.once.Do(func() {
		ix, err := index.NewMemory()
		if err != nil {
			dupArchive.err = err
			return
		}
		ctx := context.Background()
		paths := []string{filepath.Join("..", "testdata", "archive", "factiva"), filepath.Join("..", "testdata", "facets")}
		_, dupArchive.err = ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{BatchSize: 7})
		dupArchive.s = query.NewSearcher(ix)
	})
	if dupArchive.err != nil {
		t.Fatal(dupArchive.err)
	}
	return dupArchive.s
}

func TestCursorPagingGivesEachHitOnce(t *testing.T) {
	s := dupSearcher(t)
	ctx := context.Background()
	for _, sortBy := range []string{query.SortRelevance, query.SortNewest, query.SortOldest} {
		for _, q := range []string{"", "said", "lighthouse OR election"} {
			for _, dups := range []string{query.DupShow, query.DupIdentical} {
				for _, limit := range []int{1, 3, 7, 100} {
					req := query.Request{Query: q, Sort: sortBy, Duplicates: dups, Limit: limit, Cursor: query.CursorStart, Snippets: -1}
					seen := map[string]bool{}
					var order []string
					var total uint64
					for pages := 0; ; pages++ {
						if pages > 100 {
							t.Fatalf("%q %s: the cursor does not end", q, sortBy)
						}
						res, err := s.Search(ctx, req)
						if err != nil {
							t.Fatal(err)
						}
						total = res.Total
						if len(res.Hits) > limit {
							t.Fatalf("%d hits on a page of %d", len(res.Hits), limit)
						}
						for _, h := range res.Hits {
							if seen[h.ID] {
								t.Errorf("%q sort %s dups %s limit %d: %s twice", q, sortBy, dups, limit, h.ID)
							}
							seen[h.ID] = true
							order = append(order, h.ID)
						}
						if res.Next == "" {
							break
						}
						req.Cursor = res.Next
					}
					if uint64(len(seen)) != total {
						t.Errorf("%q sort %s dups %s limit %d: %d hits paged, total %d", q, sortBy, dups, limit, len(seen), total)
					}
					// The same hits as one big offset page (collapsed the
					// same way), in the same order for date sorts.
					whole, err := s.Search(ctx, query.Request{Query: q, Sort: sortBy, Duplicates: dups, Limit: query.MaxLimit, Snippets: -1})
					if err != nil {
						t.Fatal(err)
					}
					// Relevance pages by cursor in bleve's first-pass order,
					// offset pages in the re-scored one, so a duplicate
					// group can be led by another copy: compare counts.
					if sortBy == query.SortRelevance && dups != query.DupShow {
						if len(order) != len(whole.Hits) {
							t.Errorf("%q sort %s dups %s: %d cursor hits, %d offset hits", q, sortBy, dups, len(order), len(whole.Hits))
						}
					} else if !slices.Equal(sorted(order...), sorted(ids(whole)...)) {
						t.Errorf("%q sort %s dups %s: cursor hits differ from offset hits", q, sortBy, dups)
					}
				}
			}
		}
	}
}

func TestCursorOrderIsDateThenID(t *testing.T) {
	s := dupSearcher(t)
	var dates []string
	err := s.Each(context.Background(), query.Request{Query: "said", Sort: query.SortOldest, Duplicates: query.DupShow}, func(h query.Hit, a *article.Article) error {
		dates = append(dates, a.Date.Format(time.RFC3339)+" "+h.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dates) < 20 || !slices.IsSorted(dates) {
		t.Errorf("oldest-first listing is not in date, id order: %v", dates)
	}
}

func TestCursorRejectsAnotherQuery(t *testing.T) {
	s := dupSearcher(t)
	ctx := context.Background()
	res, err := s.Search(ctx, query.Request{Query: "said", Sort: query.SortNewest, Limit: 2, Cursor: query.CursorStart})
	if err != nil || res.Next == "" {
		t.Fatal(err, res.Next)
	}
	for _, req := range []query.Request{
		{Query: "water", Sort: query.SortNewest, Cursor: res.Next},
		{Query: "said", Sort: query.SortOldest, Cursor: res.Next},
		{Query: "said", Sort: query.SortNewest, Cursor: res.Next, Filters: query.Filters{SourceCodes: []string{"NYTF"}}},
	} {
		if _, err := s.Search(ctx, req); err == nil {
			t.Errorf("%+v: a cursor of another search was accepted", req)
		}
	}
}

// readOnlyDupSearcher is dupSearcher's archive in an on-disk index opened
// read-only, where duplicate keys shared by several articles are cached.
func readOnlyDupSearcher(t *testing.T) *query.Searcher {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.OpenOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	paths := []string{filepath.Join("..", "testdata", "archive", "factiva"), filepath.Join("..", "testdata", "facets")}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{}); err != nil {
		t.Fatal(err)
	}
	return query.NewSearcher(reopenReadOnly(t, ix))
}

func TestDuplicatesCollapse(t *testing.T) {
	for name, s := range map[string]*query.Searcher{"writable": dupSearcher(t), "read-only": readOnlyDupSearcher(t)} {
		t.Run(name, func(t *testing.T) { testDuplicatesCollapse(t, s) })
	}
}

func testDuplicatesCollapse(t *testing.T, s *query.Searcher) {
	ctx := context.Background()
	all := []string{lighthouseOriginal, lighthouseSpacing, lighthouseLower, lighthouseOther}
	tests := []struct {
		name, mode, sort string
		wantIDs          []string            // in order
		wantDups         map[string][]string // collapsed ids per shown hit
		total, articles  uint64
	}{
		{"show keeps every copy", query.DupShow, query.SortOldest, all, nil, 4, 4},
		{"identical collapses the copies into the first", query.DupIdentical, query.SortOldest,
			[]string{lighthouseOriginal, lighthouseOther},
			map[string][]string{lighthouseOriginal: {lighthouseSpacing, lighthouseLower}}, 2, 4},
		{"newest first keeps the newest copy", query.DupIdentical, query.SortNewest,
			[]string{lighthouseOther, lighthouseLower},
			map[string][]string{lighthouseLower: {lighthouseOriginal, lighthouseSpacing}}, 2, 4},
		// Near-duplicate grouping at ingest puts the copies in one group;
		// the other lighthouse story stays apart.
		{"similar collapses the copies", query.DupSimilar, query.SortOldest,
			[]string{lighthouseOriginal, lighthouseOther},
			map[string][]string{lighthouseOriginal: {lighthouseSpacing, lighthouseLower}}, 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, cursor := range []string{"", query.CursorStart} {
				res, err := s.Search(ctx, query.Request{Query: "lighthouse", Sort: tt.sort, Duplicates: tt.mode, Cursor: cursor, Facets: []string{"source", "month"}})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(res), tt.wantIDs) || res.Total != tt.total || res.TotalArticles != tt.articles {
					t.Errorf("cursor %q: %v total %d of %d, want %v %d of %d", cursor, ids(res), res.Total, res.TotalArticles, tt.wantIDs, tt.total, tt.articles)
				}
				for _, h := range res.Hits {
					if !slices.Equal(h.Duplicates, tt.wantDups[h.ID]) {
						t.Errorf("cursor %q: %s collapses %v, want %v", cursor, h.ID, h.Duplicates, tt.wantDups[h.ID])
					}
				}
				// Facets count groups: the copies' group has a Coastal
				// Ledger and a Northern Wire member, and members in March
				// and April.
				var sum uint64
				for _, fv := range res.Facets["source"] {
					sum += fv.Count
				}
				wantSum := map[string]uint64{query.DupShow: 4, query.DupIdentical: 3, query.DupSimilar: 3}[tt.mode]
				if sum != wantSum {
					t.Errorf("source facet %v sums to %d, want %d", res.Facets["source"], sum, wantSum)
				}
			}
		})
	}

	// Offset paging over collapsed hits: pages of one.
	var paged []string
	for off := 0; off < 3; off++ {
		res, err := s.Search(ctx, query.Request{Query: "lighthouse", Sort: query.SortOldest, Duplicates: query.DupIdentical, Limit: 1, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, ids(res)...)
	}
	if want := []string{lighthouseOriginal, lighthouseOther}; !slices.Equal(paged, want) {
		t.Errorf("collapsed pages %v, want %v", paged, want)
	}
}

func TestTimeline(t *testing.T) {
	s := testSearcher(t)
	ctx := context.Background()
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		req     query.TimelineRequest
		periods []string
		counts  [][]uint64
	}{
		{"two queries share a range", query.TimelineRequest{Queries: []string{"elections", "vaccine"}, By: "year"},
			[]string{"2015", "2016", "2017", "2018", "2019"}, [][]uint64{{1, 1, 1, 1, 1}, {1, 1, 0, 1, 1}}},
		{"empty months are zero", query.TimelineRequest{Queries: []string{`"water rationing"`}, By: "month", From: day(2017, 11, 1), To: day(2018, 3, 1)},
			[]string{"2017-11", "2017-12", "2018-01", "2018-02"}, [][]uint64{{0, 0, 1, 0}}},
		{"weeks", query.TimelineRequest{Queries: []string{"returnees"}, By: "week", From: day(2017, 10, 16), To: day(2017, 11, 6)},
			[]string{"2017-W42", "2017-W43", "2017-W44"}, [][]uint64{{0, 1, 0}}},
		{"filters apply", query.TimelineRequest{Queries: []string{"elections"}, By: "year", Filters: query.Filters{SourceCodes: []string{"LBA"}}},
			[]string{"2016", "2017", "2018", "2019"}, [][]uint64{{1, 0, 0, 1}}},
		{"no hits", query.TimelineRequest{Queries: []string{"zzzzunknown"}, By: "day"}, []string{}, [][]uint64{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, err := s.Timeline(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(tl.Periods, tt.periods) {
				t.Errorf("periods %v, want %v", tl.Periods, tt.periods)
			}
			for i, s := range tl.Series {
				if !slices.Equal(s.Counts, tt.counts[i]) {
					t.Errorf("%q counts %v, want %v", s.Query, s.Counts, tt.counts[i])
				}
				var sum uint64
				for _, c := range s.Counts {
					sum += c
				}
				if sum != s.Total {
					t.Errorf("%q counts sum to %d, total %d", s.Query, sum, s.Total)
				}
			}
		})
	}
}

func TestKWIC(t *testing.T) {
	s := testSearcher(t)
	type occ struct{ id, left, kw, right string }
	var got []occ
	err := s.KWIC(context.Background(), "returnees", query.Request{Query: "turkey"}, 20, func(l query.KWICLine) error {
		got = append(got, occ{l.ID, l.Left, l.Keyword, l.Right})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// MANIFEST.md: returnees occurs twice in the sample and once in the
	// Reuters article; both articles mention Turkey.
	want := map[string]int{seedID: 2, turkeyReturneesReuters: 1}
	count := map[string]int{}
	for _, o := range got {
		count[o.id]++
		if o.kw != "returnees" || len([]rune(o.left)) != 20 || len([]rune(o.right)) != 20 {
			t.Errorf("line %+v: want the keyword with 20 characters each side", o)
		}
	}
	if len(count) != len(want) || count[seedID] != 2 || count[turkeyReturneesReuters] != 1 {
		t.Errorf("occurrences %v, want %v", count, want)
	}
	// A phrase, matched by stem: "Islamic State" as written.
	n := 0
	err = s.KWIC(context.Background(), "islamic states", query.Request{}, 10, func(l query.KWICLine) error {
		n++
		if l.Keyword != "Islamic State" {
			t.Errorf("keyword %q", l.Keyword)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Errorf("phrase: %d lines, err %v", n, err)
	}
}

// TestReadOnlyCountsEqualWritable checks the read-only shortcuts (keys no
// two articles share are not tracked; facet bitmaps) against full counting
// on a writable index.
func TestReadOnlyCountsEqualWritable(t *testing.T) {
	bitmaps := readOnlyDupSearcher(t)
	bitmaps.Cache = true
	for name, ro := range map[string]*query.Searcher{"read-only": readOnlyDupSearcher(t), "read-only with facet bitmaps": bitmaps} {
		t.Run(name, func(t *testing.T) { testReadOnlyCountsEqualWritable(t, dupSearcher(t), ro) })
	}
}

func testReadOnlyCountsEqualWritable(t *testing.T, w, ro *query.Searcher) {
	ctx := context.Background()
	for _, q := range []string{"", "lighthouse", "said OR lighthouse", "harbour", "source:guardian", "date:2016"} {
		for _, mode := range []string{query.DupSimilar, query.DupIdentical, query.DupShow} {
			// Without facets, a read-only index visits only the articles
			// that share a duplicate key; with them, every hit.
			for _, facets := range [][]string{nil, {"source", "month", "year"}, {"section", "lang", "week", "day", "source_code", "subjects", "name"}} {
				req := query.Request{Query: q, Duplicates: mode, Sort: query.SortOldest, Limit: query.MaxLimit, Snippets: -1, Facets: facets}
				a, err := w.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				b, err := ro.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				// Same-day articles with equal scores come in index order,
				// which differs between the two indexes: compare id sets.
				if a.Total != b.Total || a.TotalArticles != b.TotalArticles || !slices.Equal(sorted(ids(a)...), sorted(ids(b)...)) || fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) || fmt.Sprint(dupLists(a)) != fmt.Sprint(dupLists(b)) {
					t.Errorf("%q %s facets %v: writable %d/%d %v %v, read-only %d/%d %v %v", q, mode, facets, a.Total, a.TotalArticles, a.Facets, dupLists(a), b.Total, b.TotalArticles, b.Facets, dupLists(b))
				}
				// Relevance re-scores the top hits with each article's token
				// counts, read by internal id on a read-only index. (The
				// empty query scores nothing: its order is index order.)
				rel := req
				if q == "" {
					rel.Limit = 1
				}
				rel.Sort, rel.Limit = query.SortRelevance, 20
				ra, err := w.Search(ctx, rel)
				if err != nil {
					t.Fatal(err)
				}
				rb, err := ro.Search(ctx, rel)
				if err != nil {
					t.Fatal(err)
				}
				if q != "" && fmt.Sprint(scores(ra)) != fmt.Sprint(scores(rb)) {
					t.Errorf("%q %s: relevance scores differ: writable %v, read-only %v", q, mode, scores(ra), scores(rb))
				}
				if mode != query.DupShow && a.Total == a.TotalArticles && q == "" {
					t.Errorf("%q %s: nothing collapsed (%d): the planted duplicates are not exercised", q, mode, a.Total)
				}
			}
			tw, err := w.Timeline(ctx, query.TimelineRequest{Queries: []string{q}, By: "month", Duplicates: mode})
			if err != nil {
				t.Fatal(err)
			}
			tr, err := ro.Timeline(ctx, query.TimelineRequest{Queries: []string{q}, By: "month", Duplicates: mode})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(tw) != fmt.Sprint(tr) {
				t.Errorf("%q %s: timelines differ: %v, %v", q, mode, tw, tr)
			}
		}
	}
}

// TestSimilarCollapsesNearDuplicateGroups plants a near-duplicate group the
// way the ingest-side detection records one (dup_group = the lead's id)
// and checks that the default mode collapses it.
func TestSimilarCollapsesNearDuplicateGroups(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2016, 3, d, 0, 0, 0, 0, time.UTC) }
	arts := []*article.Article{
		{ID: "LEAD", Headline: "Harbour storm topples lighthouse", Source: "The Coastal Ledger", Date: day(1), Body: []string{"A storm toppled the harbour lighthouse on Monday."}},
		{ID: "NEAR", Headline: "Storm topples harbour lighthouse", Source: "Northern Wire", Date: day(2), Body: []string{"A storm toppled the harbour lighthouse on Monday night."}},
		{ID: "OTHER", Headline: "Harbour levy approved", Source: "Northern Wire", Date: day(20), Body: []string{"The harbour council approved a levy."}},
	}
	if _, err := ix.Put(ctx, arts...); err != nil {
		t.Fatal(err)
	}
	// Re-index NEAR as a member of LEAD's group, with the fields the
	// writer stores.
	meta := *arts[1]
	meta.Body = nil
	mb, err := json.Marshal(&meta)
	if err != nil {
		t.Fatal(err)
	}
	err = ix.Bleve().Index("NEAR", map[string]any{
		schema.FieldHeadline: arts[1].Headline, schema.FieldBody: arts[1].BodyText(), schema.FieldSource: arts[1].Source,
		schema.FieldDate: arts[1].Date, schema.FieldMeta: string(mb), schema.FieldDupExact: index.DupDigest(arts[1]),
		schema.FieldDupGroup: "LEAD",
	})
	if err != nil {
		t.Fatal(err)
	}
	s := query.NewSearcher(ix)
	for _, cursor := range []string{"", query.CursorStart} {
		res, err := s.Search(ctx, query.Request{Query: "harbour", Sort: query.SortOldest, Cursor: cursor, Facets: []string{"source"}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(res), []string{"LEAD", "OTHER"}) || res.Total != 2 || res.TotalArticles != 3 || !slices.Equal(res.Hits[0].Duplicates, []string{"NEAR"}) {
			t.Errorf("cursor %q: %v total %d of %d, duplicates %v", cursor, ids(res), res.Total, res.TotalArticles, res.Hits[0].Duplicates)
		}
		if fmt.Sprint(res.Facets["source"]) != `[{Northern Wire 2 source:="Northern Wire"} {The Coastal Ledger 1 source:="The Coastal Ledger"}]` {
			t.Errorf("source facet %v", res.Facets["source"])
		}
		show, err := s.Search(ctx, query.Request{Query: "harbour", Sort: query.SortOldest, Cursor: cursor, Duplicates: query.DupShow})
		if err != nil || show.Total != 3 {
			t.Errorf("show: %v %v", show, err)
		}
		ident, err := s.Search(ctx, query.Request{Query: "harbour", Sort: query.SortOldest, Cursor: cursor, Duplicates: query.DupIdentical})
		if err != nil || ident.Total != 3 {
			t.Errorf("identical (the texts differ): %v %v", ident, err)
		}
	}
	tl, err := s.Timeline(ctx, query.TimelineRequest{Queries: []string{"harbour"}, By: query.ByMonth})
	if err != nil || tl.Series[0].Total != 2 || !slices.Equal(tl.Series[0].Counts, []uint64{2}) {
		t.Errorf("timeline %+v %v", tl, err)
	}
}

// dupLists maps each hit that has collapsed duplicates to them.
func dupLists(r *query.Result) map[string][]string {
	out := map[string][]string{}
	for _, h := range r.Hits {
		if len(h.Duplicates) > 0 {
			out[h.ID] = h.Duplicates
		}
	}
	return out
}

// scores lists the hits' scores. (Copies with equal scores can stand for
// their group in either index's order, so ids are not compared.)
func scores(r *query.Result) []float64 {
	var out []float64
	for _, h := range r.Hits {
		out = append(out, h.Score)
	}
	return out
}

// TestPlainWordsWithoutLocations checks the search of words and phrases
// without term locations (internal/engine's terms.go, read-only indexes) against bleve's
// locations (writable indexes): same hits, scores, snippets and headline
// marks.
func TestPlainWordsWithoutLocations(t *testing.T) {
	w, ro := dupSearcher(t), readOnlyDupSearcher(t)
	ctx := context.Background()
	for _, q := range []string{"returnees turkey", "lighthouse OR harbour", "said", "turkey -syria", "headline:lighthouse", "islamic state source:times", "refugees date:2017", "flood", "NOT lighthouse", "\"islamic state\"",
		"\"harbour master\"", "\"rebuild the lighthouse\"", "\"port elbray\" harbour", "\"islamic state\" OR refugees", "headline:\"harbour town\"", "\"said\""} {
		req := query.Request{Query: q, Limit: 50, Duplicates: query.DupShow}
		a, err := w.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ro.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if a.Total == 0 {
			t.Errorf("%q: no hits: the query tests nothing", q)
		}
		type shown struct {
			Score    float64
			Snippets []string
			Headline string
		}
		show := func(r *query.Result) map[string]shown {
			out := map[string]shown{}
			for _, h := range r.Hits {
				out[h.ID] = shown{h.Score, h.Snippets, h.HeadlineFragment.HTML()}
			}
			return out
		}
		if fmt.Sprint(show(a)) != fmt.Sprint(show(b)) || fmt.Sprint(scores(a)) != fmt.Sprint(scores(b)) {
			t.Errorf("%q:\nlocations    %v\nno locations %v", q, show(a), show(b))
		}
	}
}

// TestFacetBitmapsConcurrent counts facets from many goroutines at once on
// one searcher while its bitmaps are built field by field (run it with
// -race), and checks every count against a searcher without bitmaps.
func TestFacetBitmapsConcurrent(t *testing.T) {
	plain, bitmaps := readOnlyDupSearcher(t), readOnlyDupSearcher(t)
	bitmaps.Cache = true
	ctx := context.Background()
	reqs := []query.Request{
		{Facets: []string{"source"}}, {Facets: []string{"section", "month"}}, {Query: "said", Facets: []string{"lang", "year"}},
		{Query: "lighthouse", Facets: []string{"source_code", "day"}, Duplicates: query.DupShow}, {Facets: []string{"week", "source"}, Duplicates: query.DupIdentical},
	}
	want := make([]string, len(reqs))
	for i, r := range reqs {
		f, err := plain.Facets(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = fmt.Sprint(f)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(reqs))
	for round := 0; round < 4; round++ {
		for i, r := range reqs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f, err := bitmaps.Facets(ctx, r)
				if err == nil && fmt.Sprint(f) != want[i] {
					err = fmt.Errorf("%+v: bitmaps %v, doc values %s", r, f, want[i])
				}
				if err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
