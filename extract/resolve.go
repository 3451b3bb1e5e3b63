package extract

import (
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

// resolve groups mentions into entities: aliases to their canonical name,
// variants of a full name ("Kenneth McKenzie", "Kenneth F. McKenzie Jr.")
// to the longest one, and short mentions ("Mr. Pompeo", "Neumann") to the
// full name they shorten. It sets each mention's entity.
func (e *Extractor) resolve(ms []mention) []entity {
	var ents []entity
	byKey := map[string]int{}
	newEntity := func(name string, toks []string) int {
		ents = append(ents, entity{name: name, toks: toks})
		byKey[Fold(name)] = len(ents) - 1
		return len(ents) - 1
	}
	// Pass 1: aliases and names of two words or more.
	for i := range ms {
		m := &ms[i]
		m.entity = -1
		if canon, ok := e.aliases.Canonical(m.text); ok {
			if k, ok := byKey[Fold(canon)]; ok {
				m.entity = k
			} else {
				m.entity = newEntity(canon, strings.Fields(canon))
			}
			continue
		}
		if len(m.toks) < 2 {
			continue
		}
		if k, ok := byKey[Fold(m.text)]; ok {
			m.entity = k
			continue
		}
		if k := shortFormOf(ents, ms, i); k >= 0 {
			m.entity = k // "De Bolle" of "Catherine De Bolle"
			continue
		}
		if k := variantOf(ents, m.toks); k >= 0 {
			// Keep the longer form as the name.
			if len(m.toks) > len(ents[k].toks) {
				ents[k].name, ents[k].toks, ents[k].ftoks = m.text, m.toks, nil
				byKey[Fold(m.text)] = k
			}
			m.entity = k
			continue
		}
		m.entity = newEntity(m.text, m.toks)
	}
	// Pass 2: single words and other short forms.
	for i := range ms {
		m := &ms[i]
		if m.entity >= 0 {
			continue
		}
		if k, ok := byKey[Fold(m.text)]; ok {
			m.entity = k
			continue
		}
		if k := shortFormOf(ents, ms, i); k >= 0 {
			m.entity = k
			continue
		}
		if k := familyNameFirst(ents, m); k >= 0 {
			m.entity = k
			continue
		}
		m.entity = newEntity(m.text, m.toks)
	}
	// Types, from the cues of all mentions.
	for i := range ms {
		m := &ms[i]
		en := &ents[m.entity]
		if m.person {
			en.votes[0]++
		}
		if m.place {
			en.votes[2] += 10
		}
		if m.honorific {
			en.votes[3]++
		}
		en.mentions++
		if m.declined {
			en.declined++
		}
		if m.tag != "" {
			if en.tags == nil {
				en.tags = map[tagger.Type]int{}
			}
			en.tags[m.tag]++
		}
		if en.role == "" {
			en.role = m.role
		}
	}
	for k := range ents {
		ents[k].typ = e.classify(&ents[k])
	}
	return ents
}

// variantOf finds an entity of several words with the same first and last
// words as toks (a middle initial or a suffix more or less).
func variantOf(ents []entity, toks []string) int {
	st := stripSuffix(toks)
	first, last := Fold(toks[0]), Fold(st[len(st)-1])
	for k := range ents {
		en := &ents[k]
		if len(en.toks) < 2 {
			continue
		}
		et := en.folded()
		if len(et) > 0 && et[0] == first && et[len(et)-1] == last && !en.org {
			return k
		}
	}
	return -1
}

// shortFormOf finds the entity a short mention shortens: the toks are the
// end of a longer person-like name ("Pompeo" of "Mike Pompeo", "de
// Kerchove" of "Gilles de Kerchove"). The full name mentioned last before
// wins; a later one is taken when none came before.
func shortFormOf(ents []entity, ms []mention, i int) int {
	toks := ms[i].toks
	folded := make([]string, len(toks))
	for n, t := range toks {
		folded[n] = Fold(t)
	}
	var matches []int
	for k := range ents {
		en := &ents[k]
		et := en.folded()
		if len(et) <= len(folded) || en.org {
			continue
		}
		ok := true
		for n := range folded {
			if folded[len(folded)-1-n] != et[len(et)-1-n] {
				ok = false
				break
			}
		}
		if ok {
			matches = append(matches, k)
		}
	}
	switch len(matches) {
	case 0:
		return -1
	case 1:
		return matches[0]
	}
	for p := i - 1; p >= 0; p-- {
		for _, k := range matches {
			if ms[p].entity == k {
				return k
			}
		}
	}
	return matches[0]
}

// folded returns the entity's folded words without suffixes, computing
// them (and org) once.
func (en *entity) folded() []string {
	if en.ftoks == nil {
		en.ftoks = make([]string, 0, len(en.toks))
		for _, t := range stripSuffix(en.toks) {
			en.ftoks = append(en.ftoks, Fold(t))
		}
		en.org = hasOrgWord(en.toks)
	}
	return en.ftoks
}

// familyNameFirst resolves "Ms. Kim" to "Kim Min-seo": an honorific before
// a single word that is the first word of a person's name whose last word
// is hyphenated (a Korean or Chinese given name).
func familyNameFirst(ents []entity, m *mention) int {
	if !m.person || len(m.toks) != 1 {
		return -1
	}
	f := Fold(m.toks[0])
	for k := range ents {
		et := ents[k].folded()
		if len(et) == 2 && et[0] == f && strings.Contains(et[1], "-") && !ents[k].org {
			return k
		}
	}
	return -1
}

func stripSuffix(toks []string) []string {
	for len(toks) > 1 && nameSuffixes[strings.TrimSuffix(Fold(toks[len(toks)-1]), ".")] {
		toks = toks[:len(toks)-1]
	}
	return toks
}

func hasOrgWord(toks []string) bool {
	for _, t := range toks {
		if orgWords[strings.TrimSuffix(Fold(t), ".")] {
			return true
		}
	}
	return false
}

// classify types an entity: declared aliases first, then the dateline,
// the gazetteer, organisation words, the tagger's types, person cues.
func (e *Extractor) classify(en *entity) article.NameType {
	if t := e.aliases.Type(en.name); t != "" {
		return t
	}
	if en.votes[2] > 0 {
		return article.Place
	}
	f := Fold(en.name)
	// Measured on the tagger's held-out sets and the hand-made gold
	// (docs/names-and-quotations.md): a gazetteer place and an
	// organisation word beat the tagger; the tagger beats the other cues.
	if e.places[f] || e.places[strings.TrimPrefix(f, "the ")] {
		return article.Place
	}
	first := strings.TrimSuffix(Fold(en.toks[0]), ".")
	last := strings.TrimSuffix(Fold(en.toks[len(en.toks)-1]), ".")
	if orgWords[last] || orgFirstWords[first] || len(en.toks) > 1 && hasOrgWord(en.toks) {
		return article.Organization
	}
	// A name ending in a number ("Euro 2016", "Galaxy Note 7") is an
	// event or a product, which the tagger, trained on three types, would
	// call a place or a person.
	if t := tagType(en.tags); t != "" && !isNumberish(en.toks[len(en.toks)-1]) && !(en.votes[0] > 0 && particleName(en.toks)) {
		return t
	}
	switch {
	case len(en.toks) > 1 && placeWords[last]:
		return article.Place
	case isAcronym(en.name):
		return article.Organization
	case en.votes[0] > 0 && (en.declined < en.mentions || en.votes[3] > 0):
		// A said-verb beside a name the tagger read and declined
		// everywhere ("the Taleban says") is no person; an honorific is.
		return article.Person
	}
	return article.Other
}

// headlineMentions finds, in the headline, names the body has, aliases and
// places.
func (e *Extractor) headlineMentions(h string, ents *[]entity) []mention {
	toks := tokenize(h)
	idx := newHeadIndex(*ents)
	// In a headline in capitals ("U.S. IS SAID TO ...") every word looks
	// like an acronym: "IS" there is a verb, not the Islamic State.
	caps := strings.IndexFunc(h, unicode.IsLower) < 0
	folded := make([]string, len(toks))
	for k, t := range toks {
		if t.word {
			folded[k] = Fold(t.text)
		}
	}
	var out []mention
	for i := 0; i < len(toks); {
		if !toks[i].word || !toks[i].cap {
			i++
			continue
		}
		maxN := 0
		for maxN < 6 && i+maxN < len(toks) && toks[i+maxN].word {
			maxN++
		}
		found := false
		for n := maxN; n >= 1 && !found; n-- {
			if !toks[i+n-1].cap {
				continue
			}
			text := h[toks[i].start:toks[i+n-1].end]
			if strings.ContainsAny(text, " \t") && n > 1 {
				words := make([]string, n)
				for k := range words {
					words[k] = toks[i+k].text
				}
				text = strings.Join(words, " ")
			}
			key := strings.Join(folded[i:i+n], " ")
			k := e.lookup(idx, text, key, n)
			if k < 0 {
				name := ""
				if canon, ok := e.aliases.canonical(text, key); ok && !(caps && functionWords[key]) {
					name = canon
				} else if e.places[key] {
					name = text
					if caps {
						name = e.placeNames[key] // "JAPAN" -> "Japan"
					}
				}
				if name != "" {
					*ents = append(*ents, entity{name: name, toks: strings.Fields(name)})
					k = len(*ents) - 1
					(*ents)[k].typ = e.classify(&(*ents)[k])
					idx.byName[Fold(name)] = k
				}
			}
			if k >= 0 {
				out = append(out, mention{span: article.Span{Paragraph: 0, Start: toks[i].start, End: toks[i+n-1].end}, toks: strings.Fields(text), text: text, entity: k})
				i += n
				found = true
			}
		}
		if !found {
			i++
		}
	}
	return out
}

// headIndex finds the entity a headline phrase names: same folded name,
// alias, or the surname of a person.
type headIndex struct {
	byName    map[string]int
	bySurname map[string]int
}

func newHeadIndex(ents []entity) headIndex {
	h := headIndex{byName: map[string]int{}, bySurname: map[string]int{}}
	for k := range ents {
		en := &ents[k]
		if _, ok := h.byName[Fold(en.name)]; !ok {
			h.byName[Fold(en.name)] = k
		}
		if et := en.folded(); en.typ == article.Person && len(et) > 1 {
			if _, ok := h.bySurname[et[len(et)-1]]; !ok {
				h.bySurname[et[len(et)-1]] = k
			}
		}
	}
	return h
}

// lookup finds the entity named by a headline phrase, given as written and
// folded, of n words.
func (e *Extractor) lookup(h headIndex, text, folded string, n int) int {
	if canon, ok := e.aliases.canonical(text, folded); ok {
		if k, ok := h.byName[Fold(canon)]; ok {
			return k
		}
	}
	if k, ok := h.byName[folded]; ok {
		return k
	}
	if n == 1 {
		if k, ok := h.bySurname[folded]; ok {
			return k
		}
	}
	return -1
}

// tagType is the type most of an entity's tagged mentions have (persons
// first on a tie), "" when none was tagged.
func tagType(tags map[tagger.Type]int) article.NameType {
	best, n := article.NameType(""), 0
	for _, t := range []tagger.Type{tagger.Person, tagger.Organization, tagger.Location} {
		if tags[t] > n {
			best, n = nerTypes[t], tags[t]
		}
	}
	return best
}

// particleName reports a name joined by a particle of family names ("Gilles
// de Kerchove", "Bingu wa Mutharika"), which the tagger, having seen
// particles mostly inside organisation names, may take for one; with a
// person cue it is a person.
func particleName(toks []string) bool {
	for _, t := range toks[1:] {
		if particles[t] || t == "wa" {
			return true
		}
	}
	return false
}
