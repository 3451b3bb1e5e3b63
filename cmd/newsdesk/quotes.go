package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func newQuotesCmd(opts *options) *cobra.Command {
	var (
		asJSON bool
		req    query.QuoteRequest
		params *requestFlags[query.QuoteRequest]
	)
	cmd := &cobra.Command{
		Use:   "quotes [QUERY]",
		Short: "Search quotations: who said what, with the speakers quoted most",
		Long: `Search the direct quotations found in the articles. Each quotation is a unit
of its own: the query matches words of the quotation, --speaker words of the
speaker's name, and --source, --source-code, --section, --lang and --name
keep the quotations of the articles they match (as they narrow a search).
Without a query, the newest quotations come first.`,
		Example: `  newsdesk quotes flood
  newsdesk quotes --speaker neumann
  newsdesk quotes --source-code NYTF --from 2017
  newsdesk quotes '"steady trickle"' --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := params.read(&req); err != nil {
				return err
			}
			req.Query = strings.Join(args, " ")
			if req.Query == "" && req.Speaker == "" && req.Filters.IsZero() && req.From.IsZero() && req.To.IsZero() {
				return fmt.Errorf("give a QUERY, --speaker, a filter (--source, --from…) or several")
			}
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			res, err := query.NewSearcher(ix).Quotes(cmd.Context(), req)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), res)
			}
			printQuotes(cmd.OutOrStdout(), res)
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	// speaker, limit, offset, from, to, the article filters and
	// duplicates, read as GET /api/quotes reads them.
	params = bindRequest(f, httpapi.QuoteParams(), map[string]flagUse{"duplicates": {def: query.DupSimilar}})
	return cmd
}

func printQuotes(w io.Writer, res *query.QuoteResult) {
	st := newStyles(w)
	what := quoteQuery(res.Query)
	if res.Speaker != "" {
		what = strings.TrimPrefix(what+" by "+res.Speaker, `"" `)
	}
	if res.Total == 0 {
		fmt.Fprintf(w, "No quotations match %s.\n", what)
		return
	}
	fmt.Fprintln(w, st.apply(st.dim, fmt.Sprintf("%d quotations match %s", res.Total, what)))
	for i, q := range res.Quotes {
		fmt.Fprintln(w)
		speaker := oneLine(q.Speaker)
		if speaker == "" {
			speaker = "(speaker not named)"
		}
		fmt.Fprintf(w, "%s “%s”\n", st.apply(st.rank, fmt.Sprintf("%3d.", res.Offset+i+1)), st.fragment(q.Fragment, st.dim.UnsetFaint()))
		fmt.Fprintf(w, "     — %s\n", st.apply(st.headline, speaker))
		meta := []string{}
		for _, s := range []string{q.Date, q.Source} {
			if s != "" {
				meta = append(meta, oneLine(s))
			}
		}
		fmt.Fprintf(w, "     %s\n", st.apply(st.meta, strings.Join(meta, " · ")))
		fmt.Fprintf(w, "     %s\n", st.apply(st.dim, oneLine(q.Headline)+" · "+oneLine(q.ArticleID)))
	}
	if len(res.Speakers) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, st.apply(st.dim, "Quoted most:"))
		for _, s := range res.Speakers {
			fmt.Fprintf(w, "  %4d  %s\n", s.Count, oneLine(s.Name))
		}
	}
}
