package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// TestMain lets the test binary act as the bench binary when the comparison
// starts it as an ingest child.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := run(context.Background(), os.Args[1:]); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const sgmlDir = "testdata/reuters"

func TestOpenCorpus(t *testing.T) {
	tests := []struct {
		path    string
		wantErr bool
		files   int
	}{
		{sgmlDir, false, 1},
		{filepath.Join(sgmlDir, "reut2-000.sgm"), false, 1},
		{"testdata/no-such-corpus", true, 0},
	}
	for _, tt := range tests {
		c, err := openCorpus(tt.path)
		if (err != nil) != tt.wantErr {
			t.Errorf("openCorpus(%s) error = %v", tt.path, err)
			continue
		}
		if err == nil && len(c.files) != tt.files {
			t.Errorf("openCorpus(%s) files = %v", tt.path, c.files)
		}
	}
}

// Every query of the set must be valid newsdesk syntax, and translations
// must say the same thing in each language.
func TestQueryTranslations(t *testing.T) {
	ci := corpusInfo{MinDate: time.Date(1987, 2, 26, 0, 0, 0, 0, time.UTC), MaxDate: time.Date(1987, 10, 20, 0, 0, 0, 0, time.UTC), TopSource: "Daily Ledger"}
	for _, q := range benchQueries {
		if q.All {
			continue
		}
		if _, err := query.Parse(newsdeskQuery(q, ci)); err != nil {
			t.Errorf("%s: newsdesk cannot parse %q: %v", q, newsdeskQuery(q, ci), err)
		}
	}
	tests := []struct {
		q                     benchQuery
		newsdesk, bleve, fts5 string
	}{
		{benchQuery{Words: w("oil", "prices")}, "oil prices", "+oil +prices", `"oil" AND "prices"`},
		{benchQuery{Phrase: "crude oil"}, `"crude oil"`, `+"crude oil"`, `"crude oil"`},
		{benchQuery{Field: "headline", Words: w("oil")}, "headline:oil", "+headline:oil", `headline : "oil"`},
		{benchQuery{Words: w("bank"), Source: true}, `bank source:"Daily Ledger"`, `+bank +source:"Daily Ledger"`, `"bank"`},
		{benchQuery{Words: w("oil"), Date: [2]float64{0, 0.5}}, "oil",
			`+oil +date:>="1987-02-26T00:00:00Z" +date:<"1987-06-24T00:00:00Z"`, `"oil"`},
	}
	for _, tt := range tests {
		if got := newsdeskQuery(tt.q, ci); got != tt.newsdesk {
			t.Errorf("newsdesk %s = %q, want %q", tt.q, got, tt.newsdesk)
		}
		if got := bleveQueryString(tt.q, ci); got != tt.bleve {
			t.Errorf("bleve %s = %q, want %q", tt.q, got, tt.bleve)
		}
		if got := fts5Match(tt.q); got != tt.fts5 {
			t.Errorf("fts5 %s = %q, want %q", tt.q, got, tt.fts5)
		}
	}
	if n := len(benchQueries); n < 40 {
		t.Errorf("%d queries, the issue asks for at least 40", n)
	}
	if m := ci.months(); len(m) != 9 || m[0].Format("2006-01") != "1987-02" || m[8].Format("2006-01") != "1987-10" {
		t.Errorf("months = %v", m)
	}
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	tests := []struct {
		d    []time.Duration
		p    float64
		want float64
	}{
		{ms(5, 1, 3, 2, 4), 0.5, 3},
		{ms(5, 1, 3, 2, 4), 0.99, 5},
		{ms(5, 1, 3, 2, 4), 0, 1},
		{ms(7), 0.95, 7},
		{nil, 0.5, 0},
	}
	for _, tt := range tests {
		if got := percentile(tt.d, tt.p); got != tt.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.d, tt.p, got, tt.want)
		}
	}
}

