package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// defaultCorpus finds the Reuters-21578 SGML beside the repository, from the
// repository root or from bench/.
func defaultCorpus() string {
	for _, p := range []string{"../shared/corpus/reuters21578", "../../shared/corpus/reuters21578"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "../../shared/corpus/reuters21578"
}

// engineRun is one engine's figures in a comparison.
type engineRun struct {
	engine string
	ingest ingestResult   // the run with the median rate
	all    []ingestResult // every run, in order
	inproc *latencies
	http   *latencies
}

// commonFlags are the flags compare, scale and fields share.
type commonFlags struct {
	engines string
	reps    int
	workdir string
	keep    bool
	out     string
	section string
}

func (c *commonFlags) register(fs *flag.FlagSet, engines string) {
	fs.StringVar(&c.engines, "engines", engines, "engines to measure, comma-separated: newsdesk, bleve, fts5")
	fs.IntVar(&c.reps, "reps", 5, "timed rounds over the query set, after one warm-up round")
	fs.StringVar(&c.workdir, "workdir", "", "folder for the indexes (default: a new temporary folder, removed at the end)")
	fs.BoolVar(&c.keep, "keep", false, "keep the indexes")
	fs.StringVar(&c.out, "out", "", "markdown file to write the results into (its section of this command is replaced; the rest is kept)")
	fs.StringVar(&c.section, "section", "", "name of the section of -out to replace (default: the command's name), to keep runs side by side")
}

// corpusAndWork opens the corpus at path (so that a missing one fails
// first) and returns it, its absolute path for the ingest children, and
// the folder for indexes with the function that cleans it up.
func (c *commonFlags) corpusAndWork(path string) (*corpus, string, string, func(), error) {
	corp, err := openCorpus(path)
	if err != nil {
		return nil, "", "", nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, "", "", nil, err
	}
	work, cleanup, err := c.work()
	if err != nil {
		return nil, "", "", nil, err
	}
	return corp, abs, work, cleanup, nil
}

// work returns the folder for indexes and a function that cleans it up.
func (c *commonFlags) work() (string, func(), error) {
	if c.workdir != "" {
		if err := os.MkdirAll(c.workdir, 0o755); err != nil {
			return "", nil, fmt.Errorf("-workdir: %w", err)
		}
		return c.workdir, func() {}, nil
	}
	d, err := os.MkdirTemp("", "newsdesk-bench-")
	if err != nil {
		return "", nil, err
	}
	return d, func() {
		if !c.keep {
			os.RemoveAll(d)
		}
	}, nil
}

func (c *commonFlags) engineList() ([]string, error) {
	var out []string
	for _, e := range strings.Split(c.engines, ",") {
		e = strings.TrimSpace(e)
		switch e {
		case engNewsdesk, engBleve, engFTS5:
			out = append(out, e)
		case "":
		default:
			return nil, fmt.Errorf("-engines: unknown engine %q (want newsdesk, bleve, fts5)", e)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-engines: none given")
	}
	return out, nil
}

// cmdCompare ingests the corpus with each engine (each in a child process),
// then times the query set on each, in-process and over HTTP.
func cmdCompare(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, "newsdesk,bleve,fts5")
	corpusPath := fs.String("corpus", defaultCorpus(), "corpus: Reuters-21578 folder (reut2-*.sgm), or any file or folder newsdesk ingests")
	ingestRuns := fs.Int("runs", 1, "ingests per engine, interleaved across engines; the report shows the median and the range")
	if err := fs.Parse(args); err != nil {
		return err
	}
	engines, err := cf.engineList()
	if err != nil {
		return err
	}
	c, abs, work, cleanup, err := cf.corpusAndWork(*corpusPath)
	if err != nil {
		return err
	}
	defer cleanup()
	if *ingestRuns < 1 {
		return fmt.Errorf("-runs: want at least 1, got %d", *ingestRuns)
	}
	runs, err := compareEngines(ctx, engines, abs, work, *ingestRuns, cf.reps, os.Stderr)
	if err != nil {
		return err
	}
	md := renderCompare(compareReport{
		when: time.Now().UTC(), command: commandLine(), corpus: *corpusPath, reader: c.reader(),
		reps: cf.reps, runs: runs,
	})
	fmt.Print(md)
	if cf.out != "" {
		return cf.writeSection("compare", md)
	}
	return nil
}

// compareEngines ingests with each engine n times, one engine after the
// other in each round so that a busy spell on the machine hits all of them,
// then measures queries on each engine's last index; log gets progress.
func compareEngines(ctx context.Context, engines []string, corpusPath, work string, n, reps int, log *os.File) ([]engineRun, error) {
	runs := make([]engineRun, len(engines))
	for round := range n {
		for i, e := range engines {
			dir := filepath.Join(work, e)
			if err := os.RemoveAll(dir); err != nil {
				return nil, err
			}
			fmt.Fprintf(log, "bench: ingesting with %s (run %d of %d)...\n", e, round+1, n)
			res, err := runIngestChild(ctx, e, corpusPath, dir, childOpts{})
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(log, "bench: %s: %d articles in %.1f s (%.0f/s), index %.1f MB, peak RSS %.0f MB\n",
				e, res.Articles, res.WallSec, res.Rate(), mb(res.IndexBytes), mb(res.MaxRSS))
			runs[i].engine = e
			runs[i].all = append(runs[i].all, res)
		}
	}
	for i := range runs {
		runs[i].ingest = medianRun(runs[i].all)
	}
	for i := range runs {
		r := &runs[i]
		fmt.Fprintf(log, "bench: querying %s...\n", r.engine)
		s, err := openSearcher(r.engine, filepath.Join(work, r.engine), r.ingest.Info)
		if err != nil {
			return nil, err
		}
		if r.inproc, err = measure(ctx, s, reps, nil); err == nil {
			r.http, err = measureHTTP(ctx, s, reps)
		}
		if cerr := s.close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return runs, nil
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// commandLine is how this run was started, for the report.
func commandLine() string {
	return "bench " + strings.Join(os.Args[1:], " ")
}

// machine describes where the numbers come from, with the load average
// when the run started, so a reader sees whether other work shared the CPUs.
func machine() string {
	s := fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	if startLoad != "" {
		s += ", load average " + startLoad + " at the start"
	}
	return s
}

// startLoad is the 1-, 5- and 15-minute load average when the process
// started (Linux only; empty elsewhere).
var startLoad = func() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return ""
}()

// medianRun returns the run with the median ingest rate (the lower middle
// one for an even count).
func medianRun(all []ingestResult) ingestResult {
	s := append([]ingestResult(nil), all...)
	sort.Slice(s, func(i, j int) bool { return s[i].Rate() < s[j].Rate() })
	return s[(len(s)-1)/2]
}

// rateRange is "min–max" of the runs' rates, or "" for one run.
func rateRange(all []ingestResult) string {
	if len(all) < 2 {
		return ""
	}
	lo, hi := all[0].Rate(), all[0].Rate()
	for _, r := range all[1:] {
		lo, hi = min(lo, r.Rate()), max(hi, r.Rate())
	}
	return f0(lo) + "–" + f0(hi)
}

// sectionName is -section, or def when it is not given.
func (c *commonFlags) sectionName(def string) string {
	if c.section != "" {
		return c.section
	}
	return def
}

// writeSection writes md, whose first line is its "### " heading, into the
// section of -out named key, or -section when given. Each command derives key
// and heading from the same parameters (corpus, sizes, article count), so a
// run with other parameters gets a section of its own under a heading of its
// own, and the same run again replaces its section; a -section name other
// than key is added to the heading for the same reason.
func (c *commonFlags) writeSection(key, md string) error {
	name := c.sectionName(key)
	if name != key {
		head, rest, _ := strings.Cut(md, "\n")
		md = head + " (" + name + ")\n" + rest
	}
	return replaceSection(c.out, name, md)
}
