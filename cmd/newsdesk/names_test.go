package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNamesQuotesShowAndEval(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", "--quiet", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"quotes", "flood", "--speaker", "neumann"}, []string{"«flood»", "— Peter Neumann", "2017-10-23 · The New York Times", seedID, "Quoted most:"}},
		{[]string{"names", "returnees", "--limit", "500"}, []string{"Names in the", "Islamic State", "Peter Neumann"}},
		{[]string{"show", seedID}, []string{"Names:", "Peter Neumann", "person", "Quotations:", "¶7 Peter Neumann: “I've been saying"}},
	}
	for _, tt := range tests {
		out, _, err := run(t, "", append([]string{"--index", ix}, tt.args...)...)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}

	out, _, err := run(t, "", "--index", ix, "quotes", "--speaker", "pompeo", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Quotes []map[string]any `json:"quotes"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Quotes) != 3 {
		t.Fatalf("quotes --speaker pompeo --json: %d quotations, want 3", len(res.Quotes))
	}
	for _, k := range []string{"text", "speaker", "article_id", "date", "source", "headline"} {
		if _, ok := res.Quotes[0][k]; !ok {
			t.Errorf("--json quotation lacks %q: %v", k, res.Quotes[0])
		}
	}

	out, _, err = run(t, "", "--index", ix, "show", "--json", seedID)
	if err != nil || !strings.Contains(out, `"name": "Mike Pompeo",`) || !strings.Contains(out, `"mentions": 2`) || !strings.Contains(out, `"paragraph": 26`) {
		t.Errorf("show --json lacks names or quotes: %v\n%.2000s", err, out)
	}

	eval := filepath.Join("..", "..", "testdata", "eval")
	out, _, err = run(t, "", "eval", "quotes", "--gold", filepath.Join(eval, "gold.jsonl"), filepath.Join(eval, "articles"), filepath.Join(archiveDir, "factiva"))
	if err != nil || !strings.Contains(out, "quotations in 14 articles: precision") || !strings.Contains(out, "speaker accuracy") {
		t.Errorf("eval quotes: %v %q", err, out)
	}
	// Without inputs, the gold articles are read from the index.
	one := filepath.Join(t.TempDir(), "one.jsonl")
	if err := os.WriteFile(one, []byte(`{"id":"`+seedID+`","names":[{"name":"Peter Neumann"},{"name":"Europol"}],"quotes":[]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, "", "--index", ix, "eval", "names", "--gold", one)
	if err != nil || !strings.Contains(out, "names in 1 articles: precision") || !strings.Contains(out, "recall 1.000") {
		t.Errorf("eval names from the index: %v %q", err, out)
	}
	if _, _, err := run(t, "", "eval", "people", "--gold", "x", "y"); err == nil || !strings.Contains(err.Error(), "want names or quotes") {
		t.Errorf("eval people: err = %v", err)
	}
}

// TestEvalNamesCorpus: without --gold, eval names scores the held-out NER
// corpora, and says so cleanly when they are absent.
func TestEvalNamesCorpus(t *testing.T) {
	out, _, err := run(t, "", "eval", "names", "--corpus", filepath.Join(t.TempDir(), "absent"))
	if err != nil || !strings.Contains(out, "NER corpus not found") {
		t.Errorf("absent corpus: %v %q", err, out)
	}
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "ner")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no NER corpus: %v", err)
	}
	out, _, err = run(t, "", "eval", "names", "--corpus", dir)
	if err != nil || !strings.Contains(out, "GMB held-out") || !strings.Contains(out, "GUM news") || !strings.Contains(out, "person       precision") {
		t.Errorf("eval names --corpus: %v %q", err, out)
	}
}
