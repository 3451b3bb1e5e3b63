package ingest

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// Factiva's "Full Article/Report plus Indexing" text export tags every
// field with a two- or three-letter code and a tab:
//
//	 SE	Tech
//	 HD	Apple's Cash Hoard Set to Top $250 Billion
//	 BY	By Jane Doe
//	 WC	918 words
//	 PD	1 May 2017
//	 ET	03:23
//	 SN	The Wall Street Journal Online
//	 SC	WSJO
//	 LA	English
//	 CY	Copyright 2017 Dow Jones & Company, Inc.
//	 LP	Lead paragraph ...
//
//	Second paragraph ...
//	 TD	Text ...
//	 CO	applc : Apple Inc. | prgml : The Procter & Gamble Company
//	 IN	i3302 : Computers/Consumer Electronics
//	 NS	c151 : Earnings
//	 RE	usa : United States
//	 AN	Document WSJO000020170430ed4u001gt
//
// Lines without a code continue the field above; blank lines separate
// paragraphs of LP and TD. AN closes the article; so does a further HD
// (or SE) when an export lacks the AN line.

var codedLine = regexp.MustCompile(`^\s*([A-Z]{2,3})\t(.*)$`)

// codedFields are the codes read as fields; other tagged lines are only
// taken as codes when they look like one of Factiva's (all capitals).
var codedFields = map[string]bool{
	"HD": true, "CR": true, "WC": true, "PD": true, "ET": true, "SN": true, "SC": true,
	"ED": true, "PG": true, "LA": true, "CY": true, "LP": true, "TD": true, "CO": true,
	"IN": true, "NS": true, "RE": true, "IPC": true, "IPD": true, "PUB": true, "AN": true,
	"SE": true, "BY": true, "RF": true, "CX": true, "CT": true, "ART": true, "VOL": true,
	"NGC": true, "DE": true, "HLP": true, "CLM": true, "RST": true, "FDS": true,
}

// codedField is one field of an article, with its text lines.
type codedField struct {
	code  string
	line  int
	lines []string // "" marks a paragraph break
}

func (f *codedField) text() string { return collapseSpace(strings.Join(f.lines, " ")) }

// parseFactivaCoded reads a field-coded Factiva export.
func parseFactivaCoded(r io.Reader, name string, yield func(*article.Article, error) bool) {
	lr := newLineReader(r, 0)
	var (
		fields  []*codedField
		ordinal int
		size    int         // bytes of the article being gathered
		over    *ParseError // set while skipping an article longer than maxArticleBytes
	)
	flush := func() bool {
		if len(fields) == 0 {
			return true
		}
		ordinal++
		a, err := readCoded(fields, name, ordinal)
		fields, size = nil, 0
		if err != nil {
			return yield(nil, err)
		}
		return yield(a, nil)
	}
	for {
		text, n, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			yield(nil, &ParseError{File: name, Line: n, Reason: "read: " + err.Error(), Err: err})
			return
		}
		m := codedLine.FindStringSubmatch(text)
		if m == nil || !codedFields[m[1]] {
			m = nil
		}
		if over == nil && (m != nil || len(fields) > 0) { // the cover before the first field is not kept
			if size += len(text); size > maxArticleBytes {
				over = &ParseError{File: name, Line: n, Reason: "article longer than " + byteSize(maxArticleBytes)}
				if len(fields) > 0 {
					over.Line = fields[0].line
				}
				fields, size = nil, 0
			}
		}
		if over != nil {
			// Skip to the end of the article that is too long.
			if m != nil && m[1] == "AN" {
				ordinal++
				over.Article = ordinal
				if !yield(nil, over) {
					return
				}
				over = nil
			}
			continue
		}
		if m != nil {
			// A headline (or the section before it) after a headline starts
			// the next article even without the AN line between them, which
			// would otherwise merge the two into one.
			if (m[1] == "HD" || m[1] == "SE") && hasCode(fields, "HD") && !flush() {
				return
			}
			fields = append(fields, &codedField{code: m[1], line: n, lines: []string{strings.TrimSpace(m[2])}})
			if m[1] == "AN" && !flush() {
				return
			}
			continue
		}
		if len(fields) == 0 {
			continue // text before the first field: the export's cover
		}
		last := fields[len(fields)-1]
		if t := strings.TrimSpace(text); t == "" {
			last.lines = append(last.lines, "")
		} else {
			last.lines = append(last.lines, t)
		}
	}
	if over != nil {
		ordinal++
		over.Article = ordinal
		yield(nil, over)
		return
	}
	// An article without AN at the end of the file is still read.
	flush()
}

