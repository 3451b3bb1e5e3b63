package tagger

// Score counts exact-match name spans: a found name is a true positive when
// a gold name has the same tokens and type.
type Score struct {
	TP, FP, FN int
}

// Precision is TP / (TP + FP), 0 without found names.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP / (TP + FN), 0 without gold names.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Evaluate tags the gold documents (TagDocument) and scores the names
// found per type; the "" key holds all types together.
func Evaluate(m *Model, docs [][]Sentence) map[Type]Score {
	out := map[Type]Score{}
	for _, doc := range docs {
		toks := make([][]string, len(doc))
		for i, s := range doc {
			toks[i] = s.Tokens
		}
		for i, labels := range m.TagDocument(toks) {
			score(out, doc[i].Labels, labels)
		}
	}
	return out
}

func score(out map[Type]Score, gold, got []Label) {
	want := map[Entity]bool{}
	for _, e := range Entities(gold) {
		want[e] = true
	}
	for _, e := range Entities(got) {
		sc, all := out[e.Type], out[""]
		if want[e] {
			sc.TP++
			all.TP++
			delete(want, e)
		} else {
			sc.FP++
			all.FP++
		}
		out[e.Type], out[""] = sc, all
	}
	for e := range want {
		sc, all := out[e.Type], out[""]
		sc.FN++
		all.FN++
		out[e.Type], out[""] = sc, all
	}
}
