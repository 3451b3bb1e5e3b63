package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// researchIndex ingests the sample archive and the planted duplicates of
// testdata/facets into a fresh index.
func researchIndex(t *testing.T) string {
	t.Helper()
	ix := filepath.Join(t.TempDir(), "ix")
	_, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "factiva"), filepath.Join("..", "..", "testdata", "facets"))
	if ee, ok := err.(*exitError); err != nil && (!ok || ee.code != 2) {
		t.Fatal(err) // status 2 is the archive's one deliberately broken article
	}
	return ix
}

// parsedArticles reads the inputs with ingest alone.
func parsedArticles(t *testing.T) map[string]*article.Article {
	t.Helper()
	out := map[string]*article.Article{}
	for ev := range ingest.Read(context.Background(), []string{filepath.Join(archiveDir, "factiva"), filepath.Join("..", "..", "testdata", "facets")}, ingest.Options{}) {
		if ev.Article != nil {
			out[ev.Article.ID] = ev.Article
		}
	}
	return out
}

func TestSearchFacetsAndFilters(t *testing.T) {
	ix := researchIndex(t)
	out, _, err := run(t, "", "--index", ix, "search", "said", "--source-code", "NYTF", "--source-code", "GRDN", "--facets", "source_code,year", "--json", "--duplicates", "show")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total  int
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, fv := range res.Facets["source_code"] {
		if fv.Value != "NYTF" && fv.Value != "GRDN" {
			t.Errorf("facet value %s outside the filter", fv.Value)
		}
		sum += fv.Count
	}
	if sum != res.Total || res.Total < 5 || len(res.Facets["year"]) == 0 {
		t.Errorf("facets %v, total %d", res.Facets, res.Total)
	}

	// Panels in plain text, and collapsed duplicates.
	out, _, err = run(t, "", "--index", ix, "search", "lighthouse", "--facets", "source,month", "--duplicates", "identical")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 results (4 articles, identical duplicates collapsed) for ‘lighthouse’", "+2 similar: ", "source\nThe Coastal Ledger", "month\n2016-03", "████"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// --all --json streams one hit per line, every hit once.
	out, _, err = run(t, "", "--index", ix, "search", "said", "--all", "--json", "--duplicates", "show")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var h struct{ ID string }
		if err := json.Unmarshal([]byte(line), &h); err != nil || seen[h.ID] {
			t.Fatalf("line %q: %v (or seen twice)", line, err)
		}
		seen[h.ID] = true
	}
	out, _, _ = run(t, "", "--index", ix, "search", "said", "--json", "--duplicates", "show")
	var whole struct{ Total int }
	_ = json.Unmarshal([]byte(out), &whole)
	if len(seen) != whole.Total || whole.Total < 20 {
		t.Errorf("--all gave %d hits, total %d", len(seen), whole.Total)
	}
}

func TestTimelineCommand(t *testing.T) {
	ix := researchIndex(t)
	out, _, err := run(t, "", "--index", ix, "timeline", "elections", "vaccine", "--by", "year", "--csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"period", "elections", "vaccine"}, {"2015", "1", "1"}, {"2016", "1", "1"}, {"2017", "1", "0"}, {"2018", "1", "1"}, {"2019", "1", "1"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %v, want %v", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("row %d = %v, want %v", i, rows[i], want[i])
		}
	}
	out, _, err = run(t, "", "--index", ix, "timeline", "vaccine", "--by", "year")
	if err != nil || !strings.Contains(out, "2017 0") || !strings.Contains(out, "2016 1 █") {
		t.Errorf("bar chart: %v\n%s", err, out)
	}
}

