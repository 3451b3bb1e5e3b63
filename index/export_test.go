package index

// DisableDuplicates turns duplicate detection off, for benchmarks that
// measure its cost.
func DisableDuplicates(ix *Index) { ix.noDedup = true }
