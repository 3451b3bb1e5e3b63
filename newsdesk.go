// Package newsdesk is a full-text search engine for news archives.
//
// The work is split into packages that other Go programs can use on their
// own: ingest reads export files into articles, index stores them in a bleve
// index, and query searches it (and serves HTTP). The command-line tool is
// cmd/newsdesk. This package holds only the sample archive that
// `newsdesk demo` serves.
package newsdesk

import (
	"embed"
	"io/fs"
)

//go:embed testdata/archive/factiva
var sample embed.FS

// SampleArchive returns the bundled sample archive: invented articles in
// Factiva's text export layout plus one real Factiva sample, in several
// files (one with CRLF line ends, one in Windows-1252, one with a broken
// article, as real exports have).
func SampleArchive() fs.FS {
	sub, err := fs.Sub(sample, "testdata/archive/factiva")
	if err != nil {
		panic(err) // the path is fixed at build time
	}
	return sub
}
