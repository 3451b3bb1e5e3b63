package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
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
	printFacetsStyled(w, newStyles(w), res, names, opts)
}

// printFacetsStyled is printFacets with the styles (colour, width) given.
func printFacetsStyled(w io.Writer, st styles, res *query.Result, names, opts []string) {
	if len(res.Facets) == 0 {
		return
	}
	// Bordered panels take 4 more columns (border and padding) than their
	// text; plain blocks are printed one under another.
	const frame = 4
	textWidth := st.width
	if st.color {
		textWidth -= frame
	}
	var panels []string
	for _, n := range names {
		vals, ok := res.Facets[strings.ToLower(n)]
		if !ok {
			continue
		}
		panels = append(panels, facetPanel(st, strings.ToLower(n), vals, textWidth))
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
	for _, row := range fitRows(panels, st.width, frame) {
		boxes := make([]string, len(row))
		for i, p := range row {
			boxes[i] = box.Render(p)
		}
		fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Top, boxes...))
	}
	if hint != "" {
		fmt.Fprintln(w, st.apply(st.dim, hint))
	}
}

// fitRows groups panels into rows that fit in width columns, each panel
// taking frame columns more than its widest line: as many side by side as
// fit, at least one per row.
func fitRows(panels []string, width, frame int) [][]string {
	var rows [][]string
	var row []string
	used := 0
	for _, p := range panels {
		pw := lipgloss.Width(p) + frame
		if len(row) > 0 && used+pw > width {
			rows = append(rows, row)
			row, used = nil, 0
		}
		row = append(row, p)
		used += pw
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
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

// facetPanel draws one facet as lines of at most width columns (measured
// as a terminal shows them: a CJK character takes two): label, count and
// bar. Labels too long for the panel are shortened so that two different
// values never print alike (see fitLabels).
func facetPanel(st styles, name string, vals []query.FacetValue, width int) string {
	var b strings.Builder
	all := vals
	vals, hidden := panelValues(name, vals)
	b.WriteString(st.apply(st.headline, name))
	var maxCount uint64
	labels := make([]string, len(vals))
	for i, v := range vals {
		maxCount = max(maxCount, v.Count)
		if labels[i] = oneLine(v.Value); labels[i] == "" {
			labels[i] = "(none)"
		}
	}
	// A line is label, space, a 5-wide count, space and the bar.
	bars := barWidth
	labelWidth := panelWidth - barWidth - 8
	if width > 0 && labelWidth+7+bars > width {
		bars = max(4, min(barWidth, width-7-minLabelWidth))
		labelWidth = max(minLabelWidth, width-7-bars)
	}
	labels = fitLabels(labels, labelWidth)
	longest := 0
	for _, l := range labels {
		longest = max(longest, runewidth.StringWidth(l))
	}
	for i, v := range vals {
		pad := strings.Repeat(" ", longest-runewidth.StringWidth(labels[i]))
		fmt.Fprintf(&b, "\n%s%s %5d %s", labels[i], pad, v.Count, st.apply(st.meta, bar(v.Count, maxCount, bars)))
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

// minLabelWidth is the narrowest a facet label is cut to.
const minLabelWidth = 8

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

// fitLabels shortens the labels wider than width columns with an
// ellipsis at the end. Different labels that would then print alike ("The
// Guardian (London)" and "The Guardian (London) - Final Edition") are
// shortened in the middle instead, keeping as much of their ends as tells
// them apart; labels that are equal stay equal.
func fitLabels(labels []string, width int) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = runewidth.Truncate(l, width, "…")
	}
	groups := map[string][]int{}
	for i, l := range out {
		groups[l] = append(groups[l], i)
	}
	for _, idx := range groups {
		if len(idx) < 2 || allEqual(labels, idx) {
			continue
		}
		for tail := 1; tail < width-1; tail++ {
			for _, i := range idx {
				out[i] = middleTruncate(labels[i], width, tail)
			}
			if distinct(out, labels, idx) {
				break
			}
		}
	}
	return out
}

// middleTruncate keeps the last tail columns of s and as much of its start
// as fits in width columns with an ellipsis between.
func middleTruncate(s string, width, tail int) string {
	if runewidth.StringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	end, w := len(r), 0
	for end > 0 && w+runewidth.RuneWidth(r[end-1]) <= tail {
		end--
		w += runewidth.RuneWidth(r[end])
	}
	head := runewidth.Truncate(string(r[:end]), width-w-1, "")
	return head + "…" + string(r[end:])
}

// allEqual reports whether the labels at idx are all the same.
func allEqual(labels []string, idx []int) bool {
	for _, i := range idx[1:] {
		if labels[i] != labels[idx[0]] {
			return false
		}
	}
	return true
}

// distinct reports whether, among idx, only equal labels print alike.
func distinct(out, labels []string, idx []int) bool {
	seen := map[string]string{}
	for _, i := range idx {
		if l, ok := seen[out[i]]; ok && l != labels[i] {
			return false
		}
		seen[out[i]] = labels[i]
	}
	return true
}
