package ingest

import (
	"errors"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/article"
)

// Reuters-21578 (the research collection of 1987 Reuters newswires) comes
// as SGML files of 1,000 articles each:
//
//	<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
//	<DATE>26-FEB-1987 15:01:01.79</DATE>
//	<TOPICS><D>cocoa</D></TOPICS>
//	<PLACES><D>el-salvador</D><D>usa</D></PLACES>
//	<PEOPLE></PEOPLE> <ORGS></ORGS> <EXCHANGES></EXCHANGES> <COMPANIES></COMPANIES>
//	<UNKNOWN>...</UNKNOWN>
//	<TEXT>&#2;
//	<TITLE>BAHIA COCOA REVIEW</TITLE>
//	<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued ...
//	    The dry period means ...
//	 Reuter
//	&#3;</BODY></TEXT>
//	</REUTERS>
//
// <TEXT TYPE="BRIEF"> articles have a title only; <TEXT TYPE="UNPROC"> ones
// have untagged text. The markup is regular (one element per line at the
// top, no nesting beyond <D>), so it is read with string searches rather
// than an SGML parser: encoding/xml rejects the SGML DOCTYPE and the
// control-character entities (&#2;, &#5;) the files use.

var (
	reutersAttr = regexp.MustCompile(`([A-Z]+)="([^"]*)"`)
	reutersDate = regexp.MustCompile(`(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?)?`)
	// reutersPara matches a paragraph break: a line break followed by an
	// indented line (the wire indents new paragraphs and table rows).
	reutersPara   = regexp.MustCompile(`\n[ \t]+`)
	reutersSignal = regexp.MustCompile(`(?i)^reuter$`)
)

// parseReuters reads every <REUTERS> element of r and yields its article,
// or a *ParseError for one it cannot read.
func parseReuters(r io.Reader, name string, yield func(*article.Article, error) bool) {
	lr := newLineReader(r, 0)
	var (
		b       strings.Builder
		start   int // line of the open tag; 0 outside an article
		ordinal int
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
		if start == 0 {
			i := strings.Index(text, "<REUTERS")
			if i < 0 {
				continue
			}
			start, text = n, text[i:]
			b.Reset()
		}
		b.WriteString(text)
		b.WriteByte('\n')
		if strings.Contains(text, "</REUTERS>") {
			ordinal++
			if !yieldArticle(yield)(readReuters(b.String(), name, ordinal, start)) {
				return
			}
			start = 0
		} else if b.Len() > maxArticleBytes {
			ordinal++
			if !yield(nil, &ParseError{File: name, Line: start, Article: ordinal, Reason: "article longer than " + byteSize(maxArticleBytes)}) {
				return
			}
			start = 0
		}
	}
	if start != 0 {
		ordinal++
		yield(nil, &ParseError{File: name, Line: start, Article: ordinal, Reason: "<REUTERS> is not closed"})
	}
}

