package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cmdShard measures what sharding by year changes (issue 6): ingest into one
// newsdesk index against one index per year, then the query set on the one
// index, through an IndexAlias of all shards, and through an alias of the
// shards a date filter overlaps, checking that the top hits and scores
// agree.
func cmdShard(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("shard", flag.ContinueOnError)
	var cf commonFlags
	fs.IntVar(&cf.reps, "reps", 5, "timed rounds over the query set, after one warm-up round")
	fs.StringVar(&cf.workdir, "workdir", "", "folder for the indexes (default: a new temporary folder, removed at the end)")
	fs.BoolVar(&cf.keep, "keep", false, "keep the indexes")
	fs.StringVar(&cf.out, "out", "", "markdown file to write the results into (its section is replaced; the rest is kept)")
	fs.StringVar(&cf.section, "section", "", "name of the section of -out to replace (default: shard and the archive's size, e.g. shard 100k)")
	archive := fs.String("archive", "", "JSON Lines archive to measure (as `bench gen` writes); default: generate one with -n and -seed")
	n := fs.Int("n", 10000, "articles to generate when -archive is not given")
	seed := fs.Uint64("seed", 1, "generator seed")
	corpusPath := fs.String("corpus", defaultCorpus(), "real corpus the generator samples")
	runs := fs.Int("runs", 2, "ingests per layout, interleaved (the order alternates); the report shows the median and the range")
	reuse := fs.Bool("reuse", false, "skip the ingests and query the indexes a run with -workdir and -keep left there (with their ingest figures)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return fmt.Errorf("-runs: want at least 1, got %d", *runs)
	}
	if cf.reps < 1 {
		return fmt.Errorf("-reps: want at least 1, got %d", cf.reps)
	}
	work, cleanup, err := cf.work()
	if err != nil {
		return err
	}
	defer cleanup()
	file := *archive
	if file == "" {
		if *n <= 0 {
			return fmt.Errorf("-n: want a positive number, got %d", *n)
		}
		c, err := openCorpus(*corpusPath)
		if err != nil {
			return err
		}
		g, err := newGenerator(ctx, c, *seed, 1995, 2024)
		if err != nil {
			return err
		}
		file = filepath.Join(work, fmt.Sprintf("gen-%d-seed%d.jsonl", *n, *seed))
		fmt.Fprintf(os.Stderr, "bench: generating %d articles into %s...\n", *n, file)
		if err := genFile(ctx, g, file, *n); err != nil {
			return err
		}
		if !cf.keep {
			defer os.Remove(file)
		}
	} else if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("-archive: %w", err)
	}

	layouts := []string{engNewsdesk, engNewsdeskByYear}
	dirs := map[string]string{engNewsdesk: filepath.Join(work, "single"), engNewsdeskByYear: filepath.Join(work, "by-year")}
	results := map[string][]ingestResult{}
	saved := filepath.Join(work, "ingest.json")
	if *reuse {
		b, err := os.ReadFile(saved)
		if err != nil {
			return fmt.Errorf("-reuse: %w (run once with -workdir and -keep)", err)
		}
		if err := json.Unmarshal(b, &results); err != nil {
			return fmt.Errorf("-reuse: %s: %w", saved, err)
		}
		*runs = 0
	}
	for r := range *runs {
		order := layouts
		if r%2 == 1 {
			order = []string{layouts[1], layouts[0]}
		}
		for _, e := range order {
			if err := os.RemoveAll(dirs[e]); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "bench: run %d/%d: ingesting %s with %s...\n", r+1, *runs, filepath.Base(file), e)
			res, err := runIngestChild(ctx, e, file, dirs[e], childOpts{})
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "bench: %s: %.0f articles/s, %.1f s, %.1f CPU s, index %.0f MB, peak RSS %.0f MB\n", e, res.Rate(), res.WallSec, res.CPUSec, mb(res.IndexBytes), mb(res.MaxRSS))
			results[e] = append(results[e], res)
		}
	}
	if !*reuse {
		b, err := json.Marshal(results)
		if err != nil {
			return err
		}
		if err := os.WriteFile(saved, b, 0o644); err != nil {
			return fmt.Errorf("save ingest figures: %w", err)
		}
	}
	if len(results[engNewsdesk]) == 0 || len(results[engNewsdeskByYear]) == 0 {
		return fmt.Errorf("no ingest figures for both layouts")
	}
	fmt.Fprintf(os.Stderr, "bench: querying...\n")
	s, err := openShardSet(dirs[engNewsdesk], dirs[engNewsdeskByYear])
	if err != nil {
		return err
	}
	ci := results[engNewsdesk][len(results[engNewsdesk])-1].Info
	qr, err := measureShards(ctx, s, ci, cf.reps)
	if cerr := s.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	rep := shardReport{when: time.Now().UTC(), command: commandLine(), archive: filepath.Base(file), reps: cf.reps,
		single: results[engNewsdesk], sharded: results[engNewsdeskByYear], shards: len(s.shards), q: qr,
		statsEqual: s.statsEqual(), singleDocs: s.singleStats.Docs, shardDocs: s.shardStats.Docs, reused: *reuse}
	md := renderShard(rep)
	fmt.Print(md)
	if cf.out != "" {
		return cf.writeSection(shardKey(rep), md)
	}
	return nil
}

