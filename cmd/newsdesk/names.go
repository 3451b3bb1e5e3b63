package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func newNamesCmd(opts *options) *cobra.Command {
	var (
		asJSON bool
		req    httpapi.NamesRequest
		params *requestFlags[httpapi.NamesRequest]
	)
	cmd := &cobra.Command{
		Use:   "names [QUERY]",
		Short: "The names mentioned in most articles matching a query",
		Long: `Print the people, organisations and places mentioned in most of the
articles that match QUERY (all articles without one), with the number of
those articles, and the speakers quoted in most of them. The search's
options (dates, --source and the other filters, --duplicates) choose the
articles as they do for 'newsdesk search'.`,
		Example: `  newsdesk names 'returnees Turkey'
  newsdesk names 'date:2017' --limit 30 --json
  newsdesk names --source guardian --from 2017`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := params.read(&req); err != nil {
				return err
			}
			req.Search.Query = strings.Join(args, " ")
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			res, err := httpapi.Names(cmd.Context(), query.NewSearcher(ix), req)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), res)
			}
			printNames(cmd.OutOrStdout(), res)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	// the dates, filters and duplicates of a search, limit and offset:
	// the parameters of GET /api/names, read as the API reads them.
	params = bindRequest(cmd.Flags(), httpapi.NamesParams(), map[string]flagUse{
		"limit":      {def: "20"},
		"duplicates": {def: query.DupSimilar},
	})
	return cmd
}

func printNames(w io.Writer, res *query.NamesResult) {
	st := newStyles(w)
	if res.Total == 0 {
		fmt.Fprintf(w, "No articles match %s.\n", quoteQuery(res.Query))
		return
	}
	fmt.Fprintln(w, st.apply(st.dim, fmt.Sprintf("Names in the %s matching %s (articles mentioning each):", plural(int(res.Total), "article"), quoteQuery(res.Query))))
	for _, n := range res.Names {
		fmt.Fprintf(w, "  %4d  %s\n", n.Count, oneLine(n.Name))
	}
	if len(res.Speakers) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, st.apply(st.dim, "Quoted in most of them:"))
		for _, n := range res.Speakers {
			fmt.Fprintf(w, "  %4d  %s\n", n.Count, oneLine(n.Name))
		}
	}
}

// printEntities lists an article's names and quotations under its text.
func printEntities(w io.Writer, st styles, a *article.Article) {
	if len(a.Names) > 0 {
		fmt.Fprintln(w, st.apply(st.dim, "Names:"))
		for _, n := range a.Names {
			fmt.Fprintf(w, "  %-40s %-12s %d\n", oneLine(n.Name), oneLine(string(n.Type)), n.Mentions)
		}
		fmt.Fprintln(w)
	}
	if len(a.Quotes) > 0 {
		fmt.Fprintln(w, st.apply(st.dim, "Quotations:"))
		for _, q := range a.Quotes {
			speaker := oneLine(q.Speaker)
			if speaker == "" {
				speaker = "(speaker not named)"
			}
			fmt.Fprintf(w, "  ¶%d %s: “%s”\n", q.Paragraph, st.apply(st.headline, speaker), oneLine(q.Text))
		}
		fmt.Fprintln(w)
	}
}