func TestExportCSVParsesBack(t *testing.T) {
	ix := researchIndex(t)
	arts := parsedArticles(t)
	out, _, err := run(t, "", "--index", ix, "export", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	if len(rows)-1 != len(arts) {
		t.Fatalf("%d rows, %d articles", len(rows)-1, len(arts))
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	prev := ""
	ex := extract.New(nil)
	named := 0
	for _, r := range rows[1:] {
		a := arts[r[col["id"]]]
		if a == nil {
			t.Fatalf("row for unknown id %s", r[col["id"]])
		}
		want := map[string]string{
			"date": article.FormatDate(a.Date), "source": a.Source, "source_code": a.SourceCode, "section": a.Section,
			"language": a.Language, "headline": a.Headline, "byline": a.Byline, "authors": strings.Join(a.Authors, "; "),
			"word_count": strconv.Itoa(a.WordCount), "edition": a.Edition, "page": a.Page, "url": a.URL,
			"copyright": a.Copyright, "body": a.BodyText(), "duplicates": "",
			"subjects": strings.Join(a.Subjects, "; "), "regions": strings.Join(a.Regions, "; "),
		}
		var names []string
		for _, n := range ex.Names(a) {
			names = append(names, n.Name+" ("+string(n.Type)+")")
		}
		want["names"] = strings.Join(names, "; ")
		if len(names) > 0 {
			named++
		}
		for f, v := range want {
			if r[col[f]] != v {
				t.Errorf("%s %s = %q, want %q", a.ID, f, r[col[f]], v)
			}
		}
		if r[col["date"]] < prev {
			t.Errorf("rows not oldest first: %s after %s", r[col["date"]], prev)
		}
		prev = r[col["date"]]
	}
	if named == 0 {
		t.Error("no exported article has names: the names column is not checked")
	}

	// Selected fields, a query and a filter; JSON Lines.
	out, _, err = run(t, "", "--index", ix, "export", "lighthouse", "--source", "northern wire", "--fields", "id,headline", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("jsonl export: %q", out)
	}
	for _, l := range lines {
		var m map[string]string
		if err := json.Unmarshal([]byte(l), &m); err != nil || len(m) != 2 || arts[m["id"]].Headline != m["headline"] {
			t.Errorf("line %s: %v", l, err)
		}
	}
}

func TestKwicCommand(t *testing.T) {
	ix := researchIndex(t)
	out, _, err := run(t, "", "--index", ix, "kwic", "returnees", "--width", "15", "--csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// MANIFEST.md: twice in the sample, once in LBA0000020180815ee8f000lc.
	if len(rows) != 4 || rows[1][0] != seedID || rows[3][0] != "LBA0000020180815ee8f000lc" {
		t.Fatalf("kwic rows %v", rows)
	}
	for _, r := range rows[1:] {
		if r[4] != "returnees" || len([]rune(r[3])) != 15 || len([]rune(r[5])) != 15 {
			t.Errorf("row %q", r)
		}
	}
	out, _, err = run(t, "", "--index", ix, "kwic", "returnees", "turkey", "--width", "15")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	at := strings.Index(lines[0], "[returnees]")
	for _, l := range lines {
		if strings.Index(l, "[returnees]") != at {
			t.Errorf("keyword not aligned:\n%s", out)
		}
	}
}

func TestResearchCommandErrors(t *testing.T) {
	ix := researchIndex(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "x", "--facets", "colour"}, "facets"},
		{[]string{"search", "x", "--duplicates", "twice"}, "duplicates"},
		{[]string{"search", "x", "--cursor", "nonsense"}, "cursor"},
		{[]string{"timeline", "x", "--by", "decade"}, "by"},
		{[]string{"timeline", "x", "--json", "--csv"}, "choose one"},
		{[]string{"export", "x", "--format", "xml"}, "--format"},
		{[]string{"export", "x", "--fields", "id,colour"}, "--fields"},
		{[]string{"kwic", "returnees", "--width", "0"}, "--width"},
		{[]string{"kwic", "the"}, "no searchable words"},
	} {
		_, _, err := run(t, "", append([]string{"--index", ix}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestSearchFacetsSayHowToNarrow checks the hint under the facet panels:
// the search it prints, narrowed by a value's exact filter, has that
// value's count as its total.
func TestSearchFacetsSayHowToNarrow(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join("..", "..", "testdata", "facetvalues")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query, facets string
		opts          []string // options that change what is counted
	}{
		{"said", "source,year", nil},
		{"said OR tram", "year", nil},
		{"", "section", nil},
		// The hint must carry them, or its search counts other articles.
		{"", "lang", []string{"--duplicates", "show"}},
		{"", "lang", []string{"--from", "2019"}},
		{"", "source", []string{"--to", "2018"}},
		{"", "year", []string{"--lang", "en"}},
		{"", "lang", []string{"--source", "ledger", "--source", "(coast)"}},
	} {
		t.Run(tt.query+" "+tt.facets+" "+strings.Join(tt.opts, " "), func(t *testing.T) {
			args := append([]string{"--index", ix, "search", tt.query, "--facets", tt.facets, "--snippets", "0"}, tt.opts...)
			out, _, err := run(t, "", args...)
			if err != nil {
				t.Fatal(err)
			}
			const prefix = "narrow to a value with its filter (each value's is in --json): newsdesk "
			i := strings.Index(out, prefix)
			if i < 0 {
				t.Fatalf("no hint in:\n%s", out)
			}
			line, _, _ := strings.Cut(out[i+len(prefix):], "\n")
			hinted, ok := shellWords(line)
			if !ok {
				t.Fatalf("hint %q is not a list of shell words", line)
			}
			var narrowed string
			for j, w := range hinted {
				if j > 0 && hinted[j-1] == "search" {
					narrowed = w // the query follows the command
				}
			}
			var facets struct {
				Facets map[string][]struct {
					Count  uint64
					Filter string
				}
			}
			js, _, err := run(t, "", append(args, "--json")...)
			if err != nil || json.Unmarshal([]byte(js), &facets) != nil {
				t.Fatalf("search --json: %v\n%s", err, js)
			}
			var count uint64
			found := false
			for _, vs := range facets.Facets {
				for _, v := range vs {
					if strings.HasSuffix(narrowed, " "+v.Filter) || narrowed == v.Filter {
						count, found = v.Count, true
					}
				}
			}
			if !found || count == 0 {
				t.Fatalf("hint %q names no counted value's filter: %+v", narrowed, facets.Facets)
			}
			var res struct{ Total uint64 }
			if !slices.Contains(hinted, "--index") {
				hinted = append([]string{"--index", ix}, hinted...)
			}
			js, _, err = run(t, "", append(hinted, "--json")...)
			if err != nil || json.Unmarshal([]byte(js), &res) != nil {
				t.Fatalf("search %q: %v\n%s", narrowed, err, js)
			}
			if res.Total != count {
				t.Errorf("%q: total %d, the facet counted %d", narrowed, res.Total, count)
			}
		})
	}
}

// shellUnquote reads one single-quoted POSIX shell word, as shellQuote
// writes it.
func shellUnquote(s string) (string, bool) {
	var b strings.Builder
	for s != "" {
		if !strings.HasPrefix(s, "'") {
			return "", false
		}
		end := strings.Index(s[1:], "'")
		if end < 0 {
			return "", false
		}
		b.WriteString(s[1 : end+1])
		s = s[end+2:]
		if strings.HasPrefix(s, `\'`) {
			b.WriteByte('\'')
			s = s[2:]
		} else if s != "" {
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// shellWords splits s into the words a POSIX shell reads: bare words and
// words of single-quoted pieces (as shellQuote writes them: 'it'\”s'),
// separated by single spaces.
func shellWords(s string) ([]string, bool) {
	var words []string
	for s != "" {
		var b strings.Builder
		for s != "" && s[0] != ' ' {
			switch {
			case s[0] == '\'':
				end := strings.IndexByte(s[1:], '\'')
				if end < 0 {
					return nil, false
				}
				b.WriteString(s[1 : end+1])
				s = s[end+2:]
			case strings.HasPrefix(s, `\'`):
				b.WriteByte('\'')
				s = s[2:]
			case strings.IndexByte(`"\$`+"`", s[0]) >= 0:
				return nil, false
			default:
				b.WriteByte(s[0])
				s = s[1:]
			}
		}
		words = append(words, b.String())
		if s != "" {
			s = s[1:]
			if s == "" {
				return nil, false
			}
		}
	}
	return words, len(words) > 0
}

func TestShellQuote(t *testing.T) {
	for _, s := range []string{`source:="The Times"`, `(it's) x`, `'`, `a''b`} {
		if got, ok := shellUnquote(shellQuote(s)); !ok || got != s {
			t.Errorf("shellQuote(%q) = %s, reads back as %q", s, shellQuote(s), got)
		}
	}
}

// TestFacetPanelSaysWhatItLeavesOut checks that a histogram panel shows
// the latest periods and says how many results the earlier ones hold.
func TestFacetPanelSaysWhatItLeavesOut(t *testing.T) {
	hist := func(first, last int, counts map[int]uint64) []query.FacetValue {
		var out []query.FacetValue
		for y := first; y <= last; y++ {
			out = append(out, query.FacetValue{Value: strconv.Itoa(y), Count: counts[y], Filter: "date:" + strconv.Itoa(y)})
		}
		return out
	}
	tests := []struct {
		name   string
		vals   []query.FacetValue
		want   []string
		absent []string
	}{
		{"an early peak", hist(1986, 2019, map[int]uint64{1986: 178, 1987: 19, 2018: 36}),
			[]string{"\n2008 ", "\n2018 ", "… 22 earlier periods: 197 results (--json has all)"}, []string{"\n1986 ", "\n2007 "}},
		{"one earlier period", hist(2007, 2019, map[int]uint64{2007: 1}),
			[]string{"… 1 earlier period: 1 result"}, []string{"\n2007 "}},
		{"all shown", hist(2015, 2019, nil), []string{"\n2015 ", "\n2019 "}, []string{"earlier"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := facetPanel(newStyles(io.Discard), "year", tt.vals, 0)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("panel lacks %q:\n%s", w, got)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(got, a) {
					t.Errorf("panel has %q:\n%s", a, got)
				}
			}
		})
	}
}
