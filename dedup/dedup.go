// Package dedup finds duplicate and near-duplicate news articles: the same
// wire story in several papers, later editions of one article, re-exports.
//
// Exact duplicates share the digest of their normalised body (ExactDigest).
// Near-duplicates are found with MinHash over word shingles: each body is
// reduced to a Signature of Params.Hashes minimum hash values, the first of
// which form Params.Bands bands whose keys (BandKeys) find candidates by lookup
// (locality-sensitive hashing), and candidates are confirmed by the estimated
// Jaccard similarity or containment of their shingle sets (Duplicate).
//
// The package knows nothing about bleve; package index stores what it
// computes.
package dedup

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Params configure shingling, MinHash and the duplicate decision. Signatures
// are only comparable when made with the same K and Hashes, and band keys
// only with the same Bands: an index must keep its Params.
type Params struct {
	K      int // words per shingle
	Hashes int // MinHash values per signature
	Bands  int // LSH bands
	Rows   int // signature values per band; Bands·Rows ≤ Hashes
	// Jaccard is the estimated Jaccard similarity of two shingle sets at or
	// above which they are near-duplicates.
	Jaccard float64
	// Containment is the estimated share of the smaller set found in the
	// larger one at or above which they are near-duplicates (truncations,
	// an edition with paragraphs added).
	Containment float64
	// MinShingles is the fewest shingles a body needs to be compared at all.
	// Short bodies are mostly templated notices (dividends, prime rates,
	// market openings) that share their wording but not their news: on
	// Reuters-21578, 14 of 17 sampled near-duplicate joins of bodies under
	// 30 shingles were such templates. Shorter bodies group only as exact
	// duplicates.
	MinShingles int
	// Window is the largest difference in publication dates between two
	// near-duplicates (exact duplicates have no limit): later editions and
	// re-runs follow within days, while templated briefs (weekly reserve
	// figures, dividend notices) repeat their wording weeks apart.
	Window time.Duration
}

// InWindow reports whether two publication dates are close enough for the
// articles to be near-duplicates; an unknown (zero) date is close to any.
func (p Params) InWindow(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	d := a.Sub(b)
	return d <= p.Window && -d <= p.Window
}

// DefaultParams are the parameters newsdesk uses; testdata/dups and the
// docs/duplicates.md show how they were chosen.
func DefaultParams() Params {
	return Params{K: 4, Hashes: 96, Bands: 16, Rows: 2, Jaccard: 0.5, Containment: 0.8, MinShingles: 30, Window: 3 * 24 * time.Hour}
}

// Validate reports parameters that cannot work.
func (p Params) Validate() error {
	switch {
	case p.K < 1:
		return fmt.Errorf("dedup: K = %d, want at least 1", p.K)
	case p.Hashes < 1 || p.Hashes > 1024:
		return fmt.Errorf("dedup: Hashes = %d, want 1 to 1024", p.Hashes)
	case p.Bands < 1 || p.Rows < 1 || p.Bands*p.Rows > p.Hashes:
		return fmt.Errorf("dedup: Bands = %d × Rows = %d must be between 1 and Hashes = %d", p.Bands, p.Rows, p.Hashes)
	case p.Jaccard <= 0 || p.Jaccard > 1 || p.Containment <= 0 || p.Containment > 1:
		return fmt.Errorf("dedup: thresholds Jaccard = %g, Containment = %g, want in (0, 1]", p.Jaccard, p.Containment)
	}
	return nil
}

// Normalize lower-cases text, folds accents (é → e), and turns every run of
// characters that are neither letters nor digits into one space, so that
// re-typesetting (quotes, dashes, line breaks) does not hide a duplicate.
func Normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := true // no leading space
	if isASCII(text) {
		// Most wire copy: no decomposition or Unicode tables needed.
		for i := 0; i < len(text); i++ {
			c := text[i]
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				b.WriteByte(c)
				space = false
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
				space = false
			case !space:
				b.WriteByte(' ')
				space = true
			}
		}
		return strings.TrimSuffix(b.String(), " ")
	}
	for _, r := range norm.NFKD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent left by NFKD: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// ExactDigest is a digest of the normalised text, equal for exact
// duplicates; "" when the text has no letters or digits.
func ExactDigest(text string) string {
	n := Normalize(text)
	if n == "" {
		return ""
	}
	return digest(n)
}

