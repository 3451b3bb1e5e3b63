package index

import (
	"fmt"

	bdoc "github.com/blevesearch/bleve/v2/document"
)

// Documents are mapped and analysed ahead of the writer. bleve's Batch
// analyses every field of a batch on its own queue and then builds the
// segment on the writer's goroutine; analysed ahead, on the preparation
// goroutines (writer.go), the analysis of the next batch overlaps with
// the segment build of this one, and the writer's goroutine, which every
// batch waits for, does less. The fields the writer decides (duplicate
// group and keys, the quotation's duplicate flag) are mapped apart and
// appended when the batch is written (finish).

// preanalyzed is a field analysed ahead: scorch analyses each indexed
// field when the batch is written, which for it is nothing left to do.
// Its length and token frequencies are those Analyze computed.
type preanalyzed struct{ bdoc.Field }

// Analyze does nothing: the field was analysed when it was wrapped.
func (preanalyzed) Analyze() {}

// analyzedDoc is an index document mapped and analysed ahead, waiting
// for the fields only the writer knows.
type analyzedDoc struct {
	doc *bdoc.Document
}

// mapAnalyzed maps v (a *document or a quoteDoc) to the bleve document
// with the given id, as Batch.Index would, and analyses its indexed
// fields.
func (ix *Index) mapAnalyzed(id string, v any) (*analyzedDoc, error) {
	d := bdoc.NewDocument(id)
	if err := ix.b.Mapping().MapDocument(d, v); err != nil {
		return nil, fmt.Errorf("map document %s: %w", id, err)
	}
	for i, f := range d.Fields {
		if f.Options().IsIndexed() {
			f.Analyze()
			d.Fields[i] = preanalyzed{f}
		}
	}
	return &analyzedDoc{doc: d}, nil
}

// finish appends the fields of late (mapped as the index maps it, and
// analysed when the batch is written) and returns the whole document; a
// nil late adds nothing. An analyzedDoc is finished once.
func (ix *Index) finish(a *analyzedDoc, late any) (*bdoc.Document, error) {
	d := a.doc
	a.doc = nil
	if d == nil {
		return nil, fmt.Errorf("index document finished twice")
	}
	if late == nil {
		return d, nil
	}
	tmp := bdoc.NewDocument(d.ID())
	if err := ix.b.Mapping().MapDocument(tmp, late); err != nil {
		return nil, fmt.Errorf("map document %s: %w", d.ID(), err)
	}
	// tmp's composite fields (an index made with _all) are left out: d's
	// own compose every field, these included, when the batch is written.
	d.Fields = append(d.Fields, tmp.Fields...)
	return d, nil
}
