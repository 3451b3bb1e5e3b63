package ingest

import "fmt"

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
