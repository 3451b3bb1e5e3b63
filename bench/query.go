package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
)

// cmdQuery measures the query set on an index that exists already (one
// kept by `bench scale -keep`), so that queries can be measured again with
// newer code without ingesting again. The corpus the index was built from
// is read for what the translations need (date span, top source), as the
// ingest does.
func cmdQuery(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, engNewsdesk)
	dir := fs.String("index", "", "index folder, made by this tool's ingest (bench scale -keep)")
	corpusPath := fs.String("corpus", "", "the corpus the index was built from")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed rounds (not the warm-up or opening) to this file")
	slowest := fs.Int("slowest", 0, "print the n queries with the slowest worst round to stderr, with each round's time, to see what makes the p95 and p99")
	if err := fs.Parse(args); err != nil {
		return err
	}
	engines, err := cf.engineList()
	if err != nil {
		return err
	}
	if *dir == "" || *corpusPath == "" || len(engines) != 1 {
		return fmt.Errorf("query: -index, -corpus and one -engines value are required")
	}
	c, err := openCorpus(*corpusPath)
	if err != nil {
		return err
	}
	t := newTally()
	for ev := range c.events(ctx) {
		if ev.Article != nil {
			t.article(ev.Article)
		}
	}
	in, err := t.result(engines[0], *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: %d articles in %s; querying...\n", in.Articles, *dir)
	s, err := openSearcher(engines[0], *dir, in.Info)
	if err != nil {
		return err
	}
	l, err := measureProfiled(ctx, s, cf.reps, *cpuProfile)
	if cerr := s.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if *slowest > 0 {
		printSlowest(os.Stderr, l, *slowest)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Queries on a kept index of %s articles\n\n", commas(fmt.Sprint(in.Articles)))
	fmt.Fprintf(&b, "Measured %s on %s with `%s` (in-process, %d timed rounds after a warm-up; the index was made earlier, e.g. by `bench scale -keep`, whose section has its ingest).\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), commandLine(), cf.reps)
	q, f := latencyCells(l, false), latencyCells(l, true)
	table(&b, []string{"articles", "engine", "index MB", "query p50 ms", "query p95 ms", "query p99 ms", "facets p50 ms", "facets p95 ms", "facets p99 ms", "facets on all articles, p50 ms"},
		[][]string{{commas(fmt.Sprint(in.Articles)), engines[0], f0(mb(in.IndexBytes)), q[0], q[1], q[2], f[0], f[1], f[2], allFacetCell(l)}})
	md := b.String()
	fmt.Print(md)
	if cf.out != "" {
		return cf.writeSection("query "+sizeLabel(in.Articles), md)
	}
	return nil
}

// measureProfiled is measure, with a CPU profile of the timed rounds
// written to path when it is not empty: the warm-up round runs first,
// unprofiled, so that the profile shows steady-state searches, not the
// caches a long-lived searcher builds on first use.
func measureProfiled(ctx context.Context, s searcher, reps int, path string) (*latencies, error) {
	if path == "" {
		return measure(ctx, s, reps, nil)
	}
	if _, err := measure(ctx, s, 0, nil); err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	l, err := measure(ctx, s, reps, nil)
	pprof.StopCPUProfile()
	return l, err
}

// printSlowest writes the n queries whose slowest timed round is longest,
// slowest first, with every round's time in ms: the few queries that make a
// set's p95 and p99.
func printSlowest(w io.Writer, l *latencies, n int) {
	type slow struct {
		i     int
		worst time.Duration
	}
	var all []slow
	for i, d := range l.byQuery {
		var worst time.Duration
		for _, x := range d {
			worst = max(worst, x)
		}
		all = append(all, slow{i, worst})
	}
	sort.Slice(all, func(a, b int) bool { return all[a].worst > all[b].worst })
	fmt.Fprintf(w, "slowest %d of %d queries (each timed round, ms):\n", min(n, len(all)), len(all))
	for _, s := range all[:min(n, len(all))] {
		var ms []string
		for _, x := range l.byQuery[s.i] {
			ms = append(ms, fmt.Sprintf("%.1f", float64(x.Nanoseconds())/1e6))
		}
		fmt.Fprintf(w, "  %-16s %-40s %s\n", benchQueries[s.i].Kind, benchQueries[s.i].String(), strings.Join(ms, " "))
	}
}
