package ingest

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/article"
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
// "und" and "et"; and title-cases names written in capitals (article.TitleCaseName).
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
		names = append(names, article.TitleCaseName(part))
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
		if unicode.IsLower(r) && !article.IsNameParticle(w) && w != "and" && w != "und" && w != "et" {
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

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func hasLower(s string) bool { return strings.IndexFunc(s, unicode.IsLower) >= 0 }
