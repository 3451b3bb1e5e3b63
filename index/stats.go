package index

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
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

// tokenCounter counts the tokens a field's analyzer keeps, without the
// analyzer's costlier steps (folding, stemming) that never drop a token:
// the full analyzers made ingest 20-25% slower than this.
type tokenCounter struct {
	tokenizer analysis.Tokenizer
	lower     analysis.TokenFilter
	stop      analysis.TokenFilter
}

func newTokenCounter() (*tokenCounter, error) {
	stop, err := registry.NewCache().TokenFilterNamed(en.StopName)
	if err != nil {
		return nil, fmt.Errorf("token counter: %w", err)
	}
	return &tokenCounter{tokenizer: unicode.NewUnicodeTokenizer(), lower: lowercase.NewLowerCaseFilter(), stop: stop}, nil
}

func (c *tokenCounter) count(field, text string) int {
	toks := c.tokenizer.Tokenize([]byte(text))
	if AnalyzerFor(field) == TextAnalyzer {
		toks = c.stop.Filter(c.lower.Filter(toks))
	}
	return len(toks)
}

func (c *tokenCounter) lengths(d *document) FieldLengths {
	texts := map[string]string{
		FieldHeadline: d.Headline, FieldBody: d.Body, FieldByline: d.Byline,
		FieldSourceWords: d.Source, FieldSectionWords: d.Section,
	}
	l := make(FieldLengths, len(texts))
	for f, text := range texts {
		if text != "" {
			l[f] = c.count(f, text)
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
	// FieldDocs counts the articles that have each field, which is what
	// BM25 averages a field's length over (as Lucene does).
	FieldDocs map[string]int `json:"field_docs"`
}

// AvgLength is the mean token length of field over the articles that have it.
func (c CorpusStats) AvgLength(field string) float64 {
	n := c.FieldDocs[field]
	if n == 0 {
		return 0
	}
	return float64(c.Tokens[field]) / float64(n)
}

// add counts (sign 1) or uncounts (sign -1) one article's lengths.
func (c *CorpusStats) add(l FieldLengths, sign int) {
	for f, n := range l {
		if n > 0 {
			c.Tokens[f] += sign * n
			c.FieldDocs[f] += sign
		}
	}
}

const corpusStatsKey = "newsdesk.corpus_stats"

// CorpusStats returns the collection statistics.
func (ix *Index) CorpusStats() (CorpusStats, error) {
	c := CorpusStats{Tokens: map[string]int{}, FieldDocs: map[string]int{}}
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
	if c.FieldDocs == nil {
		c.FieldDocs = map[string]int{}
	}
	return c, nil
}
