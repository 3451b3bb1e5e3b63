package tagger

import (
	"slices"
	"strings"
	"testing"
)

// The per-word sums give the emission scores of summing every feature:
// sentences of one to many tokens, with gazetteer words and phrases,
// repeated words (from the cache) and the shipped model and its copy with
// another gazetteer.
func TestWordSumsMatchFeatures(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Kenyan President Uhuru Kenyatta met officials of the World Bank in Nairobi on Tuesday. " +
		"Mr. Kenyatta said. Yes. New York and Sri Lanka, the U.S. and al-Qaida's leader Osama bin Laden. " +
		"\"Go,\" said Finance Minister Henry Rotich in Dar es Salaam. Ok? Naïve Zürich-based café owners met 10,000 people."
	for _, model := range []*Model{m, m.WithGazetteer(func(s string) bool { return s == "Nairobi" || s == "Henry Rotich" })} {
		fast, slow := new(scratch), new(scratch)
		for round := range 2 {
			for _, sent := range Sentences(Tokenize(text)) {
				var toks []string
				for _, tk := range sent {
					toks = append(toks, tk.Text)
				}
				model.emissions(toks, fast)
				model.emissionsSlow(toks, slow)
				if !slices.Equal(fast.score, slow.score) {
					t.Errorf("round %d, %q: scores\n%v\nwant\n%v", round, strings.Join(toks, " "), fast.score, slow.score)
				}
			}
		}
	}
}
