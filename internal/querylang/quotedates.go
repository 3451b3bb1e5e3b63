package querylang

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// QuoteDateFilter matches the quotations dated in [from, to) of an index
// whose quotations carry their dates as terms (schema.FieldQDay and
// FieldQPeriod; internal/schema/quotedates.go); a zero bound is open. It
// adds nothing to a quotation's score, so that a date filter does not
// reorder the quotations it keeps.
func QuoteDateFilter(from, to time.Time) bq.Query {
	return anyTermRange(termRanges(from, to), true)
}

// QuoteDateRange is DateRange for the quotations of an index made before
// their dates were terms (schema.FieldQDate), adding nothing to their
// scores either.
func QuoteDateRange(from, to time.Time) bq.Query {
	q := DateRange(from, to).(*bq.DateRangeQuery)
	q.SetField(schema.FieldQDate)
	q.SetBoost(0)
	return q
}

// termRange is the terms t of field with lo <= t < hi.
type termRange struct{ field, lo, hi string }

// anyTermRange matches the documents with a term in any of rs (none when
// rs is empty), each range reading only the terms the index holds in it;
// unscored, it adds nothing to a document's score.
func anyTermRange(rs []termRange, unscored bool) bq.Query {
	if len(rs) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	incl, excl := true, false
	qs := make([]bq.Query, len(rs))
	for i, r := range rs {
		q := bleve.NewTermRangeInclusiveQuery(r.lo, r.hi, &incl, &excl)
		q.SetField(r.field)
		if unscored {
			q.SetBoost(0)
		}
		qs[i] = q
	}
	if len(qs) == 1 {
		return qs[0]
	}
	d := bleve.NewDisjunctionQuery(qs...)
	if unscored {
		d.SetBoost(0)
	}
	return d
}

// The open ends of a quotation date filter: the years a four-digit year
// term can name, wider than the dates bleve could index.
var (
	firstQuoteDate = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	lastQuoteDate  = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

// termRanges splits [from, to) into at most seven term ranges: the
// instants before the first whole day and after the last, and the whole
// days between as days up to the first whole month, months up to the first
// whole year, years, then months and days again. Each range only reads
// the terms the index holds within it.
func termRanges(from, to time.Time) []termRange {
	lo, hi := firstQuoteDate, lastQuoteDate
	if !from.IsZero() {
		lo = from.UTC()
	}
	if !to.IsZero() {
		hi = to.UTC()
	}
	if !lo.Before(hi) {
		return nil
	}
	instants := func(a, b time.Time) termRange {
		return termRange{schema.FieldQDay, schema.QuoteInstant(a), schema.QuoteInstant(b)}
	}
	d0, d1 := ceilDay(lo), truncDay(hi)
	if !d0.Before(d1) {
		return []termRange{instants(lo, hi)} // no whole day
	}
	var out []termRange
	if lo.Before(d0) {
		out = append(out, instants(lo, d0))
	}
	if d1.Before(hi) {
		out = append(out, instants(d1, hi))
	}
	return append(out, wholeDayPieces(d0, d1)...)
}

// wholeDayPieces splits the days [a, b) (a before b, both midnights) into
// term ranges of days, months and years.
func wholeDayPieces(a, b time.Time) []termRange {
	period := func(term func(time.Time) string, x, y time.Time) termRange {
		return termRange{schema.FieldQPeriod, term(x), term(y)}
	}
	m0, m1 := ceilMonth(a), truncMonth(b)
	if !m0.Before(m1) {
		return []termRange{period(schema.QuoteDay, a, b)} // no whole month
	}
	var out []termRange
	if a.Before(m0) {
		out = append(out, period(schema.QuoteDay, a, m0))
	}
	if m1.Before(b) {
		out = append(out, period(schema.QuoteDay, m1, b))
	}
	y0, y1 := ceilYear(m0), truncYear(m1)
	if !y0.Before(y1) {
		return append(out, period(schema.QuoteMonth, m0, m1)) // no whole year
	}
	if m0.Before(y0) {
		out = append(out, period(schema.QuoteMonth, m0, y0))
	}
	if y1.Before(m1) {
		out = append(out, period(schema.QuoteMonth, y1, m1))
	}
	return append(out, period(schema.QuoteYear, y0, y1))
}

// truncDay, truncMonth and truncYear are the starts (UTC) of t's day, month
// and year; the ceil forms are t itself when it is such a start, else the
// next one.
func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func truncMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func truncYear(t time.Time) time.Time { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC) }

func ceilDay(t time.Time) time.Time {
	if d := truncDay(t); !d.Before(t) {
		return d
	}
	return truncDay(t).AddDate(0, 0, 1)
}

func ceilMonth(t time.Time) time.Time {
	if m := truncMonth(t); !m.Before(t) {
		return m
	}
	return truncMonth(t).AddDate(0, 1, 0)
}

func ceilYear(t time.Time) time.Time {
	if y := truncYear(t); !y.Before(t) {
		return y
	}
	return truncYear(t).AddDate(1, 0, 0)
}
