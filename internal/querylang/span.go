package querylang

import (
	"fmt"
	"slices"
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// The positional operators (Near, AtLeast, Lead, First, Caps, and word
// patterns) build engine.SpanQuery and engine.AtLeastQuery, whose
// searchers read term positions inside the index.

// spanFields are the fields unscoped positional operators search, each on
// its own: the analysed text fields among the unscoped ones (headline and
// body), or the builder's own text field (quotations).
func (b *builder) spanFields() []string {
	var out []string
	for _, f := range b.fieldsFor("") {
		if schema.IndexAnalyzerFor(f.name) == schema.TextAnalyzer {
			out = append(out, f.name)
		}
	}
	return out
}

// spanQuery builds n, a Near, Caps or pattern Term, as a SpanQuery over
// the fields its words are scoped to (all of spanFields when unscoped).
func (b *builder) spanQuery(n Node) (bq.Query, error) {
	span, fields, err := b.span(n, nil)
	if err != nil {
		return nil, err
	}
	b.planNotPlain()
	b.mayQuote = slices.ContainsFunc(fields, engine.IsQuoteField)
	return &engine.SpanQuery{Span: span, Fields: fields, BoostVal: 1}, nil
}

// opName names the operator of a Lead or First in error messages.
func opName(n Node) string {
	switch n := n.(type) {
	case Lead:
		if n.Headline {
			return "hlp="
		}
		return "lp="
	case First:
		return fmt.Sprintf("/f%d/", n.Words)
	}
	return fmt.Sprint(n)
}

// span builds n as a span in the fields it may match in: the fields of
// the words it is scoped to, narrowed to those of parent's other side
// (nil: every span field).
func (b *builder) span(n Node, within []string) (engine.Span, []string, error) {
	switch n := n.(type) {
	case Near:
		left, lf, err := b.span(n.Left, within)
		if err != nil {
			return nil, nil, err
		}
		right, rf, err := b.span(n.Right, lf)
		if err != nil {
			return nil, nil, err
		}
		if len(rf) == 0 {
			return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: the two sides search different fields; a proximity operator joins words of one field", n)}
		}
		scope := map[Scope]engine.Scope{ScopeWords: engine.ScopeWords, ScopeSentence: engine.ScopeSentence, ScopeParagraph: engine.ScopeParagraph}[n.Scope]
		b.needsMarks = b.needsMarks || scope != engine.ScopeWords
		return engine.SpanNear{Left: left, Right: right, Within: n.Within, Ordered: n.Ordered, Scope: scope}, rf, nil
	case Or:
		var alts [][]engine.SpanTerm
		var fields []string
		for _, c := range n {
			s, f, err := b.span(c, within)
			if err != nil {
				return nil, nil, err
			}
			w, ok := s.(engine.SpanWords)
			if !ok {
				return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: an OR group under a proximity operator holds words, prefixes and phrases only", n)}
			}
			alts = append(alts, w.Alternatives...)
			for _, x := range f {
				if !slices.Contains(fields, x) {
					fields = append(fields, x)
				}
			}
		}
		return engine.SpanWords{Alternatives: alts}, fields, nil
	case Term, Phrase, Caps:
		return b.spanWords(n, within)
	}
	return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: a proximity operator joins words, prefixes, phrases, caps(), OR groups of them and other proximity operators", n)}
}

// spanWords builds a word, prefix, pattern, phrase or caps() as the
// alternatives that match it, analysed as its fields analyse it.
func (b *builder) spanWords(n Node, within []string) (engine.Span, []string, error) {
	var field, text string
	kind := engine.MatchExact
	caps := false
	switch n := n.(type) {
	case Term:
		field, text = n.Field, n.Text
		switch {
		case n.Prefix:
			kind = engine.MatchPrefix
		case n.Pattern:
			kind = engine.MatchPattern
		}
	case Phrase:
		if n.Slop > 0 {
			return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: a proximity phrase (~N) cannot be a side of another proximity operator; write the operator instead", n)}
		}
		field, text = n.Field, n.Text
	case Caps:
		field, text, caps = n.Field, n.Text, true
		switch {
		case n.Prefix:
			kind = engine.MatchPrefix
		case n.Pattern:
			kind = engine.MatchPattern
		}
	}
	fields := b.spanFields()
	if field != "" {
		fields = []string{indexFieldFor(field)}
		if field == fName || !located(fields[0]) || isMetaField(field) || codeField(field) != "" {
			return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: positional operators search text fields only (headline, body, byline)", n)}
		}
	}
	if within != nil {
		fields = slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return !slices.Contains(within, f) })
		if len(fields) == 0 {
			return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: the two sides search different fields; a proximity operator joins words of one field", n)}
		}
	}
	a := b.m.AnalyzerNamed(schema.AnalyzerFor(fields[0]))
	if a == nil {
		return nil, nil, fmt.Errorf("query: no analyzer for %s", fields[0])
	}
	switch kind {
	case engine.MatchPrefix, engine.MatchPattern:
		// As for prefixes outside spans: fold and lower-case as the index
		// did, and try the prefix's own stem too (turkey -> turkei).
		var alts [][]engine.SpanTerm
		var forms []string
		if kind == engine.MatchPattern {
			forms = []string{strings.ToLower(text)}
			// engineer$3 in a stemmed field: its stem (engin) with the
			// same $N, as prefixes try theirs.
			if n := len(text); text[n-2] == '$' {
				if stem := b.tokens(fields[0], text[:n-2]); len(stem) == 1 && !strings.ContainsRune(text[:n-2], '?') && stem[0] != strings.ToLower(text[:n-2]) {
					forms = []string{stem[0] + text[n-2:], forms[0]}
				}
			}
		} else {
			toks := b.tokens(schema.FieldByline, text)
			if len(toks) != 1 {
				return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%q: a prefix must be one word", text+"*")}
			}
			forms = toks
			if stem := b.tokens(fields[0], text); len(stem) == 1 && stem[0] != toks[0] {
				forms = []string{stem[0], toks[0]}
			}
		}
		for _, f := range forms {
			alts = append(alts, []engine.SpanTerm{{Term: f, Match: kind, Caps: caps}})
		}
		b.needsMarks = b.needsMarks || caps
		return engine.SpanWords{Alternatives: alts}, fields, nil
	}
	toks := a.Analyze([]byte(text))
	if len(toks) == 0 {
		return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: %q is not indexed (a stop word or punctuation), so it cannot be a side of a positional operator", n, text)}
	}
	if caps && len(toks) != 1 {
		return nil, nil, &SyntaxError{Msg: fmt.Sprintf("%v: caps() takes one word", n)}
	}
	// Offsets from the analyzer's positions, so that stop words keep
	// their gaps ("state of iraq": iraq at +2).
	first := toks[0].Position
	for _, t := range toks {
		first = min(first, t.Position)
	}
	alt := make([]engine.SpanTerm, len(toks))
	for i, t := range toks {
		alt[i] = engine.SpanTerm{Term: string(t.Term), Offset: t.Position - first, Caps: caps}
	}
	// The caps mark is in indexes of layout 4 and later only.
	b.needsMarks = b.needsMarks || caps
	return engine.SpanWords{Alternatives: [][]engine.SpanTerm{alt}}, fields, nil
}

