package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// errNoCorpus means the corpus path does not exist; the benchmark then skips
// (exit 0), as on a user's machine without ../shared.
var errNoCorpus = errors.New("corpus not found")

// corpus is a set of input files read the same way for every engine, so all
// of them index the same articles.
type corpus struct {
	path  string
	files []string // inputs handed to ingest.Read
}

// openCorpus resolves path: a file or folder of any format newsdesk reads, or
// the Reuters-21578 folder (reut2-*.sgm).
func openCorpus(path string) (*corpus, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, errNoCorpus)
	}
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", path, err)
	}
	c := &corpus{path: path, files: []string{path}}
	if !fi.IsDir() {
		return c, nil
	}
	sgm, _ := filepath.Glob(filepath.Join(path, "reut2-*.sgm"))
	if len(sgm) == 0 {
		return c, nil // a folder of exports: ingest.Read walks it
	}
	sort.Strings(sgm)
	// Only the data files: the folder's README.txt would be read as Factiva text.
	c.files = sgm
	return c, nil
}

// reader names how the corpus is read, for the report.
func (c *corpus) reader() string { return "ingest.Read (newsdesk's own parsers)" }

// events streams the corpus as ingest events, parsed in parallel on
// ingest.Read's workers.
func (c *corpus) events(ctx context.Context) <-chan ingest.Event {
	return ingest.Read(ctx, c.files, ingest.Options{})
}

// rawBytes is the raw text of an article as this benchmark defines it:
// headline plus body paragraphs, the same bytes index.Stats.Bytes counts.
func rawBytes(a *article.Article) int64 {
	n := len(a.Headline)
	for _, p := range a.Body {
		n += len(p)
	}
	return int64(n)
}
