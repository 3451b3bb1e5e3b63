package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract/tagger"
)

// Extractor finds names and quotations. It is immutable once made and safe
// for concurrent use.
type Extractor struct {
	aliases    *Aliases
	places     map[string]bool   // folded place names
	placeNames map[string]string // folded place name -> as the gazetteer writes it
	tagger     *tagger.Model     // nil: rules only
}

// New returns an extractor using the given alias table (DefaultAliases when
// nil) and the built-in word lists and place gazetteer.
func New(aliases *Aliases) *Extractor {
	if aliases == nil {
		aliases = DefaultAliases()
	}
	places, names := map[string]bool{}, map[string]string{}
	for _, line := range strings.Split(placesTxt, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			places[Fold(line)] = true
			names[Fold(line)] = line
		}
	}
	m, err := tagger.Default()
	if err != nil {
		m = nil // the embedded model is tested; rules alone still work
	}
	return &Extractor{aliases: aliases, places: places, placeNames: names, tagger: m}
}

// mention is one candidate name in the text, before resolution.
type mention struct {
	span      article.Span
	toks      []string // words of the name, titles and possessive removed
	text      string
	person    bool        // a cue says person: an honorific, a said-verb next to it
	place     bool        // a cue says place: the dateline
	sentStart bool        // a single word at the start of a sentence
	entity    int         // index into entities once resolved
	honorific bool        // a personal title came before it ("Mr.", "Gen.")
	tag       tagger.Type // the tagger's type, "" when the rules alone found it
	role      string      // the title or role written before a person's name
	// declined: the tagger read the sentence and named nothing here.
	declined bool
}

// entity is one resolved name.
type entity struct {
	name  string
	toks  []string
	typ   article.NameType
	votes [4]int // person, organization, place, honorific cues
	spans []article.Span
	ftoks []string            // folded words without suffixes, made on first use
	org   bool                // has an organisation word
	tags  map[tagger.Type]int // the tagger's types of the mentions
	role  string              // the first role written before the name
	// declined counts the mentions the tagger read and did not name, of
	// mentions in all.
	declined, mentions int
}

// capsRun is a run of words in capitals inside normal text (a photo credit).
var capsRun = regexp.MustCompile(`\b[A-Z][A-Z'.-]*[A-Z](?:[ /]+[A-Z][A-Z'.-]*[A-Z]){1,}\b`)

var datelineRe = regexp.MustCompile(`^(\p{Lu}[\p{Lu}.'’ /-]*[\p{Lu}.])(?:\s*,|\s+--|\s*—|\s*–|\s+-\s|\s*\()`)

// Names returns the proper names of an article with their types and the
// number of mentions, in order of first mention.
func (e *Extractor) Names(a *article.Article) []article.Name {
	names, _ := e.names(a)
	return names
}

// paragraphs returns the headline and body paragraphs, indexed as in Span.
func paragraphs(a *article.Article) []string {
	ps := make([]string, 0, len(a.Body)+1)
	ps = append(ps, a.Headline)
	return append(ps, a.Body...)
}

