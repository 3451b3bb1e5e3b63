package querylang

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Shorthands for the operator tables.
func w(s string) Term            { return Term{Text: s} }
func pre(s string) Term          { return Term{Text: s, Prefix: true} }
func ph(s string) Phrase         { return Phrase{Text: s} }
func near(n int, l, r Node) Near { return Near{Left: l, Right: r, Within: n} }
func adj(n int, l, r Node) Near  { return Near{Left: l, Right: r, Within: n, Ordered: true} }
func same(l, r Node) Near        { return Near{Left: l, Right: r, Scope: ScopeParagraph} }
func sentence(l, r Node) Near    { return Near{Left: l, Right: r, Scope: ScopeSentence} }
func hd(n Node) Node             { return scope(n, "headline") }

// operatorQueries are queries of every operator, case, syntax, precedence
// and nesting, with the tree each parses to.
var operatorQueries = []struct {
	syntax Syntax
	in     string
	want   Node
}{
	// Proximity, in any case.
	{SyntaxNewsdesk, "fighters near5 europe", near(5, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "fighters NEAR5 europe", near(5, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "fighters Near12 europe", near(12, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "fighters w/5 europe", near(5, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "fighters W/5 europe", near(5, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "fighters /n5/ europe", near(5, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "fighters/N5/europe", near(5, w("fighters"), w("europe"))},
	{SyntaxNewsdesk, "world adj3 cup", adj(3, w("world"), w("cup"))},
	{SyntaxNewsdesk, "world ADJ cup", adj(1, w("world"), w("cup"))},
	{SyntaxNewsdesk, "world pre/3 cup", adj(3, w("world"), w("cup"))},
	{SyntaxNewsdesk, "world near500 cup", near(500, w("world"), w("cup"))},
	{SyntaxNewsdesk, "isis same turkey", same(w("isis"), w("turkey"))},
	{SyntaxNewsdesk, "isis SAME turkey", same(w("isis"), w("turkey"))},
	{SyntaxNewsdesk, "isis w/p turkey", same(w("isis"), w("turkey"))},
	{SyntaxNewsdesk, "isis /p turkey", same(w("isis"), w("turkey"))},
	{SyntaxNewsdesk, "isis w/s turkey", sentence(w("isis"), w("turkey"))},
	{SyntaxNewsdesk, "isis W/S turkey", sentence(w("isis"), w("turkey"))},
	{SyntaxNewsdesk, "isis /s turkey", sentence(w("isis"), w("turkey"))},
	// Operands: prefixes, patterns, phrases, OR groups, nested proximity.
	{SyntaxNewsdesk, `isis near5 (returnee* or "foreign fighters")`, near(5, w("isis"), Or{pre("returnee"), ph("foreign fighters")})},
	{SyntaxNewsdesk, `return! near3 wom?n`, near(3, pre("return"), Term{Text: "wom?n", Pattern: true})},
	{SyntaxNewsdesk, `(a near5 b) near10 c`, near(10, near(5, w("a"), w("b")), w("c"))},
	{SyntaxNewsdesk, `a near5 b same c`, same(near(5, w("a"), w("b")), w("c"))},
	{SyntaxNewsdesk, `a near5 (b w/s c)`, near(5, w("a"), sentence(w("b"), w("c")))},
	{SyntaxNewsdesk, `caps(Turkey) near5 syria`, near(5, Caps{Text: "Turkey"}, w("syria"))},
	{SyntaxNewsdesk, `"peas and carrots"`, ph("peas and carrots")},
	{SyntaxNewsdesk, `"isis near5 turkey"`, ph("isis near5 turkey")},
	// Precedence (Factiva): proximity, then atleast and field tags, then
	// not, and, or.
	{SyntaxNewsdesk, `a b near5 c`, And{w("a"), near(5, w("b"), w("c"))}},
	{SyntaxNewsdesk, `a OR b near5 c`, Or{w("a"), near(5, w("b"), w("c"))}},
	{SyntaxNewsdesk, `a or b and c`, Or{w("a"), And{w("b"), w("c")}}},
	{SyntaxNewsdesk, `NOT a near5 b`, Not{near(5, w("a"), w("b"))}},
	{SyntaxNewsdesk, `x -a near5 b`, And{w("x"), Not{near(5, w("a"), w("b"))}}},
	{SyntaxNewsdesk, `hd=a near5 b`, hd(near(5, w("a"), w("b")))},
	// A field tag reaches into every operator (written out, not through
	// hd, which is scope itself).
	{SyntaxNewsdesk, `hd=(atleast3 oil)`, AtLeast{Times: 3, Node: Term{Text: "oil"}}},
	{SyntaxNewsdesk, `headline:(/f10/ oil)`, First{Words: 10, Node: Term{Field: "headline", Text: "oil"}}},
	{SyntaxNewsdesk, `hd=(hlp=oil)`, Lead{Headline: true, Node: Term{Field: "headline", Text: "oil"}}},
	{SyntaxNewsdesk, `a near5 hd=b`, near(5, w("a"), Term{Field: "headline", Text: "b"})},
	{SyntaxNewsdesk, `a AND NOT b`, And{w("a"), Not{w("b")}}},
	{SyntaxNewsdesk, `a and not b`, And{w("a"), Not{w("b")}}},
	{SyntaxNewsdesk, `a but not b`, And{w("a"), Not{w("b")}}},
	{SyntaxNewsdesk, `a Or b`, Or{w("a"), w("b")}},
	{SyntaxNewsdesk, `a not b`, And{w("a"), Not{w("b")}}},
	{SyntaxNewsdesk, `bill clinton`, And{w("bill"), w("clinton")}},
	// Frequency.
	{SyntaxNewsdesk, `atleast3 sanctions`, AtLeast{Times: 3, Node: w("sanctions")}},
	{SyntaxNewsdesk, `ATLEAST3 sanction*`, AtLeast{Times: 3, Node: pre("sanction")}},
	{SyntaxNewsdesk, `atleast2 "foreign fighters" iraq`, And{AtLeast{Times: 2, Node: ph("foreign fighters")}, w("iraq")}},
	{SyntaxNewsdesk, `atleast2 foreign fighters`, And{AtLeast{Times: 2, Node: w("foreign")}, w("fighters")}},
	{SyntaxFactiva, `atleast2 foreign fighters`, AtLeast{Times: 2, Node: ph("foreign fighters")}},
	// Position.
	{SyntaxNewsdesk, `hlp=turkey`, Lead{Node: w("turkey"), Headline: true}},
	{SyntaxNewsdesk, `lp=turkey`, Lead{Node: w("turkey")}},
	{SyntaxNewsdesk, `LP=turkey`, Lead{Node: w("turkey")}},
	{SyntaxNewsdesk, `lp=(isis near5 turkey)`, Lead{Node: near(5, w("isis"), w("turkey"))}},
	{SyntaxNewsdesk, `lp=isis near5 turkey`, Lead{Node: near(5, w("isis"), w("turkey"))}},
	{SyntaxNewsdesk, `/f50/ turkey`, First{Node: w("turkey"), Words: 50}},
	{SyntaxNewsdesk, `turkey/f50/`, First{Node: w("turkey"), Words: 50}},
	{SyntaxNewsdesk, `turkey /F50/ syria`, And{First{Node: w("turkey"), Words: 50}, w("syria")}},
	// Field tags with = as well as :.
	{SyntaxNewsdesk, `hd=turkey`, Term{Field: "headline", Text: "turkey"}},
	{SyntaxNewsdesk, `HD=turkey`, Term{Field: "headline", Text: "turkey"}},
	{SyntaxNewsdesk, `by=smith`, Term{Field: "byline", Text: "smith"}},
	{SyntaxNewsdesk, `sn=reuters`, Term{Field: "source", Text: "reuters"}},
	{SyntaxNewsdesk, `hd="prime minister"`, Phrase{Field: "headline", Text: "prime minister"}},
	{SyntaxNewsdesk, `hd=(a OR b)`, Or{Term{Field: "headline", Text: "a"}, Term{Field: "headline", Text: "b"}}},
	{SyntaxNewsdesk, `headline:turkey syria`, And{Term{Field: "headline", Text: "turkey"}, w("syria")}},
	{SyntaxNewsdesk, `wc>300`, Range{Field: "word_count", Lo: "300", loColumn: 4, column: 4}},
	{SyntaxNewsdesk, `wc<1000`, Range{Field: "word_count", Hi: "1000", loColumn: 4, column: 4}},
	{SyntaxNewsdesk, `WC>=300`, Range{Field: "word_count", Lo: "300", LoIncl: true, loColumn: 5, column: 5}},
	{SyntaxNewsdesk, `wc<=1000 a`, And{Range{Field: "word_count", Hi: "1000", HiIncl: true, loColumn: 5, column: 5}, w("a")}},
	{SyntaxNewsdesk, `pd=2017`, Range{Field: "date", Lo: "2017", Hi: "2017", LoIncl: true, HiIncl: true, loColumn: 4, column: 4}},
	// Dates, as Factiva writes them: after and before leave the date out,
	// from-to and is include it.
	{SyntaxNewsdesk, `date after 2017-10`, Range{Field: "date", Lo: "2017-10", loColumn: 12, column: 12}},
	{SyntaxNewsdesk, `DATE BEFORE 2018`, Range{Field: "date", Hi: "2018", loColumn: 13, column: 13}},
	{SyntaxNewsdesk, `date from 2017-01-01 to 2017-06-30`, Range{Field: "date", Lo: "2017-01-01", Hi: "2017-06-30", LoIncl: true, HiIncl: true, loColumn: 11, column: 25}},
	{SyntaxNewsdesk, `date is 2017-10-23`, Range{Field: "date", Lo: "2017-10-23", Hi: "2017-10-23", LoIncl: true, HiIncl: true, loColumn: 9, column: 9}},
	{SyntaxFactiva, `closing date after 2017`, And{w("closing"), Range{Field: "date", Lo: "2017", loColumn: 20, column: 20}}},
	{SyntaxNewsdesk, `date line`, And{w("date"), w("line")}},
	{SyntaxNewsdesk, `date:{2017 TO 2018]`, Range{Field: "date", Lo: "2017", Hi: "2018", HiIncl: true, loColumn: 6, column: 6}},
	// Wildcards.
	{SyntaxNewsdesk, `wom?n`, Term{Text: "wom?n", Pattern: true}},
	{SyntaxNewsdesk, `engineer$3`, Term{Text: "engineer$3", Pattern: true}},
	{SyntaxNewsdesk, `return!`, pre("return")},
	{SyntaxNewsdesk, `US$ $3`, And{w("US$"), w("$3")}},
	{SyntaxNexis, `wom*n`, Term{Text: "wom?n", Pattern: true}},
	{SyntaxNewsdesk, `caps(Turkey)`, Caps{Text: "Turkey"}},
	{SyntaxNewsdesk, `CAPS(Turkey) hd=caps(Turkey)`, And{Caps{Text: "Turkey"}, Caps{Field: "headline", Text: "Turkey"}}},
	{SyntaxNewsdesk, `caps (Turkey)`, And{w("caps"), w("Turkey")}},
	{SyntaxNewsdesk, `caps(Turk*)`, Caps{Text: "Turk", Prefix: true}},
	{SyntaxNexis, `caps(Turk!)`, Caps{Text: "Turk", Prefix: true}},
	{SyntaxNewsdesk, `caps(Wom?n)`, Caps{Text: "Wom?n", Pattern: true}},
	{SyntaxNexis, `caps(Wom*n)`, Caps{Text: "Wom?n", Pattern: true}},
	// Factiva: bare words side by side are a phrase, or adj1 with a
	// prefix among them.
	{SyntaxFactiva, `bill clinton`, ph("bill clinton")},
	{SyntaxFactiva, `bill clinton OR hillary`, Or{ph("bill clinton"), w("hillary")}},
	{SyntaxFactiva, `intern* student visa`, adj(1, pre("intern"), ph("student visa"))},
	{SyntaxFactiva, `world cup adj5 rugby`, adj(5, ph("world cup"), w("rugby"))},
	{SyntaxFactiva, `a and b or c`, Or{And{w("a"), w("b")}, w("c")}},
	// Nexis: or binds tightest, then w/N, w/s, w/p, and, and not.
	{SyntaxNexis, `a or b w/5 c`, near(5, Or{w("a"), w("b")}, w("c"))},
	{SyntaxNexis, `a w/5 b w/s c`, sentence(near(5, w("a"), w("b")), w("c"))},
	{SyntaxNexis, `a w/s b w/5 c`, sentence(w("a"), near(5, w("b"), w("c")))},
	{SyntaxNexis, `a w/p b w/s c`, same(w("a"), sentence(w("b"), w("c")))},
	{SyntaxNexis, `a and b w/p c`, And{w("a"), same(w("b"), w("c"))}},
	{SyntaxNexis, `a and b or c`, And{w("a"), Or{w("b"), w("c")}}},
	{SyntaxNexis, `a and b and not c or d`, And{w("a"), w("b"), Not{Or{w("c"), w("d")}}}},
	{SyntaxNexis, `a and not b and c`, And{w("a"), Not{And{w("b"), w("c")}}}},
	{SyntaxNexis, `bill clinton w/10 (tax or budget)`, near(10, ph("bill clinton"), Or{w("tax"), w("budget")})},
	{SyntaxNexis, `bill pre/2 clinton`, adj(2, w("bill"), w("clinton"))},
	{SyntaxNexis, `(a and b) w/5 c`, near(5, And{w("a"), w("b")}, w("c"))},
}

func TestParseOperators(t *testing.T) {
	for _, tt := range operatorQueries {
		if tt.want == nil {
			continue
		}
		t.Run(tt.syntax.String()+"/"+tt.in, func(t *testing.T) {
			got, err := ParseAs(tt.in, tt.syntax)
			if err != nil {
				t.Fatalf("ParseAs(%q, %v): %v", tt.in, tt.syntax, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseAs(%q, %v)\n got  %#v\n want %#v", tt.in, tt.syntax, got, tt.want)
			}
		})
	}
}

// TestParseOperatorErrors: anything that looks like an operator newsdesk
// does not know is an error naming its column, never a word search.
func TestParseOperatorErrors(t *testing.T) {
	tests := []struct {
		in, want string
		// factivaOnly: Nexis's precedence reads the query otherwise (its
		// tags and atleast bind to the next word; the builder refuses them
		// under a proximity operator).
		factivaOnly bool
	}{
		{in: `fighters near europe`, want: `query: column 10: unknown operator "near"; did you mean near5?`},
		{in: `fighters NEAR europe`, want: `query: column 10: unknown operator "NEAR"; did you mean NEAR5?`},
		{in: `atleast sanctions`, want: `query: column 1: "atleast" needs a number, as in atleast3`},
		{in: `a w/ b`, want: `query: column 3: "w/" needs a number, as in w/5`},
		{in: `a pre/ b`, want: `query: column 3: "pre/" needs a number, as in pre/5`},
		{in: `a w/x b`, want: `query: column 3: unknown operator "w/x"; did you mean w/5, w/s or w/p?`},
		{in: `a adj0 b`, want: `query: column 3: "adj0": the number must be from 1 to 500`},
		{in: `a near999 b`, want: `query: column 3: "near999": the number must be from 1 to 500`},
		{in: `atleast0 a`, want: `query: column 1: "atleast0": the number must be from 1 to 500`},
		{in: `a /x5/ b`, want: `query: column 3: unknown operator "/x5/"; did you mean /n5/ (near5) or /f5/ (within the first 5 words)?`},
		{in: `a /n/ b`, want: `query: column 3: "/n/" needs a number, as in /n5/`},
		{in: `/f0/ a`, want: `query: column 1: "/f0/": the number must be from 1 to 500`},
		{in: `xx=turkey`, want: `query: column 1: unknown field tag "xx="; known tags: `},
		{in: `a hd= b`, want: `query: column 3: "hd=" needs a value, as in hd=turkey`},
		{in: `near5 b`, want: `query: column 1: "near5" needs something on its left`},
		{in: `a near5`, want: `query: column 3: "near5" needs a word, phrase or group on its right`},
		{in: `a near5 OR b`, want: `query: column 3: "near5" needs a word, phrase or group on its right`},
		{in: `a same`, want: `query: column 3: "same" needs a word, phrase or group on its right`},
		{in: `atleast3 (a OR b)`, want: `query: column 1: "atleast3" counts one word, prefix or phrase in the whole article`},
		{in: `atleast3 a near5 b`, want: `query: column 1: "atleast3" counts one word`, factivaOnly: true},
		{in: `atleast3 hd=a`, want: `query: column 1: "atleast3" counts one word`},
		{in: `a near5 atleast3 b`, want: `query: column 9: "atleast3" applies to a whole word, phrase or group`, factivaOnly: true},
		{in: `a near5 lp=b`, want: `query: column 9: lp= applies to a whole word, phrase or group, not inside a proximity operator`, factivaOnly: true},
		{in: `atleast3`, want: `query: column 1: "atleast3" needs a word, phrase or group on its right`},
		{in: `lp=`, want: `query: column 1: "lp=" needs a value, as in lp=turkey`},
		{in: `caps(a b)`, want: `query: column 1: caps() takes one word, as in caps(Turkey)`},
		{in: `caps()`, want: `query: column 1: caps() takes one word`},
		{in: `date after`, want: `query: column 1: "date after" needs a date, as in date after 2017-10`},
		{in: `date from 2017 2018`, want: `query: column 1: "date from 2017" needs an end`},
		{in: `en$3`, want: `query: column 1: "en$3": $N needs at least 3 letters before it, as in engineer$3`},
		{in: `?abc`, want: `query: column 1: "?abc": a wildcard needs letters before it`},
		{in: `wom?n*`, want: `query: column 1: "wom?n*": a word with ? or $N cannot also end in * or !`},
		{in: `/f5/ /f5/ a`, want: `query: column 6: "/f5/" applies to a whole word, phrase or group`},
		{in: `/f5/ a/f5/`, want: `query: column 1: "/f5/": one /fN/ is enough`, factivaOnly: true},
		{in: `a AND not`, want: `query: column 3: "AND not" needs something on both sides`},
		{in: `a or`, want: `query: column 3: "or" needs something on its right`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			for _, s := range []Syntax{SyntaxNewsdesk, SyntaxFactiva, SyntaxNexis} {
				if s == SyntaxNexis && tt.factivaOnly {
					continue
				}
				_, err := ParseAs(tt.in, s)
				var se *SyntaxError
				if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), tt.want) {
					t.Errorf("ParseAs(%q, %v) = %v, want an error starting %q", tt.in, s, err, tt.want)
				}
			}
		})
	}
}

// TestRoundTrip: String renders every parsed query in a form Parse reads
// back as the same tree, whatever syntax it was read in.
func TestRoundTrip(t *testing.T) {
	var qs []struct {
		syntax Syntax
		in     string
	}
	for _, tt := range operatorQueries {
		qs = append(qs, struct {
			syntax Syntax
			in     string
		}{tt.syntax, tt.in})
	}
	for _, q := range planQueries {
		qs = append(qs, struct {
			syntax Syntax
			in     string
		}{SyntaxNewsdesk, q})
	}
	for _, q := range qs {
		n, err := ParseAs(q.in, q.syntax)
		if err != nil || n == nil {
			continue // error and placeholder rows
		}
		s := String(n)
		back, err := Parse(s)
		if err != nil {
			t.Errorf("%v %q: Parse(%q): %v", q.syntax, q.in, s, err)
			continue
		}
		if !reflect.DeepEqual(withoutColumns(back), withoutColumns(n)) {
			t.Errorf("%v %q: rendered %q, read back as %#v, want %#v", q.syntax, q.in, s, back, n)
		}
	}
}

// String renders n (a helper: nodes are fmt.Stringers).
func String(n Node) string { return n.(interface{ String() string }).String() }

// withoutColumns clears the columns a Range keeps for its errors.
func withoutColumns(n Node) Node {
	if r, ok := n.(Range); ok {
		r.loColumn, r.column = 0, 0
		return r
	}
	return mapChildren(n, withoutColumns)
}

func TestExplain(t *testing.T) {
	n, err := Parse(`(isis near5 "foreign fighters") OR atleast3 sanctions -hlp=turkey`)
	if err != nil {
		t.Fatal(err)
	}
	want := `OR
  near5 (within 5 words, either order)
    isis
    "foreign fighters"
  AND
    atleast3 (at least 3 times)
      sanctions
    NOT
      hlp= (headline or the first 2 paragraphs)
        turkey
`
	if got := Explain(n); got != want {
		t.Errorf("Explain:\n%s\nwant:\n%s", got, want)
	}
}
