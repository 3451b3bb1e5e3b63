package dedup_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/dedup"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  ", ""},
		{"Hello, World!", "hello world"},
		{"São Paulo — ‘día’ Zürich", "sao paulo dia zurich"},
		{"''Quoted,'' he said -- twice.\n\nNext paragraph", "quoted he said twice next paragraph"},
		{"3.4 million; 50%", "3 4 million 50"},
		{"ﬁnance", "finance"}, // NFKD splits the ligature
		{"ASCII only: Mixed-Case, 42 words.", "ascii only mixed case 42 words"},
		{"Almost ASCII: Mixed-Case, 42 wórds.", "almost ascii mixed case 42 words"},
	}
	for _, tt := range tests {
		if got := dedup.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExactDigest(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"The storm hit on Friday.", "THE STORM  hit on friday", true},
		{"“Quoted” — text", "''Quoted'' -- text", true},
		{"The storm hit on Friday.", "The storm hit on Saturday.", false},
		{"", "...", true}, // both empty: compared by callers, who treat "" as no digest
	}
	for _, tt := range tests {
		if got := dedup.ExactDigest(tt.a) == dedup.ExactDigest(tt.b); got != tt.same {
			t.Errorf("ExactDigest(%q) == ExactDigest(%q) is %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if d := dedup.ExactDigest("..."); d != "" {
		t.Errorf("ExactDigest of punctuation = %q, want empty", d)
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		text string
		k    int
		want int
	}{
		{"", 4, 0},
		{"one two", 4, 1},              // shorter than k: one shingle
		{"a b c d e f", 4, 3},          // abcd bcde cdef
		{"a b c d a b c d", 4, 4},      // abcd bcda cdab dabc; the repeated abcd counts once
		{"a b c d e f", 1, 6},          // words
		{"x y z", 0, 0},                // invalid k
		{"w1 w2 w3 w4 w5 w6 w7", 7, 1}, // exactly k
	}
	for _, tt := range tests {
		if got := len(dedup.Shingles(tt.text, tt.k)); got != tt.want {
			t.Errorf("Shingles(%q, %d) has %d shingles, want %d", tt.text, tt.k, got, tt.want)
		}
	}
}

func TestParamsValidate(t *testing.T) {
	ok := dedup.DefaultParams()
	tests := []struct {
		name string
		edit func(*dedup.Params)
		bad  bool
	}{
		{"default", func(*dedup.Params) {}, false},
		{"K 0", func(p *dedup.Params) { p.K = 0 }, true},
		{"bands need more values than there are", func(p *dedup.Params) { p.Bands, p.Rows = 33, 3 }, true},
		{"no rows", func(p *dedup.Params) { p.Rows = 0 }, true},
		{"no hashes", func(p *dedup.Params) { p.Hashes = 0 }, true},
		{"threshold above 1", func(p *dedup.Params) { p.Jaccard = 1.5 }, true},
	}
	for _, tt := range tests {
		p := ok
		tt.edit(&p)
		_, err := dedup.NewHasher(p)
		if (err != nil) != tt.bad {
			t.Errorf("%s: NewHasher error = %v, want error %v", tt.name, err, tt.bad)
		}
	}
}

// story is an invented wire story, long enough for shingle statistics.
var story = strings.Join([]string{
	"Flood water rose through the night in the river town of Aldmere, forcing about two hundred households to leave their homes before dawn on Saturday, the county emergency service said.",
	"Volunteers with small boats helped firefighters reach elderly residents on the lower streets, where the water stood waist deep by six in the morning and was still climbing.",
	"The river reached its highest level since records began in the town ninety years ago, according to the environment agency, which had issued its most severe warning late on Friday.",
	"A school gymnasium on the hill above the old bridge was opened as a shelter, and local bakeries delivered bread and soup to the families who spent the night there on camp beds.",
	"Forecasters said more rain was expected on Sunday, though less than the month's worth that fell in thirty hours over the hills upstream this week.",
}, "\n\n")

var unrelated = strings.Join([]string{
	"The city council approved a plan on Tuesday to turn the disused tram depot into a covered market with space for sixty traders, ending a decade of argument over the site.",
	"Supporters said the market would bring visitors back to the east side of the centre, while a group of shopkeepers warned it could draw customers away from existing streets.",
	"Construction is due to begin in the spring and should take about eighteen months, with the first traders expected to move in before the end of next year, the council said.",
}, "\n\n")

func TestDuplicateDecision(t *testing.T) {
	h, err := dedup.NewHasher(dedup.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(story, "\n\n")
	tests := []struct {
		name string
		b    string
		want bool
	}{
		{"identical", story, true},
		{"retyped", strings.ToUpper(strings.ReplaceAll(story, ",", " --")), true},
		{"truncated to three paragraphs", strings.Join(paras[:3], "\n\n"), true},
		{"paragraph added", story + "\n\nLater on Saturday the army sent two lorries of sandbags to the lower town.", true},
		{"new intro", "Our own readers in the valley were affected as well, officials told this paper on Monday.\n\n" + strings.Join(paras[1:], "\n\n"), true},
		{"one shared paragraph", paras[2] + "\n\n" + unrelated, false},
		{"unrelated", unrelated, false},
		{"too short to compare", "Flood water rose through the night.", false},
		{"empty", "", false},
	}
	a := h.Fingerprint(story)
	for _, tt := range tests {
		b := h.Fingerprint(tt.b)
		if got := h.Match(a, b); got != tt.want {
			j, c := dedup.Similarity(a.Sig, b.Sig)
			t.Errorf("%s: Match = %v, want %v (Jaccard %.2f, containment %.2f)", tt.name, got, tt.want, j, c)
		}
		// Identical bodies must always be LSH candidates.
		if tt.name == "identical" && !dedup.ShareBand(a.Bands, b.Bands) {
			t.Errorf("identical bodies share no band key")
		}
	}
}

func TestSignatureEncodeRoundTrip(t *testing.T) {
	h, err := dedup.NewHasher(dedup.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{story, unrelated, "", "short text"} {
		s := h.Signature(text)
		enc := s.Encode()
		d, err := dedup.DecodeSignature(enc)
		if err != nil {
			t.Fatalf("%q: %v", enc, err)
		}
		j1, c1 := dedup.Similarity(s, h.Signature(story))
		j2, c2 := dedup.Similarity(d, h.Signature(story))
		if j1 != j2 || c1 != c2 || d.Shingles != s.Shingles {
			t.Errorf("decoded signature compares as (%.3f, %.3f), original as (%.3f, %.3f)", j2, c2, j1, c1)
		}
	}
	for _, bad := range []string{"!!", "AAA", "AAAAA"} {
		if _, err := dedup.DecodeSignature(bad); err == nil {
			t.Errorf("DecodeSignature(%q): no error", bad)
		}
	}
}

func TestSignaturesAreStableAcrossHashers(t *testing.T) {
	// The index stores signatures and band keys: a new process must make
	// the same ones.
	h1, _ := dedup.NewHasher(dedup.DefaultParams())
	h2, _ := dedup.NewHasher(dedup.DefaultParams())
	a, b := h1.Fingerprint(story), h2.Fingerprint(story)
	if a.Sig.Encode() != b.Sig.Encode() || strings.Join(a.Bands, ",") != strings.Join(b.Bands, ",") {
		t.Error("two hashers with the same Params disagree")
	}
}

// Two papers print the same wire story, one with its own first paragraph:
// different exact digests, but near-duplicates.
func ExampleHasher_Match() {
	h, _ := dedup.NewHasher(dedup.DefaultParams())
	wire := "Flood water rose through the night in the river town of Aldmere, forcing about two hundred households to leave their homes before dawn on Saturday, the county emergency service said.\n\n" +
		"Volunteers with small boats helped firefighters reach elderly residents on the lower streets, where the water stood waist deep by six in the morning and was still climbing.\n\n" +
		"The river reached its highest level since records began in the town ninety years ago, according to the environment agency."
	local := "Our readers in the valley were affected as well.\n\n" + wire[strings.Index(wire, "Volunteers"):]
	a, b := h.Fingerprint(wire), h.Fingerprint(local)
	j, c := dedup.Similarity(a.Sig, b.Sig)
	fmt.Println("same digest:", a.Exact == b.Exact)
	fmt.Println("candidates:", dedup.ShareBand(a.Bands, b.Bands))
	fmt.Printf("near-duplicate: %v (Jaccard ≈ %.1f, containment ≈ %.1f)\n", h.Match(a, b), j, c)
	// Output:
	// same digest: false
	// candidates: true
	// near-duplicate: true (Jaccard ≈ 0.5, containment ≈ 0.8)
}

func ExampleNormalize() {
	fmt.Println(dedup.Normalize("“São Paulo” — Reservoirs at 5.1%!"))
	// Output: sao paulo reservoirs at 5 1
}

// BenchmarkFingerprint measures the cost of one article's fingerprint
// (normalising, shingling, MinHash, band keys) on a 5-paragraph,
// 150-word story. Run: go test ./dedup -run '^$' -bench Fingerprint
func BenchmarkFingerprint(b *testing.B) {
	h, err := dedup.NewHasher(dedup.DefaultParams())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(story)))
	for b.Loop() {
		h.Fingerprint(story)
	}
}
