package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// Engine names.
const (
	engNewsdesk = "newsdesk"
	engBleve    = "bleve"
	engFTS5     = "fts5"
)

var engineLabels = map[string]string{
	engNewsdesk: "newsdesk",
	engBleve:    "plain bleve v2.6 (default mapping, batch 1000)",
	engFTS5:     "SQLite FTS5 (modernc.org/sqlite, porter unicode61)",
}

// progressPoint is the number of articles written after sec seconds.
type progressPoint struct {
	Sec      float64 `json:"sec"`
	Articles int     `json:"articles"`
}

// ingestResult is what an ingest child reports (as JSON on stdout); the
// parent adds the peak RSS from the child's rusage.
type ingestResult struct {
	// SplitSec is the part of WallSec spent splitting the input by year
	// (engine newsdesk-by-year only).
	SplitSec   float64         `json:"split_sec,omitempty"`
	Engine     string          `json:"engine"`
	Articles   int             `json:"articles"`
	RawBytes   int64           `json:"raw_bytes"`
	WallSec    float64         `json:"wall_sec"`
	IndexBytes int64           `json:"index_bytes"`
	Errors     int             `json:"errors"`
	Progress   []progressPoint `json:"progress"`
	Info       corpusInfo      `json:"info"`
	MaxRSS     int64           `json:"max_rss_bytes"`
	// CPUSec is the child's user and system CPU time: steadier than the
	// wall-clock rate on a shared machine.
	CPUSec float64 `json:"cpu_sec"`
}

// Rate is articles per second.
func (r ingestResult) Rate() float64 { return float64(r.Articles) / r.WallSec }

// tally collects what every engine's ingest counts the same way.
type tally struct {
	articles int
	raw      int64
	errors   int
	info     corpusInfo
	sources  map[string]int
	start    time.Time
	progress []progressPoint
}

func newTally() *tally { return &tally{sources: map[string]int{}, start: time.Now()} }

func (t *tally) article(a *article.Article) {
	t.articles++
	t.raw += rawBytes(a)
	t.sources[a.Source]++
	if d := a.Date; !d.IsZero() {
		if t.info.MinDate.IsZero() || d.Before(t.info.MinDate) {
			t.info.MinDate = d
		}
		if d.After(t.info.MaxDate) {
			t.info.MaxDate = d
		}
	}
}

func (t *tally) mark(written int) {
	t.progress = append(t.progress, progressPoint{Sec: time.Since(t.start).Seconds(), Articles: written})
}

func (t *tally) result(engine string, dir string) (ingestResult, error) {
	wall := time.Since(t.start).Seconds()
	best := 0
	for s, n := range t.sources {
		if n > best || (n == best && s < t.info.TopSource) {
			best, t.info.TopSource = n, s
		}
	}
	size, err := dirSize(dir)
	if err != nil {
		return ingestResult{}, err
	}
	t.info.MinDate, t.info.MaxDate = t.info.MinDate.UTC(), t.info.MaxDate.UTC()
	return ingestResult{Engine: engine, Articles: t.articles, RawBytes: t.raw, WallSec: wall,
		IndexBytes: size, Errors: t.errors, Progress: t.progress, Info: t.info}, nil
}

// dirSize is the bytes of all files under dir (or of dir when it is a file).
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", dir, err)
	}
	return n, nil
}

// ingestEngine indexes the corpus events into a fresh index at dir, calling
// t.article for each article read and t.mark after each batch written.
// variant names a newsdesk index layout variant ("" for newsdesk's own).
func ingestEngine(ctx context.Context, engine, dir, variant string, events <-chan ingest.Event, t *tally) error {
	switch engine {
	case engNewsdesk:
		return ingestNewsdesk(ctx, dir, variant, events, t)
	case engBleve:
		return ingestBleve(ctx, dir, events, t)
	case engFTS5:
		return ingestFTS5(ctx, dir, events, t)
	}
	return fmt.Errorf("-engine %q: want %s, %s or %s", engine, engNewsdesk, engBleve, engFTS5)
}

// searchResult is what one query returned, for sanity checks in the report.
type searchResult struct {
	Total  int // hits matched (-1 when the engine does not count them)
	Top    int // hits returned (at most 10)
	Facets int // facet buckets returned
}

// searcher runs the bench queries on one opened index.
type searcher interface {
	// supports reports whether the engine can run q at all (newsdesk has no
	// facets until query.Request gains them).
	supports(q benchQuery) bool
	search(ctx context.Context, q benchQuery) (searchResult, error)
	// handler serves GET /api/search for HTTP latency; url is the request
	// path and query for q.
	handler() http.Handler
	url(q benchQuery, i int) string
	close() error
}

func openSearcher(engine, dir string, ci corpusInfo) (searcher, error) {
	switch engine {
	case engNewsdesk:
		return openNewsdesk(dir, ci)
	case engBleve:
		return openBleve(dir, ci)
	case engFTS5:
		return openFTS5(dir, ci)
	}
	return nil, fmt.Errorf("unknown engine %q", engine)
}

// eachArticle ranges over the articles of events until they end or ctx
// ends, counting them and the parse errors in t, and calls fn with each
// article and its id (StableID where the input has none). It returns fn's
// first error.
func eachArticle(ctx context.Context, events <-chan ingest.Event, t *tally, fn func(a *article.Article, id string) error) error {
	for ev := range events {
		if ctx.Err() != nil {
			return nil
		}
		if ev.Err != nil {
			t.errors++
		}
		a := ev.Article
		if a == nil {
			continue
		}
		t.article(a)
		id := a.ID
		if id == "" {
			id = article.StableID(a)
		}
		if err := fn(a, id); err != nil {
			return err
		}
	}
	return nil
}
