package engine

import "time"

// Periods of date histograms; the query package's By* names are the same.
const (
	ByYear  = "year"
	ByMonth = "month"
	ByWeek  = "week"
	ByDay   = "day"
)

// PeriodStart truncates t (UTC) to the start of its period; weeks start on
// Monday (ISO 8601).
func PeriodStart(t time.Time, by string) time.Time {
	t = t.UTC()
	switch by {
	case ByYear:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case ByMonth:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case ByWeek:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// NextPeriod is the start of the period after the one starting at t.
func NextPeriod(t time.Time, by string) time.Time {
	switch by {
	case ByYear:
		return t.AddDate(1, 0, 0)
	case ByMonth:
		return t.AddDate(0, 1, 0)
	case ByWeek:
		return t.AddDate(0, 0, 7)
	}
	return t.AddDate(0, 0, 1)
}
