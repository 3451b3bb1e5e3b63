package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

func newDemoCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Serve the bundled sample archive (no files needed)",
		Long: `Index the sample archive built into newsdesk in memory and serve it at
--addr, as 'newsdesk serve' would. Nothing is written to disk. The sample has
one deliberately broken article, reported and skipped as any bad input is.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ln, err := listen(addr)
			if err != nil {
				return err
			}
			defer ln.Close()
			ix, err := index.NewMemory()
			if err != nil {
				return err
			}
			defer ix.Close()
			stats, err := ix.Ingest(cmd.Context(), ingest.ReadFS(cmd.Context(), newsdesk.SampleArchive(), []string{"."}, ingest.Options{}), index.Options{})
			printSummary(cmd.OutOrStdout(), cmd.ErrOrStderr(), stats, "sample archive")
			if err != nil {
				return err
			}
			if stats.Skipped > 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "(the sample holds one deliberately broken article, to show how bad input is reported)")
			}
			fmt.Fprintln(cmd.OutOrStdout(), `try: http://`+addr+`/?q=returnees+Turkey   or   curl 'http://`+addr+`/api/search?q=returnees+Turkey'`)
			return serve(cmd.Context(), ix, ln, addr, nil, cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	return cmd
}
