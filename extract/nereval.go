package extract

import (
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract/internal/nercorpus"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

// NERScores are the scores of typed name spans on one annotated set, by
// type (person, organization, place).
type NERScores map[article.NameType]Score

// NEREval is the evaluation of the whole names pipeline on the held-out
// parts of the tagger's corpora (see EvalNERCorpus).
type NEREval struct {
	// GMB is the held-out tenth of the Groningen Meaning Bank extract,
	// each sentence an article of one paragraph.
	GMB NERScores
	// GUMNews is GUM's Wikinews news documents, each sentence a paragraph
	// of its document's article.
	GUMNews NERScores
	// GMBArticles and GUMArticles count the articles scored.
	GMBArticles, GUMArticles int
}

// EvalNERCorpus runs the extractor (Names, on English articles) over the
// held-out parts of the NER corpora under dir (../shared/corpus/ner: the
// GMB block split the shipped tagger was trained with, and GUM's news
// documents) and scores every mention whose span and type equal a gold
// name's, as the tagger's own evaluation does. The sentences are joined
// back into text (punctuation and clitics attached), so the scores include
// the extractor's own tokenisation, rules and resolution. Names typed other
// count as found nowhere.
func (e *Extractor) EvalNERCorpus(dir string) (NEREval, error) {
	d, err := nercorpus.Load(dir, nil)
	if err != nil {
		return NEREval{}, fmt.Errorf("NER corpus %s: %w", dir, err)
	}
	return NEREval{
		GMB: e.evalNERDocs(d.GMBTest), GUMNews: e.evalNERDocs(d.GUMNews),
		GMBArticles: len(d.GMBTest), GUMArticles: len(d.GUMNews),
	}, nil
}

// nerMention is a typed token span in one paragraph.
type nerMention struct {
	para, start, end int
	typ              article.NameType
}

var nerTypes = map[tagger.Type]article.NameType{tagger.Person: article.Person, tagger.Organization: article.Organization, tagger.Location: article.Place}

func (e *Extractor) evalNERDocs(docs [][]tagger.Sentence) NERScores {
	out := NERScores{}
	for _, doc := range docs {
		a := &article.Article{Language: "en"}
		want := map[nerMention]bool{}
		starts := make([]map[int]int, len(doc)+1) // by paragraph: byte offset -> token
		ends := make([]map[int]int, len(doc)+1)
		for i, s := range doc {
			text, st, en := detokenize(s.Tokens)
			a.Body = append(a.Body, text)
			starts[i+1], ends[i+1] = map[int]int{}, map[int]int{}
			for k := range st {
				starts[i+1][st[k]] = k
				ends[i+1][en[k]] = k + 1
			}
			for _, g := range tagger.Entities(s.Labels) {
				want[nerMention{i + 1, g.Start, g.End, nerTypes[g.Type]}] = true
			}
		}
		got := map[nerMention]bool{}
		for _, n := range e.Names(a) {
			if n.Type == article.Other {
				continue
			}
			for _, sp := range n.Spans {
				if sp.Paragraph == 0 {
					continue
				}
				s, ok1 := starts[sp.Paragraph][sp.Start]
				t, ok2 := ends[sp.Paragraph][sp.End]
				if !ok1 || !ok2 {
					s, t = -1, -1-sp.Start // a span that cuts a token matches nothing
				}
				got[nerMention{sp.Paragraph, s, t, n.Type}] = true
			}
		}
		for m := range got {
			sc := out[m.typ]
			if want[m] {
				sc.TP++
			} else {
				sc.FP++
			}
			out[m.typ] = sc
		}
		for m := range want {
			if !got[m] {
				sc := out[m.typ]
				sc.FN++
				out[m.typ] = sc
			}
		}
	}
	return out
}

// detokenize joins corpus tokens into text as a newspaper writes it
// ("Kenya 's capital , Nairobi" -> "Kenya's capital, Nairobi") and returns
// each token's byte offsets.
func detokenize(toks []string) (string, []int, []int) {
	var b strings.Builder
	st, en := make([]int, len(toks)), make([]int, len(toks))
	for i, t := range toks {
		if i > 0 && !attachLeft(t) && !attachRight(toks[i-1]) {
			b.WriteByte(' ')
		}
		st[i] = b.Len()
		b.WriteString(t)
		en[i] = b.Len()
	}
	return b.String(), st, en
}

func attachLeft(t string) bool {
	switch strings.ToLower(t) {
	case ",", ".", ";", ":", "?", "!", ")", "]", "%", "'s", "'", "n't", "'re", "'ve", "'ll", "'m", "'d":
		return true
	}
	return false
}

func attachRight(t string) bool { return t == "(" || t == "[" || t == "$" }
