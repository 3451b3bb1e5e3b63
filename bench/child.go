package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/gctune"
)

// cmdIngestChild ingests the corpus into a fresh index with one engine and
// prints an ingestResult as JSON. The parent runs it as a child process so
// that each engine's peak RSS is its own.
func cmdIngestChild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ingest-child", flag.ContinueOnError)
	engine := fs.String("engine", engNewsdesk, "newsdesk, bleve, fts5 or "+engNewsdeskByYear+" (a JSON Lines archive split by year, one newsdesk index per year)")
	corpusPath := fs.String("corpus", "", "corpus file or folder")
	dir := fs.String("index", "", "index folder to create (must not exist)")
	drop := fs.String("drop", "", "comma-separated fields to empty in every article: headline, body, byline, meta")
	variant := fs.String("variant", "", "newsdesk index layout variant (see bench mapping); empty: the newsdesk layout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *corpusPath == "" {
		return fmt.Errorf("ingest-child: -corpus and -index are required")
	}
	if *engine == engNewsdeskByYear {
		// The same collector settings as the newsdesk engine below.
		gctune.Apply(index.IngestGCPercent, index.IngestMemoryLimit)
		t := newTally()
		split, err := ingestByYear(ctx, *corpusPath, *dir, t)
		if err != nil {
			return err
		}
		res, err := t.result(*engine, *dir)
		if err != nil {
			return err
		}
		res.SplitSec = split
		return json.NewEncoder(os.Stdout).Encode(res)
	}
	c, err := openCorpus(*corpusPath)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := c.events(ctx)
	if *drop != "" {
		events = dropFields(events, strings.Split(*drop, ","))
	}
	if *engine == engNewsdesk {
		// As newsdesk ingest runs (cmd/newsdesk/ingest.go).
		gctune.Apply(index.IngestGCPercent, index.IngestMemoryLimit)
	}
	t := newTally()
	if *variant != "" && *engine != engNewsdesk {
		return fmt.Errorf("ingest-child: -variant is for -engine %s only", engNewsdesk)
	}
	if err := ingestEngine(ctx, *engine, *dir, *variant, events, t); err != nil {
		return err
	}
	res, err := t.result(*engine, *dir)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// dropFields empties the named fields of every article, to measure what each
// field costs in the index. The id, source and date are kept.
func dropFields(in <-chan ingest.Event, fields []string) <-chan ingest.Event {
	out := make(chan ingest.Event, 256)
	go func() {
		defer close(out)
		for ev := range in {
			if a := ev.Article; a != nil {
				for _, f := range fields {
					switch f {
					case "headline":
						a.Headline = ""
					case "body":
						a.Body = nil
					case "byline":
						a.Byline, a.Authors = "", nil
					case "meta":
						a.Section, a.Edition, a.Page, a.Copyright, a.URL, a.Extra = "", "", "", "", "", nil
					}
				}
			}
			out <- ev
		}
	}()
	return out
}

// childOpts are the optional flags of an ingest child.
type childOpts struct {
	drop    string // fields to empty in every article (-drop)
	variant string // newsdesk index layout variant (-variant)
}

// runIngestChild runs `bench ingest-child` in a child process of this binary
// and returns its result with its peak RSS.
func runIngestChild(ctx context.Context, engine, corpusPath, dir string, o childOpts) (ingestResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return ingestResult{}, fmt.Errorf("find own executable: %w", err)
	}
	args := []string{"ingest-child", "-engine", engine, "-corpus", corpusPath, "-index", dir}
	if o.drop != "" {
		args = append(args, "-drop", o.drop)
	}
	if o.variant != "" {
		args = append(args, "-variant", o.variant)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return ingestResult{}, fmt.Errorf("ingest %s: %w: %s", engine, err, strings.TrimSpace(stderr.String()))
	}
	var res ingestResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return ingestResult{}, fmt.Errorf("ingest %s: child output: %w", engine, err)
	}
	res.MaxRSS = maxRSS(cmd.ProcessState)
	res.CPUSec = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	return res, nil
}

// childEnv marks a child process, so a test binary can act as the bench
// binary (see TestMain).
const childEnv = "NEWSDESK_BENCH_CHILD"