func TestSliceRates(t *testing.T) {
	r := ingestResult{Articles: 1000, Progress: []progressPoint{
		{Sec: 1, Articles: 100}, {Sec: 2, Articles: 300}, // 300 covers 20% and 30%
		{Sec: 3, Articles: 400}, {Sec: 5, Articles: 500}, {Sec: 6, Articles: 1000},
	}}
	got := sliceRates(r)
	want := []float64{100, 200, 200, 100, 50, 500, 500, 500, 500, 500}
	if len(got) != len(want) {
		t.Fatalf("sliceRates = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sliceRates = %v, want %v", got, want)
		}
	}
}

func TestReplaceSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "B.md")
	os.WriteFile(path, []byte("# Benchmarks\n\nhand-written intro\n"), 0o644)
	steps := []struct{ name, content string }{
		{"compare", "first\n"}, {"scale", "curves\n"}, {"compare", "second\n"},
	}
	for _, s := range steps {
		if err := replaceSection(path, s.name, s.content); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	want := "# Benchmarks\n\nhand-written intro\n\n<!-- bench:compare -->\nsecond\n<!-- /bench:compare -->\n\n<!-- bench:scale -->\ncurves\n<!-- /bench:scale -->\n"
	if string(got) != want {
		t.Errorf("file =\n%s\nwant\n%s", got, want)
	}
}

func TestGenDeterministicAndValid(t *testing.T) {
	ctx := context.Background()
	c, err := openCorpus(sgmlDir)
	if err != nil {
		t.Fatal(err)
	}
	gen := func(seed uint64) []byte {
		g, err := newGenerator(ctx, c, seed, 2001, 2010)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := g.write(ctx, &b, 300); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b, other := gen(1), gen(1), gen(2)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave two different archives")
	}
	if bytes.Equal(a, other) {
		t.Error("seeds 1 and 2 gave the same archive")
	}
	sources, years, ids := map[string]bool{}, map[int]bool{}, map[string]bool{}
	quotes := 0
	n := 0
	for art, err := range ingest.Parse(bytes.NewReader(a), "gen.jsonl", ingest.FormatJSONL) {
		if err != nil {
			t.Fatalf("generated JSON Lines do not parse: %v", err)
		}
		n++
		sources[art.Source], years[art.Date.Year()], ids[art.ID] = true, true, true
		if art.Headline == "" || len(art.Body) < 3 || art.Language != "en" {
			t.Errorf("article %s: headline %q, %d paragraphs, language %q", art.ID, art.Headline, len(art.Body), art.Language)
		}
		if strings.Contains(art.BodyText(), " said") && strings.ContainsAny(art.BodyText(), "\"\u201c") {
			quotes++
		}
	}
	if n != 300 || len(ids) != 300 {
		t.Errorf("%d articles, %d ids; want 300 of each", n, len(ids))
	}
	if len(sources) < 8 || len(years) < 8 {
		t.Errorf("spread over %d sources and %d years; want most of 16 and 10", len(sources), len(years))
	}
	if quotes < 100 {
		t.Errorf("only %d of 300 articles quote someone", quotes)
	}
}