func (e *Extractor) names(a *article.Article) ([]article.Name, []mention) {
	if !English(a) {
		return nil, nil
	}
	paras := paragraphs(a)
	texts := make([]string, len(paras)) // as the rules read them, for the tagger
	offs := make([]int, len(paras))     // where the text after the dateline starts
	capsElsewhere := map[string]bool{}  // folded words capitalised inside a sentence
	lowerSeen := map[string]bool{}      // folded words seen in lower case
	toksOf := make([][]token, len(paras))
	var ms []mention
	for pi := 1; pi < len(paras); pi++ {
		text := paras[pi]
		off := 0
		if pi == 1 {
			if m := datelineRe.FindStringSubmatchIndex(text); m != nil && hasLowerAfter(text[m[1]:]) {
				for _, place := range splitDateline(text[m[2]:m[3]]) {
					ms = append(ms, mention{span: article.Span{Paragraph: pi, Start: m[2] + place.start, End: m[2] + place.end}, toks: strings.Fields(place.name), text: place.name, place: true})
				}
				off = m[3]
			}
		}
		shout := shouting(text)
		if shout {
			text = unshout(text)
		} else if hasCapsRuns(text) && capsRun.MatchString(text) {
			text = capsRun.ReplaceAllStringFunc(text, unshout)
		}
		toks := tokenize(text[off:])
		for i := range toks {
			toks[i].start += off
			toks[i].end += off
			if off > 0 && i == 0 {
				toks[i].sentStart = true
			}
		}
		toksOf[pi] = toks
		offs[pi] = off
		if !shout {
			// A paragraph in capitals (a caption, a table of figures) is
			// left to the rules: the tagger learnt from mixed case.
			texts[pi] = text
		}
		for _, t := range toks {
			if !t.word {
				continue
			}
			if t.cap && !t.sentStart {
				capsElsewhere[t.fold] = true
			} else if !t.cap {
				lowerSeen[t.fold] = true
			}
		}
	}
	var tagged [][]tagger.Name
	if e.tagger != nil {
		tagged = e.tagger.FindParagraphs(texts)
	}
	for pi := 1; pi < len(paras); pi++ {
		cands := e.candidates(pi, toksOf[pi], capsElsewhere, lowerSeen)
		if tagged != nil && texts[pi] != "" {
			cands = e.merge(pi, texts[pi], toksOf[pi], offs[pi], cands, tagged[pi])
		}
		ms = append(ms, cands...)
	}
	ents := e.resolve(ms)
	// The headline is in headline case: only names the body has (or the
	// alias table or gazetteer knows) are taken from it.
	ms = append(ms, e.headlineMentions(paras[0], &ents)...)
	for i := range ms {
		m := &ms[i]
		if m.entity >= 0 && m.entity < len(ents) {
			ents[m.entity].spans = append(ents[m.entity].spans, m.span)
		}
	}
	out := make([]article.Name, 0, len(ents))
	for _, en := range ents {
		if len(en.spans) == 0 {
			continue
		}
		sort.Slice(en.spans, func(i, j int) bool {
			if en.spans[i].Paragraph != en.spans[j].Paragraph {
				return en.spans[i].Paragraph < en.spans[j].Paragraph
			}
			return en.spans[i].Start < en.spans[j].Start
		})
		n := article.Name{Name: en.name, Type: en.typ, Mentions: len(en.spans), Spans: en.spans}
		if en.typ == article.Person {
			n.Role = en.role
		}
		out = append(out, n)
	}
	// In order of first mention.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Spans[0], out[j].Spans[0]
		return a.Paragraph < b.Paragraph || a.Paragraph == b.Paragraph && a.Start < b.Start
	})
	return out, ms
}

// hasLowerAfter reports whether the text after a dateline has lower-case
// words, so a paragraph in capitals is not mistaken for one.
func hasLowerAfter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLower) >= 0
}

type datelinePlace struct {
	name       string
	start, end int
}

// splitDateline reads "NEW YORK/LONDON" as two places, in title case.
func splitDateline(s string) []datelinePlace {
	var out []datelinePlace
	pos := 0
	for _, part := range strings.Split(s, "/") {
		trimmed := strings.TrimSpace(part)
		if trimmed != "" && len(trimmed) > 1 {
			st := pos + strings.Index(part, trimmed)
			out = append(out, datelinePlace{name: article.TitleCaseName(trimmed), start: st, end: st + len(trimmed)})
		}
		pos += len(part) + 1
	}
	return out
}

// shouting reports a paragraph written in capitals (a photo caption).
func shouting(s string) bool {
	upper, lower := 0, 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	return upper > 12 && upper > 3*lower
}

// unshout title-cases a paragraph written in capitals, keeping byte
// offsets, and lower-cases its function words.
func unshout(s string) string {
	b := []byte(s)
	wordStart := true
	for i := 0; i < len(b); i++ {
		c := b[i]
		isLetter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if isLetter && !wordStart && c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
		wordStart = !isLetter && c != '\'' && c < 0x80
	}
	// Function words go to lower case so they do not join names.
	toks := tokenize(string(b))
	for _, t := range toks {
		if t.word && (functionWords[t.fold] || connectors[t.fold] || particles[t.fold]) && t.start > 0 {
			for i := t.start; i < t.start+1 && i < len(b); i++ {
				if b[i] >= 'A' && b[i] <= 'Z' {
					b[i] += 32
				}
			}
		}
	}
	return string(b)
}

