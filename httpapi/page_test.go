package httpapi

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// The search page's facet panels are chosen by pure functions (facetRows,
// narrowQuery) between two marker comments in web/index.html. This test
// runs them in Node, when it is installed, on facets as the API writes
// them.

const (
	pureStart = "// ---- facet panels: pure functions"
	pureEnd   = "// ---- end of facet panels: pure functions ----"
)

// runPageFunctions calls the page's pure functions in Node: each call is
// a function name and its arguments; the results come back as JSON.
func runPageFunctions(t *testing.T, calls [][]any) []json.RawMessage {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: the page's functions are not run")
	}
	i, j := bytes.Index(searchPage, []byte(pureStart)), bytes.Index(searchPage, []byte(pureEnd))
	if i < 0 || j < i {
		t.Fatalf("web/index.html: no %q … %q section", pureStart, pureEnd)
	}
	in, err := json.Marshal(calls)
	if err != nil {
		t.Fatal(err)
	}
	script := string(searchPage[i:j]) + `
const fns = { facetRows, narrowQuery, queryWords };
const calls = ` + string(in) + `;
console.log(JSON.stringify(calls.map(([fn, ...args]) => fns[fn](...args))));
`
	path := filepath.Join(t.TempDir(), "page.js")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, path).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var res []json.RawMessage
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(calls) {
		t.Fatalf("node printed %s: %v", out, err)
	}
	return res
}

// years is a year histogram from first to last, every year with count n
// except those in counts.
func years(first, last int, counts map[int]uint64) []query.FacetValue {
	var out []query.FacetValue
	for y := first; y <= last; y++ {
		v := strconv.Itoa(y)
		out = append(out, query.FacetValue{Value: v, Count: counts[y], Filter: "date:" + v})
	}
	return out
}

func TestPageFacetPanels(t *testing.T) {
	// As on ../shared/exports: 1986 to 2019, eight of the first twelve
	// years empty, most articles in the last years.
	exports := years(1986, 2019, map[int]uint64{1986: 3, 1990: 1, 1993: 2, 1995: 1, 2016: 20, 2017: 30, 2018: 36, 2019: 12})
	var sources []query.FacetValue
	for i := 0; i < 15; i++ {
		sources = append(sources, query.FacetValue{Value: "Source " + strconv.Itoa(i), Count: uint64(20 - i), Filter: `source:="Source ` + strconv.Itoa(i) + `"`})
	}
	tests := []struct {
		name    string
		facet   string
		vals    []query.FacetValue
		all     bool
		first   string // first value shown
		shown   int
		more    string
		include string
	}{
		{"years: the latest twelve", "year", exports, false, "2008", 12, "… 22 earlier periods: 7 results", "2018"},
		{"years: show all", "year", exports, true, "1986", 34, "", "1990"},
		{"years: one earlier", "year", years(2007, 2019, map[int]uint64{2007: 1, 2019: 1500}), false, "2008", 12, "… 1 earlier period: 1 result", "2019"},
		{"years: thousands earlier", "year", years(1990, 2019, map[int]uint64{1990: 1200, 1991: 34}), false, "2008", 12, "… 18 earlier periods: 1,234 results", "2019"},
		{"years: few", "year", years(2015, 2019, nil), false, "2015", 5, "", "2019"},
		{"sources: the most frequent", "source", sources, false, "Source 0", 12, "… 3 more", "Source 11"},
		{"sources: show all", "source", sources, true, "Source 0", 15, "", "Source 14"},
		{"no values", "year", nil, false, "", 0, "", ""},
	}
	var calls [][]any
	for _, tt := range tests {
		calls = append(calls, []any{"facetRows", tt.facet, tt.vals, tt.all})
	}
	res := runPageFunctions(t, calls)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				Rows   []query.FacetValue
				Hidden int
				More   string
				Total  int
			}
			if err := json.Unmarshal(res[i], &got); err != nil {
				t.Fatalf("%s: %v", res[i], err)
			}
			if len(got.Rows) != tt.shown || got.More != tt.more || got.Total != len(tt.vals) || got.Hidden != len(tt.vals)-tt.shown {
				t.Fatalf("facetRows = %d rows, hidden %d of %d, more %q; want %d rows, more %q", len(got.Rows), got.Hidden, got.Total, got.More, tt.shown, tt.more)
			}
			if tt.shown == 0 {
				return
			}
			if got.Rows[0].Value != tt.first {
				t.Errorf("first row %q, want %q", got.Rows[0].Value, tt.first)
			}
			found := false
			for _, r := range got.Rows {
				found = found || r.Value == tt.include
				if r.Filter == "" {
					t.Errorf("row %q lost its filter", r.Value)
				}
			}
			if !found {
				t.Errorf("%q not shown: %v", tt.include, got.Rows)
			}
		})
	}
}

