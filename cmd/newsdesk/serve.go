package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func newServeCmd(opts *options) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the JSON API and the search page over HTTP",
		Long: `Serve the index over HTTP:

  GET /                                 search page
  GET /api/search?q=&limit=&offset=&sort=&from=&to=
  GET /api/articles/{id}
  GET /healthz

The server holds the index open: stop it before running 'newsdesk ingest'
on the same index.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			return serve(cmd.Context(), ix, addr, cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	return cmd
}

// serve runs the HTTP server until ctx is cancelled, then shuts it down
// gracefully.
func serve(ctx context.Context, ix *index.Index, addr string, logTo io.Writer) error {
	logger := log.New(logTo, "", log.LstdFlags)
	// A server answers many searches: what the searcher caches pays off.
	searcher := query.NewSearcher(ix)
	searcher.Cache = true
	srv := &http.Server{
		Handler:           query.NewHandler(searcher, logger),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          logger,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	n, _ := ix.Count()
	fmt.Fprintf(logTo, "newsdesk: serving %d articles at http://%s/ (Ctrl-C to stop)\n", n, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}
