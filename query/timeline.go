package query

import (
	"context"
	"fmt"
	"strings"
	"time"

	bq "github.com/blevesearch/bleve/v2/search/query"
)

// TimelineRequest asks how many articles match each query per period.
type TimelineRequest struct {
	Queries  []string  // one series per query; "" counts every article
	By       string    // ByYear, ByMonth (default), ByWeek or ByDay
	From, To time.Time // optional date range: From <= date < To
	Filters  Filters
	// Duplicates is DupSimilar (default), DupIdentical or DupShow: counts
	// are of duplicate groups unless DupShow.
	Duplicates string
}

// Timeline is the answer to a TimelineRequest: every period from the
// earliest to the latest matching article of any query (or From and To when
// given), empty periods included, and one count per period for each query.
type Timeline struct {
	By      string   `json:"by"`
	Periods []string `json:"periods"`
	Series  []Series `json:"series"`
}

// Series is one query's counts, aligned with Timeline.Periods.
type Series struct {
	Query  string   `json:"query"`
	Total  uint64   `json:"total"`
	Counts []uint64 `json:"counts"`
}

// maxPeriods bounds a timeline's length (a day-by-day timeline over
// centuries would be millions of rows).
const maxPeriods = 100000

// Timeline counts the articles matching each query per period.
func (s *Searcher) Timeline(ctx context.Context, req TimelineRequest) (*Timeline, error) {
	by := strings.ToLower(req.By)
	if by == "" {
		by = ByMonth
	}
	if !isPeriod(by) {
		return nil, &RequestError{Param: "by", Err: fmt.Errorf("%q is not a period; use year, month, week or day", req.By)}
	}
	queries := req.Queries
	if len(queries) == 0 {
		queries = []string{""}
	}
	field, err := dupField(req.Duplicates)
	if err != nil {
		return nil, err
	}
	hists := make([]histogram, len(queries))
	out := &Timeline{By: by, Periods: []string{}}
	var lo, hi time.Time
	// Every query is checked before any is counted: a bad one is refused
	// at once, not after the others' counts.
	reqs := make([]Request, len(queries))
	compiled := make([]bq.Query, len(queries))
	for i, q := range queries {
		reqs[i] = Request{Query: q, From: req.From, To: req.To, Filters: req.Filters}
		if compiled[i], _, err = s.compile(reqs[i]); err != nil {
			return nil, err
		}
	}
	for i, q := range queries {
		c, err := s.countFacets(ctx, compiled[i], []string{by}, field, reqs[i].matchesAll())
		if err != nil {
			return nil, wrapUnlessRequest(err, "timeline %q", q)
		}
		n := c.Hits()
		if c.GroupField() != "" {
			n = c.GroupCount(c.Hits())
		}
		h, _ := c.Histogram(by)
		hists[i] = h
		out.Series = append(out.Series, Series{Query: q, Total: n})
		for k := range hists[i] {
			t := time.Unix(k, 0).UTC()
			if lo.IsZero() || t.Before(lo) {
				lo = t
			}
			if hi.IsZero() || t.After(hi) {
				hi = t
			}
		}
	}
	if !req.From.IsZero() {
		lo = req.From
	}
	if !req.To.IsZero() {
		hi = req.To.Add(-time.Nanosecond)
	}
	if lo.IsZero() || hi.IsZero() {
		for i := range out.Series {
			out.Series[i].Counts = []uint64{}
		}
		return out, nil
	}
	if periods := estimatePeriods(lo, hi, by); periods > maxPeriods {
		return nil, &RequestError{Param: "by", Err: fmt.Errorf("%d periods of a %s are too many; choose a longer period or a shorter date range", periods, by)}
	}
	for i, h := range hists {
		b := h.buckets(by, lo, hi)
		if i == 0 {
			for _, fv := range b {
				out.Periods = append(out.Periods, fv.Value)
			}
		}
		out.Series[i].Counts = make([]uint64, len(b))
		for j, fv := range b {
			out.Series[i].Counts[j] = fv.Count
		}
	}
	return out, nil
}

func estimatePeriods(lo, hi time.Time, by string) int {
	days := int(hi.Sub(lo).Hours()/24) + 1
	switch by {
	case ByYear:
		return days/365 + 1
	case ByMonth:
		return days/28 + 1
	case ByWeek:
		return days/7 + 1
	}
	return days
}
