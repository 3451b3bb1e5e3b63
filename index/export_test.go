package index

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
