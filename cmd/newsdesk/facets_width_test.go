package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"

	"github.com/newsdesk/newsdesk/query"
)

// TestFacetPanelsFitTheTerminal draws two and three facets with long and
// CJK values on terminals of several widths: no line may be wider than
// the terminal, and panels sit side by side where they fit.
func TestFacetPanelsFitTheTerminal(t *testing.T) {
	long := []query.FacetValue{
		{Value: "The Guardian (London) - Final Edition", Count: 261},
		{Value: "The Guardian (London)", Count: 120},
		{Value: "人民日报海外版", Count: 40},
		{Value: "Süddeutsche Zeitung", Count: 3},
	}
	years := []query.FacetValue{{Value: "2016", Count: 10}, {Value: "2017", Count: 300}}
	res := &query.Result{Facets: map[string][]query.FacetValue{"source": long, "section": long, "year": years}}
	for _, tt := range []struct {
		width   int
		facets  []string
		minRows int // rows of panels at least
		maxRows int
	}{
		{80, []string{"source", "section"}, 1, 2},
		{80, []string{"source", "section", "year"}, 2, 3},
		{40, []string{"source", "section", "year"}, 3, 3},
		{160, []string{"source", "section", "year"}, 1, 1},
		{30, []string{"source"}, 1, 1},
	} {
		t.Run(fmt.Sprintf("%d-%d", tt.width, len(tt.facets)), func(t *testing.T) {
			st := newStyles(io.Discard)
			st.color, st.width = true, tt.width
			var out bytes.Buffer
			printFacetsStyled(&out, st, res, tt.facets, nil)
			rows := 0
			for _, line := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
				if w := lipgloss.Width(line); w > tt.width {
					t.Errorf("line %d columns wide on a %d-column terminal: %q", w, tt.width, line)
				}
				if strings.HasPrefix(line, "╭") {
					rows++
				}
			}
			if rows < tt.minRows || rows > tt.maxRows {
				t.Errorf("%d rows of panels, want %d to %d:\n%s", rows, tt.minRows, tt.maxRows, out.String())
			}
		})
	}
}

// TestFitLabels checks that shortened labels keep different values
// apart, measure CJK characters as two columns and leave short ones be.
func TestFitLabels(t *testing.T) {
	tests := []struct {
		labels []string
		width  int
	}{
		{[]string{"The Guardian (London)", "The Guardian (London) - Final Edition", "Guardian.com"}, 20},
		{[]string{"The Guardian (London)", "The Guardian (Londonderry)"}, 16},
		{[]string{"人民日报海外版今日要闻", "人民日报海外版国际新闻", "新华社"}, 12},
		{[]string{"Reuters", "Reuters", "AP"}, 20},
		{[]string{"abcdefghijkl", "abcdefghijkm"}, 8},
	}
	for _, tt := range tests {
		got := fitLabels(tt.labels, tt.width)
		for i, g := range got {
			if w := runewidth.StringWidth(g); w > tt.width {
				t.Errorf("%q fitted to %q, %d columns, want at most %d", tt.labels[i], g, w, tt.width)
			}
			if runewidth.StringWidth(tt.labels[i]) <= tt.width && g != tt.labels[i] {
				t.Errorf("%q fits in %d columns but became %q", tt.labels[i], tt.width, g)
			}
			for j := range i {
				if got[j] == g && tt.labels[j] != tt.labels[i] {
					t.Errorf("%q and %q both print as %q", tt.labels[j], tt.labels[i], g)
				}
			}
		}
	}
}
