package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

// English reports whether names are extracted from a: its language is
// English ("en"), or unknown ("") and its text looks English (see
// looksEnglish). Other languages get no names: the rules and the tagger are
// made for English, and on German, which capitalises every noun, they
// would name "Regierung" and "Montag".
func English(a *article.Article) bool {
	switch strings.ToLower(a.Language) {
	case "en":
		return true
	case "":
		return looksEnglish(a)
	}
	return false
}

// englishWords and foreignWords are frequent function words of English and
// of the other languages of news archives (German, French, Spanish,
// Italian, Dutch, Portuguese), none of them an English word too.
var (
	englishWords = set(`the of and to is was that for with on are were have has had from by be been this which said would will not but`)
	foreignWords = set(`der die das und ist nicht mit von zu den dem ein eine einen im auf für sich auch es wird werden wurde nach bei aus
	le la les et est une du des pour dans que qui sur pas au aux avec sont ce cette il elle
	el los las y es una por para con del se lo al como más pero
	il della di che per non sono gli nel alla
	het een van en zijn niet op voor met ook
	os uma não com para pelo pela dos das`)
)

// looksEnglish decides for an article without a language: among its first
// 300 words, English function words must outnumber the function words of
// other languages. A text with neither (a list of names, a line of a
// caption) counts as English, the archives' main language.
func looksEnglish(a *article.Article) bool {
	en, other, n := 0, 0, 0
	count := func(s string) bool {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
			w = strings.ToLower(w)
			if englishWords[w] {
				en++
			} else if foreignWords[w] {
				other++
			}
			if n++; n >= 300 {
				return false
			}
		}
		return true
	}
	if count(a.Headline) {
		for _, p := range a.Body {
			if !count(p) {
				break
			}
		}
	}
	return en >= other
}

// merge combines the rule mentions of one paragraph with the names the
// tagger found in it (text is the paragraph as the rules read it, toks its
// tokens, off the end of its dateline). Mentions and names that overlap
// form a group. Where the tagger leaves a capitalised word of a rule
// mention out of its names (a title or role: "Kenyan President Uhuru
// Kenyatta" gives "Uhuru Kenyatta", with the role kept; "Bank of England
// Governor Mark Carney" gives two names) or joins rule mentions ("Bingu wa
// Mutharika"), the tagger's spans win; where it only splits a rule mention
// at lower-case particles and connectors ("Clara van der Berg",
// "Intergovernmental Panel on Climate Change") and where the alias table
// or the gazetteer knows the rule's name ("Sri Lanka"), the rule's span
// stays, typed by the tagger. Rule mentions the tagger does not overlap are kept;
// tagger names the rules do not overlap are added.
func (e *Extractor) merge(pi int, text string, toks []token, off int, rule []mention, tagged []tagger.Name) []mention {
	var ms []mention
	for _, t := range tagged {
		if t.Start < off {
			continue // the dateline is the rules' place
		}
		if m, ok := e.taggedMention(pi, text, toks, t); ok {
			ms = append(ms, m)
		}
	}
	out := make([]mention, 0, len(rule)+len(ms))
	used := make([]bool, len(ms))
	for k := 0; k < len(rule); {
		// The group: rule mentions k..j-1 and the tagger names overlapping them.
		j := k + 1
		lo, hi := rule[k].span.Start, rule[k].span.End
		var group []int
		for changed := true; changed; {
			changed = false
			for n := range ms {
				if !used[n] && ms[n].span.Start < hi && lo < ms[n].span.End {
					used[n] = true
					group = append(group, n)
					lo, hi = min(lo, ms[n].span.Start), max(hi, ms[n].span.End)
					changed = true
				}
			}
			for j < len(rule) && rule[j].span.Start < hi {
				hi = max(hi, rule[j].span.End)
				j++
				changed = true
			}
		}
		switch {
		case len(group) == 0:
			for _, r := range rule[k:j] {
				r.declined = true
				out = append(out, r)
			}
		case j == k+1 && (e.known(rule[k].text) || coversCaps(toks, rule[k].span, ms, group)):
			r := rule[k]
			r.tag = groupType(ms, group)
			for _, n := range group {
				if ms[n].span.Start == r.span.Start && r.role == "" {
					r.role = ms[n].role
				}
			}
			out = append(out, r)
		default:
			for _, n := range group {
				m := ms[n]
				for _, r := range rule[k:j] {
					if r.span.Start >= m.span.End || m.span.Start >= r.span.End {
						continue
					}
					// The rules' cues (an honorific before, a said-verb
					// after) belong to the name that ends where the run ends.
					if r.span.End == m.span.End {
						m.person = m.person || r.person
						m.honorific = m.honorific || r.honorific
						m.place = m.place || r.place
					}
				}
				out = append(out, m)
			}
		}
		k = j
	}
	for n := range ms {
		// A single word starting a sentence that the rules did not take
		// is a place only when the alias table or the gazetteer has it
		// ("Para one has…" is not Pará); a person or an organisation
		// ("Livni reached a deal") the tagger is trusted with. Measured:
		// requiring it of organisations too cost GMB organisations 0.01 F1.
		if !used[n] && (!ms[n].sentStart || ms[n].tag != tagger.Location || e.known(ms[n].text)) {
			out = append(out, ms[n])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].span.Start < out[j].span.Start })
	return out
}

