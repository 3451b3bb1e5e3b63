package query

import (
	"context"
	"errors"
	"fmt"
)

// Prepare does ahead of time what the first search of a read-only index
// without words would do at length, and keeps it in the index folder for
// every later process: the articles that share a duplicate key in the
// default mode (DupSimilar), which collapsing a browse of every article
// reads (a pass over every article, about a second at a million of them).
// `newsdesk ingest` calls it on the index it wrote, so that the first
// browse after an ingest takes no longer than the next. It reads what a
// process before kept when the index has not changed since, and it is an
// error on a writable index, which keeps nothing between processes. The
// searcher keeps what it found for its own searches when it caches.
func (s *Searcher) Prepare(ctx context.Context) error {
	if !s.ix.ReadOnly() {
		return errors.New("prepare: the index is open for writing; open it read-only")
	}
	field, err := dupField(DupSimilar)
	if err != nil {
		return err
	}
	if err := s.engine(true).KeepSharedKeys(ctx, field); err != nil {
		return fmt.Errorf("prepare %s: %w", s.ix.Path(), err)
	}
	return nil
}