// TestCompareSmoke runs the whole comparison, child processes included, on
// the invented corpus, for every engine.
func TestCompareSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	abs, _ := filepath.Abs(sgmlDir)
	// 12 articles have a body; the 13th, without one, is kept by package
	// ingest's SGML parser (when it has one) but not by the temporary reader.
	c, err := openCorpus(abs)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for ev := range c.events(context.Background()) {
		if ev.Article != nil {
			want++
		}
	}
	if want < 12 {
		t.Fatalf("the corpus reader found %d articles, want at least the 12 with a body", want)
	}
	runs, err := compareEngines(context.Background(), []string{engNewsdesk, engBleve, engFTS5}, abs, t.TempDir(), 2, 1, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		in := r.ingest
		if len(r.all) != 2 {
			t.Errorf("%s: %d ingest runs, want 2", r.engine, len(r.all))
		}
		if in.Articles != want || in.RawBytes < 2000 || in.IndexBytes == 0 || in.WallSec <= 0 || len(in.Progress) == 0 {
			t.Errorf("%s ingest = %+v", r.engine, in)
		}
		if in.MaxRSS < 1<<20 {
			t.Errorf("%s peak RSS = %d bytes", r.engine, in.MaxRSS)
		}
		if in.Info.TopSource != "Reuters" || in.Info.MinDate.Format("2006-01-02") != "1987-03-02" {
			t.Errorf("%s corpus info = %+v", r.engine, in.Info)
		}
		if len(r.inproc.all(false)) != countQueries(false) || len(r.http.all(false)) != countQueries(false) {
			t.Errorf("%s timed %d searches in-process and %d over HTTP, want %d", r.engine, len(r.inproc.all(false)), len(r.http.all(false)), countQueries(false))
		}
		// The first query, oil prices, is in the invented articles; most others too.
		if r.inproc.results[0].Top == 0 || r.inproc.empty > countQueries(false)/2 {
			t.Errorf("%s: first query found nothing, or %d of %d searches found nothing", r.engine, r.inproc.empty, countQueries(false))
		}
		// Facet queries must return buckets wherever the engine has facets
		// (newsdesk: once query.Request has Facets).
		if r.engine != engNewsdesk || newsdeskFacetField() != "" {
			for i, q := range benchQueries {
				if isFacet(q.Kind) && r.inproc.results[i].Facets == 0 {
					t.Errorf("%s: %s returned no facet buckets", r.engine, q)
				}
			}
		}
		if r.engine != engNewsdesk && len(r.inproc.all(true)) != countQueries(true) {
			t.Errorf("%s timed %d facet queries, want %d", r.engine, len(r.inproc.all(true)), countQueries(true))
		}
	}
	md := renderCompare(compareReport{when: time.Now(), command: "bench test", corpus: sgmlDir, reader: "test", reps: 1, runs: runs})
	for _, s := range []string{fmt.Sprintf("| newsdesk | %d |", want), "articles/s, all runs", "vs bleve", "vs fts5", "| 2-word AND | 10 |"} {
		if !strings.Contains(md, s) {
			t.Errorf("report lacks %q:\n%s", s, md)
		}
	}
}

// TestScaleSmoke generates a small archive and runs the scale measurement
// on it, through JSON Lines and ingest.Read.
func TestScaleSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	out, work := filepath.Join(t.TempDir(), "B.md"), t.TempDir()
	err := run(context.Background(), []string{"scale", "-sizes", "1500", "-corpus", sgmlDir, "-reps", "1", "-workdir", work, "-keep", "-out", out})
	if err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(out)
	if !bytes.Contains(md, []byte("| 1,500 | newsdesk |")) || !bytes.Contains(md, []byte("<!-- /bench:scale 1500 -->")) {
		t.Errorf("scale report:\n%s", md)
	}
	// The kept index is measured again by bench query.
	err = run(context.Background(), []string{"query", "-index", filepath.Join(work, "newsdesk-1500"), "-corpus", filepath.Join(work, "gen-1500-seed1.jsonl"), "-reps", "1", "-out", out})
	if err != nil {
		t.Fatal(err)
	}
	md, _ = os.ReadFile(out)
	if !bytes.Contains(md, []byte("<!-- /bench:query 1500 -->")) || !bytes.Contains(md, []byte("| 1,500 | newsdesk |")) || !bytes.Contains(md, []byte("<!-- /bench:scale 1500 -->")) {
		t.Errorf("query report:\n%s", md)
	}
}

func TestMissingCorpusSkips(t *testing.T) {
	err := run(context.Background(), []string{"-corpus", "testdata/no-such-corpus"})
	if err == nil || !strings.Contains(err.Error(), "corpus not found") {
		t.Errorf("run with a missing corpus = %v, want errNoCorpus", err)
	}
}

// TestFieldsSmoke runs the per-field size breakdown on the invented corpus:
// an index without bodies must be smaller than the whole one.
func TestFieldsSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	out := filepath.Join(t.TempDir(), "B.md")
	if err := run(context.Background(), []string{"fields", "-corpus", sgmlDir, "-workdir", t.TempDir(), "-out", out}); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(out)
	var whole, noBody float64
	for _, line := range strings.Split(string(md), "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 3 {
			continue
		}
		var v float64
		fmt.Sscan(cells[2], &v)
		switch cells[1] {
		case "(whole article)":
			whole = v
		case "without body":
			noBody = v
		}
	}
	if whole == 0 || noBody == 0 || noBody >= whole {
		t.Errorf("index MB whole %v, without body %v; want 0 < without body < whole:\n%s", whole, noBody, md)
	}
	if !strings.Contains(string(md), "<!-- bench:fields reuters -->") {
		t.Errorf("no fields section for the corpus:\n%s", md)
	}
}

