package tagger

import "unicode/utf8"

// Tagging sums, per token, the weights of about 30 features, most looked
// up at random in a table of several megabytes. Seventeen of them depend
// on one word only (the word itself, or one neighbour at a fixed
// distance), so their sums are kept per word in the scratch space's word
// cache and each token looks up only the dozen features that combine
// words. Integer sums in any order are the same, so the scores, and the
// labels, are those of summing every feature (TestWordSumsMatchFeatures).

// wordSums are the weight sums of the features of one word: its own
// (self), and as the previous (left), next (right), second previous
// (left2) and second next (right2) word of a token.
type wordSums struct {
	self, left, right, left2, right2 [numLabels]int32
	// The hash states, after the word, of the context templates that
	// start with it (contextHashes): as the previous word (m1) or as the
	// token itself (0); h16 is a whole hash.
	h11m1, h13m1, h15m1, h25m1 hasher
	h12, h14, h16, h22, h23    hasher
}

// addW adds the weights of feature h, if the model has it, to v.
func (t *featTable) addW(v *[numLabels]int32, h hasher) {
	if w := t.get(uint64(h)); w != nil {
		for y := range numLabels {
			v[y] += int32(w[y])
		}
	}
}

// sumsOf computes the sums of word t (information ti); the templates are
// those of features.
func (t *featTable) sumsOf(ti tokenInfo, word string) *wordSums {
	s := new(wordSums)
	t.addW(&s.self, newHash(1))
	t.addW(&s.self, newHash(2).str(ti.lower))
	t.addW(&s.self, newHash(3).str(ti.shape))
	if n := utf8.RuneCountInString(ti.lower); n > 3 {
		t.addW(&s.self, newHash(4).str(prefix(ti.lower, 3)))
		t.addW(&s.self, newHash(5).str(suffix(ti.lower, 3)))
		t.addW(&s.self, newHash(6).str(suffix(ti.lower, 2)))
		if n > 5 {
			t.addW(&s.self, newHash(24).str(suffix(ti.lower, 4)))
		}
	}
	t.addW(&s.self, newHash(17).byte(ti.class))
	t.addW(&s.self, newHash(27).str(word))
	t.addW(&s.left, newHash(7).str(ti.lower))
	t.addW(&s.left, newHash(18).byte(ti.class))
	t.addW(&s.left, newHash(28).str(suffix(ti.lower, 3)))
	t.addW(&s.right, newHash(8).str(ti.lower))
	t.addW(&s.right, newHash(19).byte(ti.class))
	t.addW(&s.right, newHash(29).str(suffix(ti.lower, 3)))
	t.addW(&s.left2, newHash(9).str(ti.lower))
	t.addW(&s.right2, newHash(10).str(ti.lower))
	s.setPrefixes(ti)
	return s
}

// setPrefixes sets the hash states of the templates that start with the
// word ti.
func (s *wordSums) setPrefixes(ti tokenInfo) {
	s.h11m1 = newHash(11).str(ti.shape)
	s.h13m1 = newHash(13).str(ti.lower)
	s.h15m1 = newHash(15).str(ti.short)
	s.h25m1 = newHash(25).str(ti.short)
	s.h12 = newHash(12).str(ti.shape)
	s.h14 = newHash(14).str(ti.lower)
	s.h16 = newHash(16).str(ti.shape)
	s.h22 = newHash(22).str(ti.short)
	s.h23 = newHash(23).str(ti.short)
}

// edgeSums are the sums of the sentence-boundary pseudo-words, which have
// no suffix features.
func (t *featTable) edgeSums() (start, end wordSums) {
	t.addW(&start.left, newHash(7).str("<s>"))
	t.addW(&start.left, newHash(18).byte(0))
	t.addW(&start.left2, newHash(9).str("<s>"))
	t.addW(&end.right, newHash(8).str("</s>"))
	t.addW(&end.right, newHash(19).byte(0))
	t.addW(&end.right2, newHash(10).str("</s>"))
	start.setPrefixes(sentenceStart)
	return start, end
}

