package index

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// DisableDuplicates turns duplicate detection down, for benchmarks that
// measure its cost: exactOnly keeps the exact digests (and every article in
// its own group), otherwise no duplicate field is set at all.
func DisableDuplicates(ix *Index, exactOnly bool) {
	ix.dedup = dedupNone
	if exactOnly {
		ix.dedup = dedupExactOnly
	}
}

// WithoutEntities is opt set to skip finding names and quotations, for
// benchmarks that measure their cost.
func WithoutEntities(opt Options, skip bool) Options {
	opt.noEntities = skip
	return opt
}

// LayoutKey is the internal key of the index's Layout version.
const LayoutKey = layoutKey

// SetMergeHook makes Optimize call hook in place of one force merge; the
// hook's merge runs the real one.
func SetMergeHook(ix *Index, hook func(ctx context.Context, merge func(context.Context) error) error) {
	ix.mergeHook = hook
}

// SegmentFiles is the number of segment files in the directory of an
// on-disk index, merged-away ones not yet removed included.
func SegmentFiles(ix *Index) int {
	if ix.path == "" {
		return 0
	}
	return segmentFiles(filepath.Join(ix.path, "store"))
}

// CreateUnmerged creates an index at path whose bleve does not merge
// segments on its own (only Optimize merges), so a test knows that the
// segments it wrote are still there when it optimizes.
func CreateUnmerged(path string) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	cfg := map[string]interface{}{"bolt_timeout": openTimeout, "scorchMergePlanOptions": map[string]interface{}{"MaxSegmentsPerTier": 1 << 20}}
	return create(path, m, cfg)
}

// NewMemoryWithout returns a memory index whose mapping lacks the named
// fields, as an index made before they were searchable.
func NewMemoryWithout(fields ...string) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		delete(m.DefaultMapping.Properties, f)
	}
	return create("", m, nil)
}

// DupLookups returns the number of duplicate-key lookups ix made in the
// index, and how many of them found no article.
func DupLookups(ix *Index) (done, empty int) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.dupLookups.done, ix.dupLookups.empty
}

// CreatePlainText creates an index at path as layouts before MarksLayout
// made it: its text analyzer is bleve's custom analyzer (tokenizer and
// filters alone), so its text fields have no marks. Its
// layout is the current one, so that a test can write to it first.
func CreatePlainText(path string) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	js, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	marked := []byte(`"type":"` + schema.MarkedAnalyzerType + `"`)
	if !bytes.Contains(js, marked) {
		return nil, fmt.Errorf("the mapping has no %s", marked)
	}
	old := bleve.NewIndexMapping()
	if err := json.Unmarshal(bytes.Replace(js, marked, []byte(`"type":"custom"`), 1), old); err != nil {
		return nil, err
	}
	return create(path, old, map[string]interface{}{"bolt_timeout": openTimeout})
}

// KeepBandsInIndex makes ix keep the LSH band keys as indexed terms
// (FieldDupBands), as layout 4 did, instead of in the band table: the
// differential test compares the two. Call it before the first write.
func KeepBandsInIndex(ix *Index) { ix.bandsInIndex = true }

// BandTableFile is the name of the band table in the index folder.
const BandTableFile = bandTableFile

// UndateBandTable writes the band table of the index at dir again as it
// was written before its records had dates, for the test of dating it.
func UndateBandTable(dir string) error {
	t, err := openBandTable(dir)
	if err != nil {
		return err
	}
	keys := t.recordKeys()
	if err := os.Remove(t.path); err != nil {
		return err
	}
	old := &bandTable{path: t.path}
	for ord, id := range t.ids {
		if err := writeUndatedBlock(old, []bandRecord{{id: id, keys: keys[ord]}}); err != nil {
			return err
		}
	}
	return nil
}

// NoBandDate is the band table's date of a record whose date it does not
// know.
const NoBandDate = noBandDate

// BandTableDates reads the band table of the index at dir: the date of
// each article's last record (Unix seconds, or NoBandDate), and whether
// any block has records without dates.
func BandTableDates(dir string) (dates map[string]int64, undated bool, err error) {
	t, err := openBandTable(dir)
	if err != nil {
		return nil, false, err
	}
	dates = map[string]int64{}
	for ord, id := range t.ids {
		dates[id] = t.dates[ord]
	}
	return dates, t.undated, nil
}