func TestPageNarrowQuery(t *testing.T) {
	tests := []struct{ q, filter string }{
		{"said OR minister", `source:="The Guardian (London)"`},
		{"  ", "date:2018"},
		{"", `section:="x:=\"y\""`},
		{"-brazil", "date:[2017-10-23 TO 2017-10-29]"},
	}
	var calls [][]any
	for _, tt := range tests {
		calls = append(calls, []any{"narrowQuery", tt.q, tt.filter})
	}
	res := runPageFunctions(t, calls)
	for i, tt := range tests {
		var got string
		if err := json.Unmarshal(res[i], &got); err != nil {
			t.Fatal(err)
		}
		// The page narrows as query.Narrow does.
		if want := query.Narrow(tt.q, tt.filter); got != want {
			t.Errorf("narrowQuery(%q, %q) = %q, want %q", tt.q, tt.filter, got, want)
		}
		if _, err := query.Parse(got); err != nil {
			t.Errorf("%q does not parse: %v", got, err)
		}
	}
}

// TestPageQueryWords: the article view marks the words a query searches
// for, and none of its operators, exclusions or metadata values, in every
// syntax newsdesk reads (operators in any case since Factiva and Nexis
// strings came in: a lower-case "and" must not mark every "and").
func TestPageQueryWords(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{`returnees Turkey`, []string{"returnees", "turkey"}},
		{`refugees and migrants or exiles`, []string{"refugees", "migrants", "exiles"}},
		{`vaccine and not brazil`, []string{"vaccine"}},
		{`vaccine but not brazil -chile`, []string{"vaccine"}},
		{`fighters near5 europe`, []string{"fighters", "europe"}},
		{`fighters NEAR5 europe adj2 union`, []string{"fighters", "europe", "union"}},
		{`isis w/5 turkey pre/3 border w/s army w/p police same town /s a`, []string{"isis", "turkey", "border", "army", "police", "town", "a"}},
		{`isis near5 (returnee* or "foreign fighters")`, []string{"isis", "returnee*", "foreign", "fighters"}},
		{`atleast3 sanctions`, []string{"sanctions"}},
		{`hlp=turkey lp=syria hd="prime minister" sn=reuters`, []string{"turkey", "syria", "prime", "minister"}},
		{`turkey/f50/ and /n5/`, []string{"turkey"}},
		{`caps(Turkey)`, []string{"turkey"}},
		{`wom?n engineer$3 return!`, []string{"wom*", "engineer*", "return*"}},
		{`refugees wc>300 wc<1000 date after 2017-10 date from 2017-01-01 to 2017-06-30`, []string{"refugees"}},
		{`source:guardian headline:brexit date:>=2017-01-01`, []string{"brexit"}},
	}
	var calls [][]any
	for _, tt := range tests {
		calls = append(calls, []any{"queryWords", tt.q})
	}
	res := runPageFunctions(t, calls)
	for i, tt := range tests {
		var got []string
		if err := json.Unmarshal(res[i], &got); err != nil {
			t.Fatalf("%s: %v", res[i], err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("queryWords(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
