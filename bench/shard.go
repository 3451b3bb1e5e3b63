package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/query"
)

// Sharding by period (issue 6): one newsdesk index per year of the articles'
// dates, searched together through bleve.NewIndexAlias. This file holds the
// sharded ingest (an ingest-child engine), the shard set used for queries,
// and the global document frequencies that keep scores comparable; the
// command that measures it is in shardcmd.go.

// engNewsdeskByYear is the ingest-child engine that splits a JSON Lines
// archive by year and ingests each year into its own newsdesk index.
const engNewsdeskByYear = "newsdesk-by-year"

// undatedShard names the shard of articles without a usable date.
const undatedShard = "undated"

// splitByYear copies each line of the JSON Lines archive at path into
// dir/YEAR.jsonl by the year of its "date" field (undated.jsonl when it has
// none), byte for byte, and returns the shard names in order. Lines are
// routed by a minimal decode of "date" so the shards hold exactly the input's
// bytes and are read by the same parser as the single index's input.
func splitByYear(ctx context.Context, path, dir string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("split by year: %w", err)
	}
	defer f.Close()
	type out struct {
		f *os.File
		w *bufio.Writer
	}
	outs := map[string]*out{}
	closeAll := func() error {
		var first error
		for _, o := range outs {
			if err := o.w.Flush(); err != nil && first == nil {
				first = err
			}
			if err := o.f.Close(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	br := bufio.NewReaderSize(f, 1<<20)
	for line := 1; ; line++ {
		if line%1000 == 0 && ctx.Err() != nil {
			closeAll()
			return nil, ctx.Err()
		}
		b, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			closeAll()
			return nil, fmt.Errorf("split %s line %d: %w", path, line, rerr)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			var d struct {
				Date string `json:"date"`
			}
			if err := json.Unmarshal(b, &d); err != nil {
				closeAll()
				return nil, fmt.Errorf("split %s line %d: not a JSON object with a date: %w", path, line, err)
			}
			name := yearOf(d.Date)
			o := outs[name]
			if o == nil {
				of, err := os.Create(filepath.Join(dir, name+".jsonl"))
				if err != nil {
					closeAll()
					return nil, fmt.Errorf("split by year: %w", err)
				}
				o = &out{f: of, w: bufio.NewWriterSize(of, 256<<10)}
				outs[name] = o
			}
			o.w.Write(b)
			if b[len(b)-1] != '\n' {
				o.w.WriteByte('\n')
			}
		}
		if rerr != nil {
			break
		}
	}
	if err := closeAll(); err != nil {
		return nil, fmt.Errorf("split by year: %w", err)
	}
	names := make([]string, 0, len(outs))
	for n := range outs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// yearOf is the four-digit year a date string starts with, or undatedShard.
func yearOf(date string) string {
	if len(date) >= 4 {
		if y, err := strconv.Atoi(date[:4]); err == nil && y > 0 {
			return date[:4]
		}
	}
	return undatedShard
}

// ingestByYear splits the archive at path by year into a temporary folder,
// then ingests each year, one after the other, into dir/YEAR with
// newsdesk's own ingest (ingestNewsdesk, merged into one segment per shard
// as --optimize auto does). Progress points count articles over all shards.
// It returns the seconds the split took; they are part of the wall time.
func ingestByYear(ctx context.Context, path, dir string, t *tally) (float64, error) {
	tmp, err := os.MkdirTemp("", "newsdesk-shard-split-")
	if err != nil {
		return 0, fmt.Errorf("split by year: %w", err)
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	names, err := splitByYear(ctx, path, tmp)
	if err != nil {
		return 0, err
	}
	split := time.Since(start).Seconds()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return split, fmt.Errorf("shards: %w", err)
	}
	for _, name := range names {
		base, n0 := t.articles, len(t.progress)
		events := ingest.Read(ctx, []string{filepath.Join(tmp, name+".jsonl")}, ingest.Options{})
		if err := ingestNewsdesk(ctx, filepath.Join(dir, name), "", events, t); err != nil {
			return split, fmt.Errorf("shard %s: %w", name, err)
		}
		for i := n0; i < len(t.progress); i++ {
			t.progress[i].Articles += base
		}
	}
	return split, nil
}

// shard is one year's index.
type shard struct {
	name     string // the year, or undatedShard
	from, to time.Time
	ix       *index.Index
}

// shardSet is one index of the whole archive and the same archive sharded by
// year, opened read-only for queries.
type shardSet struct {
	single *index.Index
	shards []shard
	comp   *query.Searcher // compiles queries; they depend on the mapping only
	// Statistics for bleve's BM25: the single index's, and the sum of the
	// shards' (the whole collection's, so scores are comparable).
	singleStats, shardStats index.CorpusStats
	fields                  []string
	alias                   bleve.IndexAlias
}

// openShardSet opens the single index at singleDir and every shard under
// shardDir.
func openShardSet(singleDir, shardDir string) (*shardSet, error) {
	single, err := index.OpenReadOnly(singleDir)
	if err != nil {
		return nil, fmt.Errorf("open single index: %w", err)
	}
	s := &shardSet{single: single, comp: query.NewSearcher(single)}
	entries, err := os.ReadDir(shardDir)
	if err != nil {
		s.close()
		return nil, fmt.Errorf("open shards: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		ix, err := index.OpenReadOnly(filepath.Join(shardDir, e.Name()))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("open shard %s: %w", e.Name(), err)
		}
		sh := shard{name: e.Name(), ix: ix}
		if y, err := strconv.Atoi(e.Name()); err == nil {
			sh.from = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			sh.to = sh.from.AddDate(1, 0, 0)
		}
		s.shards = append(s.shards, sh)
	}
	if len(s.shards) == 0 {
		s.close()
		return nil, fmt.Errorf("open shards: no shard in %s", shardDir)
	}
	if s.singleStats, err = single.CorpusStats(); err != nil {
		s.close()
		return nil, err
	}
	s.shardStats = index.CorpusStats{Tokens: map[string]int{}, FieldDocs: map[string]int{}}
	fields := map[string]bool{"*": true, "_all": true, "_id": true}
	addFields := func(ix *index.Index) error {
		fs, err := ix.Bleve().Fields()
		if err != nil {
			return fmt.Errorf("fields of %s: %w", ix.Path(), err)
		}
		for _, f := range fs {
			fields[f] = true
		}
		return nil
	}
	if err := addFields(single); err != nil {
		s.close()
		return nil, err
	}
	ixs := make([]bleve.Index, len(s.shards))
	for i, sh := range s.shards {
		st, err := sh.ix.CorpusStats()
		if err != nil {
			s.close()
			return nil, err
		}
		s.shardStats.Docs += st.Docs
		for f, n := range st.Tokens {
			s.shardStats.Tokens[f] += n
		}
		for f, n := range st.FieldDocs {
			s.shardStats.FieldDocs[f] += n
		}
		if err := addFields(sh.ix); err != nil {
			s.close()
			return nil, err
		}
		ixs[i] = sh.ix.Bleve()
	}
	for f := range s.singleStats.Tokens {
		fields[f] = true
	}
	for f := range s.shardStats.Tokens {
		fields[f] = true
	}
	for f := range fields {
		s.fields = append(s.fields, f)
	}
	sort.Strings(s.fields)
	s.alias = bleve.NewIndexAlias(ixs...)
	return s, nil
}

func (s *shardSet) close() error {
	var first error
	if s.single != nil {
		first = s.single.Close()
	}
	for _, sh := range s.shards {
		if err := sh.ix.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// statsEqual reports whether the summed shard statistics equal the single
// index's (they must, for the scores to be comparable).
func (s *shardSet) statsEqual() bool {
	a, b := s.singleStats, s.shardStats
	if a.Docs != b.Docs || len(a.Tokens) != len(b.Tokens) || len(a.FieldDocs) != len(b.FieldDocs) {
		return false
	}
	for f, n := range a.Tokens {
		if b.Tokens[f] != n {
			return false
		}
	}
	for f, n := range a.FieldDocs {
		if b.FieldDocs[f] != n {
			return false
		}
	}
	return true
}

// statsContext returns ctx carrying BM25 statistics for bleve built from
// stats as internal/engine's WithStats builds them (repeated here for the
// fields of the shard set, not the engine's list): bleve averages a field's length as cardinality / article
// count, so the cardinality is scaled to the articles that have the field.
// Every field of the indexes gets an entry, since bleve fails a query
// touching a field the statistics lack.
func statsContext(ctx context.Context, stats index.CorpusStats, fields []string) context.Context {
	if stats.Docs == 0 {
		return ctx
	}
	docs := stats.Docs
	card := make(map[string]int, len(fields))
	for _, f := range fields {
		if n, fd := stats.Tokens[f], stats.FieldDocs[f]; n > 0 && fd > 0 {
			card[f] = int(float64(n) * float64(docs) / float64(fd))
		} else {
			card[f] = docs // one token per article: keywords, dates, numbers
		}
	}
	return context.WithValue(ctx, search.BM25StatsKey, &search.BM25Stats{DocCount: float64(docs), FieldCardinality: card})
}

// overlapping returns the shards whose year overlaps [from, to).
func (s *shardSet) overlapping(from, to time.Time) []shard {
	var out []shard
	for _, sh := range s.shards {
		if sh.from.IsZero() {
			continue // undated articles never pass a date filter
		}
		if sh.from.Before(to) && from.Before(sh.to) {
			out = append(out, sh)
		}
	}
	return out
}

// Global document frequencies.
//
// bleve's BM25 takes the article count and average field lengths from the
// statistics in the context (search.BM25StatsKey), but the document
// frequency in each term's idf from the index it searches: under an
// IndexAlias, each shard's own. A term common in 2020 and rare in 1995 then
// scores higher in the 1995 shard than the same match would in one index.
// bleve has no hook for the frequency (its "global scoring" pre-search sums
// counts and cardinalities only), so globalDF wraps the compiled query and
// hands its searchers a reader whose term readers report the frequency over
// every shard.

// Query variants measured on the shard set.
const (
	varSingle      = "one index"
	varAlias       = "alias, all shards"
	varAliasDF     = "alias, all shards, global df"
	varRouted      = "alias, shards of the date window"
	varRoutedDF    = "alias, shards of the date window, global df"
	shardTopHits   = 10
	shardCheckHits = 100 // how deep the check looks for tied hits
)

var shardVariants = []string{varSingle, varAlias, varAliasDF, varRouted, varRoutedDF}

// routed reports whether a variant searches only the shards of the date
// window (so it runs on date-filtered queries only).
func routed(variant string) bool { return variant == varRouted || variant == varRoutedDF }

// search runs q (rendered with ci) on one variant: newsdesk's compiled
// query, bleve's SearchInContext with the top size hits and no stored
// fields, with the BM25 statistics of the whole collection. ok is false when
// the variant does not apply to q.
func (s *shardSet) search(ctx context.Context, variant string, q benchQuery, ci corpusInfo, size int) (res *bleve.SearchResult, ok bool, err error) {
	from, to, dated := ci.window(q)
	if routed(variant) && !dated {
		return nil, false, nil
	}
	cq, err := s.comp.Compile(newsdeskQuery(q, ci), from, to)
	if err != nil {
		return nil, false, fmt.Errorf("compile %s: %w", q, err)
	}
	var target bleve.Index
	var dfIxs []bleve.Index
	switch variant {
	case varSingle:
		target = s.single.Bleve()
		ctx = statsContext(ctx, s.singleStats, s.fields)
	case varAlias, varAliasDF:
		target = s.alias
		ctx = statsContext(ctx, s.shardStats, s.fields)
	case varRouted, varRoutedDF:
		var ixs []bleve.Index
		for _, sh := range s.overlapping(from, to) {
			ixs = append(ixs, sh.ix.Bleve())
		}
		if len(ixs) == 0 {
			return &bleve.SearchResult{}, true, nil // no shard can hold a hit
		}
		target = bleve.NewIndexAlias(ixs...)
		ctx = statsContext(ctx, s.shardStats, s.fields)
	default:
		return nil, false, fmt.Errorf("unknown variant %q", variant)
	}
	if variant == varAliasDF || variant == varRoutedDF {
		// The frequency over every shard, even when only some are searched.
		for _, sh := range s.shards {
			dfIxs = append(dfIxs, sh.ix.Bleve())
		}
		t := engine.NewDocFreqs(dfIxs)
		defer t.Close()
		cq = engine.WithDocFreqs(cq, t)
	}
	res, err = target.SearchInContext(ctx, bleve.NewSearchRequestOptions(cq, size, 0, false))
	if err != nil {
		return nil, false, fmt.Errorf("%s: %s: %w", variant, q, err)
	}
	return res, true, nil
}

// topDiff is how one variant's top hits differ from the single index's.
type topDiff struct {
	sameTotal bool
	// same: the same ids with the same scores, in the same order up to the
	// order of hits with equal scores.
	same bool
	// hits is the variant's number of hits; common counts those also in
	// the single index's top list, and ratios holds their scores over the
	// single index's.
	hits, common int
	ratios       []float64
}

// compareTop compares got (a variant's top hits) with want (the single
// index's) and wide (the single index's top shardCheckHits, to place hits
// tied at the cut).
func compareTop(want, wide, got *bleve.SearchResult) topDiff {
	d := topDiff{sameTotal: want.Total == got.Total, same: len(want.Hits) == len(got.Hits), hits: len(got.Hits)}
	wideScore := map[string]float64{}
	for _, h := range wide.Hits {
		wideScore[h.ID] = h.Score
	}
	wantScore := map[string]float64{}
	for _, h := range want.Hits {
		wantScore[h.ID] = h.Score
	}
	for i, h := range got.Hits {
		if d.same && (i >= len(want.Hits) || want.Hits[i].Score != h.Score) {
			d.same = false
		}
		if ws, ok := wideScore[h.ID]; !ok || ws != h.Score {
			d.same = false
		}
		if ws, ok := wantScore[h.ID]; ok {
			d.common++
			if ws != 0 {
				d.ratios = append(d.ratios, h.Score/ws)
			}
		}
	}
	return d
}
