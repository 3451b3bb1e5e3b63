package index

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
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

// SetMergeHook makes Optimize call merge in place of scorch's ForceMerge.
func SetMergeHook(ix *Index, merge func(context.Context, *scorch.Scorch) error) {
	ix.mergeHook = merge
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
	b, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, cfg)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(setLayout(b), markArticleKind(b)); err != nil {
		b.Close()
		return nil, err
	}
	return &Index{b: b, path: path, layout: Layout, articleKind: true}, nil
}
