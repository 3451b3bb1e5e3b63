package query

import (
	"cmp"
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsdesk/newsdesk/internal/wordpos"
)

// Span marks a match in a Fragment's text, as byte offsets [Start, End).
type Span struct{ Start, End int }

// Fragment is a piece of article text with its matches marked. The CLI and
// the JSON form render the same fragments differently.
type Fragment struct {
	Text  string
	Marks []Span
	// Clipped ends: the text continues before or after the fragment.
	Before, After bool
}

// HTML renders the fragment HTML-escaped, with <mark> around matches and an
// ellipsis where text was cut.
func (f Fragment) HTML() string {
	return f.Render(html.EscapeString, func(s string) string { return "<mark>" + html.EscapeString(s) + "</mark>" })
}

// Render renders the fragment with plain text passed through text and
// matches through mark, adding "…" where the text was cut.
func (f Fragment) Render(text, mark func(string) string) string {
	var b strings.Builder
	if f.Before {
		b.WriteString("…")
	}
	at := 0
	for _, m := range f.Marks {
		b.WriteString(text(f.Text[at:m.Start]))
		b.WriteString(mark(f.Text[m.Start:m.End]))
		at = m.End
	}
	b.WriteString(text(f.Text[at:]))
	if f.After {
		b.WriteString("…")
	}
	return b.String()
}

