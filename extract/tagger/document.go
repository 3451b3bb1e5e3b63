package tagger

import "unicode/utf8"

// TagDocument tags the sentences of one document (an article) and then
// makes person names consistent across it: the last word of a person name
// of two or more words ("Daniel Montalvo") is a person wherever else in
// the document it stands alone, untagged or tagged a one-word name of
// another type ("Montalvo was charged"). News introduces
// a person once by full name and then uses the surname, which the
// sentence-level tagger, without the first mention, often misses or takes
// for a place.
func (m *Model) TagDocument(doc [][]string) [][]Label {
	out := make([][]Label, len(doc))
	full := map[string]int{} // how often a word ends a person name of 2+ words
	for i, s := range doc {
		out[i] = m.Tag(s)
		for _, e := range Entities(out[i]) {
			w := s[e.End-1]
			switch {
			case e.Type == Person && e.End-e.Start >= 2:
				if isCapitalised(w) && utf8.RuneCountInString(w) > 1 && !IsTitle(w) {
					full[w]++
				}
			}
		}
	}
	for i, s := range doc {
		labels := out[i]
		for k, w := range s {
			f := full[w]
			if f == 0 {
				continue
			}
			single := labels[k].IsBegin() && labels[k].Type() != Person && (k+1 == len(labels) || labels[k+1].IsBegin() || labels[k+1] == O)
			if labels[k] == O || single {
				labels[k] = BPerson
			}
		}
	}
	return out
}