// shardQueries are the timings and checks of the query set on a shard set.
type shardQueries struct {
	times map[string]map[int][]time.Duration // variant, query index
	diffs map[string]map[int]topDiff         // variant (not the single index), query index
	// windowShards is, per dated query, how many shards its window
	// overlaps.
	windowShards map[int]int
}

// searchQueries are the queries of the set that ask for hits only (facet
// queries measure something this experiment does not change).
func searchQueries() []int {
	var out []int
	for i, q := range benchQueries {
		if !isFacet(q.Kind) {
			out = append(out, i)
		}
	}
	return out
}

// measureShards runs each search query once on every variant to check the
// hits, then reps timed rounds, the variants interleaved query by query so
// that a busy spell on the machine hits all of them.
func measureShards(ctx context.Context, s *shardSet, ci corpusInfo, reps int) (*shardQueries, error) {
	out := &shardQueries{times: map[string]map[int][]time.Duration{}, diffs: map[string]map[int]topDiff{}, windowShards: map[int]int{}}
	for _, v := range shardVariants {
		out.times[v] = map[int][]time.Duration{}
		if v != varSingle {
			out.diffs[v] = map[int]topDiff{}
		}
	}
	qs := searchQueries()
	for _, i := range qs {
		q := benchQueries[i]
		if from, to, ok := ci.window(q); ok {
			out.windowShards[i] = len(s.overlapping(from, to))
		}
		want, _, err := s.search(ctx, varSingle, q, ci, shardTopHits)
		if err != nil {
			return nil, err
		}
		wide, _, err := s.search(ctx, varSingle, q, ci, shardCheckHits)
		if err != nil {
			return nil, err
		}
		for _, v := range shardVariants[1:] {
			got, ok, err := s.search(ctx, v, q, ci, shardTopHits)
			if err != nil {
				return nil, err
			}
			if ok {
				out.diffs[v][i] = compareTop(want, wide, got)
			}
		}
	}
	for range reps {
		for _, i := range qs {
			for _, v := range shardVariants {
				start := time.Now()
				_, ok, err := s.search(ctx, v, benchQueries[i], ci, shardTopHits)
				if err != nil {
					return nil, err
				}
				if ok {
					out.times[v][i] = append(out.times[v][i], time.Since(start))
				}
			}
		}
	}
	return out, nil
}

// durations returns the timings of variant over the queries keep selects.
func (sq *shardQueries) durations(variant string, keep func(i int) bool) []time.Duration {
	var out []time.Duration
	for i, d := range sq.times[variant] {
		if keep(i) {
			out = append(out, d...)
		}
	}
	return out
}

