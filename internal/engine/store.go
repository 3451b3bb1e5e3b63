package engine

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Create makes a bleve index at path ("" for one in memory) with mapping m
// and bleve's config cfg, on scorch: the engine reads scorch's segments,
// and bleve's older in-memory type silently ignores BM25.
func Create(path string, m mapping.IndexMapping, cfg map[string]interface{}) (bleve.Index, error) {
	return bleve.NewUsing(path, m, scorch.Name, scorch.Name, cfg)
}

// scorchOf returns the scorch index under b.
func scorchOf(b bleve.Index) (*scorch.Scorch, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil, fmt.Errorf("not a scorch index (%T)", adv)
	}
	return s, nil
}

// Segments is the number of segments in b's current snapshot: the term
// dictionaries a search walks. Segment files scorch has merged away but not
// yet removed do not count.
func Segments(b bleve.Index) (int, error) {
	s, err := scorchOf(b)
	if err != nil {
		return 0, err
	}
	r, err := s.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("index reader is a %T, not a scorch snapshot", r)
	}
	return len(snap.Segments()), nil
}

// ForceMerge runs one of scorch's force merges of b: it merges at most ten
// segments into one per task, and returns once scorch has put the merged
// segments into the snapshot. It returns nil, having merged less or
// nothing, when ctx is cancelled or the index closed.
func ForceMerge(ctx context.Context, b bleve.Index) error {
	s, err := scorchOf(b)
	if err != nil {
		return err
	}
	return s.ForceMerge(ctx, nil)
}

// Snapshot reads one snapshot of an index by document number: posting
// lists, external ids and doc values, below bleve's search API (the
// duplicate detection of the index's writer reads the keys of the articles
// it meets this way, where a search per article cost more than the rest).
type Snapshot struct {
	r   bindex.IndexReader
	dvr bindex.DocValueReader
}

// OpenSnapshot opens a snapshot of b as it is now, reading the doc values of
// fields.
func OpenSnapshot(b bleve.Index, fields ...string) (*Snapshot, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	dvr, err := r.DocValueReader(fields)
	if err != nil {
		_ = r.Close()
		return nil, err
	}
	return &Snapshot{r: r, dvr: dvr}, nil
}

// Close releases the snapshot.
func (s *Snapshot) Close() error { return s.r.Close() }

// Postings calls fn with the number of every document whose field holds
// term, in index order.
func (s *Snapshot) Postings(ctx context.Context, field, term string, fn func(doc uint64) error) error {
	tfr, err := s.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var td bindex.TermFieldDoc
	for {
		m, err := tfr.Next(&td)
		if err != nil {
			return err
		}
		if m == nil {
			return nil
		}
		if err := fn(m.ID.Value()); err != nil {
			return err
		}
	}
}

// Docs calls fn with the number of every document of the snapshot that is
// not deleted, in index order.
func (s *Snapshot) Docs(ctx context.Context, fn func(doc uint64) error) error {
	all, err := s.r.DocIDReaderAll()
	if err != nil {
		return err
	}
	defer all.Close()
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		id, err := all.Next()
		if err != nil || id == nil {
			return err
		}
		if err := fn(id.Value()); err != nil {
			return err
		}
	}
}

// ExternalID is the id of document doc.
func (s *Snapshot) ExternalID(doc uint64) (string, error) {
	return s.r.ExternalID(bindex.NewIndexInternalID(nil, doc))
}

// VisitDocValues calls fn with each doc value of document doc in the
// fields the snapshot was opened with.
func (s *Snapshot) VisitDocValues(doc uint64, fn func(field string, term []byte)) error {
	return s.dvr.VisitDocValues(bindex.NewIndexInternalID(nil, doc), fn)
}
