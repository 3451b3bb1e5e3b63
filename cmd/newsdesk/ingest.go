package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/gctune"
	"github.com/newsdesk/newsdesk/query"
)

func newIngestCmd(opts *options) *cobra.Command {
	var format, colMap string
	var batch int
	var parseMemory int64
	var maxArticle int
	var quiet, strict bool
	var aliases, optimize, cpuProfile, memProfile string
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Add exports (files, folders, - for stdin) to the index",
		Long: `Read news exports into the index at --index, creating it if needed.

PATH may be a file holding many articles, a folder (walked recursively, hidden
files skipped), a zip archive or - for standard input. Formats are detected
by content: Factiva (plain text, field-coded text, HTML, XML), LexisNexis /
Nexis Uni (text, HTML, DOCX), Europresse HTML, Reuters-21578 SGML,
NewsML-G2, NITF, RSS and Atom, CSV with a header row, JSON Lines, and zip
archives of any of these (see docs/formats.md for the fields of each); --format
forces one. CSV columns
are mapped by name, others with --map COLUMN=FIELD,... The summary ends with
the number of articles read per format.

Files are parsed two at a time while the index is written, and a slow or
huge file does not hold back the others (with --strict they are read in
order, so that "the first error" is always the same one).

Re-ingesting is safe: an article whose id is already indexed with the same
content is left alone, and one whose content changed is updated. When one
id occurs in several files of the same run, ingest the corrected file in a
later run to be sure its version is the one kept.

HTML, XML and DOCX documents are parsed whole, so memory bounds their size:
with the default --parse-memory 2048 (MiB), HTML, NewsML, NITF and RSS up to
12.8 MiB, Factiva XML up to 85 MiB, a DOCX's text up to 85 MiB (and an
archive inside an archive, or on standard input, up to 512 MiB). A larger
one is skipped with an error naming it (archive.zip/member); the rest goes in.

Articles that cannot be read are reported as file:line: reason and skipped;
the rest still go in. The exit status is 2 when anything was skipped. A
file or archive member with no article at all (empty, only white space, or
an export of none) is reported as a warning and counted in the summary
("N with no articles"); warnings leave the exit status (and --strict) alone. With
--strict, ingest stops at the first error, keeps what it had read before
it, and exits with status 2.`,
		Example: `  newsdesk ingest exports/
  newsdesk ingest factiva-2017.txt more.jsonl
  cat articles.jsonl | newsdesk ingest -
  newsdesk ingest --map heading=headline,copy=body,when=date scraped.csv
  newsdesk ingest --format lexis-text nexis-export.dat`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGCForIngest()
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			if memProfile != "" {
				stop, err := startMemProfile(memProfile, cmd.ErrOrStderr())
				if err != nil {
					return err
				}
				defer func() {
					if err := stop(); err != nil {
						fmt.Fprintln(cmd.ErrOrStderr(), err)
					}
				}()
			}
			f, err := ingest.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("--format: %w", err)
			}
			switch optimize {
			case index.OptimizeAuto, index.OptimizeAlways, index.OptimizeNever:
			default:
				return fmt.Errorf("--optimize: %q is not auto, always or never", optimize)
			}
			if maxArticle < 1 || maxArticle > 1<<10 {
				return fmt.Errorf("--max-article: must be between 1 and 1024 (MiB), got %d", maxArticle)
			}
			if parseMemory < 1 || parseMemory > 1<<20 {
				return fmt.Errorf("--parse-memory: must be between 1 and 1048576 (MiB), got %d", parseMemory)
			}
			m, err := ingest.ParseMap(colMap)
			if err != nil {
				return fmt.Errorf("--map: %w", err)
			}
			al, err := loadAliases(aliases)
			if err != nil {
				return err
			}
			if err := someInputExists(args); err != nil {
				return err // before the index is opened, so none is created for nothing
			}
			ix, err := index.OpenOrCreate(opts.indexPath)
			if err != nil {
				return err
			}
			ix.SetAliases(al)
			counts := map[ingest.Format]int{}
			var langs ingest.UnknownLanguages
			prog := newProgress(cmd.ErrOrStderr(), quiet)
			stats, err := runIngest(cmd.Context(), ix, args, ingest.Options{Format: f, Stdin: cmd.InOrStdin(), Map: m, Unordered: !strict, ParseMemory: parseMemory << 20, Exclude: []string{opts.indexPath}},
				index.Options{BatchSize: batch, Progress: prog.callback(), MaxArticleBytes: maxArticle << 20, StopAtSkip: strict}, strict, counts, &langs)
			prog.end()
			if err == nil {
				err = maybeOptimize(cmd, ix, stats, optimize, quiet)
			}
			if cerr := ix.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close index: %w", cerr)
			}
			if err == nil {
				prepareBrowsing(cmd.Context(), cmd.ErrOrStderr(), opts.indexPath)
			}
			printSummary(cmd.OutOrStdout(), cmd.ErrOrStderr(), stats, opts.indexPath)
			if line := formatCounts(counts); line != "" {
				fmt.Fprintln(cmd.OutOrStdout(), "formats:", line)
			}
			printUnknownLanguages(cmd.ErrOrStderr(), langs.List())
			if err != nil {
				return err
			}
			if strict && (stats.Skipped > 0 || stats.Failed > 0) {
				return &exitError{code: 2, msg: "--strict: stopped at the first error (articles read before it are indexed)"}
			}
			if stats.Skipped > 0 || stats.Failed > 0 {
				return &exitError{code: 2, msg: fmt.Sprintf("%s skipped, %s failed (see above)", plural(stats.Skipped, "article"), plural(stats.Failed, "file"))}
			}
			return nil
		},
	}
	names := []string{"auto"}
	for _, f := range ingest.Formats() {
		names = append(names, string(f))
	}
	cmd.Flags().StringVar(&format, "format", "auto", "input format: "+strings.Join(names, ", "))
	cmd.Flags().StringVar(&colMap, "map", "", "CSV columns to article fields, e.g. heading=headline,copy=body,when=date")
	cmd.Flags().BoolVar(&strict, "strict", false, "stop at the first error (exit status 2; what was read before it is kept)")
	cmd.Flags().Int64Var(&parseMemory, "parse-memory", ingest.DefaultParseMemory>>20, "MiB one HTML, XML or DOCX document may take to parse; larger documents are skipped with an error (HTML up to 1/160 of it)")
	cmd.Flags().IntVar(&maxArticle, "max-article", index.DefaultMaxArticleBytes>>20, "MiB of text one article may have; longer ones are skipped with an error (indexing takes about 100 bytes of memory per byte of text)")
	cmd.Flags().IntVar(&batch, "batch-size", index.DefaultBatchSize, "articles per index batch")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress line")
	cmd.Flags().StringVar(&optimize, "optimize", "auto", "merge the index into one segment afterwards: auto (when this ingest wrote at least a tenth of an index of up to 250,000 articles, or an earlier merge was interrupted), always or never")
	cmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile of the ingest (parsing, indexing and the merge) to this file")
	_ = cmd.Flags().MarkHidden("cpuprofile") // for measuring newsdesk itself (docs/ingest-performance.md)
	cmd.Flags().StringVar(&memProfile, "memprofile", "", "write the Go heap profile of the ingest's largest live heap to this file")
	_ = cmd.Flags().MarkHidden("memprofile")
	cmd.Flags().StringVar(&aliases, "aliases", "", "alias file for names (default: the built-in one; see docs/names-and-quotations.md)")
	return cmd
}

