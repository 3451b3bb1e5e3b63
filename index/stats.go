package index

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

// FieldLengths counts the analysed tokens of an article's text fields, the
// "document length" of BM25.
type FieldLengths map[string]int

// lengthFields are the text fields whose lengths are tracked, with the
// analyzer that produces their tokens.
var lengthFields = []string{FieldHeadline, FieldBody, FieldByline, FieldSourceWords, FieldSectionWords}

// String writes lengths compactly for the stored field: "body=700 headline=9".
func (l FieldLengths) String() string {
	var b strings.Builder
	for _, f := range lengthFields {
		if n := l[f]; n > 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s=%d", f, n)
		}
	}
	return b.String()
}

// ParseFieldLengths reads what FieldLengths.String wrote.
func ParseFieldLengths(s string) FieldLengths {
	l := FieldLengths{}
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		if n, err := strconv.Atoi(v); err == nil {
			l[k] = n
		}
	}
	return l
}

func (ix *Index) analyzers() (map[string]analysis.Analyzer, error) {
	out := map[string]analysis.Analyzer{}
	m := ix.b.Mapping()
	for _, f := range lengthFields {
		a := m.AnalyzerNamed(AnalyzerFor(f))
		if a == nil {
			return nil, fmt.Errorf("analyzer %s is not registered", AnalyzerFor(f))
		}
		out[f] = a
	}
	return out, nil
}

func lengthsOf(d *document, analyzers map[string]analysis.Analyzer) FieldLengths {
	texts := map[string]string{
		FieldHeadline: d.Headline, FieldBody: d.Body, FieldByline: d.Byline,
		FieldSourceWords: d.Source, FieldSectionWords: d.Section,
	}
	l := make(FieldLengths, len(texts))
	for f, text := range texts {
		if text != "" {
			l[f] = len(analyzers[f].Analyze([]byte(text)))
		}
	}
	return l
}

// CorpusStats are collection statistics kept beside the index: the number of
// articles and the total tokens of each text field. BM25 needs the average
// field length; bleve v2.6 estimates it from term-dictionary sizes, which
// falls far below the real average as segments grow, so newsdesk counts it.
type CorpusStats struct {
	Docs   int            `json:"docs"`
	Tokens map[string]int `json:"tokens"`
}

// AvgLength is the mean token length of field over the articles.
func (c CorpusStats) AvgLength(field string) float64 {
	if c.Docs == 0 {
		return 0
	}
	return float64(c.Tokens[field]) / float64(c.Docs)
}

const corpusStatsKey = "newsdesk.corpus_stats"

// CorpusStats returns the collection statistics.
func (ix *Index) CorpusStats() (CorpusStats, error) {
	c := CorpusStats{Tokens: map[string]int{}}
	b, err := ix.b.GetInternal([]byte(corpusStatsKey))
	if err != nil {
		return c, fmt.Errorf("read corpus statistics: %w", err)
	}
	if len(b) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("read corpus statistics: %w", err)
	}
	if c.Tokens == nil {
		c.Tokens = map[string]int{}
	}
	return c, nil
}
