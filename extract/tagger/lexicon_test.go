package tagger

import "testing"

// The capitalisation classes count only words inside sentences, where a
// capital means something, and need two sightings.
func TestLearnLexicon(t *testing.T) {
	sent := func(s ...string) Sentence { return Sentence{Tokens: s, Labels: make([]Label, len(s))} }
	lex := learnLexicon([]Sentence{
		sent("Police", "said", "Kenyatta", "met", "police", "."),
		sent("Police", "said", "Kenyatta", "left", "."),
		sent("The", "Police", "and", "the", "police", "and", "the", "police", "."),
		sent("Officials", "said", "\"", "Officials", "lied", "\"", "."),
		sent("Officials", "said", "officials", "met", "Party", "and", "Party", "and", "party", "."),
	})
	for _, tt := range []struct {
		word string
		want uint8
	}{
		{"kenyatta", capsAlways},
		{"party", capsMostly},
		{"police", capsSometimes},
		{"said", capsNever},
		{"the", capsNever}, // sentence-initial "The" not counted
		{"officials", 0},   // once inside a sentence; after a quote it starts one
		{"lied", 0},        // seen once
	} {
		if got := lex.caps[tt.word]; got != tt.want {
			t.Errorf("caps[%q] = %d, want %d", tt.word, got, tt.want)
		}
	}
}
