package extract

import (
	"errors"
	"testing"

	"github.com/newsdesk/newsdesk/extract/tagger"
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

// BenchmarkTaggerReuters runs the tagger alone (FindParagraphs, as Names
// does) over the bodies of 2,000 Reuters-21578 articles and reports its
// speed in tokens of the text per second (skipped without ../shared).
func BenchmarkTaggerReuters(b *testing.B) {
	arts, _, err := corpus.Reuters(2000)
	if errors.Is(err, corpus.ErrAbsent) {
		b.Skip("Reuters-21578 not found under ../shared/corpus")
	}
	if err != nil {
		b.Fatal(err)
	}
	m, err := tagger.Default()
	if err != nil {
		b.Fatal(err)
	}
	tokens := 0
	for _, a := range arts {
		for _, p := range a.Body {
			tokens += len(tagger.Tokenize(p))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, a := range arts {
			m.FindParagraphs(a.Body)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
