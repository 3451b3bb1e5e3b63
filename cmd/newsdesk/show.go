package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
)

func newShowCmd(opts *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print one whole article",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			a, err := ix.Article(cmd.Context(), args[0])
			if errors.Is(err, index.ErrNotFound) {
				return fmt.Errorf("no article has the id %s in %s (show takes an id as search prints it, such as NYTF000020171023edan00046, not a query)", oneLine(args[0]), oneLine(opts.indexPath))
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), a)
			}
			printArticle(cmd.OutOrStdout(), a)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the article as JSON")
	return cmd
}

func printArticle(w io.Writer, a *article.Article) {
	st := newStyles(w)
	fmt.Fprintln(w, st.apply(st.headline, oneLine(a.Headline)))
	var meta []string
	if !a.Date.IsZero() {
		meta = append(meta, a.Date.Format("2 January 2006"))
	}
	for _, s := range []string{a.Source, a.Section, a.Edition} {
		if s != "" {
			meta = append(meta, oneLine(s))
		}
	}
	if a.Page != "" {
		meta = append(meta, "page "+oneLine(a.Page))
	}
	if a.WordCount > 0 {
		meta = append(meta, fmt.Sprintf("%d words", a.WordCount))
	}
	fmt.Fprintln(w, st.apply(st.meta, strings.Join(meta, " · ")))
	if a.Byline != "" {
		fmt.Fprintln(w, oneLine(a.Byline))
	}
	fmt.Fprintln(w)
	for _, p := range a.Body {
		fmt.Fprintln(w, termSafe(p)) // a paragraph may keep its line breaks
		fmt.Fprintln(w)
	}
	printEntities(w, st, a)
	tail := []string{oneLine(a.ID)}
	if a.Copyright != "" {
		tail = append(tail, oneLine(a.Copyright))
	}
	fmt.Fprintln(w, st.apply(st.dim, strings.Join(tail, " · ")))
}
