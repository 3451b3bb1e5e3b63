package ingest

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
)

// Factiva plain-text exports ("Article format" saved as text) put a fixed
// sequence of header lines around an anchor line "N words":
//
//	[Section; CODE]
//	Headline
//
//	[Byline, possibly over several lines]
//	1,382 words
//	23 October 2017
//	[15:04 GMT]
//	The New York Times
//	[NYTF]
//	[Late Edition - Final]
//	[A12]
//	English
//	[Copyright ...]
//
//	Body paragraphs separated by blank lines ...
//
//	Document NYTF000020171023edan00046
//
// The parser cuts the input at "Document" lines, finds the anchor in each
// piece and reads the fields around it.

var (
	factivaWords    = regexp.MustCompile(`(?i)^(\d[\d,.]*) ?(?:words|mots|wörter|palabras|parole|woorden|palavras|ord|字|語|단어)$`)
	factivaDocument = regexp.MustCompile(`^Document\s+([A-Za-z0-9]{10,})$`)
	factivaCode     = regexp.MustCompile(`^[A-Z0-9]{1,12}$`)
	factivaPage     = regexp.MustCompile(`^[A-Z]{0,2}\d+[A-Z]?$`)
	factivaTime     = regexp.MustCompile(`(?i)^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?(?:\s*(?:gmt|utc|z))?$`)
	copyrightLine   = regexp.MustCompile(`(?i)^(?:copyright\b|\(c\)|©)`)
	sectionCode     = regexp.MustCompile(`^(.*\S)\s*;\s*([A-Z0-9]{2,10})$`)
	languageWord    = regexp.MustCompile(`^\p{L}[\p{L}\p{M}-]{1,24}$`)
)

// factivaDateLayouts are the date forms Factiva's English interface writes.
var factivaDateLayouts = [...]string{
	"2 January 2006", "January 2, 2006", "2 Jan 2006", "Jan 2, 2006", "January 2 2006", "2006-01-02",
}

// maxArticleBytes bounds the text kept for one article, so that a file with
// no Document lines cannot exhaust memory.
const maxArticleBytes = 64 << 20

// srcLine is a line of input with its 1-based line number.
type srcLine struct {
	text string
	n    int
}

func (l srcLine) blank() bool { return strings.TrimSpace(l.text) == "" }

// factivaParser holds the state of one parse of one input.
type factivaParser struct {
	name    string
	ordinal int // ordinal of the last article seen
	yield   func(*article.Article, error) bool
}

// parseFactiva reads every article of a Factiva plain-text export from r and
// passes it, or a *ParseError for an article it skips, to yield.
func parseFactiva(r io.Reader, name string, maxLine int, yield func(*article.Article, error) bool) {
	p := &factivaParser{name: name, yield: yield}
	lr := newLineReader(r, maxLine)
	var (
		block    []srcLine
		size     int
		blockErr *ParseError // set when the article being gathered is already known to be bad
	)
	for {
		text, n, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			yield(nil, &ParseError{File: name, Line: n, Reason: "read: " + err.Error(), Err: err})
			return
		}
		text = strings.TrimRightFunc(text, unicode.IsSpace)
		if len(block) == 0 && blockErr == nil {
			if text == "" && err == nil {
				continue
			}
			// Factiva appends a summary of the search after the last article.
			if strings.HasPrefix(strings.TrimSpace(text), "Search Summary") {
				return
			}
		}
		if err != nil || size > maxArticleBytes {
			if blockErr == nil {
				reason := "article longer than " + byteSize(maxArticleBytes)
				if err != nil {
					reason = err.Error()
				}
				line := n
				if len(block) > 0 {
					line = block[0].n
				}
				blockErr = &ParseError{File: name, Line: line, Reason: reason, Err: err}
			}
			block, size = block[:0], 0
		}
		if blockErr == nil {
			block = append(block, srcLine{text, n})
			size += len(text)
		}
		if factivaDocument.MatchString(strings.TrimSpace(text)) {
			var ok bool
			if blockErr != nil {
				p.ordinal++
				blockErr.Article = p.ordinal
				ok = yield(nil, blockErr)
			} else {
				ok = p.flush(block, true)
			}
			if !ok {
				return
			}
			block, size, blockErr = nil, 0, nil
		}
	}
	if blockErr != nil {
		p.ordinal++
		blockErr.Article = p.ordinal
		yield(nil, blockErr)
		return
	}
	if len(block) > 0 {
		p.flush(block, false)
	}
}

