package extract

import (
	"errors"
	"testing"

	"github.com/newsdesk/newsdesk/internal/corpus"
)

// BenchmarkExtract finds the names and quotations of the gold articles.
// Run: go test ./extract -run '^$' -bench Extract
func BenchmarkExtract(b *testing.B) {
	_, arts := loadEval(b, "gold.jsonl")
	e := New(nil)
	var bytes int64
	for _, a := range arts {
		bytes += int64(len(a.Headline) + len(a.BodyText()))
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			e.Extract(a)
		}
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractReuters finds the names and quotations of 10,000
// Reuters-21578 articles (skipped without ../shared).
func BenchmarkExtractReuters(b *testing.B) {
	arts, size, err := corpus.Reuters(10000)
	if errors.Is(err, corpus.ErrAbsent) {
		b.Skip("Reuters-21578 not found under ../shared/corpus")
	}
	if err != nil {
		b.Fatal(err)
	}
	e := New(nil)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			e.Extract(a)
		}
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