// candidates finds the capitalised runs of one paragraph and turns them
// into name mentions.
func (e *Extractor) candidates(pi int, toks []token, capsElsewhere, lowerSeen map[string]bool) []mention {
	var out []mention
	for i := 0; i < len(toks); {
		t := toks[i]
		if !t.word || !t.cap || calendarWords[t.fold] {
			i++
			continue
		}
		// Extend the run over capitalised words, particles and connectors
		// followed by a capitalised word, and ", Jr.".
		j := i + 1
		if !t.possessive || isPossessiveOrg(toks, i) {
			for j < len(toks) {
				u := toks[j]
				if u.word && u.cap && !calendarWords[u.fold] {
					j++
					if u.possessive && !isPossessiveOrg(toks, j-1) {
						break
					}
					continue
				}
				if u.word && !u.cap && (particles[u.fold] || connectors[u.fold]) && nextCap(toks, j) {
					j++
					continue
				}
				if u.text == "," && j+1 < len(toks) && toks[j+1].word && nameSuffixes[toks[j+1].fold] {
					j++
					continue
				}
				break
			}
		}
		// Trailing particles or connectors are not part of the name.
		for j > i+1 && !toks[j-1].cap {
			j--
		}
		// A number right after a name is part of it ("Euro 2016",
		// "Interstate 10", "Galaxy Note 7").
		if j < len(toks) && numberAfter(toks, j) && !e.places[toks[j-1].fold] {
			j++ // but "Japan 1987" is a place and a year
		}
		out = append(out, e.runMentions(pi, toks, i, j, capsElsewhere, lowerSeen)...)
		i = j
	}
	return out
}

// nextCap reports whether a capitalised word follows toks[j], possibly
// after more particles ("Center for the Study").
func nextCap(toks []token, j int) bool {
	for k := j + 1; k < len(toks) && k <= j+3; k++ {
		if !toks[k].word {
			return false
		}
		if toks[k].cap {
			return true
		}
		if !particles[toks[k].fold] && !connectors[toks[k].fold] {
			return false
		}
	}
	return false
}

// isPossessiveOrg keeps the possessive inside "King's College".
func isPossessiveOrg(toks []token, i int) bool {
	if !toks[i].possessive || i+1 >= len(toks) {
		return false
	}
	n := toks[i+1]
	return n.word && n.cap && (n.fold == "college" || n.fold == "university" || n.fold == "hospital" || n.fold == "park" || n.fold == "cathedral" || n.fold == "church")
}

// runMentions turns the run toks[i:j] into mentions: titles stripped,
// sentence-initial common words dropped, split at connectors that do not
// belong to an organisation name.
func (e *Extractor) runMentions(pi int, toks []token, i, j int, capsElsewhere, lowerSeen map[string]bool) []mention {
	person := false
	sentStart := toks[i].sentStart
	// Sentence-initial function words ("The", "But", "Despite").
	for i < j && (functionWords[toks[i].fold] || !toks[i].cap) && !toks[i].acronym {
		if toks[i].fold == "the" && i+1 < j && e.places[Fold("the "+toks[i+1].text)] {
			break // "The Hague"
		}
		if personTitles[toks[i].fold] {
			person = true
		}
		i++
		sentStart = false
	}
	// "Later Mr. Pompeo": a sentence-initial word before a title.
	if sentStart && i+1 < j && !toks[i].acronym && personTitles[toks[i+1].fold] && !capsElsewhere[toks[i].fold] {
		i++
	}
	// Titles and honorifics.
	for i < j && titleWords[toks[i].fold] && !orgName(toks[i:j]) {
		if personTitles[toks[i].fold] {
			person = true
		}
		i++
		sentStart = false
		// "Secretary of State Rex Tillerson"
		if i+2 < j && toks[i].fold == "of" && toks[i+1].cap {
			i += 2
		}
		for i < j && !toks[i].cap {
			i++
		}
	}
	if i >= j {
		return nil
	}
	// Split at connectors that do not make an organisation name.
	var out []mention
	segStart := i
	for k := i; k <= j; k++ {
		if k < j && !(toks[k].word && !toks[k].cap && connectors[toks[k].fold]) {
			continue
		}
		if k < j && keepConnector(toks, segStart, k, j) {
			continue
		}
		if k < j {
			// skip a run of connectors ("for the")
			end := k
			for k+1 < j && !toks[k+1].cap {
				k++
			}
			if m, ok := e.mention(pi, toks, segStart, end, person, sentStart && segStart == i, capsElsewhere, lowerSeen); ok {
				out = append(out, m)
			}
			segStart = k + 1
			continue
		}
		if m, ok := e.mention(pi, toks, segStart, j, person, sentStart && segStart == i, capsElsewhere, lowerSeen); ok {
			out = append(out, m)
		}
	}
	return out
}

