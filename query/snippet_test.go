package query

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// spansOf marks every occurrence of words in text, as term locations would.
func spansOf(text string, words ...string) []Span {
	var out []Span
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			out = append(out, Span{i + j, i + j + len(w)})
			i += j + len(w)
		}
	}
	return out
}

func TestSnippets(t *testing.T) {
	long := strings.Repeat("filler words here ", 30)
	tests := []struct {
		name      string
		text      string
		words     []string
		n, size   int
		want      []string // rendered with [ ]
		wantCount int
	}{
		{
			name:  "short paragraph whole",
			text:  "Officials fear returnees from Turkey.",
			words: []string{"returnees", "Turkey"}, n: 3, size: 200,
			want: []string{"Officials fear [returnees] from [Turkey]."},
		},
		{
			name: "no match gives the lead",
			text: "First paragraph of the story.\n\nSecond one.",
			n:    3, size: 200,
			want: []string{"First paragraph of the story."},
		},
		{
			name:  "does not cross paragraphs",
			text:  "Alpha beta.\n\nGamma returnees delta.",
			words: []string{"returnees"}, n: 3, size: 200,
			want: []string{"Gamma [returnees] delta."},
		},
		{
			name:  "cut on word boundaries with ellipses",
			text:  long + "the returnees came back " + long,
			words: []string{"returnees"}, n: 1, size: 60,
			wantCount: 1,
		},
		{
			name:  "several fragments, in text order, best first chosen",
			text:  "Turkey once.\n\n" + long + "\n\nreturnees and Turkey together.\n\n" + long + "\n\nreturnees alone.",
			words: []string{"returnees", "Turkey"}, n: 2, size: 200,
			want: []string{"[Turkey] once.", "[returnees] and [Turkey] together."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := spansOf(tt.text, tt.words...)
			got := snippets(tt.text, merge(spans), tt.n, tt.size)
			var rendered []string
			for _, f := range got {
				r := f.Render(func(s string) string { return s }, func(s string) string { return "[" + s + "]" })
				rendered = append(rendered, r)
				if len(f.Text) > tt.size+20 {
					t.Errorf("fragment %q is %d bytes, size %d", f.Text, len(f.Text), tt.size)
				}
				if f.Text != strings.TrimSpace(f.Text) {
					t.Errorf("fragment %q has untrimmed space", f.Text)
				}
			}
			if tt.want != nil && strings.Join(rendered, "|") != strings.Join(tt.want, "|") {
				t.Errorf("snippets =\n %q\nwant\n %q", rendered, tt.want)
			}
			if tt.wantCount < 0 {
				if len(got) != 1 || !strings.Contains(rendered[0], "[難民]") || !utf8.ValidString(got[0].Text) || !strings.HasPrefix(rendered[0], "…") {
					t.Errorf("CJK fragment %q", rendered)
				}
				return
			}
			if tt.wantCount > 0 {
				if len(rendered) != tt.wantCount {
					t.Fatalf("got %d fragments, want %d", len(rendered), tt.wantCount)
				}
				r := rendered[0]
				if !strings.HasPrefix(r, "…") || !strings.HasSuffix(r, "…") || !strings.Contains(r, "[returnees]") {
					t.Errorf("fragment %q: want ellipses at both ends and the match", r)
				}
				inner := strings.Trim(r, "…")
				if strings.HasPrefix(inner, " ") || strings.HasSuffix(inner, " ") || strings.HasPrefix(inner, "ords") || strings.HasPrefix(inner, "ere") {
					t.Errorf("fragment %q is not cut at word boundaries", r)
				}
			}
		})
	}
}

// merge sorts spans as matchSpans does for real term locations.
func merge(spans []Span) []Span {
	out := append([]Span(nil), spans...)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func TestFragmentHTMLEscapes(t *testing.T) {
	f := Fragment{Text: `a <b> & "returnees"`, Marks: []Span{{9, 18}}, After: true}
	got := f.HTML()
	want := `a &lt;b&gt; &amp; &#34;<mark>returnees</mark>&#34;…`
	if got != want {
		t.Errorf("HTML() = %q, want %q", got, want)
	}
}
