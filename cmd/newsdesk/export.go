package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// exportColumns are the columns of an export in their default order: the
// fields of the article schema in their export order (article.ExportFields),
// with the names found in the text before the body and the ids of an
// article's duplicates last.
func exportColumns() []string {
	extra := []struct {
		name   string
		column int
	}{{"names", 25}, {"duplicates", 1000}}
	var out []string
	for _, f := range article.ExportFields() {
		for len(extra) > 0 && extra[0].column < f.Column {
			out, extra = append(out, extra[0].name), extra[1:]
		}
		out = append(out, f.Name)
	}
	for _, e := range extra {
		out = append(out, e.name)
	}
	return out
}

// exportValue is one column of an exported article as text: a field of
// the schema as article.Field.Text writes it, or an extra column.
func exportValue(column string, h query.Hit, a *article.Article) string {
	if f, ok := article.FieldByName(column); ok {
		return f.Text(a)
	}
	switch column {
	case "names":
		// The names found in the text, as "name (type)".
		names := make([]string, len(a.Names))
		for i, n := range a.Names {
			names[i] = n.Name + " (" + string(n.Type) + ")"
		}
		return strings.Join(names, "; ")
	case "duplicates":
		return strings.Join(h.Duplicates, " ")
	}
	return ""
}

// exportJSONValue is one column of an exported article as JSON Lines have
// it: a field of the schema as in the article's JSON form (lists as
// arrays, so that ingest reads them back), the duplicates as an array.
func exportJSONValue(column string, h query.Hit, a *article.Article) any {
	if f, ok := article.FieldByName(column); ok {
		return f.Value(a)
	}
	if column == "duplicates" {
		return h.Duplicates
	}
	return exportValue(column, h, a)
}

func newExportCmd(opts *options) *cobra.Command {
	var (
		req    query.Request
		params *requestFlags[query.Request]
		format string
		fields string
		csvRaw bool
	)
	cmd := &cobra.Command{
		Use:   "export [QUERY]",
		Short: "Write every matching article as CSV or JSON Lines, streaming",
		Long: `Write every article that matches QUERY (every article without one) to
standard output as CSV (a header row, then one row per article; the body's
paragraphs separated by blank lines inside the cell) or JSON Lines (one
article per line, in the form 'newsdesk ingest' reads back). Articles are
read page by page through a cursor, so exports of any size run in little
memory. By default every article is written (--duplicates show) from the
oldest to the newest.

A CSV cell that a spreadsheet would run as a formula (it starts with =, +,
-, @, a tab or a carriage return, and is not a number) is written with a
leading ' so that it shows as text; --csv-raw writes every value exactly,
for pandas or R (see docs/csv.md). JSON Lines are always exact.

Fields: ` + strings.Join(exportColumns(), ", ") + `

` + querySyntax,
		Example: `  newsdesk export 'turkey OR syria' --format csv > coverage.csv
  newsdesk export --source-code NYTF --from 2017 --format jsonl > nyt.jsonl
  newsdesk export returnees --fields id,date,source,headline`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := params.read(&req); err != nil {
				return err
			}
			req.Query, req.Snippets = strings.Join(args, " "), -1
			cols := exportColumns()
			if fields != "" {
				all := cols
				cols = commaFlag(fields)
				for _, c := range cols {
					if !contains(all, c) {
						return fmt.Errorf("--fields: %q is not a field; use %s", c, strings.Join(all, ", "))
					}
				}
			}
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			return export(cmd.Context(), cmd.OutOrStdout(), query.NewSearcher(ix), req, format, csvRaw, cols, fields == "")
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "csv", "csv or jsonl")
	f.StringVar(&fields, "fields", "", "comma-separated fields to write (default all)")
	f.BoolVar(&csvRaw, "csv-raw", false, "write CSV cells exactly, without the ' that keeps spreadsheets from running them as formulas (for pandas, R)")
	params = bindRequest(f, httpapi.SearchParams(), map[string]flagUse{
		"sort":       {def: query.SortOldest, help: "-date (oldest first), date (newest first) or relevance"},
		"duplicates": {def: query.DupShow, help: "show (every article), identical or similar (one per duplicate group)"},
		"from":       {help: "first day, month or year"},
		"to":         {help: "last day, month or year (included)"},
	}, "limit", "offset", "facets", "facet_size", "cursor")
	return cmd
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// export streams the articles of req to w; csvRaw writes CSV cells
// exactly (csvWriter).
func export(ctx context.Context, w io.Writer, s *query.Searcher, req query.Request, format string, csvRaw bool, cols []string, allFields bool) error {
	bw := bufio.NewWriter(w)
	var write func(query.Hit, *article.Article) error
	var flush func() error
	if csvRaw && strings.ToLower(format) != "csv" {
		return fmt.Errorf("--csv-raw: applies to --format csv only, not %q", format)
	}
	switch strings.ToLower(format) {
	case "csv":
		cw := newCSVWriter(bw, csvRaw)
		if err := cw.Write(cols); err != nil {
			return err
		}
		row := make([]string, len(cols))
		write = func(h query.Hit, a *article.Article) error {
			for i, c := range cols {
				row[i] = exportValue(c, h, a)
			}
			return cw.Write(row)
		}
		flush = cw.Flush
	case "jsonl", "json":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(h query.Hit, a *article.Article) error {
			if allFields {
				a.Origin = article.Origin{}
				return enc.Encode(a)
			}
			obj := orderedObject{keys: cols, values: make([]any, len(cols))}
			for i, c := range cols {
				obj.values[i] = exportJSONValue(c, h, a)
			}
			return enc.Encode(obj)
		}
		flush = func() error { return nil }
	default:
		return fmt.Errorf("--format: %q is not a format; use csv or jsonl", format)
	}
	err := s.Each(ctx, req, write)
	if ferr := flush(); err == nil {
		err = ferr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// orderedObject is a JSON object whose keys keep the order given (--fields
// id,date,headline writes id first), where a map's would be sorted.
type orderedObject struct {
	keys   []string
	values []any
}

// MarshalJSON writes the keys in order. HTML characters are not escaped,
// as export's encoder does not escape them either.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(k); err != nil {
			return nil, fmt.Errorf("field %s: %w", k, err)
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		b.WriteByte(':')
		if err := enc.Encode(o.values[i]); err != nil {
			return nil, fmt.Errorf("field %s: %w", k, err)
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// streamHits prints every hit of req, page by page: as JSON Lines, or as
// the usual hit listing.
func streamHits(ctx context.Context, w io.Writer, s *query.Searcher, req query.Request, asJSON bool) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	st := newStyles(w)
	n := 0
	err := s.Each(ctx, req, func(h query.Hit, _ *article.Article) error {
		n++
		if asJSON {
			return enc.Encode(h)
		}
		printHit(bw, st, n, h)
		return nil
	})
	if err == nil && !asJSON && n == 0 {
		fmt.Fprintf(bw, "No articles match %s.\n", quoteQuery(req.Query))
	}
	return err
}
