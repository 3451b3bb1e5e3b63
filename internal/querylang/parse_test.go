package querylang

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Node
	}{
		{"", nil},
		{"   ", nil},
		{"turkey", Term{Text: "turkey"}},
		{"returnees Turkey", And{Term{Text: "returnees"}, Term{Text: "Turkey"}}},
		{"a AND b", And{Term{Text: "a"}, Term{Text: "b"}}},
		{"a OR b", Or{Term{Text: "a"}, Term{Text: "b"}}},
		{"a b OR c", Or{And{Term{Text: "a"}, Term{Text: "b"}}, Term{Text: "c"}}},
		{"a (b OR c)", And{Term{Text: "a"}, Or{Term{Text: "b"}, Term{Text: "c"}}}},
		{"vaccine -brazil", And{Term{Text: "vaccine"}, Not{Term{Text: "brazil"}}}},
		{"vaccine NOT brazil", And{Term{Text: "vaccine"}, Not{Term{Text: "brazil"}}}},
		{"+vaccine", Term{Text: "vaccine"}},
		{"al-Qaeda", Term{Text: "al-Qaeda"}},
		{"a - b", And{Term{Text: "a"}, Term{Text: "-"}, Term{Text: "b"}}},
		{"a or b", Or{Term{Text: "a"}, Term{Text: "b"}}},
		{`"water rationing"`, Phrase{Text: "water rationing"}},
		{`“water rationing”`, Phrase{Text: "water rationing"}},
		{`"fighters europe"~5`, Phrase{Text: "fighters europe", Slop: 5}},
		{`headline:glacier`, Term{Field: "headline", Text: "glacier"}},
		{`TITLE:glacier`, Term{Field: "headline", Text: "glacier"}},
		{`headline:"prime minister"`, Phrase{Field: "headline", Text: "prime minister"}},
		{`return*`, Term{Text: "return", Prefix: true}},
		{`source:(guardian OR times)`, Or{Term{Field: "source", Text: "guardian"}, Term{Field: "source", Text: "times"}}},
		{`date:>=2017-01-01`, Range{Field: "date", Lo: "2017-01-01", LoIncl: true, loColumn: 8, column: 8}},
		{`date:>"2017-01-01"`, Range{Field: "date", Lo: "2017-01-01", loColumn: 7, column: 7}},
		{`date:<2018`, Range{Field: "date", Hi: "2018", loColumn: 7, column: 7}},
		{`date:2017`, Range{Field: "date", Lo: "2017", Hi: "2017", LoIncl: true, HiIncl: true, loColumn: 6, column: 6}},
		{`date:[2016 TO 2017-06]`, Range{Field: "date", Lo: "2016", Hi: "2017-06", LoIncl: true, HiIncl: true, loColumn: 6, column: 6}},
		{`date:[2016 TO *]`, Range{Field: "date", Lo: "2016", LoIncl: true, HiIncl: true, loColumn: 6, column: 6}},
		{`words:>400`, Range{Field: "word_count", Lo: "400", loColumn: 8, column: 8}},
		{`http://example.com`, Term{Text: "http://example.com"}},
		{`at 10:30`, And{Term{Text: "at"}, Term{Text: "10:30"}}},
		{`-turkey`, Not{Term{Text: "turkey"}}},
		{`source:="The Guardian (London)"`, Exact{Field: "source", Value: "The Guardian (London)"}},
		{`sn:="a\"b\\c"`, Exact{Field: "source", Value: `a"b\c`}},
		{`source_code:=NYTF`, Exact{Field: "source_code", Value: "NYTF"}},
		{`lang:="en"`, Exact{Field: "language", Value: "en"}},
		{`name:="São Paulo"`, Exact{Field: "name", Value: "São Paulo"}},
		{`section:="x:=\"y\""`, Exact{Field: "section", Value: `x:="y"`}},
		{`said source:="A" OR b`, Or{And{Term{Text: "said"}, Exact{Field: "source", Value: "A"}}, Term{Text: "b"}}},
		{`(said) -section:="A: B"`, And{Term{Text: "said"}, Not{Exact{Field: "section", Value: "A: B"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got  %#v\n want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, wantMsg string
		col         int
	}{
		{`"unclosed`, "unterminated quote", 1},
		{`a (b`, `"(" is not closed`, 3},
		{`a b)`, `")" without a matching "("`, 4},
		{`()`, `empty group`, 2},
		{`OR b`, `needs something on its left`, 1},
		{`a OR`, `needs something on its right`, 3},
		{`a AND`, `needs something on both sides`, 3},
		{`NOT`, `needs something to exclude`, 1},
		{`title:(`, `expected a word, phrase or group before the end`, 8},
		{`a NOT`, `needs something to exclude`, 3},
		{`foo:bar`, `unknown field "foo"`, 1},
		{`headline:`, `needs a value`, 9},
		{`headline:>3`, `comparisons work on date and word_count only`, 10},
		{`date:[2016 2017]`, `a range is written [FROM TO UNTIL]`, 6},
		{`date:[2016 TO 2017`, `is not closed`, 6},
		{`"a b"~x`, `proximity needs a distance`, 6},
		{`date:>=`, `needs a value after it`, 8},
		{`source:=`, `"source:=" needs a value`, 8},
		{`source:= x`, `"source:=" needs a value`, 8},
		{`source:=""`, `needs a value between the quotes`, 9},
		{`source:="abc`, `unterminated quote`, 9},
		{`source:="a\b"`, `escapes only a quote`, 11},
		{`source:=“Times”`, `straight quotes`, 9},
		{`headline:="x"`, `works on companies, id, industries, language`, 1},
		{`date:="2017"`, `(an exact value) works on`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a *SyntaxError", tt.in, err)
			}
			if !strings.Contains(se.Msg, tt.wantMsg) || se.Column != tt.col {
				t.Errorf("Parse(%q) = column %d %q, want column %d containing %q", tt.in, se.Column, se.Msg, tt.col, tt.wantMsg)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"too long", strings.Repeat("a", MaxQueryLength+1), "limit is"},
		{"too many terms", strings.Repeat("word ", MaxClauses+1), "terms; the limit"},
		{"too deep", strings.Repeat("(", MaxDepth+2) + "a" + strings.Repeat(")", MaxDepth+2), "nests deeper"},
		{"bad utf-8", "caf\xe9", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// exactValues are values that are hard to write in a query: each must
// come back from Parse(Exact.String()) as it went in (query's
// TestNarrowKeepsExactClauses has the same list).
var exactValues = []string{
	"The Guardian (London)", `a"b`, `back\slash`, `\"`, `x:="y"`, "東京新聞", " lead and trail ",
	`trail\`, `"`, `\`, "AND", "OR", "NOT", "-x", "(", ")", "*", "a*", `"a b"~5`, "“curly”", "[2016 TO 2017]",
	">=2017", "tab\tand\nnewline", "ü",
}

func TestExactRoundTrip(t *testing.T) {
	for _, v := range exactValues {
		t.Run(v, func(t *testing.T) { exactRoundTrip(t, v) })
	}
}

func exactRoundTrip(t *testing.T, v string) {
	t.Helper()
	for _, field := range []string{fSource, fSection, fSubjects, fName} {
		want := Exact{Field: field, Value: v}
		got, err := Parse(want.String())
		if err != nil || got != Node(want) {
			t.Fatalf("Parse(%s) = %#v, %v; want %#v", want, got, err, want)
		}
	}
}

// FuzzExactRoundTrip checks the round trip for any value.
func FuzzExactRoundTrip(f *testing.F) {
	for _, v := range exactValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if v == "" || !utf8.ValidString(v) || len(v) > MaxQueryLength/4 {
			return // no facet value is empty or invalid UTF-8
		}
		exactRoundTrip(t, v)
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`returnees Turkey`, `"a b"~3 -c OR (d e)`, `date:[2016 TO *] headline:"x y"`, `a:b:c`, `((((`, `-"`,
		`isis near5 (returnee* or "foreign fighters")`, `a/n5/b/f3/`, `hlp=x lp=(a same b)`, `caps(X) wom?n en$3 x!`, `date from 2017 to 2018 wc>=3`, `xx= a w/ /x/`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, s := range []Syntax{SyntaxNewsdesk, SyntaxFactiva, SyntaxNexis} {
			n, err := ParseAs(q, s) // must not panic
			if err != nil || n == nil || hasValue(n) {
				continue // range and exact values have round trips of their own
			}
			// What parses renders in a form that reads back the same.
			str := n.(interface{ String() string }).String()
			back, err := Parse(str)
			if err != nil || !reflect.DeepEqual(withoutColumns(back), withoutColumns(n)) {
				t.Fatalf("%v %q: rendered %q, read back as %#v, %v; want %#v", s, q, str, back, err, n)
			}
		}
	})
}

// hasValue reports whether n holds a Range or an Exact, whose values
// (date:0], say) are not all written back as they were read.
func hasValue(n Node) bool {
	switch n := n.(type) {
	case Range, Exact:
		return true
	case And:
		return slices.ContainsFunc(n, hasValue)
	case Or:
		return slices.ContainsFunc(n, hasValue)
	case Not:
		return hasValue(n.Node)
	case Near:
		return hasValue(n.Left) || hasValue(n.Right)
	case Lead:
		return hasValue(n.Node)
	case First:
		return hasValue(n.Node)
	case AtLeast:
		return hasValue(n.Node)
	}
	return false
}
