package main

import (
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"golang.org/x/term"

	"github.com/newsdesk/newsdesk/query"
)

// styles renders hits for a terminal with lipgloss, or as plain text with
// «» around matches when output is not a terminal or NO_COLOR is set.
type styles struct {
	color bool
	// width is the terminal's width in columns; 0 when output is not a
	// terminal and $COLUMNS does not say.
	width                                    int
	rank, meta, headline, mark, dim, errText lipgloss.Style
}

func newStyles(w io.Writer) styles {
	color, width := false, 0
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		color = os.Getenv("NO_COLOR") == ""
		width = 80
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			width = cols
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		width = n // as set by the shell or the user, also for piped output
	}
	r := lipgloss.NewRenderer(w)
	return styles{
		color:    color,
		width:    width,
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

// termSafe drops control characters (C0 other than newline and tab, DEL,
// C1) from text for the terminal. Every renderer passes text from the
// index, from an input or from a file name through it (or through
// oneLine): ingest drops control characters, but an index written by an
// older version, or by a Go program, may still hold them, and a file name
// may hold anything, so that an escape sequence could otherwise recolour
// the terminal, set its title or clear the screen.
func termSafe(s string) string {
	if strings.IndexFunc(s, isTermControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isTermControl(r) {
			return -1
		}
		return r
	}, s)
}

func isTermControl(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r)
}

// oneLine makes text safe for one terminal line: control characters
// dropped, line breaks and tabs folded into spaces.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\t", " ").Replace(termSafe(strings.ReplaceAll(s, "\r", " ")))
}

// oneLines applies oneLine to each string.
func oneLines(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = oneLine(s)
	}
	return out
}

// lipglossColor names an ANSI colour.
func lipglossColor(c string) lipgloss.Color { return lipgloss.Color(c) }
