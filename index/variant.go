package index

import (
	"fmt"

	"github.com/newsdesk/newsdesk/internal/variant"
)

// CreateVariant creates an index at path (which must not exist yet) with
// one of the layout variants `bench mapping` measures. It is a measurement
// hook for newsdesk's own benchmarks, not for embedders: its argument's
// type is in an internal package, so no other module can name one. Only
// the handle returned writes the variant's documents: an index opened again
// later is written with the newsdesk documents on the variant's mapping.
func CreateVariant(path string, v variant.Variant) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	if v.Mapping != nil {
		v.Mapping(m)
	}
	ix, err := create(path, m, map[string]interface{}{"bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("create index %s (variant %q): %w", path, v.Name, err)
	}
	ix.variant = v
	return ix, nil
}
