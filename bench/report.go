package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type compareReport struct {
	when    time.Time
	command string
	corpus  string
	reader  string
	reps    int
	runs    []engineRun
}

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }
func f2(v float64) string { return fmt.Sprintf("%.2f", v) }
func f0(v float64) string { return commas(fmt.Sprintf("%.0f", v)) }

// commas groups the digits of an integer string by thousands.
func commas(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ratio is a/b to two decimals, or n/a.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// table renders a markdown table.
func table(b *strings.Builder, head []string, rows [][]string) {
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|")
	for range head {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	b.WriteString("\n")
}

func countQueries(facets bool) (n int) {
	for _, q := range benchQueries {
		if isFacet(q.Kind) == facets {
			n++
		}
	}
	return n
}

func latencyCells(l *latencies, facets bool) []string {
	d := l.all(facets)
	if len(d) == 0 {
		return []string{"n/a", "n/a", "n/a"}
	}
	return []string{f2(percentile(d, .5)), f2(percentile(d, .95)), f2(percentile(d, .99))}
}

func renderCompare(r compareReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Comparison on %s\n\n", filepath.Base(r.corpus))
	fmt.Fprintf(&b, "Measured %s on %s with `%s`.\n", r.when.Format("2006-01-02 15:04 MST"), machine(), r.command)
	if len(r.runs) > 0 {
		in := r.runs[0].ingest
		fmt.Fprintf(&b, "Corpus: %s articles, %.1f MB of raw text (headline + body bytes), read by %s, dated %s to %s.\n",
			commas(fmt.Sprint(in.Articles)), mb(in.RawBytes), r.reader, in.Info.MinDate.Format("2006-01-02"), in.Info.MaxDate.Format("2006-01-02"))
	}
	nruns := 1
	if len(r.runs) > 0 {
		nruns = max(1, len(r.runs[0].all))
	}
	fmt.Fprintf(&b, "\n**Ingest** (each engine in a child process of the bench binary, from reading the files to a closed index; peak RSS from the child's rusage; %d run(s) per engine, interleaved, the median shown):\n\n", nruns)
	var rows [][]string
	head := []string{"engine", "articles", "wall s", "articles/s", "MB/s", "peak RSS MB", "index MB", "index / raw text"}
	if nruns > 1 {
		head = append(head, "articles/s, all runs")
	}
	for _, e := range r.runs {
		in := e.ingest
		row := []string{engineLabels[e.engine], commas(fmt.Sprint(in.Articles)), f1(in.WallSec), f0(in.Rate()),
			f2(mb(in.RawBytes) / in.WallSec), f0(mb(in.MaxRSS)), f1(mb(in.IndexBytes)), f2(float64(in.IndexBytes) / float64(in.RawBytes))}
		if nruns > 1 {
			row = append(row, rateRange(e.all))
		}
		rows = append(rows, row)
	}
	table(&b, head, rows)

	fmt.Fprintf(&b, "**Query latency, ms** (top 10 with snippets; %d searches and %d facet queries, one warm-up round, then %d timed rounds; in-process calls, and GET /api/search on an httptest server with one keep-alive client):\n\n",
		countQueries(false), countQueries(true), r.reps)
	rows = nil
	for _, e := range r.runs {
		row := []string{engineLabels[e.engine]}
		row = append(row, latencyCells(e.inproc, false)...)
		row = append(row, latencyCells(e.http, false)...)
		row = append(row, latencyCells(e.inproc, true)...)
		rows = append(rows, row)
	}
	table(&b, []string{"engine", "p50", "p95", "p99", "HTTP p50", "HTTP p95", "HTTP p99", "facets p50", "facets p95", "facets p99"}, rows)

	// Ratios against each baseline.
	var nd *engineRun
	for i := range r.runs {
		if r.runs[i].engine == engNewsdesk {
			nd = &r.runs[i]
		}
	}
	if nd != nil && len(r.runs) > 1 {
		b.WriteString("**newsdesk / baseline** (above 1 is more for newsdesk: good for articles/s, bad for size, RSS and latency):\n\n")
		var head = []string{"figure"}
		var bases []*engineRun
		for i := range r.runs {
			if r.runs[i].engine != engNewsdesk {
				bases = append(bases, &r.runs[i])
				head = append(head, "vs "+r.runs[i].engine)
			}
		}
		type fig struct {
			name string
			val  func(*engineRun) float64
		}
		p := func(http, facets bool, q float64) func(*engineRun) float64 {
			return func(e *engineRun) float64 {
				l := e.inproc
				if http {
					l = e.http
				}
				return percentile(l.all(facets), q)
			}
		}
		figs := []fig{
			{"ingest articles/s", func(e *engineRun) float64 { return e.ingest.Rate() }},
			{"peak RSS", func(e *engineRun) float64 { return float64(e.ingest.MaxRSS) }},
			{"index / raw text", func(e *engineRun) float64 { return float64(e.ingest.IndexBytes) / float64(e.ingest.RawBytes) }},
			{"query p50", p(false, false, .5)}, {"query p95", p(false, false, .95)}, {"query p99", p(false, false, .99)},
			{"HTTP p50", p(true, false, .5)}, {"HTTP p99", p(true, false, .99)},
			{"facets p50", p(false, true, .5)}, {"facets p99", p(false, true, .99)},
		}
		rows = nil
		for _, f := range figs {
			row := []string{f.name}
			for _, base := range bases {
				row = append(row, ratio(f.val(nd), f.val(base)))
			}
			rows = append(rows, row)
		}
		table(&b, head, rows)
	}

	// Per kind, in-process p50, with the number of queries that found nothing.
	b.WriteString("**In-process p50 by kind of query, ms** (n/a: the engine's API cannot run it yet):\n\n")
	head = []string{"kind", "queries"}
	for _, e := range r.runs {
		head = append(head, e.engine)
	}
	var kinds []string
	seen := map[string]bool{}
	count := map[string]int{}
	for _, q := range benchQueries {
		if !seen[q.Kind] {
			seen[q.Kind] = true
			kinds = append(kinds, q.Kind)
		}
		count[q.Kind]++
	}
	rows = nil
	for _, k := range kinds {
		row := []string{k, fmt.Sprint(count[k])}
		for _, e := range r.runs {
			if d := e.inproc.byKind[k]; len(d) > 0 {
				row = append(row, f2(percentile(d, .5)))
			} else {
				row = append(row, "n/a")
			}
		}
		rows = append(rows, row)
	}
	table(&b, head, rows)
	// Matches of the first query of each kind, so a reader can see the
	// translations ask the same thing (stemming and stop words differ).
	b.WriteString("**Matches of the first query of each kind** (total hits; FTS5 does not count them, so its column is the top-10 hits returned):\n\n")
	head = []string{"query"}
	for _, e := range r.runs {
		head = append(head, e.engine)
	}
	rows = nil
	shown := map[string]bool{}
	for i, q := range benchQueries {
		if shown[q.Kind] {
			continue
		}
		shown[q.Kind] = true
		row := []string{"`" + q.String() + "`"}
		for _, e := range r.runs {
			res, ok := e.inproc.results[i]
			switch {
			case !ok:
				row = append(row, "n/a")
			case res.Total < 0:
				row = append(row, fmt.Sprintf("top %d", res.Top))
			default:
				row = append(row, commas(fmt.Sprint(res.Total)))
			}
		}
		rows = append(rows, row)
	}
	table(&b, head, rows)
	var notes []string
	for _, e := range r.runs {
		if e.inproc.empty > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d searches found nothing", e.engine, e.inproc.empty))
		}
	}
	if len(notes) > 0 {
		b.WriteString("Searches with no hit: " + strings.Join(notes, "; ") + ".\n\n")
	}
	return b.String()
}

// sizeLabel is an article count as section names spell it: 10k, 1M, 2500.
func sizeLabel(n int) string {
	switch {
	case n > 0 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n > 0 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// andList joins items as "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// replaceSection writes content into the markdown file between the markers
// <!-- bench:NAME --> and <!-- /bench:NAME -->, keeping everything else; the
// section is appended when the file has no such markers.
func replaceSection(path, name, content string) error {
	start, end := "<!-- bench:"+name+" -->", "<!-- /bench:"+name+" -->"
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	s := string(old)
	block := start + "\n" + content + end + "\n"
	i, j := strings.Index(s, start), strings.Index(s, end)
	switch {
	case i >= 0 && j > i:
		s = s[:i] + block + strings.TrimPrefix(s[j+len(end):], "\n")
	default:
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			s = strings.TrimRight(s, "\n") + "\n\n"
		}
		s += block
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