// flush parses the lines of one or more articles ending with the Document
// line (closed) or with the end of input, and yields the results. It returns
// false when yield asks to stop.
func (p *factivaParser) flush(block []srcLine, closed bool) bool {
	content := block
	if closed {
		content = block[:len(block)-1]
	}
	// Several anchors mean Document lines are missing in between: report
	// each unterminated article rather than merging it into the next one.
	starts := articleStarts(content)
	for i, start := range starts {
		p.ordinal++
		end := len(content)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		last := i == len(starts)-1
		seg := content[start:end]
		if last && closed {
			a, err := p.parseArticle(seg, block[len(block)-1])
			if err != nil {
				return p.yield(nil, err)
			}
			return p.yield(a, nil)
		}
		// Parse anyway: a bad header explains more than a missing Document line.
		_, err := p.parseArticle(seg, srcLine{})
		if err == nil {
			err = p.errorf(seg[0].n, "article has no closing Document line")
		}
		if !p.yield(nil, err) {
			return false
		}
	}
	return true
}

// articleStarts returns the offsets in content where articles begin: 0, and
// the start of the header of every further "N words" anchor.
func articleStarts(content []srcLine) []int {
	starts := []int{0}
	prev := -1 // previous anchor
	for i := 0; i+1 < len(content); i++ {
		if !isAnchor(content, i) {
			continue
		}
		if prev >= 0 {
			// The next header cannot begin before the previous date line.
			if s := headerStart(content, i, prev+2); s > starts[len(starts)-1] {
				starts = append(starts, s)
			}
		}
		prev = i
	}
	return starts
}

// isAnchor reports whether content[i] is a words line followed by a date.
func isAnchor(content []srcLine, i int) bool {
	if i+1 >= len(content) || !factivaWords.MatchString(strings.TrimSpace(content[i].text)) {
		return false
	}
	_, err := parseFactivaDate(content[i+1].text)
	return err == nil
}

// headerStart walks back from the anchor at w over the byline group and the
// headline group to the first line of the article, not going below lo.
func headerStart(content []srcLine, w, lo int) int {
	i := w - 1
	if i >= lo && !content[i].blank() { // byline group
		for i >= lo && !content[i].blank() {
			i--
		}
	}
	for i >= lo && content[i].blank() {
		i--
	}
	for i >= lo && !content[i].blank() { // section and headline
		i--
	}
	return i + 1
}

func (p *factivaParser) errorf(line int, format string, args ...any) *ParseError {
	return &ParseError{File: p.name, Line: line, Article: p.ordinal, Reason: fmt.Sprintf(format, args...)}
}

// parseArticle reads one article from its lines, without the Document line
// doc (doc.text is empty when the article has none).
func (p *factivaParser) parseArticle(seg []srcLine, doc srcLine) (*article.Article, *ParseError) {
	for len(seg) > 0 && seg[0].blank() {
		seg = seg[1:]
	}
	start := doc.n
	if len(seg) > 0 {
		start = seg[0].n
	}
	w := -1
	for i := range seg {
		if isAnchor(seg, i) {
			w = i
			break
		}
	}
	if w < 0 {
		return nil, p.diagnose(seg, start)
	}
	a := &article.Article{Origin: article.Origin{File: p.name, Ordinal: p.ordinal, Line: start}}

	// Before the anchor: [section] headline, blank, [byline].
	groups := lineGroups(seg[:w])
	if len(groups) == 0 {
		return nil, p.errorf(start, "no headline before %q", strings.TrimSpace(seg[w].text))
	}
	head, bylines := groups[0], groups[1:]
	if len(groups) == 1 && len(head) >= 2 && bylineBy.MatchString(strings.TrimSpace(head[len(head)-1].text)) {
		head, bylines = head[:len(head)-1], [][]srcLine{head[len(head)-1:]}
	}
	if len(head) >= 2 {
		a.Section = collapseSpace(head[0].text)
		if m := sectionCode.FindStringSubmatch(a.Section); m != nil {
			a.Section = m[1]
			a.Extra = map[string]any{"section_code": m[2]}
		}
		head = head[1:]
	}
	a.Headline = collapseSpace(joinLines(head))
	if a.Headline == "" {
		return nil, p.errorf(start, "no headline")
	}
	var by []string
	for _, g := range bylines {
		by = append(by, joinLines(g))
	}
	a.Byline = collapseSpace(strings.Join(by, " "))
	a.Authors = BylineAuthors(a.Byline)

	// The anchor, the date and an optional time of day.
	wc, err := strconv.Atoi(strings.NewReplacer(",", "", ".", "").Replace(factivaWords.FindStringSubmatch(strings.TrimSpace(seg[w].text))[1]))
	if err != nil {
		return nil, p.errorf(seg[w].n, "bad word count %q", strings.TrimSpace(seg[w].text))
	}
	a.WordCount = wc
	a.Date, _ = parseFactivaDate(seg[w+1].text) // isAnchor checked it
	i := w + 2
	if i < len(seg) {
		if d, ok := foldTime(a.Date, seg[i].text); ok {
			a.Date = d
			i++
		}
	}

	// Source, [code], [edition], [page], language, [copyright], up to a blank line.
	var hdr []string
	for ; i < len(seg) && !seg[i].blank(); i++ {
		hdr = append(hdr, strings.TrimSpace(seg[i].text))
	}
	if len(hdr) == 0 {
		return nil, p.errorf(seg[w+1].n+1, "no source name after the date")
	}
	a.Source, hdr = hdr[0], hdr[1:]
	c := len(hdr)
	for j, l := range hdr {
		if copyrightLine.MatchString(l) {
			c = j
			break
		}
	}
	if c == len(hdr) && c > 0 && !looksLikeLanguage(hdr[c-1]) {
		// A rights line that does not start like one ("Quelle: …, All
		// rights reserved", "www.example.com Copyright …"): it follows the
		// language line, which a known language name marks.
		for j := c - 1; j >= 0; j-- {
			if KnownLanguage(hdr[j]) && !factivaCode.MatchString(hdr[j]) {
				c = j + 1
				break
			}
		}
	}
	a.Copyright = collapseSpace(strings.Join(hdr[c:], " "))
	mid := hdr[:c]
	if n := len(mid); n > 0 && looksLikeLanguage(mid[n-1]) {
		a.Language = mid[n-1]
		mid = mid[:n-1]
	}
	if len(mid) > 0 && factivaCode.MatchString(mid[0]) && (!factivaPage.MatchString(mid[0]) || len(mid) >= 3) {
		a.SourceCode, mid = mid[0], mid[1:]
	}
	switch n := len(mid); {
	case n == 0:
	case n == 1 && factivaPage.MatchString(mid[0]):
		a.Page = mid[0]
	case n >= 2 && factivaPage.MatchString(mid[n-1]):
		a.Edition, a.Page = strings.Join(mid[:n-1], " "), mid[n-1]
	default:
		a.Edition = strings.Join(mid, " ")
	}

	a.Body = paragraphs(seg[i:])
	if m := factivaDocument.FindStringSubmatch(strings.TrimSpace(doc.text)); m != nil {
		a.ID = m[1]
	}
	return a, nil
}

