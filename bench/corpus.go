package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/newsdesk/newsdesk/ingest"
)

// errNoCorpus means the corpus path does not exist; the benchmark then skips
// (exit 0), as on a user's machine without ../shared.
var errNoCorpus = errors.New("corpus not found")

// corpus is a set of input files read the same way for every engine, so all
// of them index the same articles.
type corpus struct {
	path  string
	files []string // inputs handed to the reader
	// sgml is true when the files are Reuters-21578 SGML that package ingest
	// does not read yet: then readReutersSGML (temporary) parses them.
	sgml bool
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
	c.sgml = ingest.Detect(sgm[0], head(sgm[0])) == ""
	return c, nil
}

func head(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	b := make([]byte, 8<<10)
	n, _ := io.ReadFull(f, b)
	return b[:n]
}

// reader names how the corpus is read, for the report.
func (c *corpus) reader() string {
	if c.sgml {
		return "bench's temporary Reuters SGML reader (package ingest has no SGML parser yet)"
	}
	return "ingest.Read (newsdesk's own parsers)"
}

// events streams the corpus as ingest events: from ingest.Read (parsing in
// parallel on its workers), or from the temporary SGML reader.
func (c *corpus) events(ctx context.Context) <-chan ingest.Event {
	if !c.sgml {
		return ingest.Read(ctx, c.files, ingest.Options{})
	}
	out := make(chan Event, 256)
	go func() {
		defer close(out)
		for _, f := range c.files {
			err := readReutersSGML(f, func(a *ingest.Article) bool {
				select {
				case out <- ingest.Event{File: f, Article: a}:
					return true
				case <-ctx.Done():
					return false
				}
			})
			if err != nil {
				select {
				case out <- ingest.Event{File: f, Err: err}:
				case <-ctx.Done():
					return
				}
			}
			select {
			case out <- ingest.Event{File: f, FileDone: true}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Event is ingest.Event; the alias keeps channel types short.
type Event = ingest.Event

// rawBytes is the raw text of an article as this benchmark defines it:
// headline plus body paragraphs, the same bytes index.Stats.Bytes counts.
func rawBytes(a *ingest.Article) int64 {
	n := len(a.Headline)
	for _, p := range a.Body {
		n += len(p)
	}
	return int64(n)
}
