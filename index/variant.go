package index

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsdesk/newsdesk/internal/variant"
)

// The layout variants `bench mapping` measures are made through
// internal/variant, not an export of this package: they are measurement
// hooks, not what an embedder uses.
func init() {
	variant.Create = func(path string, v variant.Variant) (any, error) {
		ix, err := createVariant(path, v)
		if err != nil {
			return nil, err
		}
		return ix, nil
	}
}

// createVariant creates an index at path (which must not exist yet) with
// layout variant v: variant.Create.
func createVariant(path string, v variant.Variant) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if v.Mapping != nil {
		v.Mapping(m)
	}
	b, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("create index %s (variant %q): %w", path, v.Name, err)
	}
	if err := errors.Join(setLayout(b), markArticleKind(b)); err != nil {
		b.Close()
		return nil, fmt.Errorf("create index %s (variant %q): %w", path, v.Name, err)
	}
	return &Index{b: b, path: path, variant: v, layout: Layout, articleKind: true}, nil
}
