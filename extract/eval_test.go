package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

// loadEval reads a gold file of testdata/eval and the articles it annotates
// (testdata/eval/articles and testdata/archive/factiva).
func loadEval(t testing.TB, file string) ([]GoldArticle, map[string]*article.Article) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "eval", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f, file)
	if err != nil {
		t.Fatal(err)
	}
	arts := map[string]*article.Article{}
	paths := []string{filepath.Join("..", "testdata", "eval", "articles"), filepath.Join("..", "testdata", "archive", "factiva")}
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Article != nil {
			arts[ev.Article.ID] = ev.Article
		}
	}
	return gold, arts
}

// TestEvalGold runs the evaluation docs/names-and-quotations.md reports, on the gold the
// rules were tuned on and on the held-out gold annotated afterwards, and
// fails when the figures fall below floors a little under what they reach,
// so a change that makes extraction worse is caught.
func TestEvalGold(t *testing.T) {
	e := New(nil)
	tests := []struct {
		file                                 string
		namesF1, typedF1, quotesF1, speakers float64
	}{
		// Typed F1 and speakers were 0.795 and 0.903 (gold) and 0.719
		// and 1.000 (held out) with the rules alone, before the tagger.
		{"gold.jsonl", 0.92, 0.85, 0.95, 0.95},
		{"gold-heldout.jsonl", 0.90, 0.82, 0.95, 0.95},
	}
	for _, tt := range tests {
		gold, arts := loadEval(t, tt.file)
		ns, mm, err := e.EvalNames(gold, arts, false)
		if err != nil {
			t.Fatal(err)
		}
		ts, _, err := e.EvalNames(gold, arts, true)
		if err != nil {
			t.Fatal(err)
		}
		qs, qmm, err := e.EvalQuotes(gold, arts)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: names P %.3f R %.3f F1 %.3f, typed F1 %.3f (%d articles)", tt.file, ns.Precision(), ns.Recall(), ns.F1(), ts.F1(), len(gold))
		t.Logf("%s: quotes P %.3f R %.3f F1 %.3f, speaker accuracy %.3f (%d quotes)", tt.file, qs.Spans.Precision(), qs.Spans.Recall(), qs.Spans.F1(), qs.SpeakerAccuracy(), qs.Spans.TP+qs.Spans.FN)
		if testing.Verbose() {
			for _, m := range append(mm, qmm...) {
				sign := "-"
				if m.Extra {
					sign = "+"
				}
				t.Logf("%s %s %s", sign, m.ID, m.Item)
			}
		}
		if ns.F1() < tt.namesF1 {
			t.Errorf("%s: names F1 %.3f < %.2f", tt.file, ns.F1(), tt.namesF1)
		}
		if ts.F1() < tt.typedF1 {
			t.Errorf("%s: names with types F1 %.3f < %.2f", tt.file, ts.F1(), tt.typedF1)
		}
		if qs.Spans.F1() < tt.quotesF1 || qs.SpeakerAccuracy() < tt.speakers {
			t.Errorf("%s: quotes F1 %.3f, speaker accuracy %.3f: below %.2f / %.2f", tt.file, qs.Spans.F1(), qs.SpeakerAccuracy(), tt.quotesF1, tt.speakers)
		}
	}
}
