package query_test

import (
	"context"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// BenchmarkPrefixes times relevance searches with prefixes (bench load's
// prefix requests are a word's first three letters and *), the top 10
// with snippets and duplicate collapsing, on the read-only index in
// $NEWSDESK_BENCH_INDEX (skipped when unset) with a caching searcher, as
// newsdesk serve runs them; each query reports its p50:
//
//	NEWSDESK_BENCH_INDEX=/tmp/reu.ix go test ./query -run '^$' -bench Prefixes -benchtime 50x
func BenchmarkPrefixes(b *testing.B) {
	ix := benchIndex(b)
	cached := query.NewSearcher(ix)
	cached.Cache = true
	ctx := context.Background()
	for _, q := range []string{"oil*", "pri*", "tra*", "ban*", "sha*", "econom*", "oil econom*", "com* sha*"} {
		b.Run(q, func(b *testing.B) { commonWords(b, ctx, cached, q) })
	}
}
