package tagger_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	corpus "github.com/newsdesk/newsdesk/extract/internal/nercorpus"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

// The corpora are read by path from beside the worktree, never copied into
// the repository; the tests that need them skip without them.
const corpusDir = "../../../shared/corpus/ner"

func loadCorpus(t *testing.T) *corpus.Data {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no corpus: %v", err)
	}
	rec := readRecord(t)
	d, err := corpus.Load(corpusDir, rec.Options.GUMGenres)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readRecord(t *testing.T) corpus.Record {
	t.Helper()
	data, err := os.ReadFile("model.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec corpus.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatalf("model.json: %v", err)
	}
	return rec
}

// TestHeldOut scores the shipped model on the held-out parts: the scores
// must be the ones model.json records (so the committed model and record
// agree) and at least the floors below, a little under what was measured,
// so that a retrained model that got worse fails here.
func TestHeldOut(t *testing.T) {
	d := loadCorpus(t)
	rec := readRecord(t)
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []struct {
		name     string
		docs     [][]tagger.Sentence
		recorded map[string]corpus.PRF
		floors   map[string]float64 // F1
	}{
		{"GMB held-out", d.GMBTest, rec.GMB, map[string]float64{"PERSON": 0.83, "ORGANIZATION": 0.72, "LOCATION": 0.88}},
		{"GUM news", d.GUMNews, rec.GUMNews, map[string]float64{"PERSON": 0.80, "ORGANIZATION": 0.51, "LOCATION": 0.63}},
	} {
		got := corpus.Scores(tagger.Evaluate(m, part.docs))
		if !reflect.DeepEqual(got, part.recorded) {
			t.Errorf("%s: the shipped model scores\n%v\nbut model.json records\n%v\n(rerun make tagger-model)", part.name, got, part.recorded)
		}
		for typ, floor := range part.floors {
			s := got[typ]
			t.Logf("%s %-12s P %.3f R %.3f F1 %.3f (%d gold)", part.name, typ, s.Precision, s.Recall, s.F1, s.Gold)
			if s.F1 < floor {
				t.Errorf("%s %s: F1 %.3f, below %.2f", part.name, typ, s.F1, floor)
			}
		}
	}
}

// TestModelReproducible retrains the model as make tagger-model does and
// checks that it is byte for byte the committed one (about 15 s on one
// core; skipped with -short).
func TestModelReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("retraining takes about 15 s")
	}
	d := loadCorpus(t)
	rec := readRecord(t)
	opts, err := rec.Options.TrainOptions("../..")
	if err != nil {
		t.Fatal(err)
	}
	m, err := tagger.Train(d.Train, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if _, err := m.WriteTo(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("model.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("retrained model (%d bytes) differs from model.bin.gz (%d bytes): rerun make tagger-model and commit both files", got.Len(), len(want))
	}
}
