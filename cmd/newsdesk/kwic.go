package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

func newKwicCmd(opts *options) *cobra.Command {
	var (
		req    query.Request
		params *requestFlags[query.Request]
		width  int
		asCSV  bool
		csvRaw bool
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "kwic TERM [QUERY]",
		Short: "Keyword in context: every occurrence of a term with the words around it",
		Long: `Print every occurrence of TERM (a word, or a phrase in quotes, matched by
stem and without accents as search matches it) in the articles that also
match QUERY, one per line: article id and date, the left context aligned
on the keyword, the right context. All matching articles are read, page by
page.

` + querySyntax,
		Example: `  newsdesk kwic returnees
  newsdesk kwic 'islamic state' 'turkey OR syria' --width 50
  newsdesk kwic vaccine --source-code AFPR --csv > vaccine-kwic.csv
  newsdesk kwic vaccine --json | jq -r .keyword | sort | uniq -c`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			term := args[0]
			if err := params.read(&req); err != nil {
				return err
			}
			req.Query = strings.Join(args[1:], " ")
			if width < 1 || width > 500 {
				return fmt.Errorf("--width: must be between 1 and 500, got %d", width)
			}
			if asJSON && (asCSV || csvRaw) {
				return errors.New("--json and --csv: choose one output format")
			}
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			w := bufio.NewWriter(cmd.OutOrStdout())
			defer w.Flush()
			st := newStyles(cmd.OutOrStdout())
			var cw *csvWriter
			if asCSV || csvRaw {
				cw = newCSVWriter(w, csvRaw)
				if err := cw.Write([]string{"id", "date", "field", "left", "keyword", "right"}); err != nil {
					return err
				}
			}
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			n := 0
			err = query.NewSearcher(ix).KWIC(cmd.Context(), term, req, width, func(l query.KWICLine) error {
				n++
				if asJSON {
					return enc.Encode(l)
				}
				if cw != nil {
					return cw.Write([]string{l.ID, l.Date, l.Field, l.Left, l.Keyword, l.Right})
				}
				kw := oneLine(l.Keyword)
				if st.color {
					kw = st.mark.Render(kw)
				} else {
					kw = "[" + kw + "]"
				}
				l.Left = oneLine(l.Left)
				left := strings.Repeat(" ", max(0, width-len([]rune(l.Left)))) + l.Left
				_, err := fmt.Fprintf(w, "%s %-10s %s%s%s\n", st.apply(st.dim, fmt.Sprintf("%-25s", oneLine(l.ID))), oneLine(l.Date), left, kw, oneLine(l.Right))
				return err
			})
			if cw != nil {
				if ferr := cw.Flush(); err == nil {
					err = ferr
				}
			}
			if err == nil && n == 0 && cw == nil && !asJSON {
				fmt.Fprintf(w, "No occurrences of %s.\n", quoteQuery(term))
			}
			return err
		},
	}
	f := cmd.Flags()
	f.IntVar(&width, "width", 40, "characters of context on each side")
	f.BoolVar(&asCSV, "csv", false, "print CSV: id, date, field, left, keyword, right (a cell a spreadsheet would run as a formula gets a leading ')")
	f.BoolVar(&asJSON, "json", false, "print JSON Lines: one object per occurrence with id, date, field, left, keyword, right")
	f.BoolVar(&csvRaw, "csv-raw", false, "print CSV with every cell exactly as it is (for pandas, R)")
	params = bindRequest(f, httpapi.SearchParams(), map[string]flagUse{
		"sort":       {def: query.SortOldest, help: "-date (oldest first), date (newest first) or relevance"},
		"duplicates": {def: query.DupSimilar, help: "similar (one article per duplicate group), identical or show"},
		"from":       {help: "first day, month or year"},
		"to":         {help: "last day, month or year (included)"},
	}, "limit", "offset", "facets", "facet_size", "cursor")
	return cmd
}
