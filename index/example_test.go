package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
)

// Ingest everything ingest.Read finds into an index on disk; a second run
// finds every article unchanged.
func ExampleIndex_Ingest() {
	dir, _ := os.MkdirTemp("", "newsdesk")
	defer os.RemoveAll(dir)
	export := filepath.Join(dir, "export.jsonl")
	_ = os.WriteFile(export, []byte(strings.Join([]string{
		`{"id":"A1","headline":"Glaciers retreat","source":"The Times","date":"2019-09-23","body":"Ice is melting."}`,
		`{"id":"A2","headline":"Rivers rise","source":"The Times","date":"2019-09-24","body":["Rain fell.","Then more."]}`,
		`{"id":"A3","headline":"Broken","date":"not a date"}`,
	}, "\n")), 0o644)

	ix, err := index.OpenOrCreate(filepath.Join(dir, "news.index"))
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for run := 1; run <= 2; run++ {
		stats, err := ix.Ingest(ctx, ingest.Read(ctx, []string{export}, ingest.Options{}), index.Options{})
		if err != nil {
			panic(err)
		}
		fmt.Printf("run %d: %d added, %d unchanged, %d skipped\n", run, stats.Added, stats.Unchanged, stats.Skipped)
	}
	a, _ := ix.Article(ctx, "A2")
	fmt.Println(a.Headline, a.Body)
	// Output:
	// run 1: 2 added, 0 unchanged, 1 skipped
	// run 2: 0 added, 2 unchanged, 1 skipped
	// Rivers rise [Rain fell. Then more.]
}
