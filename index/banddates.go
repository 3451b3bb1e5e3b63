package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2/numeric"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Band tables written before their records had dates (bandBlockMagicUndated)
// are dated once, by the first writer that opens them: every record of an
// article the index holds with a date gets that date, and the table is
// written again in the dated format. A record of an older version of an
// article gets the indexed version's date; that can only add candidates,
// which are read back and checked as before. Records the index has no date
// for (undated articles, articles no longer indexed) keep noBandDate and
// stay candidates whatever the window.

// bandBlockRecords is how many records the table is written again in per
// block.
const bandBlockRecords = 4096

// dateBands dates the records of t from the index and writes t's file
// again with their dates. ix.writeMu must be held.
func (ix *Index) dateBands(ctx context.Context, t *bandTable) error {
	ords := make(map[string][]uint32, len(t.ids))
	for ord, id := range t.ids {
		ords[id] = append(ords[id], uint32(ord))
	}
	snap, err := engine.OpenSnapshot(ix.b, schema.FieldDate)
	if err != nil {
		return err
	}
	defer snap.Close()
	err = snap.Docs(ctx, func(doc uint64) error {
		var date string // the full-precision term of the date's doc values
		err := snap.VisitDocValues(doc, func(_ string, term []byte) {
			if ok, shift := numeric.ValidPrefixCodedTerm(string(term)); ok && shift == 0 {
				date = string(term)
			}
		})
		if err != nil {
			return err
		}
		if date == "" {
			return nil // undated, or a quotation document
		}
		id, err := snap.ExternalID(doc)
		if err != nil {
			return err
		}
		for _, ord := range ords[id] {
			t.dates[ord] = bandDate(sortedKey(id, date))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("date the band table from the index: %w", err)
	}
	if t.path != "" {
		if err := t.rewrite(); err != nil {
			return err
		}
	}
	t.undated = false
	return nil
}

// rewrite writes t's file again from memory, in the current format: to a
// new file first, then renamed over the old one, so that a crash leaves
// one or the other whole.
func (t *bandTable) rewrite() error {
	keys := t.recordKeys()
	tmp := t.path + ".new"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write band table: %w", err)
	}
	defer os.Remove(tmp) // after the rename, there is nothing to remove
	recs := make([]bandRecord, 0, bandBlockRecords)
	for ord, id := range t.ids {
		recs = append(recs, bandRecord{id: id, date: t.dates[ord], keys: keys[ord]})
		if len(recs) == bandBlockRecords || ord == len(t.ids)-1 {
			if _, err := f.Write(encodeBandBlock(recs)); err != nil {
				f.Close()
				return fmt.Errorf("write band table %s: %w", tmp, err)
			}
			recs = recs[:0]
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write band table %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write band table %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, t.path); err != nil {
		return fmt.Errorf("write band table: %w", err)
	}
	return syncDir(filepath.Dir(t.path))
}

// syncDir asks for a rename in dir to be made durable. Not every system
// can sync a folder; the rename is whole either way, so that is no error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("band table folder: %w", err)
	}
	_ = d.Sync()
	return d.Close()
}

// recordKeys returns the keys of each record of t, by its ordinal.
func (t *bandTable) recordKeys() [][]uint64 {
	keys := make([][]uint64, len(t.ids))
	for _, r := range t.runs {
		for i, k := range r.keys {
			keys[r.ords[i]] = append(keys[r.ords[i]], k)
		}
	}
	return keys
}
