package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	zap "github.com/blevesearch/zapx/v17"
)

// segmentPart is one part of a segment file and its size.
type segmentPart struct {
	name  string
	bytes int64
}

// segmentLayout reads where the bytes of one zap v17 segment file go: the
// stored documents (and, uncompressed, each stored field), and per index
// field its postings (positions and offsets included) and term
// dictionary. zap writes a field's postings just before its dictionary and
// its doc values just after, so a field's postings figure includes the
// doc values of the field before it.
func segmentLayout(path string) (parts []segmentPart, storedRaw map[string]int64, err error) {
	seg, err := (&zap.ZapPlugin{}).Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open segment %s: %w", path, err)
	}
	defer seg.Close()
	s, ok := seg.(*zap.Segment)
	if !ok {
		return nil, nil, fmt.Errorf("segment %s: a %T, not a zap v17 segment", path, seg)
	}
	data := s.Data()
	storedRaw = map[string]int64{}
	for d := range s.NumDocs() {
		err := s.VisitStoredFields(d, func(field string, _ byte, value []byte, _ []uint64) bool {
			storedRaw[field] += int64(len(value))
			return true
		})
		if err != nil {
			return nil, nil, fmt.Errorf("segment %s: stored fields of document %d: %w", path, d, err)
		}
	}
	parts = append(parts, segmentPart{"stored documents", int64(s.StoredIndexOffset())})
	type dict struct {
		field string
		at    uint64
	}
	var dicts []dict
	for _, f := range s.Fields() {
		if at, err := s.DictAddr(f); err == nil && at > 0 {
			dicts = append(dicts, dict{f, at})
		}
	}
	slices.SortFunc(dicts, func(a, b dict) int { return int(a.at) - int(b.at) })
	end := s.StoredIndexOffset()
	for _, d := range dicts {
		if d.at < end || d.at >= uint64(len(data)) {
			return nil, nil, fmt.Errorf("segment %s: dictionary of %s at %d, outside %d..%d", path, d.field, d.at, end, len(data))
		}
		n, w := binary.Uvarint(data[d.at:])
		if w <= 0 {
			return nil, nil, fmt.Errorf("segment %s: dictionary length of %s unreadable", path, d.field)
		}
		parts = append(parts,
			segmentPart{d.field + ": postings", int64(d.at - end)},
			segmentPart{d.field + ": dictionary", int64(n) + int64(w)})
		end = d.at + n + uint64(w)
	}
	parts = append(parts, segmentPart{"last doc values, field and section indexes, footer", int64(len(data)) - int64(end)})
	return parts, storedRaw, nil
}

// cmdSegment prints where the bytes of an index go, part by part, read
// from its segment files (zap v17, as bleve 2.6 writes them).
func cmdSegment(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("segment", flag.ContinueOnError)
	dir := fs.String("index", "", "newsdesk (or bleve) index folder")
	minMB := fs.Float64("min", 0.05, "leave out parts under this many MB")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("segment: -index is required")
	}
	return writeSegmentLayout(os.Stdout, *dir, *minMB)
}

// writeSegmentLayout writes the table of cmdSegment for every segment file
// of the index at dir.
func writeSegmentLayout(w io.Writer, dir string, minMB float64) error {
	files, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("segment: no segment files in %s", filepath.Join(dir, "store"))
	}
	for _, f := range files {
		parts, raw, err := segmentLayout(f)
		if err != nil {
			return err
		}
		var total int64
		for _, p := range parts {
			total += p.bytes
		}
		fmt.Fprintf(w, "### Where the bytes are: %s (%.2f MB)\n\n", filepath.Base(f), mb(total))
		var stored []string
		for field, n := range raw {
			stored = append(stored, fmt.Sprintf("%s %.2f MB", field, mb(n)))
		}
		slices.Sort(stored)
		fmt.Fprintf(w, "Stored fields before bleve compresses them: %s. A field's postings include the doc values of the field written before it.\n\n", strings.Join(stored, ", "))
		slices.SortStableFunc(parts, func(a, b segmentPart) int { return int(b.bytes - a.bytes) })
		fmt.Fprintln(w, "| part | MB | share |")
		fmt.Fprintln(w, "|---|---|---|")
		var rest int64
		for _, p := range parts {
			if mb(p.bytes) < minMB {
				rest += p.bytes
				continue
			}
			fmt.Fprintf(w, "| %s | %.2f | %.1f%% |\n", p.name, mb(p.bytes), 100*float64(p.bytes)/float64(total))
		}
		fmt.Fprintf(w, "| parts under %.2f MB | %.2f | %.1f%% |\n\n", minMB, mb(rest), 100*float64(rest)/float64(total))
	}
	return nil
}
