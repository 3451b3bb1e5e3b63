package querylang

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// pieceHolds reports whether a quotation dated t has a term within p, as
// the index would find it: its instant in FieldQDay, or one of its
// periods in FieldQPeriod.
func pieceHolds(p termRange, t time.Time) bool {
	var terms []string
	switch p.field {
	case schema.FieldQDay:
		terms = []string{schema.QuoteInstant(t)}
	case schema.FieldQPeriod:
		ps := schema.QuotePeriods(t)
		terms = ps[:]
	}
	for _, term := range terms {
		if p.lo <= term && term < p.hi {
			return true
		}
	}
	return false
}

// edgyTime draws an instant from 1985 to 2030, often on or next to the
// start of a day, a month or a year, where the pieces meet.
func edgyTime(r *rand.Rand) time.Time {
	t := time.Date(1985+r.IntN(45), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1e9), time.UTC)
	switch r.IntN(6) {
	case 0:
		t = truncDay(t)
	case 1:
		t = truncMonth(t)
	case 2:
		t = truncYear(t)
	}
	switch r.IntN(4) {
	case 0:
		t = t.Add(-time.Nanosecond)
	case 1:
		t = t.Add(time.Nanosecond)
	}
	return t
}

// TestQuoteDatePiecesMatchInterval: a quotation matches the pieces of
// [from, to) exactly when its date lies in it, for random bounds (open
// ones among them) and dates around day, month and year starts; and no
// interval takes more than seven term ranges.
func TestQuoteDatePiecesMatchInterval(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		var from, to time.Time
		if r.IntN(10) > 0 {
			from = edgyTime(r)
		}
		if r.IntN(10) > 0 {
			to = edgyTime(r)
		}
		if i%3 == 0 && !from.IsZero() {
			to = from.Add(time.Duration(r.Int64N(int64(90 * 24 * time.Hour)))) // often short
		}
		pieces := termRanges(from, to)
		if len(pieces) > 7 {
			t.Fatalf("[%v, %v): %d pieces", from, to, len(pieces))
		}
		for range 20 {
			d := edgyTime(r)
			if r.IntN(4) == 0 && !from.IsZero() {
				d = from.Add(time.Duration(r.Int64N(int64(48*time.Hour))) - 24*time.Hour)
			}
			want := (from.IsZero() || !d.Before(from)) && (to.IsZero() || d.Before(to))
			got := false
			for _, p := range pieces {
				if pieceHolds(p, d) {
					got = true
					break
				}
			}
			if got != want {
				t.Fatalf("[%v, %v) with pieces %q: date %v matched %v, want %v", from, to, pieces, d, got, want)
			}
		}
	}
}

// TestQuoteDatePieces spells out the split of a few intervals.
func TestQuoteDatePieces(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	p := func(field, lo, hi string) termRange { return termRange{field, lo, hi} }
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []termRange
	}{
		{"one day", day(2017, 10, 23), day(2017, 10, 24), []termRange{p(schema.FieldQPeriod, "d20171023", "d20171024")}},
		{"a month", day(2017, 10, 1), day(2017, 11, 1), []termRange{p(schema.FieldQPeriod, "m201710", "m201711")}},
		{"years and edges", day(2015, 12, 30), day(2018, 2, 3), []termRange{
			p(schema.FieldQPeriod, "d20151230", "d20160101"),
			p(schema.FieldQPeriod, "d20180201", "d20180203"),
			p(schema.FieldQPeriod, "m201801", "m201802"),
			p(schema.FieldQPeriod, "y2016", "y2018"),
		}},
		{"inside a day", day(2017, 10, 23).Add(9 * time.Hour), day(2017, 10, 23).Add(17 * time.Hour), []termRange{
			p(schema.FieldQDay, "20171023T090000.000000000", "20171023T170000.000000000"),
		}},
		{"from an hour", day(2017, 10, 23).Add(9 * time.Hour), day(2017, 10, 26), []termRange{
			p(schema.FieldQDay, "20171023T090000.000000000", "20171024T000000.000000000"),
			p(schema.FieldQPeriod, "d20171024", "d20171026"),
		}},
		{"empty", day(2017, 10, 23), day(2017, 10, 23), nil},
	} {
		if got := termRanges(tc.from, tc.to); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
