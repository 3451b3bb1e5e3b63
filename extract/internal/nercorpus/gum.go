package nercorpus

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

// Doc is one GUM document.
type Doc struct {
	ID        string // "GUM_news_iodine"
	Genre     string // "news", from the meta::genre comment
	Sentences []tagger.Sentence
}

// conllToken is the part of a CoNLL-U word line the reader needs.
type conllToken struct {
	form, xpos, deprel string
	head               int  // 1-based, 0 for the root
	noSpace            bool // SpaceAfter=No
}

// mention is an entity mention of one sentence, tokens start..end
// (0-based, inclusive).
type mention struct {
	start, end int
	typ        string
}

// ReadGUM reads one GUM document in CoNLL-U with CorefUD entity brackets
// in the MISC column ("Entity=(12-person-new-...-Wiki_Name" opens mention
// 12, "12)" closes it). Multi-word token lines and empty nodes are
// skipped. GUM annotates every mention (pronouns, common nouns, maximal
// noun phrases); the reader keeps the person, organization and place
// mentions whose syntactic head (the token whose head lies outside the
// mention) is a proper noun, trimmed to the proper-name core: the head
// with its flat and compound proper-noun dependents, for organisations and
// places also an "of" complement ("Bank of England"), and for persons
// without leading titles (tagger.TitleEnd). Mentions that cross a sentence
// boundary are ignored.
func ReadGUM(r io.Reader, name string) (Doc, error) {
	var doc Doc
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	var toks []conllToken
	var ments []mention
	type open struct {
		id, typ string
		start   int
	}
	var stack []open
	flush := func() {
		if len(toks) > 0 {
			doc.Sentences = append(doc.Sentences, gumSentence(toks, ments))
		}
		toks, ments, stack = nil, nil, nil
	}
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case text == "":
			flush()
			continue
		case strings.HasPrefix(text, "#"):
			if v, ok := strings.CutPrefix(text, "# newdoc id = "); ok {
				doc.ID = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(text, "# meta::genre = "); ok {
				doc.Genre = strings.TrimSpace(v)
			}
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 10 {
			return doc, fmt.Errorf("%s:%d: %d columns, want 10", name, line, len(cols))
		}
		if strings.ContainsAny(cols[0], "-.") {
			continue // multi-word token or empty node
		}
		id, err := strconv.Atoi(cols[0])
		if err != nil || id != len(toks)+1 {
			return doc, fmt.Errorf("%s:%d: token id %q, want %d", name, line, cols[0], len(toks)+1)
		}
		head, err := strconv.Atoi(cols[6])
		if err != nil {
			return doc, fmt.Errorf("%s:%d: head %q: %w", name, line, cols[6], err)
		}
		k := len(toks)
		toks = append(toks, conllToken{form: cols[1], xpos: cols[4], head: head, deprel: cols[7],
			noSpace: slices.Contains(strings.Split(cols[9], "|"), "SpaceAfter=No")})
		ent := entityField(cols[9])
		for i := 0; i < len(ent); {
			if ent[i] == '(' {
				j := i + 1
				for j < len(ent) && ent[j] != '(' && ent[j] != ')' {
					j++
				}
				parts := strings.SplitN(ent[i+1:j], "-", 3)
				if len(parts) < 2 {
					return doc, fmt.Errorf("%s:%d: entity %q has no type", name, line, ent[i+1:j])
				}
				if j < len(ent) && ent[j] == ')' {
					ments = append(ments, mention{start: k, end: k, typ: parts[1]})
					j++
				} else {
					stack = append(stack, open{id: parts[0], typ: parts[1], start: k})
				}
				i = j
				continue
			}
			j := strings.IndexByte(ent[i:], ')')
			if j < 0 {
				return doc, fmt.Errorf("%s:%d: entity field %q: unterminated close", name, line, ent)
			}
			// A close with no open bracket in this sentence ends a mention
			// that crossed the sentence boundary: ignored.
			id := ent[i : i+j]
			for o := len(stack) - 1; o >= 0; o-- {
				if stack[o].id == id {
					ments = append(ments, mention{start: stack[o].start, end: k, typ: stack[o].typ})
					stack = slices.Delete(stack, o, o+1)
					break
				}
			}
			i += j + 1
		}
	}
	if err := sc.Err(); err != nil {
		return doc, fmt.Errorf("%s: %w", name, err)
	}
	flush()
	if doc.ID == "" {
		return doc, fmt.Errorf("%s: no '# newdoc id' line", name)
	}
	return doc, nil
}

// entityField returns the value of Entity= in a MISC column, "" if none.
func entityField(misc string) string {
	for f := range strings.SplitSeq(misc, "|") {
		if v, ok := strings.CutPrefix(f, "Entity="); ok {
			return v
		}
	}
	return ""
}

