package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"

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
func printFacets(w io.Writer, res *query.Result, names []string) {
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
	if !st.color {
		fmt.Fprintln(w, strings.Join(panels, "\n"))
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
}

func facetPanel(st styles, name string, vals []query.FacetValue) string {
	var b strings.Builder
	hidden := 0
	isHistogram := name == query.FacetYear || name == query.FacetMonth || name == query.FacetWeek || name == query.FacetDay
	if len(vals) > panelRows {
		hidden = len(vals) - panelRows
		if isHistogram {
			vals = vals[len(vals)-panelRows:] // the latest periods
		} else {
			vals = vals[:panelRows]
		}
	}
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
		if isHistogram {
			more = fmt.Sprintf("\n… %d earlier periods (--json has all)", hidden)
		}
		b.WriteString(st.apply(st.dim, more))
	}
	return b.String()
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
