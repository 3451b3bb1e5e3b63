package extract

import "strings"

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
				ents[k].name, ents[k].toks = m.text, m.toks
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
	}
	for k := range ents {
		ents[k].typ = e.classify(&ents[k])
	}
	return ents
}

// variantOf finds an entity of several words with the same first and last
// words as toks (a middle initial or a suffix more or less).
func variantOf(ents []entity, toks []string) int {
	first, last := Fold(toks[0]), Fold(stripSuffix(toks)[len(stripSuffix(toks))-1])
	for k, en := range ents {
		if len(en.toks) < 2 {
			continue
		}
		et := stripSuffix(en.toks)
		if Fold(en.toks[0]) == first && Fold(et[len(et)-1]) == last && !hasOrgWord(en.toks) {
			return k
		}
	}
	return -1
}

// shortFormOf finds the entity a short mention shortens: the toks are the
// end of a longer person-like name ("Pompeo" of "Mike Pompeo", "de
// Kerchove" of "Gilles de Kerchove"). The nearest full name mentioned
// before wins; a later one is taken when none came before.
func shortFormOf(ents []entity, ms []mention, i int) int {
	toks := ms[i].toks
	match := func(k int) bool {
		en := ents[k]
		et := stripSuffix(en.toks)
		if len(et) <= len(toks) || hasOrgWord(en.toks) {
			return false
		}
		for n := range toks {
			if Fold(toks[len(toks)-1-n]) != Fold(et[len(et)-1-n]) {
				return false
			}
		}
		return true
	}
	for p := i - 1; p >= 0; p-- {
		if k := ms[p].entity; k >= 0 && match(k) {
			return k
		}
	}
	for k := range ents {
		if match(k) {
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
// organisation words, the gazetteer, person cues.
func (e *Extractor) classify(en *entity) Type {
	if t := e.aliases.Type(en.name); t != "" {
		return t
	}
	if en.votes[2] > 0 {
		return Place
	}
	f := Fold(en.name)
	first := strings.TrimSuffix(Fold(en.toks[0]), ".")
	last := strings.TrimSuffix(Fold(en.toks[len(en.toks)-1]), ".")
	switch {
	case orgWords[last] || orgFirstWords[first] || len(en.toks) > 1 && hasOrgWord(en.toks) && !e.places[f]:
		return Organization
	case e.places[f] || e.places[strings.TrimPrefix(f, "the ")]:
		return Place
	case isAcronym(en.name):
		return Organization
	case en.votes[0] > 0:
		return Person
	}
	return Other
}

// headlineMentions finds, in the headline, names the body has, aliases and
// places.
func (e *Extractor) headlineMentions(h string, ents *[]entity) []mention {
	toks := tokenize(h)
	var out []mention
	for i := 0; i < len(toks); {
		if !toks[i].word || !toks[i].cap {
			i++
			continue
		}
		found := false
		for n := min(6, len(toks)-i); n >= 1 && !found; n-- {
			words := make([]string, 0, n)
			ok := true
			for k := i; k < i+n; k++ {
				if !toks[k].word {
					ok = false
					break
				}
				words = append(words, toks[k].text)
			}
			if !ok || !toks[i+n-1].cap {
				continue
			}
			text := strings.Join(words, " ")
			k := e.lookup(*ents, text, words)
			if k < 0 {
				name := ""
				if canon, ok := e.aliases.Canonical(text); ok {
					name = canon
				} else if e.places[Fold(text)] {
					name = text
				}
				if name != "" {
					*ents = append(*ents, entity{name: name, toks: strings.Fields(name)})
					k = len(*ents) - 1
					(*ents)[k].typ = e.classify(&(*ents)[k])
				}
			}
			if k >= 0 {
				out = append(out, mention{span: Span{0, toks[i].start, toks[i+n-1].end}, toks: words, text: text, entity: k})
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

// lookup finds the entity a headline phrase names: same folded name,
// alias, or the surname of a person.
func (e *Extractor) lookup(ents []entity, text string, words []string) int {
	f := Fold(text)
	canon, isAlias := e.aliases.Canonical(text)
	for k, en := range ents {
		if Fold(en.name) == f || isAlias && en.name == canon {
			return k
		}
	}
	if len(words) == 1 {
		for k, en := range ents {
			et := stripSuffix(en.toks)
			if en.typ == Person && len(et) > 1 && Fold(et[len(et)-1]) == f {
				return k
			}
		}
	}
	return -1
}
