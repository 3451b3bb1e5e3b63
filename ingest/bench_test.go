package ingest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/ingest"
)

// BenchmarkParseShared measures the parsers alone, per format, on the
// shared corpora and samples (skipped when ../shared is absent): files are
// read into memory first, so the rates exclude the disk. Run:
//
//	go test ./ingest -run '^$' -bench ParseShared -benchtime 3x
func BenchmarkParseShared(b *testing.B) {
	dir := sharedDir(b)
	sets := []struct{ name, glob string }{
		{"reuters-sgml", "corpus/reuters21578/reut2-*.sgm"},
		{"csv", "corpus/wikinews-2019-2020/*.csv"},
		{"factiva-html", "exports/factiva/koheiw-newspapers/*.html"},
		{"factiva-coded", "exports/factiva/ragoragino-factiva-sentiment/*.txt"},
		{"factiva-xml", "exports/factiva/tm.plugin.factiva/*.xml"},
		{"lexis-html", "exports/lexisnexis/koheiw-newspapers/nexis/*.html"},
		{"lexis-docx", "exports/lexisnexis/koheiw-newspapers/lexis/*.docx"},
		{"lexis-text", "exports/lexisnexis/LexisNexisTools/*.TXT"},
	}
	for _, set := range sets {
		files, _ := filepath.Glob(filepath.Join(dir, set.glob))
		var data [][]byte
		var size int64
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			data = append(data, raw)
			size += int64(len(raw))
		}
		b.Run(set.name, func(b *testing.B) {
			b.SetBytes(size)
			n := 0
			for i := 0; i < b.N; i++ {
				for j, raw := range data {
					for a := range ingest.Parse(bytes.NewReader(raw), files[j], "") {
						if a != nil {
							n++
						}
					}
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