// coversCaps reports whether the tagger names of a group lie inside the
// rule span sp and cover each of its capitalised words.
func coversCaps(toks []token, sp article.Span, ms []mention, group []int) bool {
	for _, n := range group {
		if ms[n].span.Start < sp.Start || ms[n].span.End > sp.End {
			return false
		}
	}
	// Two names side by side ("U.N. Secretary-General" "Kofi Annan") are
	// a split the tagger meant; only a lower-case word between them
	// ("Clara van der Berg") makes one name of them.
	sorted := slices.Clone(group)
	slices.SortFunc(sorted, func(a, b int) int { return ms[a].span.Start - ms[b].span.Start })
	for n := 1; n < len(sorted); n++ {
		lower := false
		for _, t := range toks {
			if t.word && !t.cap && t.start >= ms[sorted[n-1]].span.End && t.end <= ms[sorted[n]].span.Start {
				lower = true
				break
			}
		}
		if !lower {
			return false
		}
	}
	for _, t := range toks {
		if t.start < sp.Start || t.end > sp.End || !t.word || !t.cap {
			continue
		}
		in := false
		for _, n := range group {
			if ms[n].span.Start <= t.start && t.end <= ms[n].span.End {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	return true
}

// groupType is the tagger's type of most of the names of a group, persons
// first on a tie.
func groupType(ms []mention, group []int) tagger.Type {
	votes := map[tagger.Type]int{}
	for _, n := range group {
		votes[ms[n].tag]++
	}
	best, most := tagger.Type(""), 0
	for _, t := range []tagger.Type{tagger.Person, tagger.Organization, tagger.Location} {
		if votes[t] > most {
			best, most = t, votes[t]
		}
	}
	return best
}

// known reports a name the alias table or the place gazetteer has ("Sri
// Lanka", which the tagger may cut).
func (e *Extractor) known(name string) bool {
	_, alias := e.aliases.Canonical(name)
	return alias || e.places[Fold(name)]
}

// taggedMention makes a mention of a name the tagger found, trimmed as
// the rules trim theirs (lower-case words at either end, a leading "The"
// that is not part of a place, a party after a place: "Oklahoma
// Republican"), unless it is a word the rules never take for a name
// ("Monday", "American" before a noun).
func (e *Extractor) taggedMention(pi int, text string, toks []token, t tagger.Name) (mention, bool) {
	i := sort.Search(len(toks), func(k int) bool { return toks[k].start >= t.Start })
	j := sort.Search(len(toks), func(k int) bool { return toks[k].start >= t.End })
	for i < j && (!toks[i].word || !toks[i].cap && !isNumberish(toks[i].text)) {
		// A family-name particle starts a person's name the tagger
		// began with it ("bin Laden", "de Gaulle").
		if t.Type == tagger.Person && toks[i].word && particles[toks[i].fold] && i+1 < j && toks[i+1].cap {
			break
		}
		i++
	}
	for j > i && (!toks[j-1].word || !toks[j-1].cap && !isNumberish(toks[j-1].text)) {
		j--
	}
	if j-i > 1 && toks[i].fold == "the" && !e.places[Fold("the "+toks[i+1].text)] {
		i++
	}
	for j > i+1 && functionWords[toks[j-1].fold] {
		j--
	}
	if i >= j {
		return mention{}, false
	}
	if j-i == 1 {
		w := toks[i]
		switch {
		case functionWords[w.fold] || calendarWords[w.fold] || titleWords[w.fold] || len(w.fold) < 2 || isNumberish(w.text):
			return mention{}, false
		case t.Type != tagger.Person && demonymLike(w.fold) && !e.places[w.fold] && j < len(toks) && toks[j].word && !toks[j].cap:
			return mention{}, false
		}
	}
	start, end := toks[i].start, wordEnd(toks[j-1])
	words := strings.Fields(text[start:end])
	m := mention{
		span:      article.Span{Paragraph: pi, Start: start, End: end},
		toks:      words,
		text:      strings.Join(words, " "),
		tag:       t.Type,
		sentStart: j-i == 1 && toks[i].sentStart,
	}
	if t.Type == tagger.Person {
		m.role = roleBefore(text, toks, i)
	}
	return m, true
}

// roleBefore returns the role written right before the person's name
// starting at token i ("Kenyan President", "Tory shadow local government
// secretary"): the words back to punctuation, a function word or a
// said-verb, at most six, the last of them a title; "" when there is none.
func roleBefore(text string, toks []token, i int) string {
	k := i
	for k > 0 && i-k < 6 {
		t := toks[k-1]
		if !t.word || t.possessive || functionWords[t.fold] || sayVerbs[t.fold] || connectors[t.fold] && t.fold != "of" || calendarWords[t.fold] {
			break
		}
		k--
	}
	for k < i && !toks[k].cap && !tagger.IsTitle(toks[k].text) {
		k++ // a role starts with a capital or a title
	}
	if k == i || !tagger.IsTitle(toks[i-1].text) {
		return ""
	}
	return strings.Join(strings.Fields(text[toks[k].start:toks[i-1].end]), " ")
}
