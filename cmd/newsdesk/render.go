package main

import (
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/query"
)

// styles renders hits for a terminal with lipgloss, or as plain text with
// «» around matches when output is not a terminal or NO_COLOR is set.
type styles struct {
	color                                    bool
	rank, meta, headline, mark, dim, errText lipgloss.Style
}

func newStyles(w io.Writer) styles {
	color := false
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" {
		color = true
	}
	r := lipgloss.NewRenderer(w)
	return styles{
		color:    color,
		rank:     r.NewStyle().Foreground(lipgloss.Color("8")),
		meta:     r.NewStyle().Foreground(lipgloss.Color("6")),
		headline: r.NewStyle().Bold(true),
		mark:     r.NewStyle().Bold(true).Foreground(lipgloss.Color("0")).Background(lipgloss.Color("11")),
		dim:      r.NewStyle().Faint(true),
		errText:  r.NewStyle().Foreground(lipgloss.Color("9")),
	}
}

func (s styles) apply(st lipgloss.Style, text string) string {
	if !s.color || text == "" {
		return text
	}
	return st.Render(text)
}

// fragment renders a snippet with its matches marked.
func (s styles) fragment(f query.Fragment, base lipgloss.Style) string {
	plain := func(t string) string { return s.apply(base, oneLine(t)) }
	mark := func(t string) string {
		if !s.color {
			return "«" + oneLine(t) + "»"
		}
		return s.mark.Render(oneLine(t))
	}
	return f.Render(plain, mark)
}

// printJSON writes v as indented JSON, leaving <mark> and & readable.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// oneLine folds line breaks so a snippet stays one terminal line.
func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(s)
}

// lipglossColor names an ANSI colour.
func lipglossColor(c string) lipgloss.Color { return lipgloss.Color(c) }
