package index

import (
	"context"
	"path/filepath"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// DisableDuplicates turns duplicate detection down, for benchmarks that
// measure its cost: exactOnly keeps the exact digests (and every article in
// its own group), otherwise no duplicate field is set at all.
func DisableDuplicates(ix *Index, exactOnly bool) {
	ix.dedupOff = 2
	if exactOnly {
		ix.dedupOff = 1
	}
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
