package tagger

import "strings"

// IsTitle reports whether word (any case) is a title or role word that
// precedes person names in news: honorifics (Mr., Dr.), offices (President,
// Minister, Secretary-General), ranks (General, Col.), religious and royal
// titles (Pope, Ayatollah, King, Sheikh) and their modifiers (Vice, Deputy,
// Crown, Former).
func IsTitle(word string) bool {
	lw := strings.ToLower(word)
	return strongTitle(lw) || weakTitle(lw)
}

// strongTitle words are not also name parts: a person span never continues
// a name through them, so everything up to the last of them is a role.
func strongTitle(lw string) bool {
	switch strings.TrimSuffix(lw, ".") {
	case "mr", "mrs", "ms", "miss", "dr", "president", "minister", "secretary", "secretary-general",
		"senator", "sen", "chancellor", "pope", "mayor", "general", "gen", "governor", "gov", "premier",
		"ambassador", "envoy", "chairman", "chairwoman", "commander", "colonel", "col", "lieutenant", "lt",
		"sergeant", "sgt", "captain", "capt", "admiral", "adm", "brigadier", "brig", "judge", "cardinal",
		"archbishop", "ayatollah", "mullah", "rev", "reverend", "congressman", "congresswoman",
		"representative", "rep", "president-elect", "vice-president", "prime", "spokesman", "spokeswoman",
		"professor", "prof", "leader", "director", "coach", "attorney", "pastor", "mp", "lawmaker", "cmdr",
		"superintendent", "inspector", "chief-executive", "ceo", "laureate", "correspondent", "monsignor",
		"administrator", "commissioner", "undersecretary", "sheriff", "spokesperson", "chairperson", "officer":
		return true
	}
	return false
}

// weakTitle words are titles at the start of a name but also name parts
// ("King Abdullah" but "Martin Luther King", "Sheikh Hasina").
func weakTitle(lw string) bool {
	switch strings.TrimSuffix(lw, ".") {
	case "king", "queen", "prince", "princess", "sheikh", "sheik", "saint", "st", "lord", "lady", "sir",
		"major", "maj", "chief", "justice", "bishop", "emir", "sultan", "crown", "deputy", "vice", "former",
		"late", "interim", "acting", "prophet", "imam", "mufti", "grand", "supreme", "senior", "father",
		"sister", "brother", "dame", "private", "pvt", "corporal", "cpl", "specialist":
		return true
	}
	return false
}

// TitleEnd returns how many leading tokens of a person mention are a title
// or role rather than the name: 1 for "President Uhuru Kenyatta", 2 for
// "Energy Minister Sergei Shmatko" and for "Prime Minister Tony Blair", 3 for
// "Secretary of State Condoleezza Rice", 0 for "Martin Luther King". It
// returns len(tokens) when the mention has no name at all ("President",
// "Prime Minister", "U.S. Senator").
//
// The rule: strip through the last strong title that is not the final token
// (with the words before it, which modify the role: "Energy", "U.S.",
// "Foreign"); then through any further titles ("Prime Minister General
// Pervez Musharraf") and "of X" after a title ("Secretary of State"). Weak
// titles (King, Sheikh, Prince, Saint) count only at the start or after
// another title, so names that contain them keep them.
func TitleEnd(tokens []string) int {
	n := len(tokens)
	all := true
	for _, t := range tokens {
		if !IsTitle(t) && strings.ToLower(t) != "of" {
			all = false
			break
		}
	}
	// A mention ending in a strong title is a role without a name ("U.S.
	// Senator", "Shadow Home Secretary").
	if all || strongTitle(strings.ToLower(tokens[n-1])) {
		return n
	}
	i := 0
	for k := n - 2; k >= 0; k-- {
		if strongTitle(strings.ToLower(tokens[k])) {
			i = k + 1
			break
		}
	}
	for i < n-1 {
		switch {
		case IsTitle(tokens[i]):
			i++
		case i > 0 && IsTitle(tokens[i-1]) && strings.ToLower(tokens[i]) == "of" && i+2 < n:
			i += 2
		default:
			return i
		}
	}
	return i
}
