package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/newsdesk/newsdesk/internal/engine"
)

// AutoOptimizeMax is the largest index worth merging into one segment after
// every bulk ingest: a full merge rewrites the whole index (the last two
// segments of 100,000 generated articles, 0.8 GB, took 22.7 s on the
// project's 2-core machine while it was busy), and past this size bleve's
// own tiered merging keeps the segment count down.
const AutoOptimizeMax = 250_000

// mergePendingKey marks, in bleve's internal storage, an Optimize that has
// started and not finished. A kill during the merge leaves the index
// complete but unmerged, and the ingest run again writes nothing, so
// nothing else would tell it to merge.
const mergePendingKey = "newsdesk:merge_pending"

// MergePending reports whether an Optimize started and did not finish (the
// process was killed or its context cancelled): the index is complete but
// may have many segments. Call Optimize to finish it; newsdesk ingest does.
func (ix *Index) MergePending() (bool, error) {
	v, err := ix.b.GetInternal([]byte(mergePendingKey))
	if err != nil {
		return false, fmt.Errorf("read merge state of %s: %w", ix.path, err)
	}
	return len(v) > 0, nil
}

// ErrMergeIncomplete is returned (wrapped, with the number of segments left)
// by Optimize when the merge stopped before the index was one segment. The
// index is complete and searches give the same answers, only slower;
// MergePending stays true, so the next Optimize (the next newsdesk ingest)
// finishes it.
var ErrMergeIncomplete = errors.New("the merge did not finish")

// Optimize merges the whole index into one segment, as Lucene's forceMerge
// does: searches then walk one term dictionary instead of one per segment,
// and the index shrinks. On Reuters-21578 it took 9 segments to 1, the
// index from 95 to 83 MB and the median query from 6.6 to 3.5 ms (see
// docs/index.md). It rewrites every article, so it suits the end of a bulk ingest,
// not every small update. Until it has merged, MergePending reports true,
// even after a kill.
//
// It returns when the index's snapshot holds one segment and that snapshot
// is on disk, or with an error wrapping ErrMergeIncomplete (and ctx's error
// if ctx ended it) when it stopped short. bleve removes the merged-away
// segment files in the background; Close waits for that. A memory index
// is left as it is: bleve merges only segments on disk.
func (ix *Index) Optimize(ctx context.Context) error {
	if ix.readOnly {
		return ErrReadOnly
	}
	if ix.path == "" {
		return nil
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	// Recorded before merging (bleve persists it before SetInternal
	// returns), cleared once merged.
	if err := ix.b.SetInternal([]byte(mergePendingKey), []byte("1")); err != nil {
		return fmt.Errorf("optimize %s: %w", ix.path, err)
	}
	segs, err := engine.Segments(ix.b)
	if err != nil {
		return fmt.Errorf("optimize %s: %w", ix.path, err)
	}
	incomplete := func(cause error) error {
		if cause != nil {
			return fmt.Errorf("optimize %s: %w: %d segments remain: %w", ix.path, ErrMergeIncomplete, segs, cause)
		}
		return fmt.Errorf("optimize %s: %w: %d segments remain", ix.path, ErrMergeIncomplete, segs)
	}
	// One force merge merges at most ten segments into one per task, so
	// 19 segments become 2: merge again while that leaves fewer. Each pass
	// ends when bleve has put the merged segments into the snapshot, so
	// counting the snapshot's segments needs no waiting. Every batch is
	// persisted before Batch returns, so every segment can be merged.
	for {
		if err := ctx.Err(); err != nil {
			return incomplete(err)
		}
		if segs <= 1 {
			break
		}
		if err := ix.forceMerge(ctx); err != nil {
			return incomplete(err)
		}
		n, err := engine.Segments(ix.b)
		if err != nil {
			return incomplete(err)
		}
		// ForceMerge returns nil, having merged less or nothing, when ctx
		// is cancelled (checked above) or the index is closed.
		if n >= segs {
			segs = n
			return incomplete(nil)
		}
		segs = n
	}
	// Persisted, before DeleteInternal returns, with a snapshot that holds
	// only the merged segment.
	if err := ix.b.DeleteInternal([]byte(mergePendingKey)); err != nil {
		return fmt.Errorf("optimize %s: %w", ix.path, err)
	}
	return nil
}

// forceMerge runs one of scorch's force merges (engine.ForceMerge), or
// ix.mergeHook in tests that need a merge which stops short.
func (ix *Index) forceMerge(ctx context.Context) error {
	merge := func(ctx context.Context) error { return engine.ForceMerge(ctx, ix.b) }
	if ix.mergeHook != nil {
		return ix.mergeHook(ctx, merge)
	}
	return merge(ctx)
}

// Segments is the number of segments in the index's current snapshot:
// the term dictionaries a search walks. Segment files bleve has merged away
// but not yet removed do not count. It is 0 if the index cannot be read
// (it is closed).
func (ix *Index) Segments() int {
	n, err := engine.Segments(ix.b)
	if err != nil {
		return 0
	}
	return n
}

// segmentFiles is the number of segment (.zap) files in dir, including
// those bleve has merged away and not yet removed.
func segmentFiles(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") {
			n++
		}
	}
	return n
}