// orgName reports whether the run is an organisation by its words
// ("General Motors" is not "General" and "Motors").
func orgName(toks []token) bool {
	if len(toks) < 2 {
		return false
	}
	last := toks[len(toks)-1].fold
	return orgWords[last] && !personTitles[toks[0].fold] || toks[0].fold == "general" && (last == "motors" || last == "electric" || last == "mills" || last == "dynamics")
}

// keepConnector decides whether the connector toks[k] stays inside the
// name toks[start:end].
func keepConnector(toks []token, start, k, end int) bool {
	left := toks[start:k]
	leftOrg := orgFirstWords[left[0].fold] || left[0].fold == "republic" || left[0].fold == "gulf" || left[0].fold == "bay" || left[0].fold == "kingdom" || left[0].fold == "university"
	for _, t := range left {
		if orgWords[t.fold] {
			leftOrg = true
		}
	}
	switch toks[k].fold {
	case "and", "&":
		if orgWords[left[len(left)-1].fold] {
			return false
		}
		for m := k + 1; m < end; m++ {
			if connectors[toks[m].fold] && !toks[m].cap {
				break
			}
			if orgWords[toks[m].fold] {
				return true
			}
		}
		return false
	case "the":
		return k > start && connectors[toks[k-1].fold]
	case "in", "at":
		return false
	}
	return leftOrg
}

// mention makes a mention of toks[i:j] unless it is not a name.
func (e *Extractor) mention(pi int, toks []token, i, j int, person, sentStart bool, capsElsewhere, lowerSeen map[string]bool) (mention, bool) {
	// Drop a leading "The" unless the gazetteer has it.
	if j-i > 1 && toks[i].fold == "the" && !e.places[Fold("the "+toks[i+1].text)] {
		i++
	}
	for j > i && (!toks[j-1].cap && !(numberAfter(toks, j-1) && !e.places[toks[j-2].fold]) || toks[j-1].text == "I") {
		j--
	}
	for j > i+1 && functionWords[toks[j-1].fold] {
		j-- // "Oklahoma Republican"
	}
	if i >= j {
		return mention{}, false
	}
	words := make([]string, 0, j-i)
	for k := i; k < j; k++ {
		w := toks[k].text
		if toks[k].possessive && k+1 < j {
			w = toks[k].text + "'s"
		}
		if toks[k].fold == "" {
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return mention{}, false
	}
	single := j-i == 1
	t := toks[i]
	if single {
		switch {
		case functionWords[t.fold] || titleWords[t.fold] || nameSuffixes[t.fold] || calendarWords[t.fold]:
			return mention{}, false
		case t.text == "I" || len(t.fold) < 2 && !t.acronym:
			return mention{}, false
		case isNumberish(t.text) || lowerTail(t.text):
			return mention{}, false
		}
		if sentStart && !t.acronym {
			// A capitalised word at a sentence start is a name only when
			// it is capitalised elsewhere too, known, or says something.
			_, alias := e.aliases.Canonical(t.text)
			known := alias || e.places[t.fold] || capsElsewhere[t.fold] || orgWords[t.fold] && !lowerSeen[t.fold]
			if !known {
				return mention{}, false
			}
		}
		if !sentStart && lowerSeen[t.fold] && !person && demonymLike(t.fold) {
			return mention{}, false
		}
		if demonymLike(t.fold) && j < len(toks) && toks[j].word && !toks[j].cap && !sayVerbs[toks[j].fold] && !e.places[t.fold] {
			// "American officials", "Turkish border": adjectives.
			if _, alias := e.aliases.Canonical(t.text); !alias {
				return mention{}, false
			}
		}
		if strings.HasSuffix(t.fold, "ans") || strings.HasSuffix(t.fold, "ians") {
			// "Europeans", "Syrians": peoples, not names.
			if !e.places[t.fold] {
				return mention{}, false
			}
		}
	}
	text := strings.Join(words, " ")
	m := mention{
		span:      article.Span{Paragraph: pi, Start: toks[i].start, End: wordEnd(toks[j-1])},
		toks:      words,
		text:      text,
		person:    person || saysNext(toks, j) && !orgName(toks[i:j]) && !toks[i].acronym || saidBefore(toks, i) && !lowerAfter(toks, j) || !single && appositive(toks, i, j),
		sentStart: sentStart && single,
		honorific: person,
	}
	return m, true
}

func isNumberish(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) < 0
}