// readReuters reads one <REUTERS>...</REUTERS> element.
func readReuters(doc, name string, ordinal, line int) (*article.Article, *ParseError) {
	fail := func(reason string) *ParseError {
		return &ParseError{File: name, Line: line, Article: ordinal, Reason: reason}
	}
	open := doc[:strings.IndexByte(doc, '>')+1]
	attrs := map[string]string{}
	for _, m := range reutersAttr.FindAllStringSubmatch(open, -1) {
		attrs[m[1]] = m[2]
	}
	a := &article.Article{
		Source:   "Reuters",
		Language: "en",
		Origin:   article.Origin{File: name, Ordinal: ordinal, Line: line},
	}
	if id := attrs["NEWID"]; id != "" {
		a.ID = "REUT" + id
	}
	extra := map[string]any{}
	for attr, key := range map[string]string{"TOPICS": "has_topics", "LEWISSPLIT": "lewis_split", "CGISPLIT": "cgi_split", "OLDID": "old_id", "NEWID": "new_id"} {
		if v := attrs[attr]; v != "" {
			extra[key] = v
		}
	}
	if d, ok := sgmlElement(doc, "DATE"); ok {
		t, err := parseReutersDate(d)
		if err != nil {
			return nil, fail(err.Error())
		}
		a.Date = t
	}
	a.Subjects = sgmlList(doc, "TOPICS")
	a.Regions = sgmlList(doc, "PLACES")
	a.People = sgmlList(doc, "PEOPLE")
	a.Organizations = sgmlList(doc, "ORGS")
	a.Companies = sgmlList(doc, "COMPANIES")
	if ex := sgmlList(doc, "EXCHANGES"); len(ex) > 0 {
		extra["exchanges"] = ex
	}

	text, _ := sgmlElement(doc, "TEXT")
	if t, ok := sgmlElement(text, "TITLE"); ok {
		a.Headline = collapseSpace(sgmlText(t))
	}
	if d, ok := sgmlElement(text, "DATELINE"); ok {
		if d = strings.TrimSuffix(collapseSpace(sgmlText(d)), " -"); d != "" {
			extra["dateline"] = d
		}
	}
	if by, ok := sgmlElement(text, "AUTHOR"); ok {
		a.Byline = collapseSpace(sgmlText(by))
		a.Authors = BylineAuthors(a.Byline)
	}
	switch body, ok := sgmlElement(text, "BODY"); {
	case ok:
		a.Body = reutersParagraphs(sgmlText(body))
	case strings.Contains(open, `TYPE="UNPROC"`) || strings.Contains(doc, `<TEXT TYPE="UNPROC">`):
		// Untagged text: the first line is the headline.
		paras := reutersParagraphs(sgmlText(text))
		if len(paras) > 0 && a.Headline == "" {
			first := paras[0]
			if i := strings.IndexByte(first, '\n'); i > 0 {
				a.Headline, paras[0] = collapseSpace(first[:i]), strings.TrimSpace(first[i+1:])
			} else {
				a.Headline, paras = collapseSpace(first), paras[1:]
			}
		}
		a.Body = cleanParagraphs(paras)
	}
	if a.Headline == "" && len(a.Body) == 0 {
		return nil, fail("article has neither a <TITLE> nor a <BODY>")
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	a.WordCount = CountWords(a.Body)
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	return a, nil
}

// reutersParagraphs splits wire text into paragraphs at indented lines,
// joins the lines of each and drops the closing "Reuter" signature.
func reutersParagraphs(s string) []string {
	parts := reutersPara.Split(strings.TrimSpace(s), -1)
	var out []string
	for _, p := range parts {
		if p = collapseSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if n := len(out); n > 0 && reutersSignal.MatchString(out[n-1]) {
		out = out[:n-1]
	}
	return out
}

// cleanParagraphs collapses the space inside each paragraph and drops empty ones.
func cleanParagraphs(ps []string) []string {
	var out []string
	for _, p := range ps {
		if p = collapseSpace(p); p != "" && !reutersSignal.MatchString(p) {
			out = append(out, p)
		}
	}
	return out
}

// sgmlElement returns the content of the first <tag ...>...</tag> in s.
func sgmlElement(s, tag string) (string, bool) {
	i := strings.Index(s, "<"+tag)
	for i >= 0 {
		rest := s[i+1+len(tag):]
		if rest != "" && (rest[0] == '>' || rest[0] == ' ') {
			break
		}
		j := strings.Index(rest, "<"+tag)
		if j < 0 {
			return "", false
		}
		i += 1 + len(tag) + j
	}
	if i < 0 {
		return "", false
	}
	gt := strings.IndexByte(s[i:], '>')
	if gt < 0 {
		return "", false
	}
	body := s[i+gt+1:]
	end := strings.Index(body, "</"+tag+">")
	if end < 0 {
		return body, true // unclosed: up to the end
	}
	return body[:end], true
}

// sgmlList returns the <D> values of a category element such as <TOPICS>.
func sgmlList(s, tag string) []string {
	c, ok := sgmlElement(s, tag)
	if !ok {
		return nil
	}
	var out []string
	for {
		v, ok := sgmlElement(c, "D")
		if !ok {
			return out
		}
		if v = collapseSpace(sgmlText(v)); v != "" {
			out = append(out, v)
		}
		c = c[strings.Index(c, "</D>")+len("</D>"):]
		if !strings.Contains(c, "<D>") {
			return out
		}
	}
}

// sgmlText decodes character references and drops the control characters
// (&#2;, &#3;, &#5; ...) the wire used as markers.
func sgmlText(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return article.CleanText(s)
}

// parseReutersDate parses "26-FEB-1987 15:01:01.79" (UTC), ignoring the
// control-character debris some lines carry after the time.
func parseReutersDate(s string) (time.Time, error) {
	m := reutersDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, &dateError{s}
	}
	mon, ok := monthNumber(m[2])
	if !ok {
		return time.Time{}, &dateError{s}
	}
	day, _ := strconv.Atoi(m[1])
	year, _ := strconv.Atoi(m[3])
	var h, mi, sec, ms int
	if m[4] != "" {
		h, _ = strconv.Atoi(m[4])
		mi, _ = strconv.Atoi(m[5])
		sec, _ = strconv.Atoi(m[6])
		if m[7] != "" {
			frac := (m[7] + "00")[:3]
			ms, _ = strconv.Atoi(frac)
		}
	}
	t := time.Date(year, mon, day, h, mi, sec, ms*int(time.Millisecond), time.UTC)
	if t.Day() != day || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, &dateError{s}
	}
	return t, nil
}

// dateError reports a date no layout reads.
type dateError struct{ s string }

func (e *dateError) Error() string {
	return "unparseable date " + strconv.Quote(strings.TrimSpace(e.s))
}