// atLeast builds atleastN: the word, prefix, pattern or phrase counted in
// the span fields together.
func (b *builder) atLeast(n AtLeast) (bq.Query, error) {
	s, fields, err := b.spanWords(n.Node, nil)
	if err != nil {
		return nil, err
	}
	b.planNotPlain()
	b.mayQuote = slices.ContainsFunc(fields, engine.IsQuoteField)
	return &engine.AtLeastQuery{Words: s.(engine.SpanWords), Times: n.Times, Fields: fields, BoostVal: 1}, nil
}

// lead builds lp=, hlp= and /fN/: the span in the first paragraphs or
// words of the body, or (hlp=, /fN/) anywhere in the headline.
func (b *builder) lead(n Node) (bq.Query, error) {
	var inner Node
	headline := true
	switch n := n.(type) {
	case Lead:
		inner, headline = n.Node, n.Headline
	case First:
		inner = n.Node
	}
	span, fields, err := b.span(inner, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opName(n), err)
	}
	var any []bq.Query
	for _, f := range fields {
		var s engine.Span
		switch {
		case f == schema.FieldBody:
			if f, ok := n.(First); ok {
				s = engine.SpanFirst{Span: span, Words: f.Words}
			} else {
				s = engine.SpanLead{Span: span, Paragraphs: LeadParagraphs}
				b.needsMarks = true
			}
		case f == schema.FieldHeadline && headline:
			s = span
		default:
			continue
		}
		any = append(any, &engine.SpanQuery{Span: s, Fields: []string{f}, BoostVal: 1})
	}
	if len(any) == 0 {
		where := "the headline and the body"
		if !headline {
			where = "the body"
		}
		return nil, &SyntaxError{Msg: fmt.Sprintf("%v: %s searches %s only", n, opName(n), where)}
	}
	b.planNotPlain()
	b.mayQuote = false
	return Disjunction(any), nil
}
