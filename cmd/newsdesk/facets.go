package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsdesk/newsdesk/query"
)

// Panel sizes: keyword facets show their top values, histograms their
// latest periods.
const (
	panelRows  = 12
	barWidth   = 16
	panelWidth = 44
)

// printFacets shows each facet as a panel of values, counts and bars
// proportional to the largest count: bordered panels side by side on a
// terminal, plain blocks when piped.
//
// opts are the options of the search (shell-quoted words) that decide what
// is counted (dates, filters, duplicates mode, index); the hint repeats
// them, or its search would count other articles.
func printFacets(w io.Writer, res *query.Result, names, opts []string) {
	if len(res.Facets) == 0 {
		return
	}
	st := newStyles(w)
	var panels []string
	for _, n := range names {
		vals, ok := res.Facets[strings.ToLower(n)]
		if !ok {
			continue
		}
		panels = append(panels, facetPanel(st, strings.ToLower(n), vals))
	}
	fmt.Fprintln(w)
	hint := narrowHint(res, names, opts)
	if !st.color {
		fmt.Fprintln(w, strings.Join(panels, "\n"))
		if hint != "" {
			fmt.Fprintln(w, "\n"+hint)
		}
		return
	}
	r := lipgloss.NewRenderer(w)
	box := r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("8")).Padding(0, 1)
	const perRow = 3
	for i := 0; i < len(panels); i += perRow {
		var row []string
		for _, p := range panels[i:min(i+perRow, len(panels))] {
			row = append(row, box.Render(p))
		}
		fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	if hint != "" {
		fmt.Fprintln(w, st.apply(st.dim, hint))
	}
}

// isHistogram reports whether facet name is a date histogram.
func isHistogram(name string) bool {
	return name == query.FacetYear || name == query.FacetMonth || name == query.FacetWeek || name == query.FacetDay
}

// panelValues returns the values a panel shows, and how many it leaves
// out: a keyword facet's most frequent, a histogram's latest periods.
func panelValues(name string, vals []query.FacetValue) ([]query.FacetValue, int) {
	if len(vals) <= panelRows {
		return vals, 0
	}
	if isHistogram(name) {
		return vals[len(vals)-panelRows:], len(vals) - panelRows
	}
	return vals[:panelRows], len(vals) - panelRows
}

// narrowHint says how to narrow the search to one facet value: by adding
// the value's filter, the clause that selects exactly the articles counted
// (a phrase such as source:"The Times" would also match "The Times
// Magazine"). Its example is the first value shown (a histogram's latest
// non-empty period), with opts after it; "" when no value is shown.
func narrowHint(res *query.Result, names, opts []string) string {
	for _, n := range names {
		shown, _ := panelValues(strings.ToLower(n), res.Facets[strings.ToLower(n)])
		if isHistogram(strings.ToLower(n)) {
			shown = slices.Clone(shown)
			slices.Reverse(shown)
		}
		for _, v := range shown {
			if v.Count == 0 || v.Filter == "" || strings.ContainsFunc(v.Filter, unicode.IsControl) {
				continue
			}
			return "narrow to a value with its filter (each value's is in --json): newsdesk " +
				strings.Join(append([]string{"search", shellQuote(query.Narrow(res.Query, v.Filter))}, opts...), " ")
		}
	}
	return ""
}

// countingFlags returns, shell-quoted, the options set on cmd that decide
// which articles a search counts: the index, the date range, the filters
// and the duplicates mode (not paging or output).
func countingFlags(cmd *cobra.Command) []string {
	var out []string
	cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "index", "from", "to", "duplicates", "source", "source-code", "section", "lang", "name":
		default:
			return
		}
		values := []string{f.Value.String()}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		}
		for _, v := range values {
			if !plainArg.MatchString(v) {
				v = shellQuote(v)
			}
			out = append(out, "--"+f.Name, v)
		}
	})
	return out
}

// plainArg matches an argument a POSIX shell reads as it is.
var plainArg = regexp.MustCompile(`^[A-Za-z0-9._/:,=+@%-]+$`)

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func facetPanel(st styles, name string, vals []query.FacetValue) string {
	var b strings.Builder
	all := vals
	vals, hidden := panelValues(name, vals)
	b.WriteString(st.apply(st.headline, name))
	var maxCount uint64
	labelWidth := 0
	for _, v := range vals {
		maxCount = max(maxCount, v.Count)
		labelWidth = max(labelWidth, len([]rune(oneLine(v.Value))))
	}
	labelWidth = min(labelWidth, panelWidth-barWidth-8)
	for _, v := range vals {
		label := oneLine(v.Value)
		if label == "" {
			label = "(none)"
		}
		label = truncate(label, labelWidth)
		fmt.Fprintf(&b, "\n%-*s %5d %s", labelWidth, label, v.Count, st.apply(st.meta, bar(v.Count, maxCount, barWidth)))
	}
	if hidden > 0 {
		more := fmt.Sprintf("\n… %d more", hidden)
		if isHistogram(name) {
			// Each hit is in one period: say how many the left-out periods
			// hold, so that an early peak does not go unnoticed.
			var n uint64
			for _, v := range all[:hidden] {
				n += v.Count
			}
			more = fmt.Sprintf("\n… %s: %s (--json has all)", plural(hidden, "earlier period"), plural(int(n), "result"))
		}
		b.WriteString(st.apply(st.dim, more))
	}
	return b.String()
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// bar draws n against most as a bar of up to width cells, in eighths.
func bar(n, most uint64, width int) string {
	if most == 0 || n == 0 {
		return ""
	}
	eighths := int((n*uint64(width)*8 + most - 1) / most)
	full, part := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if part > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[part-1])
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	return string(r[:n-1]) + "…"
}