func gumSentence(toks []conllToken, ments []mention) tagger.Sentence {
	// GUM splits hyphenated words ("Kwok - hing", "El - Hassan") where
	// Tokenize keeps them whole: join them, mapping each CoNLL-U token to
	// the word it ends up in.
	var words []string
	at := make([]int, len(toks))
	for i, t := range toks {
		if i >= 2 && toks[i-1].form == "-" && toks[i-2].noSpace && toks[i-1].noSpace && hasLetterOrDigit(t.form) && hasLetterOrDigit(toks[i-2].form) {
			words[len(words)-1] += t.form
			at[i] = len(words) - 1
			continue
		}
		if i >= 1 && t.form == "-" && toks[i-1].noSpace && t.noSpace && i+1 < len(toks) && hasLetterOrDigit(toks[i+1].form) && hasLetterOrDigit(toks[i-1].form) {
			words[len(words)-1] += "-"
			at[i] = len(words) - 1
			continue
		}
		words = append(words, t.form)
		at[i] = len(words) - 1
	}
	var ents []tagger.Entity
	for _, m := range ments {
		var typ tagger.Type
		switch m.typ {
		case "person":
			typ = tagger.Person
		case "organization":
			typ = tagger.Organization
		case "place":
			typ = tagger.Location
		default:
			continue
		}
		s, e, ok := nameCore(toks, m, typ != tagger.Person)
		// A plural proper noun as a person is a group ("Muslims",
		// "Texans"), not a name.
		if ok && !(typ == tagger.Person && e-s == 1 && toks[s].xpos == "NNPS") {
			ents = append(ents, tagger.Entity{Start: at[s], End: at[e-1] + 1, Type: typ})
		}
	}
	ents = Trim(words, ents)
	// Nested mentions can trim to the same or overlapping cores ("NASA" in
	// "NASA administrator Charles Bolden"): keep the longer, then the first.
	slices.SortStableFunc(ents, func(a, b tagger.Entity) int {
		if d := (b.End - b.Start) - (a.End - a.Start); d != 0 {
			return d
		}
		return a.Start - b.Start
	})
	taken := make([]bool, len(words))
	var keep []tagger.Entity
	for _, e := range ents {
		if slices.Contains(taken[e.Start:e.End], true) {
			continue
		}
		for k := e.Start; k < e.End; k++ {
			taken[k] = true
		}
		keep = append(keep, e)
	}
	labels, _ := tagger.Labels(len(words), keep) // overlaps removed above
	return tagger.Sentence{Tokens: words, Labels: labels}
}

// nameCore returns the proper-name core of a mention as a token range
// [s, e), and false when the mention has no proper-noun head. Proper nouns
// are told by their Penn tag (NNP, NNPS), which GUM also gives to names its
// universal tags call something else ("United" in "United States" is a
// VERB). A mention headed by a common noun with a flat proper-noun
// dependent ("Facebook creator Mark Zuckerberg", where GUM makes the name
// flat under "creator") has that name as its core.
func nameCore(toks []conllToken, m mention, withOf bool) (s, e int, ok bool) {
	in := func(k int) bool { return k >= m.start && k <= m.end }
	proper := func(k int) bool { return toks[k].xpos == "NNP" || toks[k].xpos == "NNPS" }
	head := -1
	for k := m.start; k <= m.end; k++ {
		if !in(toks[k].head - 1) {
			head = k
			break
		}
	}
	if head < 0 {
		return 0, 0, false
	}
	core := map[int]bool{head: true}
	if !proper(head) {
		// The name is the flat proper nouns under the common noun, all of
		// them ("Mark" and "Zuckerberg" both depend on "creator").
		flat := -1
		clear(core)
		for k := m.start; k <= m.end; k++ {
			if toks[k].head-1 == head && proper(k) && strings.HasPrefix(toks[k].deprel, "flat") {
				if flat < 0 {
					flat = k
				}
				core[k] = true
			}
		}
		if flat < 0 {
			return 0, 0, false
		}
		head = flat
	}
	grow := func() {
		for changed := true; changed; {
			changed = false
			for k := m.start; k <= m.end; k++ {
				base, _, _ := strings.Cut(toks[k].deprel, ":")
				if !core[k] && core[toks[k].head-1] && proper(k) && (base == "flat" || base == "compound" || base == "amod") {
					core[k], changed = true, true
				}
			}
		}
	}
	grow()
	if withOf {
		// "Bank of England", "University of Southern Indiana": a
		// proper-noun nmod of the head introduced by "of", with the words
		// between that depend on it.
	nmods:
		for k := head + 2; k <= m.end; k++ {
			if toks[k].head-1 != head || !proper(k) || !strings.HasPrefix(toks[k].deprel, "nmod") || !strings.EqualFold(toks[head+1].form, "of") {
				continue
			}
			for c := head + 1; c < k; c++ {
				if toks[c].head-1 != k {
					continue nmods
				}
			}
			for c := head + 1; c <= k; c++ {
				core[c] = true
			}
			grow()
			break
		}
	}
	s, e = head, head+1
	for s > m.start && core[s-1] {
		s--
	}
	for e <= m.end && core[e] {
		e++
	}
	return s, e, true
}
