package query

import (
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/internal/querylang"
)

// TestNarrowKeepsExactClauses: a facet value's Filter, narrowed onto a
// query as the search page and the CLI do, parses back to the query ANDed
// with the value's exact clause. (The values are querylang's exactValues.)
func TestNarrowKeepsExactClauses(t *testing.T) {
	values := []string{
		"The Guardian (London)", `a"b`, `back\slash`, `\"`, `x:="y"`, "東京新聞", " lead and trail ",
		`trail\`, `"`, `\`, "AND", "OR", "NOT", "-x", "(", ")", "*", "a*", `"a b"~5`, "“curly”", "[2016 TO 2017]",
		">=2017", "tab\tand\nnewline", "ü",
	}
	for _, v := range values {
		for _, field := range []string{"source", "section", "subjects", "name"} {
			want := Exact{Field: field, Value: v}
			got, err := Parse(Narrow("said OR x", want.String()))
			if err != nil || !reflect.DeepEqual(got, And{Or{Term{Text: "said"}, Term{Text: "x"}}, want}) {
				t.Fatalf("Parse(Narrow(…, %s)) = %#v, %v", want, got, err)
			}
		}
	}
}

// TestFacetsHaveExactFields checks that the filter of every keyword facet
// is an exact clause on the index field the facet counts.
func TestFacetsHaveExactFields(t *testing.T) {
	for facet, field := range keywordFacets {
		if got := querylang.ExactField(querylang.Field(facet)); got != field {
			t.Errorf("facet %s counts %s, but %s:= searches %q", facet, field, querylang.Field(facet), got)
		}
	}
}
