package tagger

import (
	"bytes"
	_ "embed" // the shipped model
	"fmt"
	"sync"
)

// model.bin.gz is written by `make tagger-model`; model.json beside it
// records how, and the held-out scores it reached.
//
//go:embed model.bin.gz
var shipped []byte

// loadShipped decodes the embedded model once, on first use.
var loadShipped = sync.OnceValues(func() (*Model, error) {
	m, err := Load(bytes.NewReader(shipped))
	if err != nil {
		return nil, fmt.Errorf("embedded tagger model: %w", err)
	}
	return m, nil
})

// Default returns the model shipped in the binary, trained on the GMB
// (Voice of America news) as docs/names-tagger.md describes. It is decoded
// on the first call (about 0.1 s) and shared afterwards; the Model is
// immutable and safe for concurrent use.
func Default() (*Model, error) { return loadShipped() }
