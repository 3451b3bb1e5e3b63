package ingest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/ingest"
)

// BenchmarkParseArchive parses the Factiva test archive from memory (the
// shared corpora are measured by BenchmarkParseShared).
func BenchmarkParseArchive(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "archive", "factiva", "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no archive files: %v", err)
	}
	var files [][]byte
	var size int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		for j, data := range files {
			for a := range ingest.Parse(bytes.NewReader(data), paths[j], ingest.FormatFactiva) {
				if a != nil {
					n++
				}
			}
		}
		if n < 36 {
			b.Fatalf("parsed %d articles, want 36", n)
		}
	}
}
