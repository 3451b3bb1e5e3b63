package index

// When an ingest merges the index into one segment (OptimizePolicy.Mode).
const (
	// OptimizeAuto merges after an ingest that wrote at least a tenth of
	// an index of up to OptimizePolicy.Max articles in several segments,
	// and always finishes a merge an earlier ingest left pending.
	OptimizeAuto = "auto"
	// OptimizeAlways merges after every ingest.
	OptimizeAlways = "always"
	// OptimizeNever never merges, not even to finish a pending merge.
	OptimizeNever = "never"
)

// OptimizePolicy decides whether to Optimize after an ingest: a merge
// makes searches faster and the index smaller, but rewrites the whole
// index, so small updates to a large index skip it. newsdesk ingest and
// the benchmarks both decide with it, so that what is measured is what
// users get.
type OptimizePolicy struct {
	// Mode is OptimizeAuto (also ""), OptimizeAlways or OptimizeNever.
	Mode string
	// Max is the largest index OptimizeAuto merges; 0 is AutoOptimizeMax.
	Max uint64
}

// OptimizeState is what an OptimizePolicy decides on: read it with
// Index.OptimizeState after an ingest.
type OptimizeState struct {
	Written  uint64 // articles the ingest added or updated
	Total    uint64 // articles in the index
	Segments int    // segments of the index
	Pending  bool   // an earlier merge did not finish (MergePending)
}

// ShouldOptimize reports whether an index in state s is to be merged.
func (p OptimizePolicy) ShouldOptimize(s OptimizeState) bool {
	switch p.Mode {
	case OptimizeNever:
		return false
	case OptimizeAlways:
		return true
	}
	if s.Pending {
		return true
	}
	limit := p.Max
	if limit == 0 {
		limit = AutoOptimizeMax
	}
	return s.Written > 0 && s.Written*10 >= s.Total && s.Total <= limit && s.Segments > 1
}

// OptimizeState reads the state an OptimizePolicy decides on, after an
// ingest that returned stats.
func (ix *Index) OptimizeState(stats Stats) (OptimizeState, error) {
	pending, err := ix.MergePending()
	if err != nil {
		return OptimizeState{}, err
	}
	total, err := ix.Count()
	if err != nil {
		return OptimizeState{}, err
	}
	return OptimizeState{
		Written:  uint64(stats.Added + stats.Updated),
		Total:    total,
		Segments: ix.Segments(),
		Pending:  pending,
	}, nil
}
