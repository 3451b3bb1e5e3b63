// Command newsdesk ingests news exports into a local full-text index and
// searches it from the terminal or over HTTP.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd()
	if err := root.ExecuteContext(ctx); err != nil {
		printError(os.Stderr, err)
		os.Exit(exitCode(err))
	}
}

// printError prints the error a command ended with. It may name files or
// quote input, so it goes through termSafe.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "newsdesk:", termSafe(withAdvice(err)))
}

// exitError carries an exit status for failures that are not crashes, such
// as an ingest that skipped articles.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func exitCode(err error) int {
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 1
}

// options are the flags every command shares.
type options struct {
	indexPath string
}

// defaultIndexPath is $NEWSDESK_INDEX, or ./newsdesk.index.
func defaultIndexPath() string {
	if p := os.Getenv("NEWSDESK_INDEX"); p != "" {
		return p
	}
	return "newsdesk.index"
}

func newRootCmd() *cobra.Command {
	opts := &options{}
	root := &cobra.Command{
		Use:   "newsdesk",
		Short: "Full-text search for news archives (Factiva and other exports)",
		Long: `newsdesk ingests news archive exports (Factiva, LexisNexis, Reuters SGML,
CSV, JSON Lines and more) into a
local full-text index and searches it: ranked hits with highlighted
snippets, in the terminal or over HTTP.

  newsdesk ingest exports/              # index every export under a folder
  newsdesk search 'returnees Turkey'    # ranked, highlighted hits
  newsdesk show NYTF000020171023edan00046
  newsdesk timeline returnees refugees --by year
  newsdesk export 'turkey' --format csv > turkey.csv
  newsdesk kwic returnees
  newsdesk serve                        # JSON API and search page on :8080
  newsdesk demo                         # all of that on a bundled sample`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&opts.indexPath, "index", defaultIndexPath(), "index folder (default from $NEWSDESK_INDEX)")
	root.AddCommand(
		newIngestCmd(opts),
		newSearchCmd(opts),
		newShowCmd(opts),
		newServeCmd(opts),
		newDemoCmd(),
		newTimelineCmd(opts),
		newExportCmd(opts),
		newKwicCmd(opts),
		newNamesCmd(opts),
		newQuotesCmd(opts),
		newEvalCmd(opts),
		// newsdesk help query: a help topic, not a command.
		&cobra.Command{Use: "query", Short: "The query language: every operator, with examples", Long: queryHelp},
	)
	return root
}
