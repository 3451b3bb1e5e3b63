package index_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/index"
)

// BenchmarkIngestEntities indexes the same Reuters-21578 articles into a
// fresh on-disk index with and without the names and quotations pass, to
// measure what it costs. Run:
//
//	go test ./index -run '^$' -bench IngestEntities -benchtime 1x
func BenchmarkIngestEntities(b *testing.B) {
	arts, size := reutersArticles(b, 10000)
	for _, c := range []struct {
		name string
		skip bool
	}{{"without", true}, {"with", false}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix, err := index.OpenOrCreate(filepath.Join(b.TempDir(), "ix"))
				if err != nil {
					b.Fatal(err)
				}
				events := articleEvents(arts)
				start, cpu0 := time.Now(), cpuTime(b)
				if _, err := ix.Ingest(context.Background(), events, index.WithoutEntities(index.Options{}, c.skip)); err != nil {
					b.Fatal(err)
				}
				el := time.Since(start)
				// CPU seconds of the process, less disturbed than wall time by
				// other work on a shared machine.
				b.ReportMetric((cpuTime(b) - cpu0).Seconds(), "cpu-s")
				b.ReportMetric(float64(len(arts))/el.Seconds(), "articles/s")
				b.ReportMetric(float64(size)/el.Seconds()/1e6, "MB/s")
				ix.Close()
			}
		})
	}
}

// cpuTime is the user and system CPU time of the process so far.
