package main

import (
	"fmt"
	"strings"
	"time"
)

// Query kinds. Facet kinds are measured apart from plain searches.
const (
	kindAnd2      = "2-word AND"
	kindAnd3      = "3-word AND"
	kindPhrase    = "phrase"
	kindRare      = "rare term"
	kindCommon    = "common term"
	kindField     = "field"
	kindDate      = "date filter"
	kindFieldDate = "field + date"
	kindSource    = "source filter"
	kindFacet     = "source facet"
	kindHistogram = "month histogram"
)

// isFacet reports whether a kind asks for counts besides the hits.
func isFacet(kind string) bool { return kind == kindFacet || kind == kindHistogram }

// benchQuery is one query of the fixed set, written as data so that each
// engine translates it into its own language (newsdesk's query syntax, bleve's
// query string, an FTS5 MATCH expression with SQL filters). Every query asks
// for the top 10 hits with snippets.
type benchQuery struct {
	Kind   string
	Words  []string // all required
	Phrase string   // one exact phrase, also required
	Field  string   // "headline" scopes Words and Phrase to it; "" searches headline and body
	// Date limits the dates to a window given as fractions of the corpus's
	// date span, so one query set fits any corpus; zero means no filter.
	Date [2]float64
	// Source limits hits to the corpus's most common source.
	Source bool
	// Facet asks for counts by source ("source") or by month ("month").
	Facet string
	// All matches every article (no words), for facets over the whole set.
	All bool
}

// String is a short label for reports and errors.
func (q benchQuery) String() string {
	parts := append([]string(nil), q.Words...)
	if q.Phrase != "" {
		parts = append(parts, `"`+q.Phrase+`"`)
	}
	if q.All {
		parts = append(parts, "*")
	}
	s := strings.Join(parts, " ")
	if q.Field != "" {
		s = q.Field + ":(" + s + ")"
	}
	if q.Date != [2]float64{} {
		s += fmt.Sprintf(" date[%.2f,%.2f)", q.Date[0], q.Date[1])
	}
	if q.Source {
		s += " source=top"
	}
	if q.Facet != "" {
		s += " facet=" + q.Facet
	}
	return s
}

func w(words ...string) []string { return words }

// benchQueries is the fixed query set: words common in business news, so it
// fits Reuters-21578 and archives generated from it.
var benchQueries = []benchQuery{
	{Kind: kindAnd2, Words: w("oil", "prices")},
	{Kind: kindAnd2, Words: w("crude", "oil")},
	{Kind: kindAnd2, Words: w("bank", "merger")},
	{Kind: kindAnd2, Words: w("wheat", "exports")},
	{Kind: kindAnd2, Words: w("dollar", "yen")},
	{Kind: kindAnd2, Words: w("opec", "output")},
	{Kind: kindAnd2, Words: w("shares", "rose")},
	{Kind: kindAnd2, Words: w("takeover", "bid")},
	{Kind: kindAnd2, Words: w("money", "supply")},
	{Kind: kindAnd2, Words: w("coffee", "quotas")},
	{Kind: kindAnd3, Words: w("trade", "deficit", "japan")},
	{Kind: kindAnd3, Words: w("federal", "reserve", "rates")},
	{Kind: kindAnd3, Words: w("oil", "prices", "opec")},
	{Kind: kindAnd3, Words: w("grain", "exports", "soviet")},
	{Kind: kindAnd3, Words: w("bank", "interest", "rates")},
	{Kind: kindPhrase, Phrase: "interest rates"},
	{Kind: kindPhrase, Phrase: "stock exchange"},
	{Kind: kindPhrase, Phrase: "crude oil"},
	{Kind: kindPhrase, Phrase: "federal reserve"},
	{Kind: kindPhrase, Phrase: "trade deficit"},
	{Kind: kindPhrase, Phrase: "net income"},
	{Kind: kindRare, Words: w("palladium")},
	{Kind: kindRare, Words: w("cocoa")},
	{Kind: kindRare, Words: w("ecuador")},
	{Kind: kindRare, Words: w("rubber")},
	{Kind: kindCommon, Words: w("said")},
	{Kind: kindCommon, Words: w("year")},
	{Kind: kindCommon, Words: w("company")},
	{Kind: kindField, Field: "headline", Words: w("oil")},
	{Kind: kindField, Field: "headline", Words: w("bank")},
	{Kind: kindField, Field: "headline", Phrase: "trade deficit"},
	{Kind: kindDate, Words: w("oil"), Date: [2]float64{0.25, 0.5}},
	{Kind: kindDate, Words: w("shares", "profit"), Date: [2]float64{0.5, 0.75}},
	{Kind: kindDate, Words: w("said"), Date: [2]float64{0.4, 0.5}},
	{Kind: kindFieldDate, Field: "headline", Words: w("oil"), Date: [2]float64{0.0, 0.5}},
	{Kind: kindFieldDate, Field: "headline", Words: w("grain"), Date: [2]float64{0.5, 1.0}},
	{Kind: kindSource, Words: w("oil", "prices"), Source: true},
	{Kind: kindSource, Words: w("bank"), Source: true, Date: [2]float64{0.2, 0.8}},
	{Kind: kindFacet, Words: w("oil"), Facet: "source"},
	{Kind: kindFacet, Words: w("said"), Facet: "source"},
	{Kind: kindFacet, Words: w("trade", "deficit"), Facet: "source"},
	{Kind: kindFacet, All: true, Facet: "source"},
	{Kind: kindHistogram, Words: w("oil"), Facet: "month"},
	{Kind: kindHistogram, Words: w("said"), Facet: "month"},
	{Kind: kindHistogram, Words: w("grain", "exports"), Facet: "month"},
	{Kind: kindHistogram, All: true, Facet: "month"},
}

