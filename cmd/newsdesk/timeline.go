package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func newTimelineCmd(opts *options) *cobra.Command {
	var (
		req    query.TimelineRequest
		params *requestFlags[query.TimelineRequest]
		asJSON bool
		asCSV  bool
		csvRaw bool
	)
	cmd := &cobra.Command{
		Use:   "timeline QUERY [QUERY...]",
		Short: "Count matching articles per year, month, week or day, as a bar chart",
		Long: `Count the articles that match each query in every period, from the first
matching article to the last (or --from to --to), empty periods as zero.
Several queries are shown side by side to compare coverage. Counts are of
duplicate groups unless --duplicates show.

` + querySyntax,
		Example: `  newsdesk timeline returnees --by year
  newsdesk timeline returnees refugees --by month --from 2015 --to 2019
  newsdesk timeline 'source_code:NYTF' --by week --csv > nyt-weekly.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && (asCSV || csvRaw) {
				return fmt.Errorf("--json and --csv: choose one")
			}
			if err := params.read(&req); err != nil {
				return err
			}
			req.Queries = args
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			tl, err := query.NewSearcher(ix).Timeline(cmd.Context(), req)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			switch {
			case asJSON:
				return printJSON(w, tl)
			case asCSV || csvRaw:
				return timelineCSV(w, tl, csvRaw)
			}
			printTimeline(w, tl)
			return nil
		},
	}
	f := cmd.Flags()
	// by, from, to, the filters and duplicates, read as GET /api/timeline
	// reads them.
	params = bindRequest(f, httpapi.TimelineParams(), map[string]flagUse{
		"by":         {def: query.ByMonth},
		"duplicates": {def: query.DupSimilar},
	})
	f.BoolVar(&asJSON, "json", false, "print the timeline as JSON")
	f.BoolVar(&asCSV, "csv", false, "print the timeline as CSV: period, then one column per query (a query a spreadsheet would run as a formula gets a leading ')")
	f.BoolVar(&csvRaw, "csv-raw", false, "print CSV with every cell exactly as it is (for pandas, R)")
	return cmd
}

// timelineCSV writes one row per period and one column per query; raw
// writes the queries exactly (csvWriter).
func timelineCSV(w io.Writer, tl *query.Timeline, raw bool) error {
	cw := newCSVWriter(w, raw)
	head := []string{"period"}
	for _, s := range tl.Series {
		head = append(head, s.Query)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for i, p := range tl.Periods {
		row := []string{p}
		for _, s := range tl.Series {
			row = append(row, strconv.FormatUint(s.Counts[i], 10))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// printTimeline draws one row per period with a bar per query, the bars of
// all queries on one scale so that they compare.
func printTimeline(w io.Writer, tl *query.Timeline) {
	st := newStyles(w)
	width := max(8, 48/len(tl.Series))
	var most uint64
	for _, s := range tl.Series {
		for _, c := range s.Counts {
			most = max(most, c)
		}
	}
	countWidth := len(strconv.FormatUint(most, 10))
	colours := []string{"6", "5", "3", "2", "4", "1"}
	var head []string
	for i, s := range tl.Series {
		head = append(head, st.apply(st.meta.Foreground(lipglossColor(colours[i%len(colours)])), fmt.Sprintf("%s: %d", quoteQuery(s.Query), s.Total)))
	}
	fmt.Fprintf(w, "%s by %s\n", strings.Join(head, "  "), tl.By)
	if len(tl.Periods) == 0 {
		fmt.Fprintln(w, "No articles match.")
		return
	}
	labelWidth := len(tl.Periods[0])
	for i, p := range tl.Periods {
		fmt.Fprintf(w, "%-*s", labelWidth, p)
		for j, s := range tl.Series {
			c := s.Counts[i]
			b := bar(c, most, width)
			cell := fmt.Sprintf(" %*d %-*s", countWidth, c, width, b)
			if c == 0 {
				cell = st.apply(st.dim, cell)
			} else {
				cell = fmt.Sprintf(" %*d %s%s", countWidth, c, st.apply(st.meta.Foreground(lipglossColor(colours[j%len(colours)])), b), strings.Repeat(" ", width-len([]rune(b))))
			}
			fmt.Fprint(w, cell)
		}
		fmt.Fprintln(w)
	}
}