type shardReport struct {
	when                  time.Time
	command, archive      string
	reps                  int
	single, sharded       []ingestResult
	shards                int
	q                     *shardQueries
	statsEqual            bool
	singleDocs, shardDocs int
	reused                bool // ingest figures from the run that built the indexes (-reuse)
}

// shardKey names the section of a shard run by the archive's size: "shard 100k".
func shardKey(r shardReport) string {
	return "shard " + sizeLabel(medianRun(r.single).Articles)
}

func renderShard(r shardReport) string {
	var b strings.Builder
	in := medianRun(r.single)
	fmt.Fprintf(&b, "### Sharding by year, %s articles: one index against one index per year behind an IndexAlias\n\n", commas(fmt.Sprint(in.Articles)))
	fmt.Fprintf(&b, "Measured %s on %s with `%s`: %s articles of `%s`, %.1f MB of raw text, dated %s to %s.\n\n",
		r.when.Format("2006-01-02 15:04 MST"), machine(), r.command, commas(fmt.Sprint(in.Articles)), r.archive, mb(in.RawBytes),
		in.Info.MinDate.Format("2006-01-02"), in.Info.MaxDate.Format("2006-01-02"))
	fmt.Fprintf(&b, "**Ingest** (newsdesk's own ingest in a child process, each index merged into one segment at the end as `--optimize auto` does; "+
		"per year: the JSON Lines input is split by the year of each line's date into one file per year first (the split counts in the wall time), "+
		"then the years are ingested one after the other into %d indexes; %d run(s) per layout, interleaved, the median shown%s):\n\n", r.shards, len(r.single), reusedNote(r.reused))
	rows := [][]string{}
	for _, l := range []struct {
		name string
		rs   []ingestResult
	}{{"one index", r.single}, {fmt.Sprintf("one index per year (%d)", r.shards), r.sharded}} {
		m := medianRun(l.rs)
		split := "–"
		if m.SplitSec > 0 {
			split = f1(m.SplitSec)
		}
		rows = append(rows, []string{l.name, f0(m.Rate()), rateRange(l.rs), f1(m.WallSec), split, cpuList(l.rs), f0(mb(m.IndexBytes)),
			f2(float64(m.IndexBytes) / float64(m.RawBytes)), f0(mb(m.MaxRSS))})
	}
	table(&b, []string{"layout", "articles/s", "articles/s, all runs", "wall s", "of which split s", "CPU s (user + system), all runs", "index MB", "index / raw text", "peak RSS MB"}, rows)
	b.WriteString("Articles/s in each tenth of the input (median run; per year, the tenths cut across shards, since the years are ingested in turn):\n\n")
	rows = nil
	for _, l := range []struct {
		name string
		rs   []ingestResult
	}{{"one index", r.single}, {"one index per year", r.sharded}} {
		row := []string{l.name}
		rates := sliceRates(medianRun(l.rs))
		for i := range 10 {
			if i < len(rates) {
				row = append(row, f0(rates[i]))
			} else {
				row = append(row, "")
			}
		}
		rows = append(rows, row)
	}
	table(&b, []string{"layout", "0–10%", "10–20%", "20–30%", "30–40%", "40–50%", "50–60%", "60–70%", "70–80%", "80–90%", "90–100%"}, rows)

	qs := searchQueries()
	dated := func(i int) bool { _, ok := r.q.windowShards[i]; return ok }
	all := func(int) bool { return true }
	var windows []int
	for _, i := range qs {
		if n, ok := r.q.windowShards[i]; ok {
			windows = append(windows, n)
		}
	}
	sort.Ints(windows)
	fmt.Fprintf(&b, "**Query latency, ms**: the %d search queries of the set (its facet queries left out), each compiled by newsdesk (`query.Searcher.Compile`) and run with bleve's "+
		"`SearchInContext`, top %d, no stored fields, no re-scoring, with the BM25 statistics of the whole collection in the context (summed over the shards for the aliases); "+
		"\"global df\" also gives every term the document frequency summed over all shards (see below). One warm-up round, then %d timed rounds, the variants interleaved query by query. "+
		"The %d date-filtered queries overlap %s of the %d shards.\n\n",
		len(qs), shardTopHits, r.reps, len(windows), intList(windows), r.shards)
	rows = nil
	for _, v := range shardVariants {
		row := []string{v}
		for j, sel := range []func(int) bool{all, dated} {
			d := r.q.durations(v, sel)
			if len(d) == 0 || (routed(v) && j == 0) { // routed variants run dated queries only
				row = append(row, "n/a", "n/a", "n/a")
				continue
			}
			row = append(row, f2(percentile(d, .5)), f2(percentile(d, .95)), f2(percentile(d, .99)))
		}
		rows = append(rows, row)
	}
	table(&b, []string{"variant", "p50", "p95", "p99", "date-filtered p50", "p95", "p99"}, rows)
	b.WriteString("In-process p50 by kind of query, ms:\n\n")
	var kinds []string
	seen := map[string]bool{}
	for _, i := range qs {
		if k := benchQueries[i].Kind; !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	rows = nil
	for _, k := range kinds {
		row := []string{k}
		for _, v := range shardVariants {
			d := r.q.durations(v, func(i int) bool { return benchQueries[i].Kind == k })
			if len(d) == 0 {
				row = append(row, "n/a")
			} else {
				row = append(row, f2(percentile(d, .5)))
			}
		}
		rows = append(rows, row)
	}
	table(&b, append([]string{"kind"}, shardVariants...), rows)

	stats := "equal"
	if !r.statsEqual {
		stats = fmt.Sprintf("NOT equal (%d articles in the one index, %d over the shards)", r.singleDocs, r.shardDocs)
	}
	fmt.Fprintf(&b, "**Scores against the one index** (top %d ids and scores of each query, compared with the one index's; \"same\" allows a different order among hits with equal scores, checked against the one index's top %d). "+
		"The corpus statistics summed over the shards are %s to the one index's.\n\n", shardTopHits, shardCheckHits, stats)
	rows = nil
	for _, v := range shardVariants[1:] {
		var n, same, total, common, hits int
		var ratios []float64
		for _, i := range qs {
			d, ok := r.q.diffs[v][i]
			if !ok {
				continue
			}
			n++
			if d.same {
				same++
			}
			if d.sameTotal {
				total++
			}
			common += d.common
			hits += d.hits
			ratios = append(ratios, d.ratios...)
		}
		rows = append(rows, []string{v, fmt.Sprint(n), fmt.Sprint(same), fmt.Sprint(total), fmt.Sprintf("%d of %d", common, hits), ratioSpread(ratios)})
	}
	table(&b, []string{"variant", "queries", "same top 10", "same total hits", "hits also in the one index's top 10", "score / the one index's score for those hits: min, median, max"}, rows)
	return b.String()
}

// intList renders the distinct values of sorted ns as "a–b" or "a".
func intList(ns []int) string {
	if len(ns) == 0 {
		return "none"
	}
	if ns[0] == ns[len(ns)-1] {
		return fmt.Sprint(ns[0])
	}
	return fmt.Sprintf("%d–%d", ns[0], ns[len(ns)-1])
}

// ratioSpread renders the minimum, median and maximum of rs.
func ratioSpread(rs []float64) string {
	if len(rs) == 0 {
		return "n/a"
	}
	s := append([]float64(nil), rs...)
	sort.Float64s(s)
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	return g(s[0]) + ", " + g(s[(len(s)-1)/2]) + ", " + g(s[len(s)-1])
}

func reusedNote(reused bool) string {
	if reused {
		return "; taken by the earlier run that built the indexes, since this one ran with -reuse"
	}
	return ""
}

// cpuList lists the CPU seconds of the runs, in order ("n/a" when the
// figures predate CPU accounting).
func cpuList(rs []ingestResult) string {
	var parts []string
	for _, r := range rs {
		if r.CPUSec <= 0 {
			return "n/a"
		}
		parts = append(parts, f1(r.CPUSec))
	}
	return strings.Join(parts, ", ")
}
