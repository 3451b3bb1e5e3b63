package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"time"
)

// latencies holds one engine's query timings, by kind.
type latencies struct {
	byKind  map[string][]time.Duration
	byQuery map[int][]time.Duration // by index in benchQueries
	empty   int                     // search queries that returned no hit
	results map[int]searchResult    // by index in benchQueries, from the warm-up round
}

func (l *latencies) all(facets bool) []time.Duration {
	var out []time.Duration
	for k, d := range l.byKind {
		if isFacet(k) == facets {
			out = append(out, d...)
		}
	}
	return out
}

// percentile returns the p-th (0..1) nearest-rank percentile of d, in ms.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p*float64(len(s))+0.999999) - 1
	i = min(max(i, 0), len(s)-1)
	return float64(s[i].Nanoseconds()) / 1e6
}

// measure runs every query once to warm up, then reps rounds of the whole
// set, timing each query. via is nil for in-process calls, or a function
// that times one HTTP request.
func measure(ctx context.Context, s searcher, reps int, via func(q benchQuery, i int) error) (*latencies, error) {
	l := &latencies{byKind: map[string][]time.Duration{}, byQuery: map[int][]time.Duration{}, results: map[int]searchResult{}}
	one := func(q benchQuery, i int, keep bool) error {
		start := time.Now()
		var err error
		if via != nil {
			err = via(q, i)
		} else {
			var r searchResult
			r, err = s.search(ctx, q)
			if keep {
				l.results[i] = r
				if r.Top == 0 && !isFacet(q.Kind) {
					l.empty++
				}
			}
		}
		if err != nil {
			return err
		}
		if !keep {
			d := time.Since(start)
			l.byKind[q.Kind] = append(l.byKind[q.Kind], d)
			l.byQuery[i] = append(l.byQuery[i], d)
		}
		return nil
	}
	for i, q := range benchQueries { // warm-up, and one result per query
		if !s.supports(q) {
			continue
		}
		if err := one(q, i, true); err != nil {
			return nil, err
		}
	}
	for range reps {
		for i, q := range benchQueries {
			if !s.supports(q) {
				continue
			}
			if err := one(q, i, false); err != nil {
				return nil, err
			}
		}
	}
	return l, nil
}

// measureHTTP serves s with httptest and times GET requests to it, reading
// each answer to the end (keep-alive, one client).
func measureHTTP(ctx context.Context, s searcher, reps int) (*latencies, error) {
	srv := httptest.NewServer(s.handler())
	defer srv.Close()
	client := srv.Client()
	return measure(ctx, s, reps, func(q benchQuery, i int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+s.url(q, i), nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("GET %s: %w", s.url(q, i), err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("GET %s: %w", s.url(q, i), err)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s: %s", s.url(q, i), resp.Status, body)
		}
		return nil
	})
}

// allFacets returns the timings of the facet queries over every article,
// the largest hit sets of the set.
func (l *latencies) allFacets() []time.Duration {
	var out []time.Duration
	for i, q := range benchQueries {
		if q.All && isFacet(q.Kind) {
			out = append(out, l.byQuery[i]...)
		}
	}
	return out
}