// corpusInfo is what translations need to know about the corpus: its date
// span and most common source.
type corpusInfo struct {
	MinDate, MaxDate time.Time
	TopSource        string
}

// window turns the query's date fractions into [from, to) days.
func (ci corpusInfo) window(q benchQuery) (from, to time.Time, ok bool) {
	if q.Date == [2]float64{} || ci.MinDate.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	span := ci.MaxDate.Sub(ci.MinDate) + 24*time.Hour
	day := func(f float64) time.Time {
		return ci.MinDate.Add(time.Duration(f * float64(span))).Truncate(24 * time.Hour)
	}
	from, to = day(q.Date[0]), day(q.Date[1])
	if !to.After(from) {
		to = from.Add(24 * time.Hour)
	}
	return from, to, true
}

// months lists the first days of the months the corpus spans, for month
// histograms built from date ranges.
func (ci corpusInfo) months() []time.Time {
	if ci.MinDate.IsZero() {
		return nil
	}
	var out []time.Time
	m := time.Date(ci.MinDate.Year(), ci.MinDate.Month(), 1, 0, 0, 0, 0, time.UTC)
	for !m.After(ci.MaxDate) {
		out = append(out, m)
		m = m.AddDate(0, 1, 0)
	}
	return out
}

// quoteWord quotes s for newsdesk's and bleve's query languages when it has
// more than one word.
func quoteWord(s string) string {
	if strings.ContainsAny(s, " \t\"") {
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return s
}

// newsdeskQuery renders q in newsdesk's query language (docs/query-language.md,
// "Query syntax"); dates go into query.Request.From/To.
func newsdeskQuery(q benchQuery, ci corpusInfo) string {
	prefix := ""
	if q.Field != "" {
		prefix = q.Field + ":"
	}
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, prefix+w)
	}
	if q.Phrase != "" {
		parts = append(parts, prefix+`"`+q.Phrase+`"`)
	}
	if q.Source && ci.TopSource != "" {
		parts = append(parts, "source:"+quoteWord(ci.TopSource))
	}
	return strings.Join(parts, " ")
}

// bleveQueryString renders q in bleve's query-string syntax: + for required
// clauses, field:term, date ranges in quotes.
func bleveQueryString(q benchQuery, ci corpusInfo) string {
	prefix := "+"
	if q.Field != "" {
		prefix += q.Field + ":"
	}
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, prefix+w)
	}
	if q.Phrase != "" {
		parts = append(parts, prefix+`"`+q.Phrase+`"`)
	}
	if q.Source && ci.TopSource != "" {
		parts = append(parts, "+source:"+quoteWord(ci.TopSource))
	}
	if from, to, ok := ci.window(q); ok {
		parts = append(parts, `+date:>="`+from.Format(time.RFC3339)+`"`, `+date:<"`+to.Format(time.RFC3339)+`"`)
	}
	return strings.Join(parts, " ")
}

// fts5Match renders the words and phrase of q as an FTS5 MATCH expression;
// filters and facets are SQL around it (see fts5.go).
func fts5Match(q benchQuery) string {
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, `"`+w+`"`)
	}
	if q.Phrase != "" {
		parts = append(parts, `"`+q.Phrase+`"`)
	}
	if q.Field != "" {
		for i, p := range parts {
			parts[i] = q.Field + " : " + p
		}
	}
	return strings.Join(parts, " AND ")
}
