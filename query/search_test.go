package query_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// Planted facts of the test archive (testdata/archive/MANIFEST.md).
const (
	waterRationingReuters  = "LBA0000020150210eb2a000vh"
	waterRationingGuardian = "GRDN000020180119ee1j000ug"
	waterAndRationingApart = "NYTF000020190702ef72000zl"
	glacierHeadline        = "GRDN000020190923ef9n0008j"
	election2015           = "GRDN000020150508eb58000xl"
	election2016           = "LBA0000020161109ecb9000o4"
	election2017           = "NYTF000020170508ed5800056"
	election2018           = "FTFTA00020181029eeat0002o"
	election2019           = "LBA0000020190624ef6o000j5"
	turkeyReturneesReuters = "LBA0000020180815ee8f000lc"
)

func ids(res *query.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func sorted(s ...string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

func TestSearchReturnsExactlyTheExpectedArticles(t *testing.T) {
	s := testSearcher(t)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"phrase", `"water rationing"`, []string{waterRationingReuters, waterRationingGuardian}},
		{"phrase is not both words", `water rationing`, []string{waterRationingReuters, waterRationingGuardian, waterAndRationingApart}},
		{"proximity, any order", `"rationing water"~30`, []string{waterRationingReuters, waterRationingGuardian, waterAndRationingApart}},
		{"proximity too tight", `"rationing water"~2`, []string{waterRationingReuters, waterRationingGuardian}},
		{"field", `headline:glacier`, []string{glacierHeadline}},
		{"field via alias", `title:glaciers`, []string{glacierHeadline}},
		{"unscoped word, stemmed", `glacier`, []string{glacierHeadline, "GRDN000020160314ec3e0008q", "NYTF000020170713ed7d000ki"}},
		{"exclusion", `vaccine -brazil`, []string{"WP00000020150129eb1t000jh", "AFPR000020180521ee5l00028", "AFPR000020191205efc5000hc"}},
		{"NOT", `vaccines NOT Brazil`, []string{"WP00000020150129eb1t000jh", "AFPR000020180521ee5l00028", "AFPR000020191205efc5000hc"}},
		{"OR", `hurricane OR typhoon`, []string{"NYTF000020170922ed9m000fv", "J000000020181012eeac0006e", "LBA0000020161020ecak000lo", "J000000020191011efab000oe"}},
		{"grouping; exclusion is stemmed too", `(hurricane OR typhoon) -flooding`, []string{"J000000020181012eeac0006e", "J000000020191011efab000oe"}},
		{"date range", `election date:>=2017-01-01 date:<2018-01-01`, []string{election2017}},
		{"date year", `election date:2017`, []string{election2017}},
		{"date month", `election date:2016-11`, []string{election2016}},
		{"date inclusive range", `elections date:[2016 TO 2017]`, []string{election2016, election2017}},
		{"date open range", `election date:[2018-06 TO *]`, []string{election2018, election2019}},
		{"stemming", `flood`, []string{"NYTF000020170922ed9m000fv", "LBA0000020161020ecak000lo", seedID}},
		{"diacritics folded", `Şanlıurfa`, []string{"AFPR000020171005eda50001c", turkeyReturneesReuters, election2019, seedID}},
		{"diacritics absent", `sanliurfa`, []string{"AFPR000020171005eda50001c", turkeyReturneesReuters, election2019, seedID}},
		{"hyphenated name", `Okonkwo-Barnes`, []string{"AFPR000020180521ee5l00028", "WP00000020190429ef4t000mp"}},
		{"byline phrase", `byline:"Tom Becker"`, []string{waterRationingReuters, "J000000020150824eb8o000ww"}},
		{"byline word", `by:gonzalez`, []string{waterRationingReuters}},
		{"id", `id:` + seedID, []string{seedID}},
		{"stop words dropped from AND", `the glacier of`, []string{glacierHeadline, "GRDN000020160314ec3e0008q", "NYTF000020170713ed7d000ki"}},
		{"nothing", `glacier typhoon hurricane`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), query.Request{Query: tt.q, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if got := sorted(ids(res)...); !slices.Equal(got, sorted(tt.want...)) {
				t.Errorf("%s:\n got  %v\n want %v", tt.q, got, sorted(tt.want...))
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestSearchRanksSeedFirstWithBothWordsHighlighted(t *testing.T) {
	res, err := testSearcher(t).Search(context.Background(), query.Request{Query: "returnees Turkey"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Equal(got, []string{seedID, turkeyReturneesReuters}) {
		t.Fatalf("hits = %v, want the seed, then the short Reuters story", got)
	}
	all := strings.Join(res.Hits[0].Snippets, " ")
	for _, w := range []string{"<mark>returnees</mark>", "<mark>Turkey</mark>"} {
		if !strings.Contains(all, w) {
			t.Errorf("seed snippets %q lack %s", all, w)
		}
	}
	if res.Hits[0].Score <= res.Hits[1].Score {
		t.Errorf("scores %v, %v are not descending", res.Hits[0].Score, res.Hits[1].Score)
	}
}

func TestSearchFiltersSortAndPaging(t *testing.T) {
	s := testSearcher(t)
	ctx := context.Background()
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		req  query.Request
		want []string // in order
	}{
		{"newest first", query.Request{Query: "election", Sort: query.SortNewest}, []string{election2019, election2018, election2017, election2016, election2015}},
		{"oldest first", query.Request{Query: "election", Sort: query.SortOldest}, []string{election2015, election2016, election2017, election2018, election2019}},
		{"from/to filter", query.Request{Query: "election", Sort: query.SortOldest, From: year(2016), To: year(2018)}, []string{election2016, election2017}},
		{"paging", query.Request{Query: "election", Sort: query.SortOldest, Limit: 2, Offset: 2}, []string{election2017, election2018}},
		{"past the end", query.Request{Query: "election", Limit: 2, Offset: 10}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	// Paging through a relevance ranking gives every hit once, in the order
	// of the whole list, inside and beyond the rescore window.
	whole, err := s.Search(ctx, query.Request{Query: "said", Limit: query.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var paged []string
	for off := 0; off < int(whole.Total); off += 7 {
		page, err := s.Search(ctx, query.Request{Query: "said", Limit: 7, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, ids(page)...)
	}
	if !slices.Equal(paged, ids(whole)) || len(paged) < 20 {
		t.Errorf("paged ids (%d) differ from the whole list (%d)", len(paged), len(ids(whole)))
	}
}

// TestSourceCountsMatchTheFiles checks field queries against counts taken
// straight from the parsed files, independently of the index.
func TestSourceCountsMatchTheFiles(t *testing.T) {
	bySource := map[string]int{}
	byLang := map[string]int{}
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
		if ev.Article != nil {
			bySource[ev.Article.SourceCode]++
			byLang[ev.Article.Language]++
		}
	}
	if len(bySource) < 5 {
		t.Fatalf("only %d sources in the archive", len(bySource))
	}
	s := testSearcher(t)
	for code, n := range bySource {
		for _, q := range []string{"source_code:" + code, "sc:" + strings.ToLower(code)} {
			res, err := s.Search(context.Background(), query.Request{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != uint64(n) {
				t.Errorf("%s: %d hits, the files hold %d", q, res.Total, n)
			}
		}
	}
	res, err := s.Search(context.Background(), query.Request{Query: "language:English"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != uint64(byLang["en"]) {
		t.Errorf("language:English: %d hits, the files hold %d", res.Total, byLang["en"])
	}
	res, err = s.Search(context.Background(), query.Request{Query: `source:"new york times"`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != uint64(bySource["NYTF"]) {
		t.Errorf(`source:"new york times": %d hits, the files hold %d`, res.Total, bySource["NYTF"])
	}
}

func TestSearchRejectsBadRequests(t *testing.T) {
	s := testSearcher(t)
	tests := []struct {
		name  string
		req   query.Request
		param string
	}{
		{"syntax", query.Request{Query: `"open`}, "q"},
		{"only stop words", query.Request{Query: "the of"}, "q"},
		{"bad date in query", query.Request{Query: "date:2017-13"}, "q"},
		{"limit", query.Request{Query: "x", Limit: query.MaxLimit + 1}, "limit"},
		{"offset", query.Request{Query: "x", Offset: query.MaxOffset + 1}, "offset"},
		{"sort", query.Request{Query: "x", Sort: "size"}, "sort"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), tt.req)
			var re *query.RequestError
			if !errors.As(err, &re) || re.Param != tt.param {
				t.Errorf("err = %v, want a RequestError for %q", err, tt.param)
			}
		})
	}
}

func TestSearchCapsPrefixExpansion(t *testing.T) {
	s := *testSearcher(t)
	s.MaxExpansion = 20
	if _, err := s.Search(context.Background(), query.Request{Query: "glacier*"}); err != nil {
		t.Fatalf("a narrow prefix failed: %v", err)
	}
	_, err := s.Search(context.Background(), query.Request{Query: "s*"})
	var re *query.RequestError
	if !errors.As(err, &re) || re.Param != "q" || !strings.Contains(err.Error(), "expands to more than 20 index terms") {
		t.Errorf("s* with a cap of 20: err = %v", err)
	}
}

// TestSnippetsMarkExactlyTheMatches checks highlight offsets on bodies that
// are not in clean form (CRLF, empty and indented paragraphs, multi-byte
// text), as programs may Put them.
func TestSnippetsMarkExactlyTheMatches(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	bodies := [][]string{
		{"First line\r\nsecond line mentions Turkey here."},
		{"", "Turkey first."},
		{"  Indented … Turkey.  "},
		{"Şanlıurfa, Zürich — and Turkey, «again»: Turkey."},
	}
	for i, b := range bodies {
		if _, err := ix.Put(context.Background(), &article.Article{ID: fmt.Sprint("T", i), Headline: "h", Body: b}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := query.NewSearcher(ix).Search(context.Background(), query.Request{Query: "turkey"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != len(bodies) {
		t.Fatalf("%d hits, want %d", len(res.Hits), len(bodies))
	}
	marked := regexp.MustCompile(`<mark>(.*?)</mark>`)
	for _, h := range res.Hits {
		n := 0
		for _, s := range h.Snippets {
			for _, m := range marked.FindAllStringSubmatch(s, -1) {
				n++
				if m[1] != "Turkey" {
					t.Errorf("%s: marked %q in %q", h.ID, m[1], s)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no match marked in %q", h.ID, h.Snippets)
		}
	}
}

func TestQueriesOnExactFields(t *testing.T) {
	s := testSearcher(t)
	tests := []struct {
		q    string
		want int
	}{
		{`source_code:NYTF`, 7},
		{`source_code:"NYTF"`, 7},
		{`sc:NY*`, 7},
		{`language:"english"`, 36},
		{`la:en`, 36},
		{`id:"` + seedID + `"`, 1},
		{`id:NYTF*`, 7},
		{`date:("2017")`, 8},
		{`turkey*`, 4}, // the stem of the prefix, turkei, is tried too
		{`turkey`, 4},
		{`europe*`, 7},
	}
	for _, tt := range tests {
		res, err := s.Search(context.Background(), query.Request{Query: tt.q})
		if err != nil {
			t.Errorf("%s: %v", tt.q, err)
			continue
		}
		if res.Total != uint64(tt.want) {
			t.Errorf("%s: %d hits, want %d", tt.q, res.Total, tt.want)
		}
	}
	for _, q := range []string{"date:1600", "date:>=9999", "word_count:>NaN"} {
		_, err := s.Search(context.Background(), query.Request{Query: q})
		var re *query.RequestError
		if !errors.As(err, &re) {
			t.Errorf("%s: err = %v, want a RequestError", q, err)
		}
	}
}

func TestProximityCountsRepeatedWords(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := []*article.Article{
		{ID: "one", Headline: "h", Body: []string{"The state spoke."}},
		{ID: "two", Headline: "h", Body: []string{"The state and other states spoke."}},
		{ID: "far", Headline: "h", Body: []string{"The state spoke at length about many things before other states did."}},
	}
	if _, err := ix.Put(context.Background(), arts...); err != nil {
		t.Fatal(err)
	}
	res, err := query.NewSearcher(ix).Search(context.Background(), query.Request{Query: `"state states"~3`})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Equal(got, []string{"two"}) {
		t.Errorf(`"state states"~3 = %v, want [two]`, got)
	}
}

// TestSearchDuringIngest searches while another goroutine writes batches:
// searches see a consistent snapshot and never fail.
func TestSearchDuringIngest(t *testing.T) {
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s := query.NewSearcher(ix)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		for b := 0; b < 20; b++ {
			var arts []*article.Article
			for i := 0; i < 50; i++ {
				arts = append(arts, &article.Article{ID: fmt.Sprintf("A%d-%d", b, i), Headline: "Flood warning",
					Body: []string{fmt.Sprintf("Rivers rose in batch %d, article %d.", b, i)}})
			}
			if _, err := ix.Put(ctx, arts...); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	var last uint64
	for writing := true; writing; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			writing = false
		default:
		}
		res, err := s.Search(ctx, query.Request{Query: "flood rivers"})
		if err != nil {
			t.Fatalf("search during ingest: %v", err)
		}
		if res.Total < last {
			t.Errorf("hits went down from %d to %d", last, res.Total)
		}
		last = res.Total
	}
	res, err := s.Search(ctx, query.Request{Query: "flood rivers"})
	if err != nil || res.Total != 1000 {
		t.Errorf("after ingest: %v hits, err %v; want 1000", res.Total, err)
	}
}
