package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// fieldDrops are the ingests of the field breakdown: the whole article, then
// without each field in turn.
var fieldDrops = []string{"", "body", "headline", "byline", "headline,body,byline,meta"}

// cmdFields measures what each field costs in the newsdesk index, by
// ingesting the corpus again with that field emptied in every article.
func cmdFields(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("fields", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, "newsdesk")
	corpusPath := fs.String("corpus", defaultCorpus(), "corpus file or folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	engines, err := cf.engineList()
	if err != nil {
		return err
	}
	_, abs, work, cleanup, err := cf.corpusAndWork(*corpusPath)
	if err != nil {
		return err
	}
	defer cleanup()
	var b strings.Builder
	fmt.Fprintf(&b, "### Index size by field: %s\n\n", filepath.Base(*corpusPath))
	fmt.Fprintf(&b, "Measured %s on %s with `%s`: the corpus %s ingested again with one field emptied in every article; the difference to the whole is what that field costs (id, source, date and the per-article overhead stay).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), commandLine(), *corpusPath)
	var rows [][]string
	for _, e := range engines {
		var full ingestResult
		for _, drop := range fieldDrops {
			dir := filepath.Join(work, "fields-"+e)
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "bench: %s without %q...\n", e, drop)
			res, err := runIngestChild(ctx, e, abs, dir, childOpts{drop: drop})
			if err != nil {
				return err
			}
			os.RemoveAll(dir)
			label, cost := "(whole article)", "—"
			if drop == "" {
				full = res
			} else {
				label = "without " + drop
				d := full.IndexBytes - res.IndexBytes
				cost = fmt.Sprintf("%.2f MB (%.0f%%)", mb(d), 100*float64(d)/float64(full.IndexBytes))
			}
			rows = append(rows, []string{e, label, fmt.Sprintf("%.3f", mb(res.IndexBytes)), fmt.Sprintf("%.3f", mb(res.RawBytes)), cost, f0(res.Rate())})
		}
	}
	table(&b, []string{"engine", "ingested", "index MB", "raw text MB", "cost of the dropped fields", "articles/s"}, rows)
	fmt.Print(b.String())
	if cf.out != "" {
		// One section per corpus, so breakdowns of several corpora sit side by side.
		return cf.writeSection("fields "+filepath.Base(*corpusPath), b.String())
	}
	return nil
}
