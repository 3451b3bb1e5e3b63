package main

import (
	"strings"
	"testing"
)

// TestSearchExplain: --explain prints how the query was read, as a tree,
// before the hits, and under each hit the words that matched per field;
// --syntax changes how it is read, and an unknown one is an error naming
// the flag.
func TestSearchExplain(t *testing.T) {
	ix := researchIndex(t)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"search", "--explain", "returnees turkey"}, []string{
			"Query read as (newsdesk syntax): (returnees AND turkey)", "  AND\n", "    returnees\n", "matched: ", "returnees"}},
		{[]string{"search", "--explain", "--syntax", "factiva", "islamic state"}, []string{
			`Query read as (factiva syntax): "islamic state"`, "matched: "}},
		{[]string{"search", "--explain", "--syntax", "nexis", "turkey or syria and not iraq"}, []string{
			`Query read as (nexis syntax): ((turkey OR syria) AND NOT iraq)`}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, _, err := run(t, "", append([]string{"--index", ix}, tt.args...)...)
			if err != nil {
				t.Fatalf("%v: %v", tt.args, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	_, _, err := run(t, "", "--index", ix, "search", "--syntax", "westlaw", "turkey")
	if err == nil || !strings.Contains(err.Error(), "--syntax: unknown syntax \"westlaw\"") {
		t.Errorf("--syntax westlaw: error = %v", err)
	}
}
