package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

func newIngestCmd(opts *options) *cobra.Command {
	var format string
	var batch int
	var quiet bool
	var aliases string
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Add exports (files, folders, - for stdin) to the index",
		Long: `Read news exports into the index at --index, creating it if needed.

PATH may be a file holding many articles, a folder (walked recursively, hidden
files skipped) or - for standard input. Formats are detected by content:
Factiva plain-text exports and JSON Lines (one article object per line; see
the README for its fields). Re-ingesting is safe: an article whose id is
already indexed with the same content is left alone, and one whose content
changed is updated.

Articles that cannot be read are reported as file:line: reason and skipped;
the rest still go in. The exit status is 2 when anything was skipped.`,
		Example: `  newsdesk ingest exports/
  newsdesk ingest factiva-2017.txt more.jsonl
  cat articles.jsonl | newsdesk ingest -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var f ingest.Format
			switch format {
			case "auto":
			case string(ingest.FormatFactiva), string(ingest.FormatJSONL):
				f = ingest.Format(format)
			default:
				return fmt.Errorf("--format: %q is not a format; use auto, %s or %s", format, ingest.FormatFactiva, ingest.FormatJSONL)
			}
			al, err := loadAliases(aliases)
			if err != nil {
				return err
			}
			ix, err := index.OpenOrCreate(opts.indexPath)
			if err != nil {
				return err
			}
			ix.SetAliases(al)
			stats, err := runIngest(cmd.Context(), ix, args, ingest.Options{Format: f, Stdin: cmd.InOrStdin()}, batch, progressWriter(cmd.ErrOrStderr(), quiet))
			if cerr := ix.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close index: %w", cerr)
			}
			printSummary(cmd.OutOrStdout(), cmd.ErrOrStderr(), stats, opts.indexPath)
			if err != nil {
				return err
			}
			if stats.Skipped > 0 || stats.Failed > 0 {
				return &exitError{code: 2, msg: fmt.Sprintf("%d articles skipped, %d files failed (see above)", stats.Skipped, stats.Failed)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "auto", "input format: auto, factiva or jsonl")
	cmd.Flags().IntVar(&batch, "batch-size", index.DefaultBatchSize, "articles per index batch")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress line")
	cmd.Flags().StringVar(&aliases, "aliases", "", "alias file for names (default: the built-in one; see the README)")
	return cmd
}

// runIngest reads paths and indexes what they hold; parsing runs in its own
// goroutines while this one writes batches.
func runIngest(ctx context.Context, ix *index.Index, paths []string, ro ingest.Options, batch int, progress func(index.Stats)) (index.Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := ingest.Read(ctx, paths, ro)
	stats, err := ix.Ingest(ctx, events, index.Options{BatchSize: batch, Progress: progress})
	cancel()
	for range events { // let the readers finish before returning
	}
	return stats, err
}

// progressWriter shows running totals on one line of w when w is a
// terminal, at most a few times a second.
func progressWriter(w io.Writer, quiet bool) func(index.Stats) {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var last time.Time
	return func(s index.Stats) {
		if time.Since(last) < 200*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(w, "\r\033[Kingesting: %d articles · %.1f MB · %d files done · %.0f articles/s", s.Read, float64(s.Bytes)/1e6, s.Files, s.Rate())
	}
}

func printSummary(out, errOut io.Writer, s index.Stats, path string) {
	if f, ok := errOut.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(errOut, "\r\033[K")
	}
	for _, err := range s.Errors {
		fmt.Fprintln(errOut, "skipped:", err)
	}
	if s.ErrorCount > len(s.Errors) {
		fmt.Fprintf(errOut, "... and %d more errors\n", s.ErrorCount-len(s.Errors))
	}
	fmt.Fprintf(out, "%s: %d files, %d articles read: %d added, %d updated, %d unchanged, %d skipped; %d files failed; %.1fs, %.0f articles/s\n",
		path, s.Files, s.Read, s.Added, s.Updated, s.Unchanged, s.Skipped, s.Failed, s.Elapsed.Seconds(), s.Rate())
}
