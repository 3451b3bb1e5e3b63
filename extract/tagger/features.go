package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// featureVersion names the feature set below. A model records the version it
// was trained with and Load refuses another: changing a template, a word list
// or the hashing means retraining (make tagger-model) and bumping it.
const featureVersion = 5

// Word classes of the cue-word features.
const (
	clsTitle   = 1 << iota // President, Minister, Mr.
	clsSaid                // said, told, added
	clsOrgWord             // Inc., Party, Ministry, Bank
	clsLocWord             // River, Province, Island
	clsPrep                // in, at, from, near
	clsGaz                 // the place gazetteer knows the word
)

// tokenInfo is what the templates read of one token, computed once per
// sentence.
type tokenInfo struct {
	lower, shape, short string
	class               uint8
	sums                *wordSums // the word's weight sums, when tagging
}

// FNV-1a, 64 bits: features are stored by hash, not by string, which keeps
// the model small and extraction free of allocations.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

type hasher uint64

func newHash(template byte) hasher {
	return hasher((fnvOffset ^ uint64(template)) * fnvPrime)
}

func (h hasher) str(s string) hasher {
	for i := 0; i < len(s); i++ {
		h = (h ^ hasher(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // separator: "ab"+"c" differs from "a"+"bc"
}

func (h hasher) byte(b byte) hasher { return (h ^ hasher(b)) * fnvPrime }

// infos computes the per-token information of a sentence, with the
// word's weight sums in tbl when tbl is not nil. cache, when not nil, keeps
// what was computed for each word (news repeats its words, and computing
// costs allocations); it must belong to one gazetteer and one table.
func infos(toks []string, gaz func(string) bool, tbl *featTable, dst []tokenInfo, cache map[string]tokenInfo) []tokenInfo {
	dst = dst[:0]
	for _, t := range toks {
		if ti, ok := cache[t]; ok {
			dst = append(dst, ti)
			continue
		}
		lw := strings.ToLower(t)
		ti := tokenInfo{lower: lw, shape: shape(t, 3), short: shape(t, 1), class: wordClass(lw)}
		if gaz != nil && isCapitalised(t) && gaz(t) {
			ti.class |= clsGaz
		}
		if tbl != nil {
			ti.sums = tbl.sumsOf(ti, t)
		}
		if cache != nil {
			if len(cache) >= maxCachedWords {
				clear(cache)
			}
			cache[strings.Clone(t)] = ti // not a slice of the caller's text, which it would keep alive
		}
		dst = append(dst, ti)
	}
	return dst
}

// maxCachedWords bounds the word cache of each scratch space. An entry
// takes about 270 bytes (its weight sums, strings and map slot), and every
// goroutine tagging at once has a scratch space of its own: at 65,536
// words the two caches of an ingest on 2 CPUs held 40 MB of its live heap
// at 30,000 generated articles, and at GOGC=400 its peak memory is about
// five times its live heap (TestWordCacheMemory). On those articles
// (Reuters' vocabulary, 54,000 distinct words in 10,000 of them) 16,384
// words miss 8% of the tokens where 65,536 missed 2-5%.
const maxCachedWords = 1 << 14

// features appends the feature hashes of token i of a sentence to dst:
// those of single words (which sumsOf caches per word) and then those
// that combine words (contextFeatures).
func features(ti []tokenInfo, i int, gaz func(string) bool, toks []string, dst []uint64) []uint64 {
	w0, wm1, wp1, wm2, wp2 := windowAt(ti, i)
	add := func(h hasher) { dst = append(dst, uint64(h)) }
	add(newHash(1))
	add(newHash(2).str(w0.lower))
	add(newHash(3).str(w0.shape))
	if n := utf8.RuneCountInString(w0.lower); n > 3 {
		add(newHash(4).str(prefix(w0.lower, 3)))
		add(newHash(5).str(suffix(w0.lower, 3)))
		add(newHash(6).str(suffix(w0.lower, 2)))
		if n > 5 {
			add(newHash(24).str(suffix(w0.lower, 4)))
		}
	}
	add(newHash(7).str(wm1.lower))
	add(newHash(8).str(wp1.lower))
	add(newHash(9).str(wm2.lower))
	add(newHash(10).str(wp2.lower))
	add(newHash(17).byte(w0.class))
	add(newHash(18).byte(wm1.class))
	add(newHash(19).byte(wp1.class))
	add(newHash(27).str(toks[i]))
	if i > 0 {
		add(newHash(28).str(suffix(wm1.lower, 3)))
	}
	if i+1 < len(toks) {
		add(newHash(29).str(suffix(wp1.lower, 3)))
	}
	return contextFeatures(ti, i, gaz, toks, dst)
}

// windowAt returns token i and its neighbours at distance 1 and 2, with
// pseudo-tokens padding the window at the sentence boundaries.
func windowAt(ti []tokenInfo, i int) (w0, wm1, wp1, wm2, wp2 tokenInfo) {
	at := func(k int) tokenInfo {
		switch {
		case k < 0:
			return tokenInfo{lower: "<s>", shape: "<s>", short: "<s>"}
		case k >= len(ti):
			return tokenInfo{lower: "</s>", shape: "</s>", short: "</s>"}
		}
		return ti[k]
	}
	return at(i), at(i - 1), at(i + 1), at(i - 2), at(i + 2)
}

// shape maps letters to X/x, digits to d and keeps other characters,
// cutting runs of one class at max ("Kenyatta" → "Xxxx" with max 3,
// "Xx" with max 1; "U.S." → "X.X.").
func shape(s string, max int) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range s {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
			if run >= max {
				continue
			}
		} else {
			run = 0
		}
		last = c
		b.WriteRune(c)
	}
	return b.String()
}

func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func suffix(s string, n int) string {
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
		if n == 0 {
			return s[i:]
		}
	}
	return s
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func wordClass(lw string) uint8 {
	var c uint8
	if IsTitle(lw) {
		c |= clsTitle
	}
	switch lw {
	case "said", "says", "say", "told", "added", "stated", "announced", "explained", "asked", "urged",
		"warned", "insisted", "noted", "argued", "claimed", "according", "spokesman", "spokeswoman", "wrote":
		c |= clsSaid
	case "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "ag", "sa", "group", "party",
		"ministry", "bank", "council", "committee", "association", "union", "company", "corporation", "agency",
		"organization", "organisation", "university", "institute", "army", "front", "movement", "commission",
		"federation", "fund", "foundation", "court", "department", "office", "board", "authority", "airlines",
		"airways", "news", "times", "post", "club", "church", "league", "alliance", "assembly", "parliament",
		"congress", "senate", "service", "forces", "police", "network", "brigade", "brigades", "brotherhood",
		"telegraph", "journal", "press", "program", "programme", "center", "centre", "school", "college",
		"hospital", "exchange", "holdings", "industries", "motors", "systems", "technologies", "international":
		c |= clsOrgWord
	case "river", "province", "island", "islands", "mountains", "mountain", "sea", "ocean", "valley", "lake",
		"street", "county", "district", "region", "city", "republic", "state", "gulf", "strait", "peninsula",
		"desert", "bay", "coast", "border", "square", "avenue", "road", "airport", "port", "village", "town":
		c |= clsLocWord
	case "in", "at", "from", "near", "to", "across", "into", "outside", "inside", "throughout", "toward", "towards":
		c |= clsPrep
	}
	return c
}
