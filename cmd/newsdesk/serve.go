package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func newServeCmd(opts *options) *cobra.Command {
	var (
		addr       string
		allowHosts []string
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the JSON API and the search page over HTTP",
		Long: `Serve the index over HTTP: the search page and the JSON API, described
in OpenAPI 3 at /api/openapi.json (and docs/openapi.json):

` + httpapi.Endpoints() + `
The list endpoints (search, quotes, names) page alike with limit and
offset; errors are {"error": "..."} naming the parameter.

The server holds the index open: stop it before running 'newsdesk ingest'
on the same index.

Only requests addressed to localhost, a loopback address (127.0.0.0/8,
[::1]) or the host of --addr are answered; others get 403, so that a web
page on another site cannot read the archive by pointing a name of its own
at this machine (DNS rebinding). The page refuses to be framed. To expose
the server on purpose, e.g. on 0.0.0.0 behind a name, allow that name:
--allow-host news.example.org (repeat the flag for more; * allows any).`,
		Example: `  newsdesk serve
  newsdesk serve --addr 0.0.0.0:8080 --allow-host news.example.org --allow-host 192.168.1.5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ln, err := listen(addr)
			if err != nil {
				return err
			}
			defer ln.Close()
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			httpapi.TuneGCForServing()
			return serve(cmd.Context(), ix, ln, addr, allowHosts, cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringSliceVar(&allowHosts, "allow-host", nil, "also answer requests addressed to this host name or address (repeatable; * for any)")
	return cmd
}

// listen opens addr for serve, before any slow work, so that a port taken
// by another server is reported at once, with the way to pick another.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("serve: %s is already in use (another server?): pick another address with --addr, e.g. --addr 127.0.0.1:8090 (make run ADDR=127.0.0.1:8090)", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ln, nil
}

// serve runs the HTTP server on ln (from listen) until ctx is cancelled,
// then shuts it down gracefully. It answers requests addressed to loopback
// names, to the host of addr and to allowHosts.
func serve(ctx context.Context, ix *index.Index, ln net.Listener, addr string, allowHosts []string, logTo io.Writer) error {
	logger := log.New(logTo, "", log.LstdFlags)
	// A server answers many searches: what the searcher caches pays off.
	searcher := query.NewSearcher(ix)
	searcher.Cache = true
	srv := &http.Server{
		Handler:           httpapi.NewHandlerWith(searcher, httpapi.HandlerOptions{Logger: logger, AllowedHosts: listenHosts(addr, allowHosts), Advice: serveAdvice}),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          logger,
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

// listenHosts is allow and the host of addr, unless addr listens on every
// address (0.0.0.0, ::, or no host): then only the names allowed on
// purpose are answered, besides the loopback ones.
func listenHosts(addr string, allow []string) []string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return allow
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return allow
	}
	return append([]string{host}, allow...)
}

// serveAdvice is the advice serve adds to the API's 4xx answers: only a
// refused host's, which whoever runs serve fixes with --allow-host. The
// API's other errors already name its URL parameters; the command line's
// advice (its flags, such as quotes' --speaker) is no use to an HTTP client.
func serveAdvice(err error) string {
	var host *httpapi.HostError
	if errors.As(err, &host) {
		return advice(err)
	}
	return ""
}