// prepareBrowsing keeps in the index folder what the first search of
// every article would otherwise find at length (query.Searcher.Prepare:
// about a second on a million articles). It only saves later searches
// time, so a failure is a note, not a failed ingest.
func prepareBrowsing(ctx context.Context, errOut io.Writer, path string) {
	ro, err := index.OpenReadOnly(path)
	if err != nil {
		fmt.Fprintf(errOut, "note: %v\n", err)
		return
	}
	err = query.NewSearcher(ro).Prepare(ctx)
	if cerr := ro.Close(); err == nil {
		err = cerr
	}
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(errOut, "note: %v (searches are not affected; the first search of every article does this work instead)\n", err)
	}
}

// someInputExists returns an error naming the inputs when none of them
// exists ("-", standard input, always does). Inputs missing beside others
// that exist are reported as failed files by the ingest itself.
func someInputExists(paths []string) error {
	var errs []error
	for _, p := range paths {
		if p == "-" {
			return nil
		}
		_, err := os.Stat(p)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	return fmt.Errorf("nothing to ingest: %w", errors.Join(errs...))
}

// maybeOptimize merges the index into one segment after a bulk ingest:
// searches get faster and the index smaller. "auto" does it when the ingest
// wrote at least a tenth of the index, so small updates stay quick, and
// whenever an earlier merge was interrupted (killed or stopped), even if
// this ingest wrote nothing; "never" only reports that.
func maybeOptimize(cmd *cobra.Command, ix *index.Index, stats index.Stats, mode string, quiet bool) error {
	state, err := ix.OptimizeState(stats)
	if err != nil {
		return err
	}
	if mode == index.OptimizeNever && state.Pending {
		fmt.Fprintln(cmd.ErrOrStderr(), "note: an earlier merge of the index did not finish; the next ingest without --optimize never finishes it")
	}
	if !(index.OptimizePolicy{Mode: mode}).ShouldOptimize(state) {
		return nil
	}
	pending := state.Pending
	start := time.Now()
	before := ix.Segments()
	if !quiet {
		// A merge of a large index takes a while with no other progress.
		fmt.Fprintf(cmd.ErrOrStderr(), "merging %d segments into one…\n", before)
	}
	if err := ix.Optimize(cmd.Context()); err != nil {
		return mergeNotFinished(cmd.ErrOrStderr(), err, mode, ix.Segments())
	}
	took := time.Since(start).Round(10 * time.Millisecond)
	switch {
	case pending:
		// Said even with --quiet: it reports a failure put right.
		fmt.Fprintf(cmd.ErrOrStderr(), "optimized: finished the merge an earlier ingest did not complete: %d segments merged into %d in %s\n", before, ix.Segments(), took)
	case !quiet:
		fmt.Fprintf(cmd.ErrOrStderr(), "optimized: %d segments merged into %d in %s\n", before, ix.Segments(), took)
	}
	return nil
}

// mergeNotFinished tells the user what an Optimize that stopped short means
// and decides the exit status. Every article is indexed and searches find
// the same, only more slowly, and the merge pending mark makes the next
// ingest finish the merge: so with --optimize auto it is a note and the
// ingest succeeds, but it fails when the merge was asked for (--optimize
// always) or the run was stopped (Ctrl-C). Other errors pass unchanged.
func mergeNotFinished(errOut io.Writer, err error, mode string, segments int) error {
	if !errors.Is(err, index.ErrMergeIncomplete) {
		return err
	}
	fmt.Fprintf(errOut, "note: the merge did not finish: %d segments remain; the next ingest finishes it (searches find the same, more slowly)\n", segments)
	if mode == "always" || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// runIngest reads paths and indexes what they hold; parsing runs in its own
// goroutines while this one writes batches.
//
// counts, when not nil, receives the number of articles read per format,
// and langs, when not nil, the language labels the language table does not
// know.
// With strict, the first error ends the input: it is passed on, then the
// readers are stopped and what was read is written.
func runIngest(ctx context.Context, ix *index.Index, paths []string, ro ingest.Options, wo index.Options, strict bool, counts map[ingest.Format]int, langs *ingest.UnknownLanguages) (index.Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	events := ingest.Read(readCtx, paths, ro)
	// The filter runs before the index sees an event, so it can count
	// formats and end the stream at the first error.
	filtered := make(chan ingest.Event, 64)
	go func() {
		defer close(filtered)
		for ev := range events {
			if ev.Article != nil && counts != nil {
				counts[ingest.Format(ev.Article.Origin.Format)]++
			}
			if langs != nil {
				langs.Add(ev.Article)
			}
			select {
			case filtered <- ev:
			case <-ctx.Done():
				return
			}
			if strict && ev.Err != nil {
				stopReading()
				return
			}
		}
	}()
	stats, err := ix.Ingest(ctx, filtered, wo)
	cancel()
	for range filtered { // let the readers finish before returning
	}
	for range events {
	}
	return stats, err
}

// printUnknownLanguages warns once per language label that is not in the
// language table: such labels are kept (lower-cased) rather than guessed at,
// so the lang facet shows them beside the codes.
func printUnknownLanguages(w io.Writer, list []ingest.UnknownLanguage) {
	for _, u := range list {
		fmt.Fprintf(w, "warning: language %q is not in the language table; kept as %q in %d articles (first in %s)\n", u.Label, u.Code, u.Articles, u.File)
	}
}

// formatCounts renders per-format article counts as
// "factiva-text 36 · reuters-sgml 1000", in the order of ingest.Formats.
func formatCounts(counts map[ingest.Format]int) string {
	var parts []string
	for _, f := range ingest.Formats() {
		if n := counts[f]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", f, n))
		}
	}
	return strings.Join(parts, " · ")
}

// progress reports an ingest's running totals on w (standard error): on
// a terminal as one line rewritten a few times a second, and otherwise
// (piped, in CI) as a plain line every few seconds, so a long ingest shows
// it is alive in a log too.
type progress struct {
	w     io.Writer
	tty   bool
	every time.Duration
	last  time.Time
	shown bool // a terminal line is on screen, not yet ended
}

// Intervals between progress reports.
const (
	progressTerminal = 200 * time.Millisecond
	progressLog      = 5 * time.Second
)

// newProgress returns the progress reporter for w, nil when quiet.
func newProgress(w io.Writer, quiet bool) *progress {
	if quiet {
		return nil
	}
	p := &progress{w: w, every: progressLog, last: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty, p.every = true, progressTerminal
	}
	return p
}

// update is the index.Options.Progress callback (nil when p is nil).
func (p *progress) callback() func(index.Stats) {
	if p == nil {
		return nil
	}
	return p.update
}

func (p *progress) update(s index.Stats) {
	if time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	line := fmt.Sprintf("ingesting: %s · %.1f MB · %s done · %.0f articles/s", plural(s.Read, "article"), float64(s.Bytes)/1e6, plural(s.Files, "file"), s.Rate())
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K"+line)
		p.shown = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// end clears the terminal progress line, so that the next message starts
// on a line of its own.
func (p *progress) end() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

func printSummary(out, errOut io.Writer, s index.Stats, path string) {
	for _, err := range s.Warnings {
		fmt.Fprintln(errOut, "warning:", oneLine(withAdvice(err)))
	}
	if s.WarningCount > len(s.Warnings) {
		fmt.Fprintf(errOut, "... and %d more warnings\n", s.WarningCount-len(s.Warnings))
	}
	for _, err := range s.Errors {
		fmt.Fprintln(errOut, "skipped:", oneLine(withAdvice(err))) // errors name files, which may hold anything
	}
	if s.ErrorCount > len(s.Errors) {
		fmt.Fprintf(errOut, "... and %d more errors\n", s.ErrorCount-len(s.Errors))
	}
	empty := ""
	if s.Empty > 0 {
		empty = fmt.Sprintf("; %d with no articles", s.Empty)
	}
	repeated := ""
	if s.Repeated > 0 {
		// One article in several files: not an update of the index.
		repeated = fmt.Sprintf(", %d repeated (ids read more than once; the last copy kept)", s.Repeated)
	}
	fmt.Fprintf(out, "%s: %s, %s read: %d added, %d updated, %d unchanged%s, %d skipped; %s failed%s; %.1fs, %.0f articles/s\n",
		oneLine(path), plural(s.Files, "file"), plural(s.Read, "article"), s.Added, s.Updated, s.Unchanged, repeated, s.Skipped, plural(s.Failed, "file"), empty, s.Elapsed.Seconds(), s.Rate())
	if s.Duplicates > 0 || s.Regrouped > 0 {
		fmt.Fprintf(out, "duplicates: %d of the articles written repeat an earlier one (search shows each group once; --duplicates show lists them)", s.Duplicates)
		if s.Regrouped > 0 {
			fmt.Fprintf(out, "; %d indexed articles joined a new group", s.Regrouped)
		}
		fmt.Fprintln(out)
	}
}

// tuneGCForIngest applies index.IngestGCPercent and IngestMemoryLimit,
// unless the user set GOGC or GOMEMLIMIT.
func tuneGCForIngest() { gctune.Apply(index.IngestGCPercent, index.IngestMemoryLimit) }
