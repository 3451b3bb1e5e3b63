package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// BenchmarkPutArchive indexes the 36 test-archive articles into a new
// memory index: document preparation (names, quotations, duplicates) and
// one bleve batch. Reuters-scale runs are BenchmarkIngest*.
func BenchmarkPutArchive(b *testing.B) {
	var arts []*article.Article
	for ev := range ingest.Read(context.Background(), []string{filepath.Join("..", "testdata", "archive", "factiva")}, ingest.Options{}) {
		if ev.Article != nil {
			arts = append(arts, ev.Article)
		}
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.NewMemory()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Put(ctx, clones(arts)...); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
