package schema

import (
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
)

// Quotation dates.
//
// A quotation's date is its article's. bleve indexes a date as 16 terms,
// one per 4 bits of its nanoseconds, and keeps all 16 as its doc value:
// on quotation documents, which outnumber articles, that cost 2.7 MB of
// the 65 MB Reuters-21578 index and 8.7 % of a generated archive whose
// articles quote more (docs/index.md, "Word counts and quotation dates as
// a few terms"). Indexes made since give each quotation four keyword
// terms instead: its instant in FieldQDay, whose doc value sorts
// quotations by date, and its year, month and day in FieldQPeriod. A date
// range is then a few term ranges: whole years, months and days of
// FieldQPeriod, and FieldQDay's instants at an end that falls inside a day
// (querylang.QuoteDateFilter). Older indexes keep FieldQDate, which their
// stored mapping indexes.
const (
	FieldQDay    = "q_day"    // keyword, doc values: QuoteInstant of the quotation's date
	FieldQPeriod = "q_period" // keyword: QuotePeriods of the quotation's date
)

// instantLayout writes an instant so that byte order is time order: a
// fixed width in UTC, to the nanosecond, as bleve's dates were.
const instantLayout = "20060102T150405.000000000"

// QuoteInstant is the FieldQDay term of a quotation dated t.
func QuoteInstant(t time.Time) string { return t.UTC().Format(instantLayout) }

// The FieldQPeriod terms of a date: each level has a prefix of its own,
// so that a term range of one level holds no term of another, and a
// fixed width, so that byte order is time order within it.
const (
	yearPrefix  = "y"
	monthPrefix = "m"
	dayPrefix   = "d"
)

// QuotePeriods are the FieldQPeriod terms of a quotation dated t: its UTC
// year, month and day.
func QuotePeriods(t time.Time) [3]string {
	return [3]string{QuoteYear(t), QuoteMonth(t), QuoteDay(t)}
}

// QuoteYear is the FieldQPeriod term of t's UTC year.
func QuoteYear(t time.Time) string { return yearPrefix + t.UTC().Format("2006") }

// QuoteMonth is the FieldQPeriod term of t's UTC month.
func QuoteMonth(t time.Time) string { return monthPrefix + t.UTC().Format("200601") }

// QuoteDay is the FieldQPeriod term of t's UTC day.
func QuoteDay(t time.Time) string { return dayPrefix + t.UTC().Format("20060102") }

// QuoteDateTerms reports whether an index of mapping m dates its
// quotations with FieldQDay and FieldQPeriod rather than FieldQDate.
func QuoteDateTerms(m mapping.IndexMapping) bool {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok {
		return false
	}
	q := im.TypeMapping[QuoteType]
	return q != nil && q.Properties[FieldQDay] != nil
}
