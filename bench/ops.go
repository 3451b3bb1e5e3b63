package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// opPairs are the word pairs the operator benchmark joins: words common in
// business news that also stand near each other, so each operator has
// matches on Reuters-21578 and on archives generated from it.
var opPairs = [][2]string{
	{"oil", "prices"}, {"crude", "oil"}, {"bank", "merger"}, {"wheat", "exports"},
	{"trade", "deficit"}, {"interest", "rates"}, {"stock", "market"}, {"company", "shares"},
	{"dollar", "yen"}, {"central", "bank"},
}

// opKinds are the operators measured, each as a query of a pair (a, b);
// the first, the plain AND of the same words, is the baseline.
var opKinds = []struct {
	name  string
	query func(a, b string) string
}{
	{"AND", func(a, b string) string { return a + " AND " + b }},
	{"near5", func(a, b string) string { return a + " near5 " + b }},
	{"adj3", func(a, b string) string { return a + " adj3 " + b }},
	{"same", func(a, b string) string { return a + " same " + b }},
	{"w/s", func(a, b string) string { return a + " w/s " + b }},
	{"atleast3", func(a, b string) string { return "atleast3 " + a + " AND " + b }},
}

// cmdOps measures the positional operators of Factiva and Nexis search
// strings against the plain AND of the same words, on an index made
// earlier (newsdesk ingest, or bench -keep): each query asks for the top
// 10 with snippets, through a caching searcher as newsdesk serve runs it.
func cmdOps(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ops", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, engNewsdesk)
	dir := fs.String("index", "", "newsdesk index folder")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed rounds to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("ops: -index is required")
	}
	ix, err := index.OpenReadOnly(*dir)
	if err != nil {
		return fmt.Errorf("ops: %w", err)
	}
	defer ix.Close()
	n, err := ix.Count()
	if err != nil {
		return fmt.Errorf("ops: %w", err)
	}
	s := query.NewSearcher(ix)
	s.Cache = true
	var times [][]time.Duration
	var totals []uint64
	err = withCPUProfile(*cpuProfile, func(timed func()) error {
		times, totals, err = measureOps(ctx, s, cf.reps, timed)
		return err
	})
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Search operators on %s (%s articles)\n\n", filepath.Base(filepath.Clean(*dir)), commas(fmt.Sprint(n)))
	fmt.Fprintf(&b, "Measured %s on %s with `%s`: %d word pairs, each joined by every operator; top 10 with snippets, in-process through a caching searcher, %d timed rounds after a warm-up. The ratio is each operator's p50 over the plain AND's.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), commandLine(), len(opPairs), cf.reps)
	base := percentile(times[0], 0.5)
	var rows [][]string
	for k, op := range opKinds {
		p50 := percentile(times[k], 0.5)
		rows = append(rows, []string{op.name, commas(fmt.Sprint(totals[k])), f2(p50), f2(percentile(times[k], 0.99)), f2(p50/base) + "×"})
	}
	table(&b, []string{"operator", "matches (all pairs)", "p50 ms", "p99 ms", "p50 / AND"}, rows)
	md := b.String()
	fmt.Print(md)
	if cf.out != "" {
		return cf.writeSection("ops "+sizeLabel(int(n)), md)
	}
	fmt.Fprintln(os.Stderr)
	return nil
}

// measureOps runs every operator over every pair: one round that warms up
// and counts the matches (totals, per operator, all pairs together), then
// reps timed rounds (times, per operator). timed is called once, before
// the timed rounds.
func measureOps(ctx context.Context, s *query.Searcher, reps int, timed func()) (times [][]time.Duration, totals []uint64, err error) {
	times = make([][]time.Duration, len(opKinds))
	totals = make([]uint64, len(opKinds))
	for round := 0; round <= reps; round++ {
		if round == 1 {
			timed()
		}
		for _, p := range opPairs {
			for k, op := range opKinds {
				q := op.query(p[0], p[1])
				start := time.Now()
				res, err := s.Search(ctx, query.Request{Query: q, Limit: 10})
				if err != nil {
					return nil, nil, fmt.Errorf("ops %q: %w", q, err)
				}
				if round > 0 {
					times[k] = append(times[k], time.Since(start))
				} else {
					totals[k] += res.Total
				}
			}
		}
	}
	return times, totals, nil
}

// withCPUProfile runs f, which calls timed where its timed part starts;
// when path is not empty, a CPU profile of that part is written to it.
func withCPUProfile(path string, f func(timed func()) error) error {
	if path == "" {
		return f(func() {})
	}
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("-cpuprofile: %w", err)
	}
	defer out.Close()
	var started bool
	err = f(func() { started = pprof.StartCPUProfile(out) == nil })
	if started {
		pprof.StopCPUProfile()
	}
	return err
}