// TestMappingSmoke runs the layout-variant table on the invented corpus, for
// the newsdesk layout and two variants over two interleaved runs: a variant
// without the stored body is smaller, and each row names what it loses.
func TestMappingSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	out := filepath.Join(t.TempDir(), "B.md")
	args := []string{"mapping", "-corpus", sgmlDir, "-workdir", t.TempDir(), "-out", out, "-runs", "2", "-variants", "no-body-store,no-quote-docs"}
	if err := run(context.Background(), args); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(out)
	size := map[string]float64{}
	loses := map[string]string{}
	for _, line := range strings.Split(string(md), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 8 {
			continue
		}
		var v float64 // × text: index MB rounds alike on so small a corpus
		if _, err := fmt.Sscan(strings.TrimSuffix(cells[3], "×"), &v); err == nil {
			size[cells[0]], loses[cells[0]] = v, cells[7]
		}
	}
	if len(size) != 3 || size["no-body-store"] == 0 || size["no-body-store"] >= size["newsdesk"] {
		t.Errorf("index × text by variant %v; want newsdesk and two variants, without body smaller:\n%s", size, md)
	}
	if !strings.Contains(loses["no-quote-docs"], "quotation search") {
		t.Errorf("no-quote-docs loses %q, want it to name quotation search", loses["no-quote-docs"])
	}
	if !strings.Contains(string(md), "<!-- bench:mapping reuters -->") || !strings.Contains(string(md), "2 run(s)") {
		t.Errorf("no mapping section of 2 runs for the corpus:\n%s", md)
	}
	if err := run(context.Background(), []string{"mapping", "-corpus", sgmlDir, "-variants", "no-such"}); err == nil || !strings.Contains(err.Error(), "no-such") {
		t.Errorf("an unknown variant = %v, want an error naming it", err)
	}
}

func TestMedianRun(t *testing.T) {
	run := func(sec float64) ingestResult { return ingestResult{Articles: 100, WallSec: sec} }
	tests := []struct {
		runs      []ingestResult
		wantRate  float64
		wantRange string
	}{
		{[]ingestResult{run(1)}, 100, ""},
		{[]ingestResult{run(1), run(4), run(2)}, 50, "25–100"},
		{[]ingestResult{run(1), run(2)}, 50, "50–100"},
	}
	for _, tt := range tests {
		if got := medianRun(tt.runs).Rate(); got != tt.wantRate {
			t.Errorf("medianRun(%v) rate = %v, want %v", tt.runs, got, tt.wantRate)
		}
		if got := rateRange(tt.runs); got != tt.wantRange {
			t.Errorf("rateRange(%v) = %q, want %q", tt.runs, got, tt.wantRange)
		}
	}
}

// TestRobustSmoke runs every part of bench robust on the small corpus: the
// kills, the load and the worst inputs must all pass on the real binary.
func TestRobustSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsdesk binary")
	}
	args := []string{"-corpus", sgmlDir, "-work", t.TempDir(), "-kills", "2", "-clients", "4", "-requests", "120", "-bomb-mib", "4", "-huge-mib", "4"}
	if err := run(context.Background(), append([]string{"robust"}, args...)); err != nil {
		t.Fatal(err)
	}
}

