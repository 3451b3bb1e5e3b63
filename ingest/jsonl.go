package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// parseJSONL reads one article object per line from r, skipping blank lines,
// and passes each article, or a *ParseError for a bad line, to yield.
func parseJSONL(r io.Reader, name string, maxLine int, yield func(*article.Article, error) bool) {
	lr := newLineReader(r, maxLine)
	ordinal := 0
	for {
		text, n, err := lr.next()
		if err == io.EOF {
			return
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			yield(nil, &ParseError{File: name, Line: n, Reason: "read: " + err.Error(), Err: err})
			return
		}
		if err == nil && strings.TrimSpace(text) == "" {
			continue
		}
		ordinal++
		if err == nil {
			var a article.Article
			if err = a.UnmarshalJSON([]byte(text)); err == nil {
				err = finishJSONArticle(&a)
			}
			if err == nil {
				a.Origin = article.Origin{File: name, Ordinal: ordinal, Line: n}
				if !yield(&a, nil) {
					return
				}
				continue
			}
		}
		if !yield(nil, &ParseError{File: name, Line: n, Article: ordinal, Reason: jsonReason(err), Err: err}) {
			return
		}
	}
}

// jsonReason words a decoding error for a ParseError.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, err)
	}
	return err.Error()
}

// finishJSONArticle cleans the text of a decoded article (lines collapsed,
// tokens trimmed, as the schema's kinds say) and fills in what
// JSON input may leave out: authors from the byline, the language code, the
// word count and the id.
func finishJSONArticle(a *article.Article) error {
	for f := range article.FieldsSeq() {
		switch p := f.Ptr(a).(type) {
		case *string:
			if f.Kind == article.Line {
				*p = collapseSpace(article.CleanText(*p))
			} else {
				*p = strings.TrimSpace(article.CleanText(*p))
			}
		case *[]string:
			if f.Kind == article.List {
				list := (*p)[:0]
				for _, item := range *p {
					if item = collapseSpace(article.CleanText(item)); item != "" {
						list = append(list, item)
					}
				}
				if len(list) == 0 {
					list = nil
				}
				*p = list
			}
		}
	}
	if a.Headline == "" && len(a.Body) == 0 {
		return errors.New(`no "headline" and no "body"`)
	}
	if a.Authors == nil && a.Byline != "" {
		a.Authors = BylineAuthors(a.Byline)
	}
	if a.WordCount == 0 {
		a.WordCount = CountWords(a.Body)
	}
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	return nil
}

// CountWords counts the white-space separated words of the paragraphs, the
// way word counts are filled in for inputs that do not give one.
func CountWords(paragraphs []string) int {
	n := 0
	for _, p := range paragraphs {
		n += len(strings.Fields(p))
	}
	return n
}
