package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// bylineBy matches the "By " that opens most bylines.
	bylineBy = regexp.MustCompile(`(?i)^by\s+`)
	// bylineLead matches other words that open a byline before the names:
	// "From" (British papers), "Par", "Por", "Door", "Edited by", and a
	// label ending in a colon ("INTERVIEW:", "Text:"). German "Von" is
	// handled by bylineVon, as it also starts surnames.
	bylineLead = regexp.MustCompile(`(?i)^(?:(?:edited|compiled|written|reported|text|words)\s+by|by|from|par|por|door|[\p{L}.]+(?:\s+[\p{L}.]+)?\s*:)\s+`)
	// bylineVonSurname matches a byline that starts with "von" as part of
	// a surname ("Von der Leyen", "von Trotta" alone), where it is not the
	// German "by".
	bylineVonSurname = regexp.MustCompile(`(?i)^von\s+(?:(?:der|dem|den|zu|und)\s|\S+$)`)
	// bylineNotes matches what follows the authors in one segment:
	// contributors ("with files from …"), which are not authors.
	bylineNotes = regexp.MustCompile(`(?i)[,\s]+(?:with (?:files|a report|reporting|additional reporting) (?:from|by)|additional reporting by)\b.*$`)
	// bylineParens matches parenthesised notes ("(Fotos)", "(now)").
	bylineParens = regexp.MustCompile(`\s*\([^()]*\)`)
	// bylineSep splits a list of names: commas, "&", " / " and "and" in
	// English, German and French.
	bylineSep = regexp.MustCompile(`(?i)\s*(?:,|&|\s/\s|\b(?:and|und|et)\b)\s*`)
	// bylineIn matches a trailing dateline location ("Jane Doe in Paris").
	bylineIn = regexp.MustCompile(`(?i)\s+in\s+\S.*$`)
	// bylineSpecial matches a trailing "Special to The Times", which
	// follows a name in the same part, and the Korean "기자" (reporter).
	bylineSpecial = regexp.MustCompile(`(?i)(?:^|\s+)special\s+(?:to|for)\b.*$|\s+기자$`)
	// nameSuffix matches parts that belong to the previous name.
	nameSuffix = regexp.MustCompile(`(?i)^(?:jr|sr)\.?$|^(?:ii|iii|iv)$`)
	// bylineRole matches parts that are roles, agencies or papers, not people.
	bylineRole = regexp.MustCompile(`(?i)\b(?:staff|writer|correspondent|editor|reporter|columnist|bureau|freelance|associated press|press association|canadian press|reuters|bloomberg|dow jones|agence france|news|newspapers|news service|wire)\b|취재단|^the\s|^(?:ap|afp|cp|dpa|epd|ddp|kna|sid|apa|ansa|efe|upi|sz)$|@|\.(?:com|org|net|co\.uk|de|fr)\b`)
	// mcPrefix matches the lower-case "c" of a Mc or Mac prefix in a name
	// otherwise in capitals ("BARRIE McKENNA").
	mcPrefix = regexp.MustCompile(`\bMa?c\p{Lu}`)
)

// BylineAuthors extracts author names from a byline such as
// "By ERIC SCHMITT and JANE DOE in Paris; John Roe contributed reporting."
// or "From MICHAEL WHITE and MARTIN WALKER".
//
// The byline is read in ";"-separated segments: the first holds authors,
// later ones too when they are only names ("Zapotosky;Devlin Barrett",
// "Dohmen, Frank; Neubacher, Alexander") and not a note such as "John Roe
// contributed reporting" (a segment with a lower-case word that is not a
// particle). In each segment it drops the opening "By", "From", "Von",
// "Par", "Por", "Edited by" or "Label:", parenthesised notes, contributors
// ("with files from …"), trailing "in City" locations and "Special to …",
// and parts that are roles, agencies, papers, e-mail or web addresses;
// reads "Last, First" as "First Last"; splits on ",", "&", " / ", "and",
// "und" and "et"; and title-cases names written in capitals (TitleCaseName).
func BylineAuthors(byline string) []string {
	var names []string
	for i, seg := range strings.Split(collapseSpace(byline), ";") {
		seg = strings.TrimSpace(seg)
		if i > 0 && !onlyNames(seg) {
			continue // "John Roe contributed reporting": not an author
		}
		names = append(names, segmentAuthors(seg)...)
	}
	return names
}

// segmentAuthors reads the authors of one ";"-separated segment.
func segmentAuthors(s string) []string {
	s = strings.TrimSpace(bylineParens.ReplaceAllString(s, ""))
	for {
		t := bylineLead.ReplaceAllString(s, "")
		if len(t) > 4 && strings.EqualFold(t[:4], "von ") && !bylineVonSurname.MatchString(t) {
			t = strings.TrimSpace(t[4:]) // German "by"
		}
		if t == s {
			break
		}
		s = t
	}
	s = bylineNotes.ReplaceAllString(s, "")
	// A paper or agency after the names ("McCarthy, Eric, The Journal")
	// goes before "Last, First" is looked for.
	for {
		i := strings.LastIndexByte(s, ',')
		if i < 0 || !bylineRole.MatchString(strings.TrimSpace(s[i+1:])) {
			break
		}
		s = strings.TrimSpace(s[:i])
	}
	if inv, ok := lastFirst(s); ok {
		s = inv
	}
	var names []string
	for _, part := range bylineSep.Split(s, -1) {
		part = strings.TrimSpace(bylineIn.ReplaceAllString(part, ""))
		part = strings.TrimSpace(bylineSpecial.ReplaceAllString(part, ""))
		part = trimNameEnd(part)
		if part == "" || bylineRole.MatchString(part) {
			continue
		}
		if nameSuffix.MatchString(part) && len(names) > 0 {
			names[len(names)-1] += " " + suffixCase(part)
			continue
		}
		if !hasLetter(part) {
			continue
		}
		names = append(names, TitleCaseName(part))
	}
	return names
}

