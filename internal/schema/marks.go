package schema

// Index terms that the text analyzer (TextAnalyzer) adds beside the words,
// for the positional operators of package engine (span.go). Each begins
// with a byte no analysed word holds, so no word query, prefix or term
// listing ever meets one.
const (
	// ParagraphMark is indexed at the position of the first word of every
	// paragraph after a field's first.
	ParagraphMark = "\x00p"
	// SentenceMark is indexed at the position of the first word of every
	// sentence after a field's first (a paragraph's first word included).
	SentenceMark = "\x00s"
	// capsPrefix starts CapsTerm's terms.
	capsPrefix = "\x00c"
)

// CapsTerm is the index term added, at the same position, for an analysed
// word that was written with a capital first letter: caps(Turkey) searches
// CapsTerm of turkey's analysed form, and finds the country, not the bird.
func CapsTerm(analysed string) string { return capsPrefix + analysed }
