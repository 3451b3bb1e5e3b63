package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

var update = flag.Bool("update", false, "rewrite testdata/archive/jsonl/archive.jsonl from the Factiva files")

var (
	factivaDir = filepath.Join("..", "testdata", "archive", "factiva")
	jsonlFile  = filepath.Join("..", "testdata", "archive", "jsonl", "archive.jsonl")
)

func readAll(t *testing.T, path string) (arts []*article.Article, errs []error) {
	t.Helper()
	for ev := range ingest.Read(context.Background(), []string{path}, ingest.Options{}) {
		if ev.Err != nil {
			errs = append(errs, ev.Err)
		}
		if ev.Article != nil {
			arts = append(arts, ev.Article)
		}
	}
	return arts, errs
}

// TestArchiveJSONLMatchesFactiva checks that the JSON Lines copy of the test
// archive reads back as the very articles the Factiva files hold: the two
// parsers agree field for field. Regenerate the copy with -update.
func TestArchiveJSONLMatchesFactiva(t *testing.T) {
	fromFactiva, errs := readAll(t, factivaDir)
	if len(errs) != 1 {
		t.Errorf("Factiva archive: %d errors, want exactly the one planted broken article: %v", len(errs), errs)
	}
	if *update {
		var buf bytes.Buffer
		for _, a := range fromFactiva {
			c := *a
			c.Origin = article.Origin{}
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(b)
			buf.WriteByte('\n')
		}
		if err := os.MkdirAll(filepath.Dir(jsonlFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(jsonlFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fromJSONL, errs := readAll(t, jsonlFile)
	if len(errs) > 0 {
		t.Fatalf("JSON Lines archive: %v", errs)
	}
	if len(fromJSONL) != len(fromFactiva) || len(fromJSONL) < 30 {
		t.Fatalf("JSON Lines has %d articles, Factiva %d (want ≥ 30)", len(fromJSONL), len(fromFactiva))
	}
	for i := range fromFactiva {
		f, j := *fromFactiva[i], *fromJSONL[i]
		f.Origin, j.Origin = article.Origin{}, article.Origin{}
		if !reflect.DeepEqual(f, j) {
			t.Errorf("article %d (%s) differs:\n factiva %+v\n jsonl   %+v", i+1, f.ID, f, j)
		}
	}
}
