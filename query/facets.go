package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
)

// FacetValue is one value of a facet with the number of hits that have it.
type FacetValue struct {
	Value string `json:"value"`
	Count uint64 `json:"count"`
	// Filter is the clause of the query language that selects exactly the
	// articles counted: the same search with it ANDed in (see Narrow) has
	// Count as its total, in the same duplicates mode. It is an Exact
	// clause for keyword facets (source:="The Times") and the period's
	// date range for histograms (date:2017-10).
	Filter string `json:"filter"`
}

// Narrow returns query q narrowed by clause, such as a FacetValue's
// Filter: q in parentheses, so that the clause holds for every branch of
// an OR, ANDed with the clause.
func Narrow(q, clause string) string {
	if strings.TrimSpace(q) == "" {
		return clause
	}
	return "(" + q + ") " + clause
}

// periodFilter is the clause that selects the period starting at t: the
// date syntax covers a whole year, month or day; a week is a range of days.
func periodFilter(t time.Time, by string) string {
	switch by {
	case ByYear:
		return "date:" + t.Format("2006")
	case ByMonth:
		return "date:" + t.Format("2006-01")
	case ByWeek:
		return "date:[" + t.Format("2006-01-02") + " TO " + t.AddDate(0, 0, 6).Format("2006-01-02") + "]"
	}
	return "date:" + t.Format("2006-01-02")
}

// Facet names. Keyword facets list their values by count; date facets are
// histograms: one bucket per period from the first hit's to the last hit's,
// empty periods included, in time order.
const (
	FacetSource     = "source"
	FacetSourceCode = "source_code"
	FacetSection    = "section"
	FacetLanguage   = "lang"
	FacetYear       = "year"
	FacetMonth      = "month"
	FacetWeek       = "week"
	FacetDay        = "day"
	// Code-list facets: the vendor's subject, region, company and industry
	// codes, and Reuters-21578's people and organisation labels.
	FacetSubjects      = "subjects"
	FacetRegions       = "regions"
	FacetCompanies     = "companies"
	FacetIndustries    = "industries"
	FacetPeople        = "people"
	FacetOrganizations = "organizations"
	// FacetName counts the names found in the articles (package extract).
	FacetName = "name"
	// FacetSpeaker counts the speakers of the articles' quotations.
	FacetSpeaker = "speaker"
)

// FacetNames lists the facets a search can count: the faceted fields of
// the article schema (source, source_code, section, lang), the date
// histograms, the code lists, then names and speakers.
var FacetNames = func() []string {
	var meta, codes, entities []string
	for _, f := range querylang.Facets() {
		switch {
		case f.Entity:
			entities = append(entities, f.Name)
		case f.Code:
			codes = append(codes, f.Name)
		default:
			meta = append(meta, f.Name)
		}
	}
	return slices.Concat(meta, []string{FacetYear, FacetMonth, FacetWeek, FacetDay}, codes, entities)
}()

// keywordFacets maps keyword facets to their index field. A facet is also
// accepted under its field's name (language for lang).
var keywordFacets = func() map[string]string {
	m := map[string]string{}
	for _, f := range querylang.Facets() {
		m[f.Name], m[f.QueryField] = f.Field, f.Field
	}
	return m
}()

// Periods of date histograms and timelines.
const (
	ByYear  = "year"
	ByMonth = "month"
	ByWeek  = "week"
	ByDay   = "day"
)

// periodStart truncates t (UTC) to the start of its period; weeks start on
// Monday (ISO 8601).
func periodStart(t time.Time, by string) time.Time { return engine.PeriodStart(t, by) }

func nextPeriod(t time.Time, by string) time.Time { return engine.NextPeriod(t, by) }

// PeriodLabel names the period starting at t: 2017, 2017-10, 2017-W43
// (ISO week) or 2017-10-23.
func PeriodLabel(t time.Time, by string) string {
	switch by {
	case ByYear:
		return t.Format("2006")
	case ByMonth:
		return t.Format("2006-01")
	case ByWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	}
	return t.Format("2006-01-02")
}

// isPeriod reports whether by names a histogram period.
func isPeriod(by string) bool {
	return by == ByYear || by == ByMonth || by == ByWeek || by == ByDay
}

// histogram holds counts per period start (Unix seconds).
type histogram map[int64]uint64

// buckets lists every period from the earliest to the latest counted one,
// empty ones included. lo and hi, when not zero, widen the range (a
// timeline of several queries shares one range).
func (h histogram) buckets(by string, lo, hi time.Time) []FacetValue {
	for k := range h {
		t := time.Unix(k, 0).UTC()
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if hi.IsZero() || t.After(hi) {
			hi = t
		}
	}
	out := []FacetValue{}
	if lo.IsZero() {
		return out
	}
	for t := periodStart(lo, by); !t.After(hi); t = nextPeriod(t, by) {
		out = append(out, FacetValue{Value: PeriodLabel(t, by), Count: h[t.Unix()], Filter: periodFilter(t, by)})
	}
	return out
}