// matchSpans collects the byte ranges of field's matches in text from a
// hit's term locations, sorted and merged. A location without byte offsets
// (the text fields of an index made since they were left out of the term
// vectors) is found by its position: the word bleve's unicode tokenizer,
// which indexed text, numbers so (package wordpos finds it several times
// faster than tokenising text again, which matters as every search shows
// a page of snippets).
func (s *Searcher) matchSpans(locs search.FieldTermLocationMap, field, text string) []Span {
	var spans []Span
	var positions []int
	for _, ls := range locs[field] {
		for _, l := range ls {
			start, end := int(l.Start), int(l.End)
			if end <= start && l.Pos > 0 {
				positions = append(positions, int(l.Pos))
				continue
			}
			if end <= len(text) && start < end {
				spans = append(spans, Span{start, end})
			}
		}
	}
	if len(positions) > 0 && s.unicodeWords {
		slices.Sort(positions)
		positions = slices.Compact(positions)
		for _, w := range wordpos.Locate(text, positions) {
			if 0 <= w.Start && w.Start < w.End && w.End <= len(text) {
				spans = append(spans, Span{w.Start, w.End})
			}
		}
	}
	// Spans of equal start merge into one whatever their order.
	slices.SortFunc(spans, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			if s.End > out[n-1].End {
				out[n-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// whole marks the matches of a short field (a headline) without cutting it.
func whole(text string, spans []Span) Fragment {
	return Fragment{Text: text, Marks: spans}
}

// snippets picks up to n fragments of about size bytes from text, each
// centred on a cluster of matches, preferring fragments with more distinct
// matched words. Fragments do not cross paragraphs and start and end on
// word boundaries. With no matches, it returns the lead of the text.
func snippets(text string, spans []Span, n, size int) []Fragment {
	if text == "" || n <= 0 {
		return nil
	}
	if len(spans) == 0 {
		pStart, pEnd := paragraphAround(text, 0)
		start, end := cut(text, pStart, pEnd, pStart, size)
		return []Fragment{{Text: text[start:end], After: end < pEnd}}
	}
	type candidate struct {
		start, end int // fragment bounds
		marks      []Span
		score      int
	}
	var cands []candidate
	for _, s := range spans {
		pStart, pEnd := paragraphAround(text, s.Start)
		// Start a third of the way back so the match has some lead-in.
		from := max(pStart, s.Start-size/3)
		start, end := cut(text, pStart, pEnd, from, size)
		if start > s.Start { // a word longer than the lead-in: start at the match
			start = s.Start
		}
		end = max(end, s.End)
		// The distinct words matched, compared in lower case; a fragment
		// has a handful, so a list serves better than a map.
		var distinct []string
		var marks []Span
		for _, t := range spans {
			if t.Start >= end {
				break
			}
			if t.Start >= start && t.End <= end {
				marks = append(marks, t)
				if w := strings.ToLower(text[t.Start:t.End]); !slices.Contains(distinct, w) {
					distinct = append(distinct, w)
				}
			}
		}
		cands = append(cands, candidate{start, end, marks, len(distinct)*10 + len(marks)})
	}
	// Greedy choice: best score first (earlier on ties), no overlaps.
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cands[order[a]].score > cands[order[b]].score })
	var chosen []candidate
	for _, i := range order {
		c := cands[i]
		overlaps := false
		for _, o := range chosen {
			if c.start < o.end && o.start < c.end {
				overlaps = true
				break
			}
		}
		if !overlaps {
			chosen = append(chosen, c)
			if len(chosen) == n {
				break
			}
		}
	}
	sort.Slice(chosen, func(a, b int) bool { return chosen[a].start < chosen[b].start })
	out := make([]Fragment, len(chosen))
	for i, c := range chosen {
		f := Fragment{Text: text[c.start:c.end]}
		pStart, pEnd := paragraphAround(text, c.start)
		f.Before = c.start > pStart
		f.After = c.end < pEnd
		for _, m := range c.marks {
			f.Marks = append(f.Marks, Span{m.Start - c.start, m.End - c.start})
		}
		out[i] = f
	}
	return out
}

// paragraphAround returns the bounds of the paragraph holding byte at.
func paragraphAround(text string, at int) (int, int) {
	start := strings.LastIndex(text[:at], "\n\n")
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	end := strings.Index(text[at:], "\n\n")
	if end < 0 {
		end = len(text)
	} else {
		end += at
	}
	return start, end
}

// maxSeek bounds how far cut looks for a word boundary: text without
// spaces (Chinese, Japanese) has none, and is cut between characters.
const maxSeek = 32

// cut returns the bounds of about size bytes of text[pStart:pEnd] starting
// near from, moved to word boundaries where there are any nearby.
func cut(text string, pStart, pEnd, from, size int) (int, int) {
	start := from
	if start > pStart {
		if s, ok := seek(text, start, min(pEnd, start+maxSeek), isWordStart); ok {
			start = s
		} else {
			start = runeStart(text, start, pEnd)
		}
	}
	end := min(pEnd, start+size)
	if end < pEnd {
		// Prefer ending on a word end before the limit, keeping at least
		// half the size; then one shortly after; else between characters.
		if e, ok := seek(text, end, start+size/2, isWordEnd); ok && e > start+size/2 {
			end = e
		} else if e, ok := seek(text, end, min(pEnd, end+maxSeek), isWordEnd); ok {
			end = e
		} else {
			for end > start && !utf8.RuneStart(text[end]) {
				end--
			}
		}
	}
	return start, start + len(strings.TrimRightFunc(text[start:end], unicode.IsSpace))
}

// seek moves from i towards limit (forwards or backwards) a rune at a time
// until at(text, i) holds, reporting whether it found such a place.
func seek(text string, i, limit int, at func(string, int) bool) (int, bool) {
	for !at(text, i) {
		if i == limit {
			return i, false
		}
		if limit > i {
			_, w := utf8.DecodeRuneInString(text[i:])
			i = min(i+w, limit)
		} else {
			_, w := utf8.DecodeLastRuneInString(text[:i])
			i = max(i-w, limit)
		}
	}
	return i, true
}

// runeStart moves i forward to the start of a character.
func runeStart(text string, i, limit int) int {
	for i < limit && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// isWordStart reports whether a word begins at byte i of text.
func isWordStart(text string, i int) bool {
	prevSpace, nextSpace, inside := spaceAround(text, i)
	return !inside || (prevSpace && !nextSpace)
}

// isWordEnd reports whether a word ends at byte i of text.
func isWordEnd(text string, i int) bool {
	prevSpace, nextSpace, inside := spaceAround(text, i)
	return !inside || (!prevSpace && nextSpace)
}

// spaceAround reports whether the characters before and after byte i are
// spaces; inside is false at either end of text.
func spaceAround(text string, i int) (prevSpace, nextSpace, inside bool) {
	if i <= 0 || i >= len(text) {
		return false, false, false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	next, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(prev), unicode.IsSpace(next), true
}
