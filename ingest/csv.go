package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/article"
)

// CSV files have a header row naming the columns. Columns are mapped to
// Article fields by name: a field's name or one of its InputAliases in the
// article schema (article.Fields), in any case, with spaces, dashes or
// underscores; Options.Map maps any other name. Unmapped columns are kept
// in Extra under their header. Commas, semicolons or tabs separate the
// fields, whichever the header uses most.

// ignoreColumn is the --map target that drops a column.
const ignoreColumn = "ignore"

// csvFields are the Article fields a column can map to, as --map names
// them: the schema's fields, and ignoreColumn.
func csvFields() []string {
	var out []string
	for _, f := range article.Fields() {
		out = append(out, f.Name)
	}
	return append(out, ignoreColumn)
}

// csvColumn maps a normalised column name to the Article field it holds,
// or "" when no field is known by that name.
func csvColumn(name string) string {
	if f, ok := article.FieldByInput(name); ok {
		return f.Name
	}
	return ""
}

// normColumn lower-cases a header and turns spaces and dashes into "_".
func normColumn(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF")))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '.' }), "_")
}

// ParseMap reads a column map (Options.Map) written "column=field,column=field", where field is
// an Article field in its JSON name (headline, body, date, source, ...) or
// "ignore" to drop a column. Column names match headers as csvColumn does:
// in any case, spaces and dashes as underscores.
func ParseMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		col, field, ok := strings.Cut(pair, "=")
		col, field = normColumn(col), strings.ToLower(strings.TrimSpace(field))
		if !ok || col == "" || field == "" {
			return nil, fmt.Errorf("%q is not column=field", strings.TrimSpace(pair))
		}
		if _, known := article.FieldByName(field); !known && field != ignoreColumn {
			return nil, fmt.Errorf("%q is not an article field; use one of %s", field, strings.Join(csvFields(), ", "))
		}
		m[col] = field
	}
	return m, nil
}

// ErrNoTextColumn is wrapped by the error for a CSV file none of whose
// columns is known to hold a headline or a body; Options.Map can name one.
var ErrNoTextColumn = errors.New("no headline or body column")

// parseCSV reads a CSV file with a header row, one article per row.
func parseCSV(r io.Reader, name string, colMap map[string]string, yield func(*article.Article, error) bool) {
	// recordCap stops a record (an unclosed quote) from growing past
	// maxArticleBytes: csv.Reader would otherwise hold the rest of the file.
	rc := &recordCap{r: &lineStream{lr: newLineReader(r, 0)}, limit: maxArticleBytes}
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(4 << 10)
	first, _, _ := strings.Cut(string(head), "\n")
	cr := csv.NewReader(br)
	cr.Comma = csvDelimiter(first)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true // exports from spreadsheets put stray quotes in text
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return
		}
		yield(nil, &ParseError{File: name, Line: 1, Reason: "header row: " + err.Error(), Err: err})
		return
	}
	fields := make([]csvCol, len(header))
	hasText := false
	for i, h := range header {
		n := normColumn(h)
		name := colMap[n]
		if name == "" {
			name = csvColumn(n)
		}
		f, _ := article.FieldByName(name)
		fields[i] = csvCol{field: f, ignore: name == ignoreColumn}
		hasText = hasText || name == "headline" || name == "body"
	}
	if !hasText {
		yield(nil, &ParseError{File: name, Line: 1, Reason: fmt.Sprintf("no headline or body column among %q (Options.Map names one)", header), Err: ErrNoTextColumn})
		return
	}
	ordinal := 0
	for {
		rc.limit = cr.InputOffset() + maxArticleBytes + 64<<10 // what br may hold ahead
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		ordinal++
		if errors.Is(err, errRecordTooLong) {
			yield(nil, &ParseError{File: name, Article: ordinal, Reason: fmt.Sprintf("record longer than %s (a quote not closed?): the rest of the file is skipped", byteSize(maxArticleBytes)), Err: err})
			return
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if !yield(nil, &ParseError{File: name, Line: line, Article: ordinal, Reason: err.Error(), Err: err}) {
				return
			}
			continue
		}
		line, _ := cr.FieldPos(0) // a record has at least one field
		if !yieldArticle(yield)(csvArticle(header, fields, rec, name, ordinal, line)) {
			return
		}
	}
}

