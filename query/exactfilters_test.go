package query

import (
	"testing"

	"github.com/newsdesk/newsdesk/internal/engine"
)

// TestExactFiltersAreExactStrings checks the facet filters written into
// one string against Exact.String, value by value, plain and escaped
// values mixed.
func TestExactFiltersAreExactStrings(t *testing.T) {
	for _, values := range [][]string{
		nil,
		{""},
		{"Reuters", "The Times", "Le Monde (Paris)", "Zürich"},
		{`say "no"`, "plain", `back\slash`, "bad \xff utf8", "", "last"},
		{`"`, `\`, "\xff"},
	} {
		vcs := make([]engine.ValueCount, len(values))
		for i, v := range values {
			vcs[i] = engine.ValueCount{Value: v, Count: uint64(i)}
		}
		got := exactFilters("source", vcs)
		if len(got) != len(values) {
			t.Fatalf("%q: %d filters", values, len(got))
		}
		for i, v := range values {
			if want := (Exact{Field: "source", Value: v}).String(); got[i] != want {
				t.Errorf("%q: filter %q, want %q", v, got[i], want)
			}
		}
	}
}
