package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
)

// germanNouns are common nouns German capitalises, which an English
// extractor took for names.
var germanNouns = []string{"Land", "Regierung", "Zeit", "Jahren", "Wochen", "Ende", "Frage", "Montag", "Prozent", "Hafen", "Opposition", "Entscheidung"}

// TestNoNamesInGerman: German articles yield no names at all (rather than
// capitalised common nouns): the invented one in testdata, the same text
// with its language unknown, and, when ../shared is here, the real
// Süddeutsche Zeitung export.
func TestNoNamesInGerman(t *testing.T) {
	e := New(nil)
	paths := []string{filepath.Join("..", "testdata", "eval", "articles", "invented-german.txt")}
	real := filepath.Join(corpus.SharedDir(), "exports", "factiva", "koheiw-newspapers", "suddeutsche_1_2017-11-19.html")
	if _, err := os.Stat(real); err == nil {
		paths = append(paths, real)
	}
	n := 0
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		a := ev.Article
		if a == nil {
			continue
		}
		unknown := *a
		unknown.Language = ""
		for _, art := range []*article.Article{a, &unknown} {
			n++
			if names := e.Names(art); len(names) > 0 {
				var got []string
				for _, nm := range names {
					got = append(got, nm.Name)
				}
				t.Errorf("%s (language %q): names %v, want none", a.ID, art.Language, got)
			}
		}
	}
	t.Logf("%d articles checked", n)
	if n == 0 {
		t.Fatal("no German article read")
	}
}

// TestEnglish: the language decides; an unknown one is read from the text.
func TestEnglish(t *testing.T) {
	tests := []struct {
		lang, body string
		want       bool
	}{
		{"en", "Die Regierung in Kiel will den Hafen ausbauen.", true},
		{"de", "The government said on Monday it would expand the port.", false},
		{"fr", "Le gouvernement a annoncé lundi un plan pour le port.", false},
		{"", "The government said on Monday it would expand the port.", true},
		{"", "Die Regierung in Kiel will den Hafen in den nächsten Jahren ausbauen.", false},
		{"", "Le gouvernement a annoncé lundi un plan pour le port de Marseille.", false},
		{"", "Mike Pompeo spoke.", true}, // no evidence either way: English
	}
	for _, tt := range tests {
		a := &article.Article{Language: tt.lang, Body: []string{tt.body}}
		if got := English(a); got != tt.want {
			t.Errorf("English(%q, %q) = %v, want %v", tt.lang, tt.body, got, tt.want)
		}
	}
	// The nouns are capitalised in the invented article, so a test that
	// passes is not one that never saw them.
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "eval", "articles", "invented-german.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range germanNouns {
		if !strings.Contains(string(raw), w) {
			t.Errorf("invented-german.txt lacks %q", w)
		}
	}
}