// csvDelimiter picks the separator the header line uses most.
func csvDelimiter(header string) rune {
	best, n := ',', strings.Count(header, ",")
	for _, c := range []rune{';', '\t'} {
		if k := strings.Count(header, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

// csvCol is what a CSV column holds: a field of the schema, nothing
// (ignore), or else a key of Extra.
type csvCol struct {
	field  article.Field // Name "" for none
	ignore bool
}

// csvArticle builds the article of one row. A cell is read by the kind of
// its field: lines with white space collapsed, lists split (splitList),
// paragraphs at blank lines, dates in any language ParseDateText reads,
// counts with thousands separators or as Factiva's "1,234 words".
func csvArticle(header []string, fields []csvCol, rec []string, name string, ordinal, line int) (*article.Article, *ParseError) {
	a := &article.Article{Origin: article.Origin{File: name, Ordinal: ordinal, Line: line}}
	fail := func(col, reason string) *ParseError {
		return &ParseError{File: name, Line: line, Article: ordinal, Reason: fmt.Sprintf("column %q: %s", col, reason)}
	}
	var dateLang, authors string
	for i, v := range rec {
		if i >= len(fields) {
			return nil, &ParseError{File: name, Line: line, Article: ordinal, Reason: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))}
		}
		v = strings.TrimSpace(v)
		col := fields[i]
		if v == "" || col.ignore {
			continue
		}
		if col.field.Name == "" {
			if a.Extra == nil {
				a.Extra = map[string]any{}
			}
			a.Extra[header[i]] = v
			continue
		}
		switch p := col.field.Ptr(a).(type) {
		case *string:
			if col.field.Kind == article.Line {
				v = collapseSpace(v)
			}
			*p = v
		case *[]string:
			if col.field.Kind == article.Paragraphs {
				*p = append(*p, article.SplitParagraphs(v)...) // several body columns add up
				continue
			}
			*p = splitList(v)
		case *time.Time:
			t, lang, err := ParseDateText(v)
			if err != nil {
				return nil, fail(header[i], err.Error())
			}
			*p, dateLang = t, lang
		case *int:
			s := v
			if m := factivaWords.FindStringSubmatch(v); m != nil {
				s = m[1]
			}
			n, err := strconv.Atoi(strings.NewReplacer(",", "", ".", "").Replace(s))
			if err != nil || n < 0 {
				return nil, fail(header[i], fmt.Sprintf("want a %s, got %q", strings.ReplaceAll(col.field.Name, "_", " "), v))
			}
			*p = n
		}
		if col.field.Name == "authors" {
			authors = v
		}
	}
	if a.Headline == "" && len(a.Body) == 0 {
		return nil, &ParseError{File: name, Line: line, Article: ordinal, Reason: "row has no headline and no body"}
	}
	if a.Language == "" {
		a.Language = dateLang // a date written in words names its language
	}
	if a.Byline == "" && authors != "" {
		a.Byline = collapseSpace(authors)
	}
	if a.Authors == nil && a.Byline != "" {
		a.Authors = BylineAuthors(a.Byline)
	}
	if a.WordCount == 0 {
		a.WordCount = CountWords(a.Body)
	}
	if a.Source == "" && a.URL != "" {
		// No source column: the site is the best name for it.
		if u, err := url.Parse(a.URL); err == nil && u.Host != "" {
			a.Source = strings.TrimPrefix(u.Host, "www.")
		}
	}
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	return a, nil
}

// splitList splits a list cell at ";" or "|" (or "," when neither is used).
func splitList(v string) []string {
	sep := ","
	if strings.ContainsAny(v, ";|") {
		sep = ";"
		if strings.Contains(v, "|") {
			sep = "|"
		}
	}
	var out []string
	for _, p := range strings.Split(v, sep) {
		if p = collapseSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// lineStream turns a lineReader back into a byte stream of decoded,
// cleaned UTF-8 lines, for readers that need an io.Reader (encoding/csv,
// the markup readers). Line numbers are kept.
// errRecordTooLong is the error recordCap reads fail with.
var errRecordTooLong = errors.New("record too long")

// recordCap counts the bytes read from r and fails once they pass limit.
type recordCap struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *recordCap) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, errRecordTooLong
	}
	if int64(len(p)) > c.limit-c.n {
		p = p[:c.limit-c.n]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type lineStream struct {
	lr  *lineReader
	buf []byte
	err error
}

func (s *lineStream) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		text, _, err := s.lr.next()
		if err == io.EOF {
			s.err = io.EOF
			continue
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			s.err = err
			continue
		}
		s.buf = append(append(s.buf[:0], text...), '\n')
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}
