package article

import (
	"regexp"
	"strings"
	"unicode"
)

// mcPrefix matches the lower-case "c" of a Mc or Mac prefix in a name
// otherwise in capitals ("BARRIE McKENNA").
var mcPrefix = regexp.MustCompile(`\bMa?c\p{Lu}`)

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
		case i > 0 && i < len(words)-1 && IsNameParticle(lw):
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

// IsNameParticle reports the lower-case particles that sit inside names
// ("de", "van", "al") and keep their case when a name is title-cased.
func IsNameParticle(w string) bool {
	switch w {
	case "de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "ter", "ten", "bin", "al", "zu":
		return true
	}
	return false
}

// isRoman reports the regnal numerals that stay in capitals.
func isRoman(w string) bool {
	switch w {
	case "II", "III", "IV":
		return true
	}
	return false
}

// hasLower reports whether s holds a lower-case letter.
func hasLower(s string) bool { return strings.IndexFunc(s, unicode.IsLower) >= 0 }