func TestSizeLabel(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {2500, "2500"}, {10000, "10k"}, {100000, "100k"}, {1000000, "1M"}, {1500000, "1500k"}}
	for _, tt := range tests {
		if got := sizeLabel(tt.n); got != tt.want {
			t.Errorf("sizeLabel(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestSectionsHaveTheirOwnHeadings writes scale runs of other sizes, the same
// sizes again, and a run under -section into one file: runs of other sizes
// get a section each, the same sizes replace theirs, and no two sections
// share a heading (BENCHMARKS.md once had three identical ones).
func TestSectionsHaveTheirOwnHeadings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "B.md")
	os.WriteFile(path, []byte("# Benchmarks\n"), 0o644)
	rows := func(engine string, sizes ...int) []scaleRow {
		var r []scaleRow
		for _, n := range sizes {
			r = append(r, scaleRow{n: n, engine: engine, ingest: ingestResult{Articles: n, RawBytes: 1, WallSec: 1}, lat: &latencies{}})
		}
		return r
	}
	steps := []struct {
		section string
		rows    []scaleRow
	}{
		{"", rows("newsdesk", 10000, 100000)},
		{"", rows("newsdesk", 1000000)},
		{"", rows("bleve", 10000, 100000)}, // replaces the first
		{"scale again", rows("newsdesk", 10000, 100000)},
	}
	for _, s := range steps {
		cf := commonFlags{out: path, section: s.section}
		if err := cf.writeSection(scaleKey(s.rows), renderScale(s.rows, time.Now(), "bench scale", 1)); err != nil {
			t.Fatal(err)
		}
	}
	md, _ := os.ReadFile(path)
	headings := map[string]int{}
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "#") {
			headings[line]++
		}
	}
	want := map[string]int{
		"# Benchmarks": 1,
		"### Scale: generated archives of 10,000 and 100,000 articles":               1,
		"### Scale: generated archives of 1,000,000 articles":                        1,
		"### Scale: generated archives of 10,000 and 100,000 articles (scale again)": 1,
	}
	if !maps.Equal(headings, want) {
		t.Errorf("headings %v, want %v:\n%s", headings, want, md)
	}
	for _, marker := range []string{"<!-- bench:scale 10k,100k -->", "<!-- bench:scale 1M -->", "<!-- bench:scale again -->"} {
		if n := strings.Count(string(md), marker); n != 1 {
			t.Errorf("%s %d times, want once:\n%s", marker, n, md)
		}
	}
	_, first, _ := strings.Cut(string(md), "<!-- bench:scale 10k,100k -->")
	first, _, _ = strings.Cut(first, "<!-- /bench:scale 10k,100k -->")
	if !strings.Contains(first, "| bleve |") || strings.Contains(first, "| newsdesk |") {
		t.Errorf("the second 10k,100k run did not replace the first:\n%s", md)
	}
}

func TestShardKey(t *testing.T) {
	tests := []struct {
		articles int
		want     string
	}{{10000, "shard 10k"}, {100000, "shard 100k"}, {2000, "shard 2k"}}
	for _, tt := range tests {
		r := shardReport{single: []ingestResult{{Articles: tt.articles}}}
		if got := shardKey(r); got != tt.want {
			t.Errorf("shardKey(%d articles) = %q, want %q", tt.articles, got, tt.want)
		}
	}
}

// TestBenchmarksFileSections checks the repository's BENCHMARKS.md as the
// tool keeps it: every section opened is closed once, starts with its
// heading, and no two headings are the same.
func TestBenchmarksFileSections(t *testing.T) {
	md, err := os.ReadFile("../BENCHMARKS.md")
	if err != nil {
		t.Skipf("no BENCHMARKS.md: %v", err)
	}
	s := string(md)
	headings := map[string]int{}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "#") {
			headings[line]++
		}
	}
	for h, n := range headings {
		if n > 1 {
			t.Errorf("heading %q %d times", h, n)
		}
	}
	opens := regexp.MustCompile(`(?m)^<!-- bench:(.+) -->\n(.*)\n`).FindAllStringSubmatch(s, -1)
	if len(opens) == 0 {
		t.Fatal("no bench sections")
	}
	for _, m := range opens {
		if n := strings.Count(s, "<!-- /bench:"+m[1]+" -->"); n != 1 {
			t.Errorf("section %q closed %d times", m[1], n)
		}
		if !strings.HasPrefix(m[2], "### ") {
			t.Errorf("section %q starts with %q, want its ### heading", m[1], m[2])
		}
	}
}