// diagnose explains why seg has no anchor.
func (p *factivaParser) diagnose(seg []srcLine, start int) *ParseError {
	for i, l := range seg {
		if !factivaWords.MatchString(strings.TrimSpace(l.text)) {
			continue
		}
		if i+1 >= len(seg) || seg[i+1].blank() {
			return p.errorf(l.n, "no date after %q", strings.TrimSpace(l.text))
		}
		return p.errorf(seg[i+1].n, "unparseable date %q", strings.TrimSpace(seg[i+1].text))
	}
	if len(seg) == 0 {
		return p.errorf(start, "empty article")
	}
	return p.errorf(start, `no word count line ("N words")`)
}

// parseFactivaDate parses a date line such as "23 October 2017" as UTC.
func parseFactivaDate(s string) (time.Time, error) {
	s = collapseSpace(s)
	var err error
	for _, layout := range factivaDateLayouts {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	// Other interface languages ("9 Januar 1993", "2018 年 10 月 7 日 17:04").
	if t, _, perr := ParseDateText(s); perr == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("unparseable date %q: %w", s, err)
}

// foldTime adds the time of day on line s ("15:04", "3:04 PM GMT") to date.
func foldTime(date time.Time, s string) (time.Time, bool) {
	m := factivaTime.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return date, false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(m[3]) // "" gives 0
	if m[4] != "" && (h < 1 || h > 12) {
		return date, false // not a 12-hour clock time
	}
	switch strings.ToLower(m[4]) {
	case "a":
		if h == 12 {
			h = 0
		}
	case "p":
		if h < 12 {
			h += 12
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return date, false
	}
	return date.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second), true
}

// looksLikeLanguage reports whether a header line is the language line: a
// known language name, or a single word that is not a source code.
func looksLikeLanguage(s string) bool {
	if KnownLanguage(s) {
		return true
	}
	return languageWord.MatchString(s) && !factivaCode.MatchString(s)
}

// lineGroups splits lines into runs of non-blank lines.
func lineGroups(lines []srcLine) [][]srcLine {
	var groups [][]srcLine
	var cur []srcLine
	for _, l := range lines {
		if l.blank() {
			if cur != nil {
				groups, cur = append(groups, cur), nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if cur != nil {
		groups = append(groups, cur)
	}
	return groups
}

// paragraphs joins each run of non-blank lines into one paragraph, as
// exports wrap long paragraphs over several lines.
func paragraphs(lines []srcLine) []string {
	var out []string
	for _, g := range lineGroups(lines) {
		out = append(out, joinLines(g))
	}
	return out
}

// joinLines joins the trimmed lines with single spaces.
func joinLines(lines []srcLine) string {
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// collapseSpace trims s and replaces every run of white space by one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
