package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cmdScale generates archives of the given sizes and measures, per engine,
// ingest rate over time, index size, peak RSS and query and facet latency.
func cmdScale(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, "newsdesk")
	sizes := fs.String("sizes", "10000,100000,1000000", "archive sizes, comma-separated")
	seed := fs.Uint64("seed", 1, "generator seed")
	corpusPath := fs.String("corpus", defaultCorpus(), "real corpus the generator samples")
	if err := fs.Parse(args); err != nil {
		return err
	}
	engines, err := cf.engineList()
	if err != nil {
		return err
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		ns = append(ns, n)
	}
	c, err := openCorpus(*corpusPath)
	if err != nil {
		return err
	}
	g, err := newGenerator(ctx, c, *seed, 1995, 2024)
	if err != nil {
		return err
	}
	work, cleanup, err := cf.work()
	if err != nil {
		return err
	}
	defer cleanup()
	var rows []scaleRow
	for _, n := range ns {
		file := filepath.Join(work, fmt.Sprintf("gen-%d-seed%d.jsonl", n, *seed))
		fmt.Fprintf(os.Stderr, "bench: generating %d articles into %s...\n", n, file)
		if err := genFile(ctx, g, file, n); err != nil {
			return err
		}
		for _, e := range engines {
			dir := filepath.Join(work, fmt.Sprintf("%s-%d", e, n))
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "bench: ingesting %d articles with %s...\n", n, e)
			res, err := runIngestChild(ctx, e, file, dir, childOpts{})
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "bench: %s: %.0f articles/s, index %.0f MB, peak RSS %.0f MB; querying...\n", e, res.Rate(), mb(res.IndexBytes), mb(res.MaxRSS))
			s, err := openSearcher(e, dir, res.Info)
			if err != nil {
				return err
			}
			l, err := measure(ctx, s, cf.reps, nil)
			if cerr := s.close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			rows = append(rows, scaleRow{n: n, engine: e, ingest: res, lat: l})
			if !cf.keep {
				os.RemoveAll(dir)
			}
		}
		if !cf.keep {
			os.Remove(file)
		}
	}
	md := renderScale(rows, time.Now().UTC(), commandLine(), cf.reps)
	fmt.Print(md)
	if cf.out != "" {
		// One section per set of sizes, so a 1M run is kept beside 10k and 100k.
		return cf.writeSection(scaleKey(rows), md)
	}
	return nil
}

func genFile(ctx context.Context, g *generator, path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := g.write(ctx, f, n); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type scaleRow struct {
	n      int
	engine string
	ingest ingestResult
	lat    *latencies
}

// sliceRates returns the articles/s of each tenth of the input, from the
// progress points (one per batch written).
func sliceRates(r ingestResult) []float64 {
	var out []float64
	prev := progressPoint{}
	total := r.Articles
	if total == 0 {
		return nil
	}
	k := 1
	for _, p := range r.Progress {
		if k > 10 {
			break
		}
		if p.Articles*10 >= k*total {
			if p.Sec > prev.Sec {
				out = append(out, float64(p.Articles-prev.Articles)/(p.Sec-prev.Sec))
			} else {
				out = append(out, 0)
			}
			prev = p
			// Skip tenths this batch also covered.
			for k++; k <= 10 && p.Articles*10 >= k*total; k++ {
				out = append(out, out[len(out)-1])
			}
		}
	}
	return out
}

// scaleSizes is the archive sizes of the rows, in order, each once.
func scaleSizes(rows []scaleRow) []int {
	var sizes []int
	for _, r := range rows {
		if !slices.Contains(sizes, r.n) {
			sizes = append(sizes, r.n)
		}
	}
	return sizes
}

// scaleKey names the section of a scale run by its sizes: "scale 10k,100k".
func scaleKey(rows []scaleRow) string {
	var l []string
	for _, n := range scaleSizes(rows) {
		l = append(l, sizeLabel(n))
	}
	return "scale " + strings.Join(l, ",")
}

func renderScale(rows []scaleRow, when time.Time, cmd string, reps int) string {
	var b strings.Builder
	var sizes []string
	for _, n := range scaleSizes(rows) {
		sizes = append(sizes, commas(fmt.Sprint(n)))
	}
	fmt.Fprintf(&b, "### Scale: generated archives of %s articles\n\n", andList(sizes))
	fmt.Fprintf(&b, "Measured %s on %s with `%s` (archives from `bench gen`, ingested from JSON Lines in a child process; queries in-process, %d timed rounds after a warm-up).\n\n", when.Format("2006-01-02 15:04 MST"), machine(), cmd, reps)
	var t [][]string
	for _, r := range rows {
		in := r.ingest
		t = append(t, []string{commas(fmt.Sprint(r.n)), r.engine, f0(in.Rate()), f1(in.WallSec), f0(mb(in.IndexBytes)),
			f2(float64(in.IndexBytes) / float64(in.RawBytes)), f0(mb(in.MaxRSS)),
			latencyCells(r.lat, false)[0], latencyCells(r.lat, false)[2], latencyCells(r.lat, true)[0], latencyCells(r.lat, true)[2],
			allFacetCell(r.lat)})
	}
	table(&b, []string{"articles", "engine", "articles/s", "wall s", "index MB", "index / raw text", "peak RSS MB", "query p50 ms", "query p99 ms", "facets p50 ms", "facets p99 ms", "facets on all articles, p50 ms"}, t)
	b.WriteString("**Ingest rate over time**: articles/s in each tenth of the input (does it fall as segments merge?):\n\n")
	t = nil
	for _, r := range rows {
		row := []string{commas(fmt.Sprint(r.n)), r.engine}
		rates := sliceRates(r.ingest)
		for i := range 10 {
			if i < len(rates) {
				row = append(row, f0(rates[i]))
			} else {
				row = append(row, "")
			}
		}
		t = append(t, row)
	}
	table(&b, []string{"articles", "engine", "0–10%", "10–20%", "20–30%", "30–40%", "40–50%", "50–60%", "60–70%", "70–80%", "80–90%", "90–100%"}, t)
	return b.String()
}

// allFacetCell is the median time of the source facet and month histogram
// over every article (as many hits as the archive has articles).
func allFacetCell(l *latencies) string {
	d := l.allFacets()
	if len(d) == 0 {
		return "n/a"
	}
	return f2(percentile(d, .5))
}
