package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExportJSONLKeepsFieldOrder checks that export --format jsonl
// --fields writes each line's keys in the order asked (they came out
// alphabetically, from a map).
func TestExportJSONLKeepsFieldOrder(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	for _, fields := range []string{"id,date,headline", "headline,id", "source,headline,date,id"} {
		t.Run(fields, func(t *testing.T) {
			out, _, err := run(t, "", "--index", ix, "export", "--format", "jsonl", "--fields", fields)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Split(fields, ",")
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				if got := jsonKeys(t, line); !slices.Equal(got, want) {
					t.Fatalf("keys %v, want %v: %s", got, want, line)
				}
			}
		})
	}
}

// jsonKeys lists a JSON object's keys in the order written.
func jsonKeys(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(line)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", line)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		keys = append(keys, k.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
	}
	return keys
}
