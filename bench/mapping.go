package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/variant"
)

// cmdMapping measures what each choice of the newsdesk index layout costs:
// the corpus is ingested (and merged into one segment, as `newsdesk ingest`
// does) once with the newsdesk layout and once per variant.Variants entry,
// each in a child process, runs interleaved across variants.
func cmdMapping(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("mapping", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, engNewsdesk)
	corpusPath := fs.String("corpus", defaultCorpus(), "corpus file or folder")
	runs := fs.Int("runs", 1, "ingests per variant, interleaved across variants; the report shows the median size and the range of rates")
	only := fs.String("variants", "", "comma-separated variant names to measure (default: all); the newsdesk layout is always measured")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return fmt.Errorf("-runs %d: want at least 1", *runs)
	}
	variants, err := pickVariants(*only)
	if err != nil {
		return err
	}
	_, abs, work, cleanup, err := cf.corpusAndWork(*corpusPath)
	if err != nil {
		return err
	}
	defer cleanup()
	results := make([][]ingestResult, len(variants))
	for r := 0; r < *runs; r++ {
		for i, v := range variants {
			dir := filepath.Join(work, "mapping-"+cmp.Or(v.Name, "newsdesk"))
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "bench: run %d/%d, variant %q...\n", r+1, *runs, v.Name)
			res, err := runIngestChild(ctx, engNewsdesk, abs, dir, childOpts{variant: v.Name})
			if err != nil {
				return fmt.Errorf("variant %q: %w", v.Name, err)
			}
			if !cf.keep {
				os.RemoveAll(dir)
			}
			results[i] = append(results[i], res)
		}
	}
	fmt.Print(renderMapping(variants, results, *corpusPath))
	if cf.out != "" {
		return cf.writeSection("mapping "+filepath.Base(*corpusPath), renderMapping(variants, results, *corpusPath))
	}
	return nil
}

// pickVariants returns the newsdesk layout and the named variants (all when
// names is empty).
func pickVariants(names string) ([]variant.Variant, error) {
	all := variant.All()
	if strings.TrimSpace(names) == "" {
		return all, nil
	}
	out := []variant.Variant{all[0]}
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		v, err := variant.Named(n)
		if err != nil {
			return nil, fmt.Errorf("-variants: %w", err)
		}
		if !slices.ContainsFunc(out, func(o variant.Variant) bool { return o.Name == n }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// renderMapping writes the table of index sizes and ingest rates, one row
// per variant, with what each variant saves against the newsdesk layout.
func renderMapping(variants []variant.Variant, results [][]ingestResult, corpusPath string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### What each index layout choice costs: %s\n\n", filepath.Base(corpusPath))
	runs := len(results[0])
	fmt.Fprintf(&b, "Measured %s on %s with `%s`: the corpus %s (%s articles, %.1f MB of text) ingested and merged into one segment (as `newsdesk ingest` does by default) once per variant and run, %d run(s) interleaved across variants. Each variant changes one choice of the newsdesk layout and loses the feature named; the index size is the median over runs (it hardly varies), articles/s and CPU seconds (user + system of the ingest process, parsing and the merge included) the range over runs; on a shared machine the CPU time is the steadier of the two.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), commandLine(), corpusPath,
		f0(float64(results[0][0].Articles)), mb(results[0][0].RawBytes), runs)
	base := medianSize(results[0])
	var rows [][]string
	for i, v := range variants {
		size := medianSize(results[i])
		saves := "—"
		if i > 0 {
			d := base - size
			saves = fmt.Sprintf("%.2f MB (%.1f%%)", mb(d), 100*float64(d)/float64(base))
		}
		raw := results[i][0].RawBytes
		rows = append(rows, []string{
			cmp.Or(v.Name, "newsdesk"), v.Changes, fmt.Sprintf("%.2f", mb(size)),
			fmt.Sprintf("%.2f×", float64(size)/float64(raw)), saves, cmp.Or(rateRange(results[i]), f0(results[i][0].Rate())),
			cpuRange(results[i]), v.Loses,
		})
	}
	table(&b, []string{"variant", "changes", "index MB", "× text", "saves", "articles/s", "CPU s", "loses"}, rows)
	return b.String()
}

// cpuRange is the range of the runs' CPU seconds ("12.3" for one run).
func cpuRange(rs []ingestResult) string {
	lo, hi := rs[0].CPUSec, rs[0].CPUSec
	for _, r := range rs[1:] {
		lo, hi = min(lo, r.CPUSec), max(hi, r.CPUSec)
	}
	if len(rs) == 1 {
		return f1(lo)
	}
	return f1(lo) + "–" + f1(hi)
}

// medianSize is the median index size of the runs.
func medianSize(rs []ingestResult) int64 {
	s := make([]int64, len(rs))
	for i, r := range rs {
		s[i] = r.IndexBytes
	}
	slices.Sort(s)
	return s[len(s)/2]
}