// hasCode reports whether one of fields has the code.
func hasCode(fields []*codedField, code string) bool {
	for _, f := range fields {
		if f.code == code {
			return true
		}
	}
	return false
}

// readCoded builds an article from its fields.
func readCoded(fields []*codedField, name string, ordinal int) (*article.Article, *ParseError) {
	a := &article.Article{Origin: article.Origin{File: name, Ordinal: ordinal, Line: fields[0].line}}
	fail := func(line int, reason string) *ParseError {
		return &ParseError{File: name, Line: line, Article: ordinal, Reason: reason}
	}
	extra := map[string]any{}
	names := map[string]string{}
	var clock *codedField
	for _, f := range fields {
		v := f.text()
		switch f.code {
		case "HD":
			a.Headline = v
		case "SE":
			a.Section = v
		case "BY":
			a.Byline = v
		case "WC":
			m := factivaWords.FindStringSubmatch(v)
			if m == nil {
				return nil, fail(f.line, "bad word count "+strconv.Quote(v))
			}
			a.WordCount, _ = strconv.Atoi(strings.NewReplacer(",", "", ".", "").Replace(m[1]))
		case "PD":
			t, lang, err := ParseDateText(v)
			if err != nil {
				return nil, fail(f.line, err.Error())
			}
			a.Date = t
			if lang != "" {
				extra["date_language"] = lang
			}
		case "ET":
			clock = f
		case "SN":
			a.Source = v
		case "SC":
			a.SourceCode = v
		case "ED":
			a.Edition = v
		case "PG":
			a.Page = v
		case "LA":
			a.Language = v
		case "CY":
			a.Copyright = v
		case "LP", "TD":
			a.Body = append(a.Body, codedParagraphs(f.lines)...)
		case "CO":
			a.Companies = codeList(v, names)
		case "IN":
			a.Industries = codeList(v, names)
		case "NS":
			a.Subjects = codeList(v, names)
		case "RE":
			a.Regions = codeList(v, names)
		case "AN":
			a.ID = strings.TrimSpace(strings.TrimPrefix(v, "Document "))
		case "CR":
			extra["credit"] = v
		case "PUB":
			extra["publisher"] = v
		default:
			if v != "" {
				extra[strings.ToLower(f.code)] = v
			}
		}
	}
	if clock != nil && !a.Date.IsZero() {
		d, ok := foldTime(a.Date, clock.text())
		if !ok {
			return nil, fail(clock.line, "bad time of day "+strconv.Quote(clock.text()))
		}
		a.Date = d
	}
	if a.Headline == "" && len(a.Body) == 0 {
		return nil, fail(fields[0].line, "article has neither HD nor LP/TD")
	}
	a.Authors = BylineAuthors(a.Byline)
	if len(names) > 0 {
		extra["code_names"] = names
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	if a.WordCount == 0 {
		a.WordCount = CountWords(a.Body)
	}
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	return a, nil
}

// codedParagraphs joins the lines of an LP or TD field into paragraphs.
func codedParagraphs(lines []string) []string {
	var out []string
	var cur []string
	for _, l := range append(lines, "") {
		if l == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	return out
}

// codeList reads "code : Name | code : Name" into the codes, recording each
// name in names. Entries without " : " are kept whole.
func codeList(v string, names map[string]string) []string {
	var out []string
	for _, part := range strings.Split(v, "|") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if code, name, ok := strings.Cut(part, " : "); ok {
			code, name = strings.TrimSpace(code), strings.TrimSpace(name)
			out = append(out, code)
			if name != "" {
				names[code] = name
			}
			continue
		}
		out = append(out, part)
	}
	return out
}
