package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// bylineBy matches the "By " that opens most bylines.
	bylineBy = regexp.MustCompile(`(?i)^by\s+`)
	// bylineSep splits a list of names.
	bylineSep = regexp.MustCompile(`(?i)\s*(?:,|&|\band\b)\s*`)
	// bylineIn matches a trailing dateline location ("Jane Doe in Paris").
	bylineIn = regexp.MustCompile(`(?i)\s+in\s+\S.*$`)
	// nameSuffix matches parts that belong to the previous name.
	nameSuffix = regexp.MustCompile(`(?i)^(?:jr|sr)\.?$|^(?:ii|iii|iv)$`)
	// bylineRole matches parts that are roles or agencies, not people.
	bylineRole = regexp.MustCompile(`(?i)\b(?:staff|writer|correspondent|editor|reporter|columnist|bureau|special to|associated press|press association|reuters|bloomberg|dow jones|agence france|news service|wire)\b`)
)

// BylineAuthors extracts author names from a byline such as
// "By ERIC SCHMITT and JANE DOE in Paris; John Roe contributed reporting."
// It drops the leading "By", everything after the first ";" (contributors are
// not authors), trailing "in City" locations, and roles or agencies, splits
// on ",", "and" and "&", and title-cases names written in capitals.
func BylineAuthors(byline string) []string {
	s := strings.Join(strings.Fields(byline), " ")
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	s = bylineBy.ReplaceAllString(s, "")
	var names []string
	for _, part := range bylineSep.Split(s, -1) {
		part = strings.TrimSpace(bylineIn.ReplaceAllString(part, ""))
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

// TitleCaseName title-cases a name written in capitals ("JAMES O'CONNOR" →
// "James O'Connor", "MCDONALD" → "McDonald", "GILLES DE KERCHOVE" → "Gilles
// de Kerchove"). Names that already use lower case are returned unchanged, as
// their writer's casing is more reliable than any rule.
func TitleCaseName(name string) string {
	if strings.IndexFunc(name, unicode.IsLower) >= 0 {
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
// and after apostrophes and "mc" prefixes, which start surnames.
func titleWord(w string) string {
	rs := []rune(w)
	upNext := true
	for i, r := range rs {
		if upNext && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			upNext = false
			continue
		}
		switch r {
		case '-', '.':
			upNext = true
		case '\'', '’':
			// O'Connor, D'Angelo, but not a possessive or elided suffix.
			upNext = i+2 < len(rs) && i == 1
		}
	}
	if len(rs) > 3 && (rs[0] == 'M' && rs[1] == 'c') && unicode.IsLetter(rs[2]) {
		rs[2] = unicode.ToUpper(rs[2])
	}
	return string(rs)
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
	case "de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "ter", "ten", "bin", "al":
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
