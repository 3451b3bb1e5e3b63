package ingest

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrNoArticles is wrapped by the error (a warning in Read's events) for a
// file or archive member that holds no article at all: empty, only white
// space, or an export with none.
var ErrNoArticles = errors.New("no articles")

// noArticles is the warning for name, which is empty, or blank (only
// white space), or neither.
func noArticles(name string, empty, blank bool) *ParseError {
	reason := "no articles found in it"
	switch {
	case empty:
		reason = "no articles: the file is empty"
	case blank:
		reason = "no articles: the file holds only white space"
	}
	return &ParseError{File: name, Reason: reason, Err: ErrNoArticles}
}

// isBlank reports whether b is only white space after a byte order mark.
func isBlank(b []byte) bool {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		// ASCII white space in UTF-16 is its byte and a zero.
		return len(bytes.Trim(b[2:], " \t\r\n\f\v\x00")) == 0
	}
	return len(bytes.TrimSpace(b)) == 0
}

// ParseError reports an article, or a line of input, that could not be read.
// Parsers skip what it describes and go on with the next article, so a
// caller sees every problem of a file in one run.
type ParseError struct {
	File    string // input name as given to Parse
	Line    int    // 1-based line of the bad line, or of the article's first line; 0 if unknown
	Article int    // 1-based ordinal of the article in the file; 0 if unknown
	Reason  string // what is wrong, e.g. `unparseable date "31 Septober 2019"`
	Err     error  // underlying error, if any
}

// Error returns "file:line: reason", the form editors and CI logs link to,
// or "file: article N: reason" for inputs without lines (DOCX, XML).
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	if e.Article > 0 {
		return fmt.Sprintf("%s: article %d: %s", e.File, e.Article, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
