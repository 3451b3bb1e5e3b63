package querylang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
)

// TestQueryAliasesResolve parses field:value, and field:="value" where the
// schema allows it, under every name and alias of every field of the
// article schema the index searches, and checks the field it resolves to.
func TestQueryAliasesResolve(t *testing.T) {
	for _, f := range article.Fields() {
		s := f.Search
		if s.Analysis == article.NotIndexed {
			if _, ok := fieldAliases[f.Name]; ok {
				t.Errorf("%s: not indexed, but a field of the query language", f.Name)
			}
			continue
		}
		for _, name := range append([]string{f.Name}, f.QueryAliases...) {
			value := "x"
			if s.Range() {
				value = "2017"
			}
			n, err := Parse(name + ":" + value)
			if err != nil {
				t.Errorf("%s:%s: %v", name, value, err)
				continue
			}
			var got string
			switch n := n.(type) {
			case Term:
				got = n.Field
			case Range:
				got = n.Field
				if !s.Range() {
					t.Errorf("%s:%s parsed as a range", name, value)
				}
			default:
				t.Errorf("%s:%s parsed as %#v", name, value, n)
			}
			if got != f.Name {
				t.Errorf("%s:%s searches field %q, want %s", name, value, got, f.Name)
			}
			n, err = Parse(name + `:="A b"`)
			if s.Exact {
				if e, ok := n.(Exact); err != nil || !ok || e.Field != f.Name || e.Value != "A b" {
					t.Errorf(`%s:="A b" = %#v, %v; want an exact value of %s`, name, n, err, f.Name)
				}
			} else if err == nil {
				t.Errorf(`%s:="A b" = %#v; want an error: %s takes no exact value`, name, n, f.Name)
			}
		}
	}
}

// TestTextFieldsFollowSchema checks that unscoped words search the fields
// the article schema gives a boost, with it.
func TestTextFieldsFollowSchema(t *testing.T) {
	want := map[string]float64{}
	for _, f := range article.Fields() {
		if f.Search.Boost > 0 {
			want[f.Name] = f.Search.Boost
		}
	}
	if len(textFields) != len(want) {
		t.Errorf("textFields = %v, want %v", textFields, want)
	}
	for _, w := range textFields {
		if want[w.name] != w.boost {
			t.Errorf("textFields: %s boost %v, want %v", w.name, w.boost, want[w.name])
		}
	}
	if Boost("headline") != 2 || Boost("body") != 1 {
		t.Errorf("boosts: headline %v, body %v; want 2 and 1", Boost("headline"), Boost("body"))
	}
}

// TestDocsListSchemaFields checks that docs/query-language.md lists every
// query-language field of the article schema in its field row, and every
// field that takes field:="value" in the exact-value row.
func TestDocsListSchemaFields(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "query-language.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := func(prefix string) string {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
		t.Fatalf("docs/query-language.md has no row starting %q", prefix)
		return ""
	}
	fields, exact := row("| `headline:turkey`"), row("| `source:=")
	for _, f := range article.Fields() {
		if f.Search.Analysis == article.NotIndexed {
			continue
		}
		if !strings.Contains(fields, "`"+f.Name+"`") {
			t.Errorf("docs/query-language.md: the field row does not list %s", f.Name)
		}
		if f.Search.Exact && !strings.Contains(exact, "`"+f.Name+"`") && !(f.Search.Lower && strings.Contains(exact, "the code lists")) {
			t.Errorf("docs/query-language.md: the exact-value row does not list %s", f.Name)
		}
	}
}