// MaxFacetSize bounds Request.FacetSize.
const MaxFacetSize = 100000

// checkFacetSize rejects a FacetSize that is no count of values.
func checkFacetSize(n int) error {
	if n < 0 || n > MaxFacetSize {
		return &RequestError{Param: "facet_size", Err: fmt.Errorf("must be between 0 (every value) and %d, got %d", MaxFacetSize, n)}
	}
	return nil
}

// facetResult lists the counts of every facet c counted: every value of a
// keyword facet, or its first size when size is above 0.
func facetResult(c *engine.Counter, size int) map[string][]FacetValue {
	out := make(map[string][]FacetValue, len(c.Names()))
	for _, n := range c.Names() {
		if h, ok := c.Histogram(n); ok {
			out[n] = histogram(h).buckets(n, time.Time{}, time.Time{})
			continue
		}
		field := querylang.Field(n) // every keyword facet is named by a field of the query language
		var sorted []engine.ValueCount
		if size > 0 {
			sorted = topCounts(c, n, size)
		} else {
			sorted = sortedCounts(c, n)
		}
		vs := make([]FacetValue, len(sorted))
		filters := exactFilters(field, sorted)
		for i, v := range sorted {
			vs[i] = FacetValue{Value: v.Value, Count: v.Count, Filter: filters[i]}
		}
		out[n] = vs
	}
	return out
}

// exactFilters returns the Exact filter of each value of field, as
// Exact.String writes it. Names have tens of thousands of values: those
// that need no escaping (nearly all) are written into one string and
// sliced from it, not allocated one by one.
func exactFilters(field string, values []engine.ValueCount) []string {
	prefix := field + `:="`
	size := 0
	for _, v := range values {
		size += len(prefix) + len(v.Value) + 1
	}
	var b strings.Builder
	b.Grow(size)
	at := make([]int, len(values)+1) // where each plain value's filter ends; -1: escaped
	for i, v := range values {
		if strings.IndexByte(v.Value, '"') >= 0 || strings.IndexByte(v.Value, '\\') >= 0 || !utf8.ValidString(v.Value) {
			at[i+1] = -1
			continue
		}
		b.WriteString(prefix)
		b.WriteString(v.Value)
		b.WriteByte('"')
		at[i+1] = b.Len()
	}
	all := b.String()
	out := make([]string, len(values))
	start := 0
	for i, v := range values {
		if at[i+1] < 0 {
			out[i] = Exact{Field: field, Value: v.Value}.String()
			continue
		}
		out[i] = all[start:at[i+1]]
		start = at[i+1]
	}
	return out
}

// topCounts returns the first n values of sortedCounts's list, without
// putting every value in order when the engine can select them.
func topCounts(c *engine.Counter, name string, n int) []engine.ValueCount {
	if top, ok := c.Top(name, n); ok {
		return top
	}
	vs := sortedCounts(c, name)
	return vs[:min(max(n, 0), len(vs))]
}

// sortedCounts returns the values of keyword facet name, most frequent
// first (in value order on ties), as facetResult lists them.
func sortedCounts(c *engine.Counter, name string) []engine.ValueCount {
	if sorted, ok := c.Sorted(name); ok {
		return sorted
	}
	counts := c.Values(name)
	vs := make([]engine.ValueCount, 0, len(counts))
	for v, k := range counts {
		vs = append(vs, engine.ValueCount{Value: v, Count: k})
	}
	// Names have tens of thousands of values: a typed sort, not
	// sort.Slice's reflection, and no filter built inside it.
	slices.SortFunc(vs, func(a, b engine.ValueCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
	return vs
}

// Facets counts the facets names over the hits of req (its query, date
// range and filters; paging is ignored). With duplicates collapsed
// (req.Duplicates other than DupShow) counts are of duplicate groups.
func (s *Searcher) Facets(ctx context.Context, req Request) (map[string][]FacetValue, error) {
	q, _, err := s.compile(req)
	if err != nil {
		return nil, err
	}
	field, err := dupField(req.Duplicates)
	if err != nil {
		return nil, err
	}
	if err := checkFacetSize(req.FacetSize); err != nil {
		return nil, err
	}
	if len(req.Facets) == 0 {
		return map[string][]FacetValue{}, nil
	}
	c, err := s.countFacets(ctx, q, req.Facets, field, req.matchesAll())
	if err != nil {
		return nil, requestError(err)
	}
	return facetResult(c, req.FacetSize), nil
}
