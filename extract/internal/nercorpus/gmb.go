// Package nercorpus reads the tagger's training and evaluation data, by path
// from ../shared/corpus/ner (never copied into the repository): the
// Groningen Meaning Bank extract of Kaggle (ReadGMB) and the CoNLL-U files
// of the GUM corpus (ReadGUM), both converted to PERSON / ORGANIZATION /
// LOCATION BIO labels with titles stripped from person names.
package nercorpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

// ReadGMB reads ner_dataset.csv (Windows-1252, CSV with the columns
// "Sentence #,Word,POS,Tag", IOB2 tags). Tags map per→PERSON,
// org→ORGANIZATION, geo→LOCATION and everything else (gpe, tim, art, eve,
// nat) to O. Person spans lose their leading titles (tagger.TitleEnd:
// "President Mahmoud Abbas" → "Mahmoud Abbas"), spans lose trailing
// punctuation, and an I tag that continues nothing starts a name. The last
// sentence is dropped when it does not end in sentence-final punctuation:
// the file was cut at a spreadsheet's row limit.
func ReadGMB(r io.Reader, name string) ([]tagger.Sentence, error) {
	cr := csv.NewReader(charmap.Windows1252.NewDecoder().Reader(r))
	cr.FieldsPerRecord = 4
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	if head[1] != "Word" || head[3] != "Tag" {
		return nil, fmt.Errorf("%s: header %q, want Sentence #,Word,POS,Tag", name, head)
	}
	var out []tagger.Sentence
	var toks, tags []string
	flush := func() {
		if len(toks) > 0 {
			out = append(out, tagger.Sentence{Tokens: toks, Labels: gmbLabels(toks, tags)})
		}
		toks, tags = nil, nil
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if rec[0] != "" {
			flush()
		} else if len(toks) == 0 {
			return nil, fmt.Errorf("%s:%d: token before the first sentence", name, line)
		}
		if rec[1] == "" {
			return nil, fmt.Errorf("%s:%d: empty word", name, line)
		}
		toks = append(toks, rec[1])
		tags = append(tags, rec[3])
	}
	if len(toks) > 0 && !sentenceEnd(toks[len(toks)-1]) {
		toks = nil
	}
	flush()
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no sentences", name)
	}
	return out, nil
}

func sentenceEnd(tok string) bool {
	switch tok {
	case ".", "!", "?", "\"", "'", "”", "’", ")":
		return true
	}
	return false
}

// gmbLabels converts IOB2 tags to the tagger's labels.
func gmbLabels(toks, tags []string) []tagger.Label {
	var ents []tagger.Entity
	for i := 0; i < len(tags); i++ {
		t, ok := gmbType(tags[i])
		if !ok {
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+tags[i][2:] {
			j++
		}
		ents = append(ents, tagger.Entity{Start: i, End: j, Type: t})
		i = j - 1
	}
	labels, _ := tagger.Labels(len(toks), Trim(toks, ents)) // spans from one pass never overlap
	return labels
}

func gmbType(tag string) (tagger.Type, bool) {
	if len(tag) < 3 || tag[1] != '-' {
		return "", false
	}
	switch tag[2:] {
	case "per":
		return tagger.Person, true
	case "org":
		return tagger.Organization, true
	case "geo":
		return tagger.Location, true
	}
	return "", false
}

// Trim applies the span conventions of the tagger to gold names: person
// names lose their leading titles and roles (and are dropped when nothing
// else is left), all names lose leading and trailing punctuation tokens.
func Trim(toks []string, ents []tagger.Entity) []tagger.Entity {
	out := ents[:0:0]
	for _, e := range ents {
		for e.Start < e.End && !hasLetterOrDigit(toks[e.Start]) {
			e.Start++
		}
		for e.End > e.Start && !hasLetterOrDigit(toks[e.End-1]) {
			e.End--
		}
		if e.Type == tagger.Person && e.End > e.Start {
			e.Start += tagger.TitleEnd(toks[e.Start:e.End])
		}
		if e.End > e.Start {
			out = append(out, e)
		}
	}
	return out
}

func hasLetterOrDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// SplitGMB splits the GMB sentences into training and held-out parts by
// contiguous blocks (the file has no document boundaries, so a random split
// would put sentences of one story on both sides): of every ten blocks of
// blockSize sentences, the last is held out. Held-out sentences that also
// occur in the training part (boilerplate such as "VOA's Mil Arcega
// reports.") are left out of both.
func SplitGMB(sents []tagger.Sentence, blockSize int) (train, heldOut []tagger.Sentence, err error) {
	if blockSize < 1 {
		return nil, nil, errors.New("corpus: block size must be at least 1")
	}
	seen := map[string]bool{}
	var test []tagger.Sentence
	for i, s := range sents {
		if (i/blockSize)%10 == 9 {
			test = append(test, s)
			continue
		}
		train = append(train, s)
		seen[strings.Join(s.Tokens, " ")] = true
	}
	for _, s := range test {
		if !seen[strings.Join(s.Tokens, " ")] {
			heldOut = append(heldOut, s)
		}
	}
	if len(train) == 0 || len(heldOut) == 0 {
		return nil, nil, fmt.Errorf("corpus: %d sentences in blocks of %d leave an empty part", len(sents), blockSize)
	}
	return slices.Clip(train), heldOut, nil
}
