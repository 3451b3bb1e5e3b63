package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/ingest"
)

// loadEval reads the gold file and the articles it annotates from testdata.
func loadEval(t testing.TB) ([]GoldArticle, map[string]*ingest.Article) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "eval", "gold.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f, "gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	arts := map[string]*ingest.Article{}
	paths := []string{filepath.Join("..", "testdata", "eval"), filepath.Join("..", "testdata", "archive", "factiva")}
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Article != nil {
			arts[ev.Article.ID] = ev.Article
		}
	}
	return gold, arts
}

// TestEvalGold runs the evaluation the README reports and fails when the
// figures fall below the targets of the issue, so a change that makes
// extraction worse is caught.
func TestEvalGold(t *testing.T) {
	gold, arts := loadEval(t)
	e := New(nil)
	ns, mm, err := e.EvalNames(gold, arts, false)
	if err != nil {
		t.Fatal(err)
	}
	qs, qmm, err := e.EvalQuotes(gold, arts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("names: P %.3f R %.3f F1 %.3f (%d articles)", ns.Precision(), ns.Recall(), ns.F1(), len(gold))
	t.Logf("quotes: P %.3f R %.3f F1 %.3f speaker accuracy %.3f", qs.Spans.Precision(), qs.Spans.Recall(), qs.Spans.F1(), qs.SpeakerAccuracy())
	if testing.Verbose() {
		for _, m := range append(mm, qmm...) {
			sign := "-"
			if m.Extra {
				sign = "+"
			}
			t.Logf("%s %s %s", sign, m.ID, m.Item)
		}
	}
	if ns.F1() < 0.90 {
		t.Errorf("names F1 %.3f < 0.90", ns.F1())
	}
	if qs.Spans.F1() < 0.90 || qs.SpeakerAccuracy() < 0.85 {
		t.Errorf("quotes F1 %.3f, speaker accuracy %.3f: below 0.90 / 0.85", qs.Spans.F1(), qs.SpeakerAccuracy())
	}
}
