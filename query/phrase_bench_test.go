package query_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/query"
)

// BenchmarkPhrases times the benchmark's phrase queries (bench/queries.go),
// and a negated phrase and source filters (phrases of a source's words),
// the top 10 with snippets and duplicate collapsing, on the read-only
// index in $NEWSDESK_BENCH_INDEX (skipped when unset) with a caching
// searcher, as newsdesk serve runs them. Each reports the process's CPU
// time per search (user and system, all threads: the garbage collector's
// too), steadier than wall time on a shared machine:
//
//	NEWSDESK_BENCH_INDEX=/tmp/reu.ix go test ./query -run '^$' -bench Phrases -benchtime 200x
func BenchmarkPhrases(b *testing.B) {
	ix := benchIndex(b)
	s := query.NewSearcher(ix)
	s.Cache = true
	ctx := context.Background()
	for _, q := range []string{
		`"interest rates"`, `"stock exchange"`, `"crude oil"`, `"federal reserve"`,
		`"trade deficit"`, `"net income"`, `headline:"trade deficit"`,
		// Phrases and source names that narrow without scoring.
		`oil -"crude oil"`, `oil prices source:Reuters`, `bank source:"new york times"`,
	} {
		b.Run(q, func(b *testing.B) {
			req := query.Request{Query: q}
			res, err := s.Search(ctx, req) // warm-up: caches, page cache
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			cpu0 := cpuTime(b)
			for i := 0; i < b.N; i++ {
				if _, err := s.Search(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(res.TotalArticles), "hits")
		})
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