// digest of normalised text: 64 bits of SHA-256, 11 URL-safe characters.
// A chance collision among ten million articles has odds of about 3 in a
// million. Each digest is a unique term and doc value in the index: with
// 120 bits, and the index's content hash at 128, the Reuters-21578 index
// was 1.2 MB (1.6%) larger.
func digest(normalized string) string {
	sum := sha256.Sum256([]byte(normalized))
	return base64.RawURLEncoding.EncodeToString(sum[:8])
}

// Shingles returns the distinct hashes of the word k-grams of normalised
// text (as Normalize returns it), sorted. A text of fewer than k words is
// one shingle.
func Shingles(normalized string, k int) []uint64 {
	words := strings.Fields(normalized)
	if len(words) == 0 || k < 1 {
		return nil
	}
	wh := make([]uint64, len(words))
	for i, w := range words {
		wh[i] = fnv64(w)
	}
	if len(wh) < k {
		k = len(wh)
	}
	out := make([]uint64, 0, len(wh)-k+1)
	for i := 0; i+k <= len(wh); i++ {
		h := uint64(k)
		for _, x := range wh[i : i+k] {
			h = mix64(h*0x9E3779B97F4A7C15 ^ x)
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix64 is the splitmix64 finaliser: a bijection that spreads every input
// bit over the output.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// Hasher makes MinHash signatures. MinHash is hand-written here (about 60
// lines) rather than taken from a library: the Go MinHash/SimHash packages on
// the module proxy are unmaintained (github.com/mfonda/simhash) or bring
// dependencies we do not need, and the index depends on the exact hash
// functions staying the same forever, which a vendored library's update could
// silently break. A Hasher is safe for concurrent use.
type Hasher struct {
	p    Params
	a, b []uint64 // h_i(x) = (a_i·x + b_i) >> 32, a_i odd: multiply-shift hashing
}

// NewHasher returns a Hasher for p. The hash functions depend only on p, so
// signatures made by different processes compare.
func NewHasher(p Params) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	h := &Hasher{p: p, a: make([]uint64, p.Hashes), b: make([]uint64, p.Hashes)}
	seed := uint64(0x6E657773646B) // "newsdk": fixed, so signatures persist
	next := func() uint64 { seed += 0x9E3779B97F4A7C15; return mix64(seed) }
	for i := range h.a {
		h.a[i] = next() | 1
		h.b[i] = next()
	}
	return h, nil
}

// Params returns the parameters of h.
func (h *Hasher) Params() Params { return h.p }

// Signature is the MinHash sketch of one text.
type Signature struct {
	Mins     []uint32 // the minimum of each hash function over the shingles
	Shingles int      // the number of distinct shingles
}

// Signature sketches text (raw, not yet normalised). A text without words
// gets a signature with no Mins, which is never a duplicate of anything.
func (h *Hasher) Signature(text string) Signature {
	return h.sign(Shingles(Normalize(text), h.p.K))
}

func (h *Hasher) sign(sh []uint64) Signature {
	if len(sh) == 0 {
		return Signature{}
	}
	mins := make([]uint32, h.p.Hashes)
	for i := range mins {
		mins[i] = math.MaxUint32
	}
	for _, x := range sh {
		for i, a := range h.a {
			if v := uint32((a*x + h.b[i]) >> 32); v < mins[i] {
				mins[i] = v
			}
		}
	}
	return Signature{Mins: mins, Shingles: len(sh)}
}

// BandKeys returns the LSH band keys of s: texts whose signatures agree on
// all Rows values of at least one band share a key (the bands cover the
// first Bands·Rows values). A pair of Jaccard similarity J shares a key with
// probability 1 − (1 − J^Rows)^Bands. A key is 40 bits as 7 URL-safe
// characters: chance collisions stay rare (about one per thousand lookups in
// an index of a million articles), and confirmation filters them out
// anyway. Keys name their band, so equal rows in different bands do not
// meet.
func (h *Hasher) BandKeys(s Signature) []string {
	if len(s.Mins) != h.p.Hashes || s.Shingles < h.p.MinShingles {
		return nil
	}
	r := h.p.Rows
	keys := make([]string, h.p.Bands)
	var buf [8]byte
	for j := range keys {
		k := uint64(j + 1)
		for _, m := range s.Mins[j*r : (j+1)*r] {
			k = mix64(k*0x9E3779B97F4A7C15 ^ uint64(m))
		}
		binary.BigEndian.PutUint64(buf[:], k)
		keys[j] = base64.RawURLEncoding.EncodeToString(buf[:5])
	}
	return keys
}

// Similarity estimates the Jaccard similarity of the shingle sets of a and
// b, and their containment: the share of the smaller set that is in the
// larger. Only the low 8 bits of each value are compared ("b-bit MinHash",
// Li and König 2010), so a signature read back from Encode compares like
// the original and is stored in 96 bytes, not 384; the chance agreement of
// 1/256 is corrected for. On the labelled pairs 8 bits measure as 16 did.
// Signatures of different lengths compare as 0.
func Similarity(a, b Signature) (jaccard, containment float64) {
	if len(a.Mins) == 0 || len(a.Mins) != len(b.Mins) {
		return 0, 0
	}
	same := 0
	for i, m := range a.Mins {
		if uint8(m) == uint8(b.Mins[i]) {
			same++
		}
	}
	const chance = 1.0 / 256
	jaccard = (float64(same)/float64(len(a.Mins)) - chance) / (1 - chance)
	jaccard = max(0, min(1, jaccard))
	// |A∩B| = J/(1+J)·(|A|+|B|)
	inter := jaccard / (1 + jaccard) * float64(a.Shingles+b.Shingles)
	if small := min(a.Shingles, b.Shingles); small > 0 {
		containment = min(1, inter/float64(small))
	}
	return jaccard, containment
}

// Duplicate decides whether the texts behind a and b are near-duplicates:
// both long enough to compare, and their estimated Jaccard similarity or
// containment at or above the thresholds of h's Params.
func (h *Hasher) Duplicate(a, b Signature) bool {
	if a.Shingles < h.p.MinShingles || b.Shingles < h.p.MinShingles {
		return false
	}
	j, c := Similarity(a, b)
	return j >= h.p.Jaccard || c >= h.p.Containment
}

// Encode writes s compactly for storage: the shingle count and the low 8
// bits of each value (what Similarity compares), URL-safe base64. Encoding
// an empty signature gives "".
func (s Signature) Encode() string {
	if len(s.Mins) == 0 {
		return ""
	}
	buf := make([]byte, 4+len(s.Mins))
	binary.BigEndian.PutUint32(buf, uint32(s.Shingles))
	for i, m := range s.Mins {
		buf[4+i] = uint8(m)
	}
	return base64.RawURLEncoding.EncodeToString(buf)
}

// DecodeSignature reads what Signature.Encode wrote.
func DecodeSignature(text string) (Signature, error) {
	if text == "" {
		return Signature{}, nil
	}
	buf, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return Signature{}, fmt.Errorf("dedup: decode signature: %w", err)
	}
	if len(buf) < 5 {
		return Signature{}, errors.New("dedup: decode signature: too short")
	}
	s := Signature{Shingles: int(binary.BigEndian.Uint32(buf)), Mins: make([]uint32, len(buf)-4)}
	for i := range s.Mins {
		s.Mins[i] = uint32(buf[4+i])
	}
	return s, nil
}

// Fingerprint is everything the detector keeps about one body.
type Fingerprint struct {
	Exact string    // ExactDigest of the body; "" for a body without words
	Sig   Signature // MinHash signature
	Bands []string  // LSH band keys (BandKeys); none for short bodies
}

// Fingerprint computes the fingerprint of a body (raw text), normalising it
// once.
func (h *Hasher) Fingerprint(body string) Fingerprint {
	n := Normalize(body)
	if n == "" {
		return Fingerprint{}
	}
	sig := h.sign(Shingles(n, h.p.K))
	return Fingerprint{
		Exact: digest(n),
		Sig:   sig,
		Bands: h.BandKeys(sig),
	}
}

// Match is the duplicate decision for two fingerprints: the same normalised
// body, or near-duplicate signatures (Duplicate). It does not look at band
// keys: they only choose which pairs are compared.
func (h *Hasher) Match(a, b Fingerprint) bool {
	if a.Exact != "" && a.Exact == b.Exact {
		return true
	}
	return h.Duplicate(a.Sig, b.Sig)
}

// ShareBand reports whether two lists of band keys have a key in common, i.e.
// whether LSH makes the pair a candidate.
func ShareBand(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
