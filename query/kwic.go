package query

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// KWICLine is one occurrence of a term with the text around it.
type KWICLine struct {
	ID      string `json:"id"`
	Date    string `json:"date"`
	Field   string `json:"field"` // headline or body
	Left    string `json:"left"`
	Keyword string `json:"keyword"` // as written in the article
	Right   string `json:"right"`
}

// KWIC calls fn for every occurrence of term (a word or a phrase, matched
// as the search matches it: by stem, without accents) in the headline and
// body of every article matching req and the term, in req's cursor order.
// Left and Right hold up to width characters of context on one line.
func (s *Searcher) KWIC(ctx context.Context, term string, req Request, width int, fn func(KWICLine) error) error {
	an := s.ix.Bleve().Mapping().AnalyzerNamed(schema.AnalyzerFor(schema.FieldBody)) // words only: no marks
	if an == nil {
		return errors.New("kwic: the index has no text analyzer")
	}
	var want []string
	for _, t := range an.Analyze([]byte(term)) {
		want = append(want, string(t.Term))
	}
	if len(want) == 0 {
		return &RequestError{Param: "term", Err: fmt.Errorf("%q has no searchable words", term)}
	}
	if width <= 0 {
		width = 40
	}
	tq := strings.ReplaceAll(term, `"`, " ")
	if len(want) > 1 || strings.ContainsAny(tq, " -") {
		tq = `"` + tq + `"`
	}
	if strings.TrimSpace(req.Query) != "" {
		req.Query = tq + " (" + req.Query + ")"
	} else {
		req.Query = tq
	}
	req.Snippets = -1
	return s.Each(ctx, req, func(h Hit, a *article.Article) error {
		for _, f := range []struct{ name, text string }{{schema.FieldHeadline, a.Headline}, {schema.FieldBody, a.BodyText()}} {
			toks := an.Analyze([]byte(f.text))
			for i := 0; i+len(want) <= len(toks); i++ {
				match := true
				for k, w := range want {
					if string(toks[i+k].Term) != w {
						match = false
						break
					}
				}
				if !match {
					continue
				}
				start, end := toks[i].Start, toks[i+len(want)-1].End
				line := KWICLine{
					ID: h.ID, Date: h.Date, Field: f.name,
					Left:    oneLineText(lastRunes(f.text[:start], width)),
					Keyword: oneLineText(f.text[start:end]),
					Right:   oneLineText(firstRunes(f.text[end:], width)),
				}
				if err := fn(line); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func lastRunes(s string, n int) string {
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
		if n == 0 {
			return s[i:]
		}
	}
	return s
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// oneLineText folds line breaks and runs of spaces into single spaces.
func oneLineText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || r == ' ' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
