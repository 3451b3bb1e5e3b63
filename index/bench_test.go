package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
)

func reutersArticles(b *testing.B, n int) ([]*article.Article, int64) {
	arts, size, err := corpus.Reuters(n)
	if errors.Is(err, corpus.ErrAbsent) {
		b.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		b.Fatal(err)
	}
	return arts, size
}

// BenchmarkIngestBatchSize indexes Reuters-21578 articles into a fresh
// on-disk index with several batch sizes, and with bleve's default mapping
// as the baseline. Run: go test ./index -run '^$' -bench IngestBatchSize -benchtime 1x
func BenchmarkIngestBatchSize(b *testing.B) {
	arts, size := reutersArticles(b, 10000)
	for _, batch := range []int{100, 500, 1000, 2000, 5000} {
		b.Run(fmt.Sprintf("newsdesk/batch=%d", batch), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix, err := index.OpenOrCreate(filepath.Join(b.TempDir(), "ix"))
				if err != nil {
					b.Fatal(err)
				}
				events := articleEvents(arts)
				start := time.Now()
				if _, err := ix.Ingest(context.Background(), events, index.Options{BatchSize: batch}); err != nil {
					b.Fatal(err)
				}
				el := time.Since(start)
				b.ReportMetric(float64(len(arts))/el.Seconds(), "articles/s")
				b.ReportMetric(float64(size)/el.Seconds()/1e6, "MB/s")
				b.ReportMetric(float64(dirSize(b, ix.Path()))/float64(size), "index/text")
				ix.Close()
			}
		})
	}
	b.Run("bleve-default/batch=1000", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			path := filepath.Join(b.TempDir(), "ix")
			bi, err := bleve.New(path, bleve.NewIndexMapping())
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			batch := bi.NewBatch()
			for _, a := range arts {
				doc := map[string]any{"headline": a.Headline, "body": a.BodyText(), "source": a.Source, "date": a.Date}
				if err := batch.Index(a.ID, doc); err != nil {
					b.Fatal(err)
				}
				if batch.Size() >= 1000 {
					if err := bi.Batch(batch); err != nil {
						b.Fatal(err)
					}
					batch = bi.NewBatch()
				}
			}
			if err := bi.Batch(batch); err != nil {
				b.Fatal(err)
			}
			el := time.Since(start)
			b.ReportMetric(float64(len(arts))/el.Seconds(), "articles/s")
			b.ReportMetric(float64(size)/el.Seconds()/1e6, "MB/s")
			b.ReportMetric(float64(dirSize(b, path))/float64(size), "index/text")
			bi.Close()
		}
	})
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkIngestDuplicates indexes Reuters-21578 (all articles with a body)
// into a fresh on-disk index with no duplicate fields, with exact digests
// only, and with near-duplicate detection, and reports the rate, the CPU
// time, the index size and the duplicates found.
// Run: go test ./index -run '^$' -bench IngestDuplicates -benchtime 1x
func BenchmarkIngestDuplicates(b *testing.B) {
	arts, size := reutersArticles(b, 0)
	for _, mode := range []string{"none", "exact", "near"} {
		b.Run("dups="+mode, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix, err := index.OpenOrCreate(filepath.Join(b.TempDir(), "ix"))
				if err != nil {
					b.Fatal(err)
				}
				if mode != "near" {
					index.DisableDuplicates(ix, mode == "exact")
				}
				cpu0 := cpuTime(b)
				start := time.Now()
				st, err := ix.Put(context.Background(), clonesB(arts)...)
				if err != nil {
					b.Fatal(err)
				}
				el := time.Since(start)
				// CPU time as well as wall time: the machine is shared, and
				// other processes slow the wall clock, not the CPU seconds.
				b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(len(arts)), "cpu-µs/article")
				b.ReportMetric(float64(len(arts))/el.Seconds(), "articles/s")
				b.ReportMetric(float64(dirSize(b, ix.Path()))/float64(len(arts)), "index-bytes/article")
				b.ReportMetric(float64(st.Duplicates), "duplicates")
				b.ReportMetric(float64(st.Regrouped), "regrouped")
				_ = size
				ix.Close()
			}
		})
	}
}

func clonesB(arts []*article.Article) []*article.Article {
	out := make([]*article.Article, len(arts))
	for i, a := range arts {
		c := *a
		out[i] = &c
	}
	return out
}

// articleEvents streams copies of arts as ingest events (Ingest may set
// their ids), as ingest.Read would.
func articleEvents(arts []*article.Article) <-chan ingest.Event {
	events := make(chan ingest.Event, 256)
	go func() {
		defer close(events)
		for _, a := range arts {
			c := *a
			events <- ingest.Event{Article: &c}
		}
	}()
	return events
}
