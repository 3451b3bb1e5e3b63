package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

// GoldArticle is one line of a gold file: what a careful human found in
// one article. See docs/names-and-quotations.md ("Gold format") for the conventions.
type GoldArticle struct {
	ID     string      `json:"id"`
	Names  []GoldName  `json:"names"`
	Quotes []GoldQuote `json:"quotes"`
}

// GoldName is a name of a gold article.
type GoldName struct {
	Name string           `json:"name"`
	Type article.NameType `json:"type,omitempty"`
}

// GoldQuote is a quotation of a gold article.
type GoldQuote struct {
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
}

// ReadGold reads a gold file in JSON Lines, one GoldArticle a line.
func ReadGold(r io.Reader, name string) ([]GoldArticle, error) {
	var out []GoldArticle
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g GoldArticle
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if g.ID == "" {
			return nil, fmt.Errorf("%s:%d: gold article without id", name, line)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Score is precision, recall and F1 of a set comparison: the tagger's own
// score type, as both count exact matches.
type Score = tagger.Score

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Mismatch is an item found but not in the gold (Extra) or in the gold but
// not found (Missed), for the error listing of the eval command.
type Mismatch struct {
	ID, Item string
	Extra    bool
}

// NormName is the form names are compared in by the evaluation: aliases
// to their canonical name, folded, without a leading "the", periods and
// company-form suffixes (Co, Ltd, Inc, Corp, PLC).
func (e *Extractor) NormName(n string) string {
	if c, ok := e.aliases.Canonical(strings.TrimSpace(n)); ok {
		n = c
	}
	f := strings.ReplaceAll(Fold(n), ".", "")
	f = strings.TrimPrefix(f, "the ")
	for {
		trimmed := false
		for _, suf := range []string{" co", " ltd", " inc", " corp", " plc", " llc"} {
			if strings.HasSuffix(f, suf) {
				f = strings.TrimSuffix(f, suf)
				trimmed = true
			}
		}
		if !trimmed {
			break
		}
	}
	f = strings.TrimSuffix(f, "'s")
	return f
}

// NormQuote is the form quotation texts are compared in: folded, spaces
// collapsed, curly apostrophes straightened, and the punctuation that ends
// the span (",", ".", "?"...) dropped, as writers place it inside or
// outside the marks by house style.
func NormQuote(q string) string {
	return strings.TrimRight(Fold(q), ",.;:!? ")
}

// EvalNames compares the names extracted from articles with the gold, on
// (article id, normalised name) and, with typed, the type too. Gold
// articles missing from articles are reported as an error.
func (e *Extractor) EvalNames(gold []GoldArticle, articles map[string]*article.Article, typed bool) (Score, []Mismatch, error) {
	var s Score
	var mm []Mismatch
	for _, g := range gold {
		a, ok := articles[g.ID]
		if !ok {
			return s, mm, fmt.Errorf("gold article %s is not in the input", g.ID)
		}
		key := func(name string, t article.NameType) string {
			k := e.NormName(name)
			if typed {
				k += " /" + string(t)
			}
			return k
		}
		want := map[string]bool{}
		for _, n := range g.Names {
			want[key(n.Name, n.Type)] = true
		}
		got := map[string]bool{}
		for _, n := range e.Names(a) {
			got[key(n.Name, n.Type)] = true
		}
		compareSets(&s, g.ID, want, got, &mm)
	}
	return s, mm, nil
}

// compareSets adds to s the comparison of the found items got with the
// gold items want of article id, listing the differences in mm.
func compareSets(s *Score, id string, want, got map[string]bool, mm *[]Mismatch) {
	for k := range got {
		if want[k] {
			s.TP++
		} else {
			s.FP++
			*mm = append(*mm, Mismatch{ID: id, Item: k, Extra: true})
		}
	}
	for k := range want {
		if !got[k] {
			s.FN++
			*mm = append(*mm, Mismatch{ID: id, Item: k})
		}
	}
}

// QuoteScore is the evaluation of quotations: exact span matches, and how
// many matched quotations have the gold speaker.
type QuoteScore struct {
	Spans          Score
	SpeakerCorrect int
}

// SpeakerAccuracy is the share of matched quotations with the right
// speaker (an empty gold speaker must be matched by an empty one).
func (q QuoteScore) SpeakerAccuracy() float64 { return ratio(q.SpeakerCorrect, q.Spans.TP) }

// EvalQuotes compares the quotations extracted from articles with the gold.
func (e *Extractor) EvalQuotes(gold []GoldArticle, articles map[string]*article.Article) (QuoteScore, []Mismatch, error) {
	var s QuoteScore
	var mm []Mismatch
	for _, g := range gold {
		a, ok := articles[g.ID]
		if !ok {
			return s, mm, fmt.Errorf("gold article %s is not in the input", g.ID)
		}
		want := map[string]string{}
		for _, q := range g.Quotes {
			want[NormQuote(q.Text)] = q.Speaker
		}
		_, quotes := e.Extract(a)
		got := map[string]string{}
		for _, q := range quotes {
			got[NormQuote(q.Text)] = q.Speaker
		}
		for k, sp := range got {
			wsp, ok := want[k]
			switch {
			case !ok:
				s.Spans.FP++
				mm = append(mm, Mismatch{ID: g.ID, Item: k, Extra: true})
			default:
				s.Spans.TP++
				if e.NormName(sp) == e.NormName(wsp) {
					s.SpeakerCorrect++
				} else {
					mm = append(mm, Mismatch{ID: g.ID, Item: fmt.Sprintf("speaker %q, want %q: %s", sp, wsp, k), Extra: true})
				}
			}
		}
		for k := range want {
			if _, ok := got[k]; !ok {
				s.Spans.FN++
				mm = append(mm, Mismatch{ID: g.ID, Item: k})
			}
		}
	}
	return s, mm, nil
}