// onlyNames reports whether a byline segment is a list of names: every word
// starts with a capital (or is in a script without case), or is a connector
// or a name particle.
func onlyNames(seg string) bool {
	words := strings.Fields(strings.NewReplacer(",", " ", "&", " ").Replace(seg))
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		r := []rune(w)[0]
		if unicode.IsLower(r) && !isParticle(w) && w != "and" && w != "und" && w != "et" {
			return false
		}
	}
	return true
}

// lastFirst turns a "Last, First" segment ("Lambie, Chris", "Rohr, Mathieu
// von", "Müller, Martin U.") into "First Last". Only one comma, a one-word
// surname and one to three given names, neither written all in capitals
// (where "SMITH, JONES" may as well be two people), qualify.
func lastFirst(s string) (string, bool) {
	last, first, ok := strings.Cut(s, ",")
	if !ok || strings.Contains(first, ",") {
		return "", false
	}
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	lw, fw := strings.Fields(last), strings.Fields(first)
	if len(lw) != 1 || len(fw) < 1 || len(fw) > 3 || !onlyNames(first) || bylineRole.MatchString(first) {
		return "", false
	}
	if !unicode.IsUpper([]rune(fw[0])[0]) || !hasLower(last) || !hasLower(first) {
		return "", false
	}
	return first + " " + last, true
}

// TitleCaseName title-cases a name written in capitals ("JAMES O'CONNOR" →
// "James O'Connor", "MCDONALD" → "McDonald", "MACDONALD" → "MacDonald",
// "BARRIE McKENNA" → "Barrie McKenna", "GILLES DE KERCHOVE" → "Gilles de
// Kerchove"). Names that otherwise use lower case are returned unchanged,
// as their writer's casing is more reliable than any rule.
func TitleCaseName(name string) string {
	if hasLower(mcPrefix.ReplaceAllStringFunc(name, strings.ToUpper)) {
		return name
	}
	words := strings.Fields(name)
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case isRoman(w):
			continue // II, III, IV stay upper case
		case i > 0 && i < len(words)-1 && isParticle(lw):
			words[i] = lw
			continue
		}
		words[i] = titleWord(lw)
	}
	return strings.Join(words, " ")
}

// titleWord capitalises a lower-case word at its start and after hyphens,
// and after apostrophes and "Mc" and "Mac" prefixes, which start surnames.
func titleWord(w string) string {
	rs := []rune(w)
	upNext := true
	start := 0 // of the current hyphen-separated part
	for i, r := range rs {
		if upNext && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			upNext = false
			continue
		}
		switch r {
		case '-', '.':
			upNext = true
			macPart(rs[start:i])
			start = i + 1
		case '\'', '’':
			// O'Connor, D'Angelo, but not a possessive or elided suffix.
			upNext = i+2 < len(rs) && i == start+1
		}
	}
	macPart(rs[start:])
	return string(rs)
}

// macPart capitalises the letter after a "Mc" prefix ("McDonald") or a
// "Mac" prefix that starts a Gaelic surname ("MacDonald", "MacLeod"), not
// names that merely begin with those letters ("Mack", "Macy", "Machado",
// "Mackie"). The Mac rule is that of Lingua::EN::NameCase: a further three
// letters at least, the last not a, c, i, o, z or j, and a list of
// exceptions.
func macPart(rs []rune) {
	if len(rs) > 3 && rs[0] == 'M' && rs[1] == 'c' && unicode.IsLetter(rs[2]) {
		rs[2] = unicode.ToUpper(rs[2])
		return
	}
	if len(rs) < 6 || rs[0] != 'M' || rs[1] != 'a' || rs[2] != 'c' || strings.ContainsRune("aciozj", rs[len(rs)-1]) {
		return
	}
	for _, r := range rs[3:] {
		if !unicode.IsLetter(r) {
			return
		}
	}
	lw := strings.ToLower(string(rs))
	for _, x := range macExceptions {
		if strings.HasPrefix(lw, x) {
			return
		}
	}
	rs[3] = unicode.ToUpper(rs[3])
}

// macExceptions are names beginning with "mac" that are not Mac + name.
var macExceptions = [...]string{
	"macevic", "machado", "machar", "machin", "machlin", "macias", "maciulis", "mackie", "mackle",
	"macklin", "macquarie", "macomber", "macin", "mackintosh", "macken", "machen", "machiavelli",
	"mackey", "macey", "maceo", "macedo", "macek",
}

// trimNameEnd drops punctuation around a name, keeping the dot of a final
// initial or abbreviation ("Jane Q.", "John Doe Jr.").
func trimNameEnd(s string) string {
	s = strings.Trim(s, " :-–—")
	if w := s[strings.LastIndexByte(s, ' ')+1:]; strings.HasSuffix(w, ".") && len([]rune(w)) > 3 {
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// suffixCase spells a name suffix the usual way: "JR" → "Jr.", "iii" → "III".
func suffixCase(s string) string {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	if s == "jr" || s == "sr" {
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	return strings.ToUpper(s)
}

func isParticle(w string) bool {
	switch w {
	case "de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "ter", "ten", "bin", "al", "zu":
		return true
	}
	return false
}

func isRoman(w string) bool {
	switch w {
	case "II", "III", "IV":
		return true
	}
	return false
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func hasLower(s string) bool { return strings.IndexFunc(s, unicode.IsLower) >= 0 }
