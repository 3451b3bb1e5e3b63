package querylang

import (
	"reflect"
	"strings"
	"testing"

	bq "github.com/blevesearch/bleve/v2/search/query"

	idx "github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// positionalValues builds q and lists the engine values in it, in order.
func positionalValues(t *testing.T, q string) ([]any, Plan, error) {
	t.Helper()
	m, err := idx.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	b := &builder{m: m}
	built, plan, err := b.buildPlan(n)
	if err != nil {
		return nil, plan, err
	}
	var out []any
	var walk func(q bq.Query)
	walk = func(q bq.Query) {
		switch q := q.(type) {
		case *engine.SpanQuery, *engine.AtLeastQuery:
			out = append(out, q)
		case *bq.DisjunctionQuery:
			for _, c := range q.Disjuncts {
				walk(c)
			}
		case *bq.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		case *bq.BooleanQuery:
			for _, c := range []bq.Query{q.Must, q.Should, q.MustNot} {
				if c != nil {
					walk(c)
				}
			}
		}
	}
	walk(built)
	return out, plan, nil
}

// Analysed forms, as the text analyzer gives them (stemmed): turkey is
// turkei, fighters fighter, sanctions sanction, returnee returne.
func word(terms ...string) engine.SpanWords {
	var alt []engine.SpanTerm
	for i, t := range terms {
		alt = append(alt, engine.SpanTerm{Term: t, Offset: i})
	}
	return engine.SpanWords{Alternatives: [][]engine.SpanTerm{alt}}
}

var textSpanFields = []string{schema.FieldHeadline, schema.FieldBody}

func TestBuildPositional(t *testing.T) {
	syria, border := word("syria"), word("border")
	sq := func(s engine.Span, fields ...string) *engine.SpanQuery {
		if fields == nil {
			fields = textSpanFields
		}
		return &engine.SpanQuery{Span: s, Fields: fields, BoostVal: 1}
	}
	tests := []struct {
		q    string
		want []any
	}{
		{`syria near5 border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 5})}},
		{`syria W/5 border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 5})}},
		{`syria adj3 border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 3, Ordered: true})}},
		{`syria pre/2 border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 2, Ordered: true})}},
		{`syria same border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Scope: engine.ScopeParagraph})}},
		{`syria w/s border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Scope: engine.ScopeSentence})}},
		// Phrase offsets come from the analyzer's positions: the stop word
		// "of" keeps its gap.
		{`"state of iraq" near5 syria`, []any{sq(engine.SpanNear{
			Left:  engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "state"}, {Term: "iraq", Offset: 2}}}},
			Right: syria, Within: 5})}},
		// An OR group of a prefix (its stem and its folded form) and a phrase.
		{`syria near5 (returnee* OR "foreign fighters")`, []any{sq(engine.SpanNear{Left: syria, Within: 5,
			Right: engine.SpanWords{Alternatives: [][]engine.SpanTerm{
				{{Term: "returne", Match: engine.MatchPrefix}},
				{{Term: "returnee", Match: engine.MatchPrefix}},
				{{Term: "foreign"}, {Term: "fighter", Offset: 1}},
			}}})}},
		{`(syria near5 border) near10 turkey`, []any{sq(engine.SpanNear{
			Left: engine.SpanNear{Left: syria, Right: border, Within: 5}, Right: word("turkei"), Within: 10})}},
		// A field tag restricts the fields; an unscoped side follows it.
		{`hd=syria near5 border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 5}, "headline")}},
		{`syria near5 hd=border`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 5}, "headline")}},
		{`caps(Turkey)`, []any{sq(engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "turkei", Caps: true}}}})}},
		{`caps(Turkey) near5 syria`, []any{sq(engine.SpanNear{
			Left: engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "turkei", Caps: true}}}}, Right: syria, Within: 5})}},
		{`caps(Turk*)`, []any{sq(engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "turk", Match: engine.MatchPrefix, Caps: true}}}})}},
		{`caps(Wom?n) near5 syria`, []any{sq(engine.SpanNear{
			Left: engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "wom?n", Match: engine.MatchPattern, Caps: true}}}}, Right: syria, Within: 5})}},
		{`wom?n`, []any{sq(engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "wom?n", Match: engine.MatchPattern}}}})}},
		// engineer$3: its stem (engin) with the same $N, and as written.
		{`Engineer$3`, []any{sq(engine.SpanWords{Alternatives: [][]engine.SpanTerm{{{Term: "engin$3", Match: engine.MatchPattern}}, {{Term: "engineer$3", Match: engine.MatchPattern}}}})}},
		{`atleast3 sanctions`, []any{&engine.AtLeastQuery{Words: word("sanction"), Times: 3, Fields: textSpanFields, BoostVal: 1}}},
		{`atleast2 "foreign fighters"`, []any{&engine.AtLeastQuery{Words: word("foreign", "fighter"), Times: 2, Fields: textSpanFields, BoostVal: 1}}},
		{`lp=syria`, []any{sq(engine.SpanLead{Span: syria, Paragraphs: 2}, "body")}},
		{`hlp=syria`, []any{sq(syria, "headline"), sq(engine.SpanLead{Span: syria, Paragraphs: 2}, "body")}},
		{`/f50/ syria`, []any{sq(syria, "headline"), sq(engine.SpanFirst{Span: syria, Words: 50}, "body")}},
		{`syria/f50/`, []any{sq(syria, "headline"), sq(engine.SpanFirst{Span: syria, Words: 50}, "body")}},
		{`lp=(syria near5 border)`, []any{sq(engine.SpanLead{Span: engine.SpanNear{Left: syria, Right: border, Within: 5}, Paragraphs: 2}, "body")}},
		{`iraq syria near5 border -turkey`, []any{sq(engine.SpanNear{Left: syria, Right: border, Within: 5})}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, plan, err := positionalValues(t, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("built\n %#v\nwant\n %#v", got, tt.want)
			}
			if plan.Plain || plan.MayMatchQuotes {
				t.Errorf("plan %+v: want not plain (the query layer takes bleve's locations) and no quotation", plan)
			}
		})
	}
}

func TestBuildPositionalErrors(t *testing.T) {
	tests := []struct{ q, want string }{
		{`the near5 syria`, `"the" is not indexed`},
		{`syria near5 source:reuters`, `positional operators search text fields only`},
		{`syria near5 date:2017`, `a proximity operator joins words`},
		{`hd=syria near5 body:border`, `the two sides search different fields`},
		{`syria near5 ((iraq near2 iran) OR turkey)`, `an OR group under a proximity operator holds words`},
		{`syria near5 "a b"~3`, `a proximity phrase (~N) cannot be a side`},
		{`caps(al-Qaeda)`, `caps() takes one word`},
		{`lp=by=smith`, `lp= searches the body only`},
		{`hd=(lp=oil)`, `lp= searches the body only`},
		{`hlp=by=smith`, `hlp= searches the headline and the body only`},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, _, err := positionalValues(t, tt.q)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestBuildPositionalNeedsMarks: the operators that read the marks (scope,
// lead paragraphs, caps()) say so in the plan, so that an index without
// them refuses the query; the others do not.
func TestBuildPositionalNeedsMarks(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{`syria near5 border`, false},
		{`atleast3 sanctions`, false},
		{`/f50/ syria`, false},
		{`wom?n`, false},
		{`syria same border`, true},
		{`syria w/s border`, true},
		{`lp=syria`, true},
		{`hlp=syria`, true},
		{`caps(Turkey)`, true},
		{`caps(Turkey) near5 syria`, true},
		{`syria near5 (caps(Turkey) OR iraq)`, true},
		{`caps(Turk*)`, true},
		{`caps(Wom?n)`, true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, plan, err := positionalValues(t, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if plan.NeedsMarks != tt.want {
				t.Errorf("NeedsMarks = %v, want %v", plan.NeedsMarks, tt.want)
			}
		})
	}
}