// demonymLike: adjectives of place and people ("American", "Turkish",
// "Congolese", "Iraqi").
func demonymLike(f string) bool {
	for _, suf := range []string{"an", "ish", "ese", "i", "ic"} {
		if strings.HasSuffix(f, suf) && len(f) > 4 {
			return true
		}
	}
	return false
}

// saysNext reports a said-verb right after toks[:j] ("Neumann said").
func saysNext(toks []token, j int) bool {
	return j < len(toks) && toks[j].word && sayVerbs[toks[j].fold]
}

// saidBefore reports "said" right before toks[i:] ("said Peter Neumann").
func saidBefore(toks []token, i int) bool {
	return i > 0 && toks[i-1].word && (toks[i-1].fold == "said" || toks[i-1].fold == "says")
}

// lowerAfter reports a lower-case word right after toks[:j]: "said Tory
// shadow local government secretary Caroline Spelman" names a party, then
// a role, then the speaker.
func lowerAfter(toks []token, j int) bool {
	return j < len(toks) && toks[j].word && !toks[j].cap
}

// lowerTail reports a hyphenated adjective ("American-backed").
func lowerTail(w string) bool {
	i := strings.LastIndexByte(w, '-')
	if i < 0 || i+1 >= len(w) || isCap(w) && strings.HasPrefix(strings.ToLower(w), "al-") {
		return false
	}
	r := rune(w[i+1])
	return r >= 'a' && r <= 'z'
}

// appositive reports the cues of a person around toks[i:j]: "according to
// X", "X, the director of", "X, 42,", "X, who".
func appositive(toks []token, i, j int) bool {
	if hasOrgTok(toks[i:j]) {
		return false
	}
	if i >= 2 && toks[i-1].fold == "to" && toks[i-2].fold == "according" {
		return true
	}
	if j+1 < len(toks) && toks[j].text == "," {
		n := toks[j+1]
		if sayVerbs[n.fold] {
			return true
		}
		if n.word && (n.fold == "who" || n.fold == "the" || n.fold == "a" || n.fold == "an" || isNumberish(n.text) || roleWords[n.fold]) {
			return true
		}
	}
	return false
}

func hasOrgTok(toks []token) bool {
	for _, t := range toks {
		if orgWords[t.fold] {
			return true
		}
	}
	return false
}

// hasCapsRuns is a cheap test before capsRun: two words in capitals.
func hasCapsRuns(s string) bool {
	runs, n := 0, 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			n++
			continue
		}
		if n >= 2 {
			runs++
			if runs >= 2 {
				return true
			}
		}
		n = 0
	}
	return runs >= 1 && n >= 2
}

// numberAfter reports a number of at most four digits at toks[j], right
// after a capitalised word that is not a month, with no punctuation between.
func numberAfter(toks []token, j int) bool {
	if j == 0 || j >= len(toks) {
		return false
	}
	t, prev := toks[j], toks[j-1]
	if !t.word || len(t.text) > 4 || strings.IndexFunc(t.text, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return false
	}
	return prev.word && prev.cap && !calendarWords[prev.fold] && prev.end < t.start && !prev.possessive
}

// wordEnd is where a token's word ends, before a possessive 's.
func wordEnd(t token) int {
	if t.possessive {
		return t.start + len(t.text)
	}
	return t.end
}
