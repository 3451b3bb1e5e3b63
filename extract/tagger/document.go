package tagger

import "unicode/utf8"

// maxSurnameGap is how far (in perceptron updates) the tagger's evidence
// for a place or organisation may exceed its evidence for a person before
// TagDocument no longer overrules it with a surname. Chosen on the GUM
// documents that are not news (the news ones are the held-out set): 20
// lies in the middle of the range (14 to 34) that gains most there; with
// no limit, "Australia" became a person after "Western Australia" was
// taken for one.
const maxSurnameGap = 20

// TagDocument tags the sentences of one document (an article) and then
// makes person names consistent across it: the last word of a person name
// of two or more words ("Daniel Montalvo") is a person wherever else in
// the document it stands alone, untagged or tagged a one-word name of
// another type with weak evidence ("Montalvo was charged"). News introduces
// a person once by full name and then uses the surname, which the
// sentence-level tagger, without the first mention, often misses or takes
// for a place.
func (m *Model) TagDocument(doc [][]string) [][]Label {
	out := make([][]Label, len(doc))
	gaps := make([][]int32, len(doc))
	full := map[string]int{} // how often a word ends a person name of 2+ words
	for i, s := range doc {
		out[i], gaps[i] = m.tag(s, true)
		for _, e := range Entities(out[i]) {
			w := s[e.End-1]
			if e.Type == Person && e.End-e.Start >= 2 && isCapitalised(w) && utf8.RuneCountInString(w) > 1 && !IsTitle(w) {
				full[w]++
			}
		}
	}
	for i, s := range doc {
		labels := out[i]
		for k, w := range s {
			// Alone: not inside a run of capitalised words ("Internet
			// Explorer 6" after "Internet Explorer" was taken for a
			// person), though a title may precede it ("Mr. Montalvo").
			alone := (k == 0 || !isCapitalised(s[k-1]) || IsTitle(s[k-1])) && (k+1 == len(s) || !isCapitalised(s[k+1]))
			if full[w] == 0 || !alone {
				continue
			}
			single := labels[k].IsBegin() && labels[k].Type() != Person && (k+1 == len(labels) || labels[k+1].IsBegin() || labels[k+1] == O)
			if labels[k] == O || single && float64(gaps[i][k]) < maxSurnameGap*m.scale {
				labels[k] = BPerson
			}
		}
	}
	return out
}
