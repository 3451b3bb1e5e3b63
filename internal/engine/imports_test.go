package engine_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// engineOnly are the imports only this package may have: bleve's index
// implementation and its internal API. Everything else searches through
// bleve's public API or through the engine.
var engineOnly = []string{
	"github.com/blevesearch/bleve/v2/index/scorch",
	"github.com/blevesearch/bleve_index_api",
}

// TestOnlyTheEngineImportsScorch parses the imports of every Go file of the
// repository, the bench module and tests included, and fails when a file
// outside internal/engine imports scorch or bleve_index_api.
func TestOnlyTheEngineImportsScorch(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	self, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files, engineFiles := 0, 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if !slices.Contains(engineOnly, p) {
				continue
			}
			if filepath.Dir(path) == self {
				engineFiles++
				continue
			}
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s imports %s: only internal/engine may", rel, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 || engineFiles == 0 {
		t.Fatalf("parsed %d files, %d of the engine's import scorch or bleve_index_api: the walk missed the tree", files, engineFiles)
	}
}