// sentenceStart and sentenceEnd are the pseudo-words around a sentence.
var (
	sentenceStart = tokenInfo{lower: "<s>", shape: "<s>", short: "<s>"}
	sentenceEnd   = tokenInfo{lower: "</s>", shape: "</s>", short: "</s>"}
)

// contextHashes is contextFeatures from the hash states the word sums
// keep (every ti[k].sums set; edge holds the sentence start's): the
// templates' first word is not hashed again for every token.
func contextHashes(ti []tokenInfo, i int, gaz func(string) bool, toks []string, edge *wordSums, dst []uint64) []uint64 {
	w0, wm1, wp1, wm2, wp2 := &ti[i], &sentenceStart, &sentenceEnd, &sentenceStart, &sentenceEnd
	s0, sm1 := w0.sums, edge
	if i > 0 {
		wm1 = &ti[i-1]
		sm1 = wm1.sums
	}
	if i > 1 {
		wm2 = &ti[i-2]
	}
	if i+1 < len(ti) {
		wp1 = &ti[i+1]
	}
	if i+2 < len(ti) {
		wp2 = &ti[i+2]
	}
	dst = append(dst,
		uint64(sm1.h11m1.str(w0.shape)),
		uint64(s0.h12.str(wp1.shape)),
		uint64(sm1.h13m1.str(w0.lower)),
		uint64(s0.h14.str(wp1.lower)),
		uint64(sm1.h15m1.str(w0.short).str(wp1.short)))
	if i == 0 {
		dst = append(dst, uint64(s0.h16))
	}
	dst = append(dst,
		uint64(newHash(20).byte(wm2.class).byte(wm1.class)),
		uint64(newHash(21).byte(wp1.class).byte(wp2.class)),
		uint64(s0.h22.str(wm1.lower)),
		uint64(s0.h23.str(wp1.lower)),
		uint64(sm1.h25m1.str(w0.short).str(wp1.short).byte(wm1.class).byte(wp1.class)))
	return gazetteerFeatures(i, gaz, toks, dst)
}

// contextFeatures appends the hashes of the features of token i that
// combine words (the rest of features' templates).
func contextFeatures(ti []tokenInfo, i int, gaz func(string) bool, toks []string, dst []uint64) []uint64 {
	w0, wm1, wp1, wm2, wp2 := windowAt(ti, i)
	add := func(h hasher) { dst = append(dst, uint64(h)) }
	add(newHash(11).str(wm1.shape).str(w0.shape))
	add(newHash(12).str(w0.shape).str(wp1.shape))
	add(newHash(13).str(wm1.lower).str(w0.lower))
	add(newHash(14).str(w0.lower).str(wp1.lower))
	add(newHash(15).str(wm1.short).str(w0.short).str(wp1.short))
	if i == 0 {
		add(newHash(16).str(w0.shape))
	}
	add(newHash(20).byte(wm2.class).byte(wm1.class))
	add(newHash(21).byte(wp1.class).byte(wp2.class))
	add(newHash(22).str(w0.short).str(wm1.lower))
	add(newHash(23).str(w0.short).str(wp1.lower))
	add(newHash(25).str(wm1.short).str(w0.short).str(wp1.short).byte(wm1.class).byte(wp1.class))
	return gazetteerFeatures(i, gaz, toks, dst)
}

// gazetteerFeatures appends the features of the gazetteer's two-word
// places around token i.
func gazetteerFeatures(i int, gaz func(string) bool, toks []string, dst []uint64) []uint64 {
	if gaz != nil && i+1 < len(toks) && isCapitalised(toks[i]) && isCapitalised(toks[i+1]) {
		if gaz(toks[i] + " " + toks[i+1]) {
			dst = append(dst, uint64(newHash(26).byte(1)))
		}
		if i > 0 && isCapitalised(toks[i-1]) && gaz(toks[i-1]+" "+toks[i]) {
			dst = append(dst, uint64(newHash(26).byte(2)))
		}
	}
	return dst
}
