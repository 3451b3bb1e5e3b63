// Package querylang is newsdesk's query language: the parser (Parse, the
// Node types) and the builder that turns a parsed query into a bleve query
// together with its Plan, the words and phrases it scores with and whether
// it may match a quotation document, so that nothing takes the bleve query
// apart again. The query package re-exports the parser's API.
package querylang

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep a hostile query from costing more than a page of typing.
const (
	MaxQueryLength = 4096 // bytes
	MaxClauses     = 256  // words, phrases and ranges
	MaxDepth       = 32   // nested parentheses and negations
)

// Node is one element of a parsed query.
type Node interface{ node() }

// Term is a single word, optionally scoped to a field; Prefix marks word*.
type Term struct {
	Field  string
	Text   string
	Prefix bool
}

// Phrase is a quoted phrase, optionally scoped to a field. Slop > 0 (from
// "a b"~N) lets the words stand up to N positions apart, in any order.
type Phrase struct {
	Field string
	Text  string
	Slop  int
}

// Exact is a keyword field's whole value, written field:="value": it
// matches the articles whose field holds exactly Value (case and every
// character as stored, as a facet lists it), unlike a phrase, which matches
// any value containing the words. Facet values carry their Exact clause.
type Exact struct {
	Field string
	Value string
}

// Range bounds a date or number field. Empty bounds are open.
type Range struct {
	Field            string
	Lo, Hi           string
	LoIncl, HiIncl   bool
	loColumn, column int
}

// And matches documents that match all of its nodes.
type And []Node

// Or matches documents that match any of its nodes.
type Or []Node

// Not excludes documents that match its node.
type Not struct{ Node Node }

func (Term) node()   {}
func (Phrase) node() {}
func (Exact) node()  {}
func (Range) node()  {}
func (And) node()    {}
func (Or) node()     {}
func (Not) node()    {}

// SyntaxError reports what is wrong with a query and where (1-based column,
// in characters).
type SyntaxError struct {
	Column int
	Msg    string
	Err    error // the sentinel the error is, if any (ErrQuoteScope)
}

// Unwrap returns the sentinel the error is, if any.
func (e *SyntaxError) Unwrap() error { return e.Err }

// ErrQuoteScope is wrapped by the error for a quotation search whose query
// scopes words to a field (source:Reuters): quotations are searched by
// their words only, and narrowed by QuoteRequest's Speaker, From and To.
var ErrQuoteScope = errors.New("quotation queries search the quotations' words only")

func (e *SyntaxError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("query: column %d: %s", e.Column, e.Msg)
	}
	return "query: " + e.Msg
}

// Parse parses the newsdesk query language:
//
//	returnees Turkey          both words (AND is the default)
//	refugees OR migrants      either word
//	-brazil, NOT brazil       exclude a word (or a group)
//	"islamic state"           exact phrase
//	"fighters europe"~5       words within 5 positions of each other
//	(a OR b) c                grouping
//	headline:turkey           field scope; also headline:"exact phrase"
//	date:>=2017-01-01         range on date or word_count (>, >=, <, <=)
//	date:2017, date:2017-10   a whole year or month
//	date:[2016 TO 2017-06]    an inclusive range
//	return*                   words starting with "return"
//	source:="The Times"       a keyword field's exact whole value; inside
//	                          the quotes \" is a quote and \\ a backslash
//
// AND, OR and NOT are operators only in capitals. An empty query returns nil.
func Parse(q string) (Node, error) {
	if len(q) > MaxQueryLength {
		return nil, &SyntaxError{Msg: fmt.Sprintf("query is %d bytes long; the limit is %d", len(q), MaxQueryLength)}
	}
	if !utf8.ValidString(q) {
		return nil, &SyntaxError{Msg: "query is not valid UTF-8"}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, end: utf8.RuneCountInString(q) + 1}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, &SyntaxError{Column: t.col, Msg: `")" without a matching "("`}
		}
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("unexpected %s", t)}
	}
	if p.clauses > MaxClauses {
		return nil, &SyntaxError{Msg: fmt.Sprintf("query has %d terms; the limit is %d", p.clauses, MaxClauses)}
	}
	return n, nil
}

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tPhrase
	tField // "name:" (text holds name)
	tLParen
	tRParen
	tAnd
	tOr
	tNot   // NOT or a leading "-"
	tPlus  // a leading "+": required, which is the default anyway
	tCmp   // >, >=, <, <= after a field
	tRange // [a TO b] after a field (text holds "a\x00b")
	tExact // ="value" after a field (text holds the unescaped value)
)

type token struct {
	kind tokKind
	text string
	col  int
	slop int // for phrases: ~N
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tPhrase:
		return strconv.Quote(t.text)
	case tField:
		return strconv.Quote(t.text + ":")
	}
	return strconv.Quote(t.text)
}

func isWordRune(r rune) bool {
	return !unicode.IsSpace(r) && !strings.ContainsRune(`()"`, r)
}

func lex(q string) ([]token, error) {
	rs := []rune(q)
	var toks []token
	i := 0
	// atStart is true where a "-" or "+" is a prefix operator rather than
	// part of a word (hyphenated words like al-Qaeda keep theirs).
	for i < len(rs) {
		r := rs[i]
		col := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: tLParen, text: "(", col: col})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, text: ")", col: col})
			i++
		case r == '"' || r == '“' || r == '”':
			j := i + 1
			for j < len(rs) && rs[j] != '"' && rs[j] != '”' && rs[j] != '“' {
				j++
			}
			if j >= len(rs) {
				return nil, &SyntaxError{Column: col, Msg: "unterminated quote"}
			}
			t := token{kind: tPhrase, text: string(rs[i+1 : j]), col: col}
			j++
			if j < len(rs) && rs[j] == '~' {
				k := j + 1
				for k < len(rs) && unicode.IsDigit(rs[k]) {
					k++
				}
				n, err := strconv.Atoi(string(rs[j+1 : k]))
				if err != nil || n < 0 || n > 100 {
					return nil, &SyntaxError{Column: j + 1, Msg: "proximity needs a distance from 0 to 100 after \"~\", as in \"a b\"~5"}
				}
				t.slop = n
				j = k
			}
			toks = append(toks, t)
			i = j
		case (r == '-' || r == '+') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]):
			k := tNot
			if r == '+' {
				k = tPlus
			}
			toks = append(toks, token{kind: k, text: string(r), col: col})
			i++
		default:
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				// A field name ends at the first colon.
				if rs[j] == ':' && j > i && isFieldName(string(rs[i:j])) && !(j+2 < len(rs) && rs[j+1] == '/' && rs[j+2] == '/') {
					break
				}
				j++
			}
			isURL := j+2 < len(rs) && rs[j+1] == '/' && rs[j+2] == '/'
			if j < len(rs) && rs[j] == ':' && j > i && isFieldName(string(rs[i:j])) && !isURL {
				toks = append(toks, token{kind: tField, text: strings.ToLower(string(rs[i:j])), col: col})
				i = j + 1
				var err error
				toks, i, err = lexFieldValue(rs, i, toks)
				if err != nil {
					return nil, err
				}
				continue
			}
			w := string(rs[i:j])
			switch w {
			case "AND", "&&":
				toks = append(toks, token{kind: tAnd, text: w, col: col})
			case "OR", "||", "|":
				toks = append(toks, token{kind: tOr, text: w, col: col})
			case "NOT":
				toks = append(toks, token{kind: tNot, text: w, col: col})
			default:
				toks = append(toks, token{kind: tWord, text: w, col: col})
			}
			i = j
		}
	}
	return toks, nil
}

func isFieldName(s string) bool {
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsLetter(r) {
		return false
	}
	for _, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// lexFieldValue reads what follows "field:": a comparison, a [a TO b]
// range, an exact ="value", or nothing special (the ordinary lexer reads a
// word or phrase).
func lexFieldValue(rs []rune, i int, toks []token) ([]token, int, error) {
	if i >= len(rs) || unicode.IsSpace(rs[i]) {
		return nil, i, &SyntaxError{Column: i, Msg: fmt.Sprintf("%q needs a value", toks[len(toks)-1].text+":")}
	}
	switch rs[i] {
	case '=':
		return lexExact(rs, i, toks)
	case '>', '<':
		op := string(rs[i])
		j := i + 1
		if j < len(rs) && rs[j] == '=' {
			op += "="
			j++
		}
		toks = append(toks, token{kind: tCmp, text: op, col: i + 1})
		k := j
		if k < len(rs) && rs[k] == '"' { // date:>="2017-01-01", as bleve writes it
			e := k + 1
			for e < len(rs) && rs[e] != '"' {
				e++
			}
			if e >= len(rs) {
				return nil, i, &SyntaxError{Column: k + 1, Msg: "unterminated quote"}
			}
			toks = append(toks, token{kind: tWord, text: string(rs[k+1 : e]), col: k + 1})
			return toks, e + 1, nil
		}
		for k < len(rs) && isWordRune(rs[k]) {
			k++
		}
		if k == j {
			return nil, i, &SyntaxError{Column: j + 1, Msg: fmt.Sprintf("%q needs a value after it", op)}
		}
		toks = append(toks, token{kind: tWord, text: string(rs[j:k]), col: j + 1})
		return toks, k, nil
	case '[', '{':
		closing := map[rune]rune{'[': ']', '{': '}'}[rs[i]]
		e := i + 1
		for e < len(rs) && rs[e] != ']' && rs[e] != '}' {
			e++
		}
		if e >= len(rs) {
			return nil, i, &SyntaxError{Column: i + 1, Msg: fmt.Sprintf("range opened with %q is not closed with %q", string(rs[i]), string(closing))}
		}
		parts := strings.Fields(string(rs[i+1 : e]))
		if len(parts) != 3 || parts[1] != "TO" {
			return nil, i, &SyntaxError{Column: i + 1, Msg: "a range is written [FROM TO UNTIL], e.g. [2016-01-01 TO 2016-06-30]; use * for an open end"}
		}
		incl := "i"
		if rs[i] == '{' {
			incl = "x"
		}
		toks = append(toks, token{kind: tRange, text: incl + parts[0] + "\x00" + parts[2], col: i + 1})
		return toks, e + 1, nil
	}
	return toks, i, nil
}

// lexExact reads the value of field:=: a quoted string in which \" stands
// for a quote and \\ for a backslash, or a bare word.
func lexExact(rs []rune, i int, toks []token) ([]token, int, error) {
	field := toks[len(toks)-1].text
	col := i + 1
	j := i + 1
	if j >= len(rs) || unicode.IsSpace(rs[j]) || rs[j] == ')' {
		return nil, i, &SyntaxError{Column: col, Msg: fmt.Sprintf("%q needs a value, as in %s:=\"The Times\"", field+":=", field)}
	}
	if rs[j] == '“' || rs[j] == '”' {
		return nil, i, &SyntaxError{Column: j + 1, Msg: fmt.Sprintf("%q: write the value in straight quotes (\"), as in %s:=\"The Times\"", field+":=", field)}
	}
	if rs[j] != '"' {
		k := j
		for k < len(rs) && isWordRune(rs[k]) {
			k++
		}
		if k == j {
			return nil, i, &SyntaxError{Column: j + 1, Msg: fmt.Sprintf("%q: write the value in straight quotes, as in %s:=\"The Times\"", field+":=", field)}
		}
		return append(toks, token{kind: tExact, text: string(rs[j:k]), col: col}), k, nil
	}
	var b strings.Builder
	for k := j + 1; k < len(rs); k++ {
		switch rs[k] {
		case '"':
			if b.Len() == 0 {
				return nil, i, &SyntaxError{Column: j + 1, Msg: fmt.Sprintf("%q needs a value between the quotes", field+":=")}
			}
			return append(toks, token{kind: tExact, text: b.String(), col: col}), k + 1, nil
		case '\\':
			if k+1 < len(rs) && (rs[k+1] == '"' || rs[k+1] == '\\') {
				k++
				b.WriteRune(rs[k])
				continue
			}
			return nil, i, &SyntaxError{Column: k + 1, Msg: `in an exact value, "\" escapes only a quote (\") or a backslash (\\)`}
		default:
			b.WriteRune(rs[k])
		}
	}
	return nil, i, &SyntaxError{Column: j + 1, Msg: "unterminated quote"}
}

type parser struct {
	toks    []token
	pos     int
	clauses int
	end     int // column just past the query, where "end of query" is
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{kind: tEOF, col: p.end}
}

func (p *parser) next() token {
	t := p.peek()
	if p.pos < len(p.toks) {
		p.pos++
	}
	return t
}

func (p *parser) parseOr(depth int) (Node, error) {
	first, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for p.peek().kind == tOr {
		op := p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr {
			return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%q needs something on its right", op.text)}
		}
		n, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 1 {
		return first, nil
	}
	return Or(nodes), nil
}

func (p *parser) parseAnd(depth int) (Node, error) {
	var nodes []Node
	for {
		t := p.peek()
		switch t.kind {
		case tEOF, tRParen, tOr:
			if len(nodes) == 0 {
				if t.kind == tOr {
					return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something on its left", t.text)}
				}
				if t.kind == tRParen {
					return nil, &SyntaxError{Column: t.col, Msg: `empty group "()" or ")" without a matching "("`}
				}
				return nil, &SyntaxError{Column: t.col, Msg: "expected a word, phrase or group before the end of the query"}
			}
			if len(nodes) == 1 {
				return nodes[0], nil
			}
			return And(nodes), nil
		case tAnd:
			p.next()
			if k := p.peek().kind; len(nodes) == 0 || k == tEOF || k == tRParen || k == tOr || k == tAnd {
				return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something on both sides", t.text)}
			}
			continue
		}
		n, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
}

func (p *parser) parseUnary(depth int) (Node, error) {
	if depth > MaxDepth {
		return nil, &SyntaxError{Column: p.peek().col, Msg: fmt.Sprintf("query nests deeper than %d levels", MaxDepth)}
	}
	t := p.peek()
	switch t.kind {
	case tNot:
		p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something to exclude", t.text)}
		}
		n, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, err
		}
		return Not{Node: n}, nil
	case tPlus:
		p.next()
		return p.parseUnary(depth + 1)
	}
	return p.parsePrimary(depth)
}

func (p *parser) parsePrimary(depth int) (Node, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		n, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &SyntaxError{Column: t.col, Msg: `"(" is not closed`}
		}
		return n, nil
	case tWord:
		p.clauses++
		return wordNode("", t), nil
	case tPhrase:
		p.clauses++
		return Phrase{Text: t.text, Slop: t.slop}, nil
	case tField:
		return p.parseFieldValue(t, depth)
	}
	return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("unexpected %s", t)}
}

func wordNode(field string, t token) Node {
	if strings.HasSuffix(t.text, "*") && len(t.text) > 1 {
		return Term{Field: field, Text: strings.TrimRight(t.text, "*"), Prefix: true}
	}
	return Term{Field: field, Text: t.text}
}

func (p *parser) parseFieldValue(f token, depth int) (Node, error) {
	field, ok := fieldAliases[f.text]
	if !ok {
		return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("unknown field %q; known fields: %s", f.text, knownFields())}
	}
	v := p.next()
	p.clauses++
	switch v.kind {
	case tWord:
		if isRangeField(field) {
			return Range{Field: field, Lo: v.text, Hi: v.text, LoIncl: true, HiIncl: true, loColumn: v.col, column: v.col}, nil
		}
		return wordNode(field, v), nil
	case tPhrase:
		if isRangeField(field) {
			return Range{Field: field, Lo: v.text, Hi: v.text, LoIncl: true, HiIncl: true, loColumn: v.col, column: v.col}, nil
		}
		return Phrase{Field: field, Text: v.text, Slop: v.slop}, nil
	case tCmp:
		val := p.next()
		if val.kind != tWord {
			return nil, &SyntaxError{Column: v.col, Msg: fmt.Sprintf("%q needs a value after it", v.text)}
		}
		if !isRangeField(field) {
			return nil, &SyntaxError{Column: v.col, Msg: fmt.Sprintf("%s: comparisons work on date and word_count only", f.text)}
		}
		r := Range{Field: field, column: val.col, loColumn: val.col}
		switch v.text {
		case ">":
			r.Lo = val.text
		case ">=":
			r.Lo, r.LoIncl = val.text, true
		case "<":
			r.Hi = val.text
		case "<=":
			r.Hi, r.HiIncl = val.text, true
		}
		return r, nil
	case tExact:
		if exactField(field) == "" {
			return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("%s:= (an exact value) works on %s only", f.text, exactFields())}
		}
		return Exact{Field: field, Value: v.text}, nil
	case tRange:
		if !isRangeField(field) {
			return nil, &SyntaxError{Column: v.col, Msg: fmt.Sprintf("%s: ranges work on date and word_count only", f.text)}
		}
		incl := v.text[0] == 'i'
		lo, hi, _ := strings.Cut(v.text[1:], "\x00")
		if lo == "*" {
			lo = ""
		}
		if hi == "*" {
			hi = ""
		}
		return Range{Field: field, Lo: lo, Hi: hi, LoIncl: incl, HiIncl: incl, loColumn: v.col, column: v.col}, nil
	case tLParen:
		// field:(a OR b) applies the field to every word inside.
		p.clauses--
		n, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &SyntaxError{Column: v.col, Msg: `"(" is not closed`}
		}
		return scope(n, field), nil
	}
	return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("%q needs a value", f.text+":")}
}

// scope applies field to every unscoped word and phrase of n.
func scope(n Node, field string) Node {
	each := func(ns []Node) []Node {
		out := make([]Node, len(ns))
		for i, c := range ns {
			out[i] = scope(c, field)
		}
		return out
	}
	switch n := n.(type) {
	case Term:
		if n.Field == "" {
			n.Field = field
		}
		if isRangeField(n.Field) {
			return Range{Field: n.Field, Lo: n.Text, Hi: n.Text, LoIncl: true, HiIncl: true}
		}
		return n
	case Phrase:
		if n.Field == "" {
			n.Field = field
		}
		if isRangeField(n.Field) {
			return Range{Field: n.Field, Lo: n.Text, Hi: n.Text, LoIncl: true, HiIncl: true}
		}
		return n
	case And:
		return And(each(n))
	case Or:
		return Or(each(n))
	case Not:
		return Not{Node: scope(n.Node, field)}
	}
	return n
}

// String methods render a parsed query in a canonical, fully bracketed form,
// for debugging and for showing users how their query was read.

func (t Term) String() string {
	s := t.Text
	if t.Prefix {
		s += "*"
	}
	if t.Field != "" {
		s = t.Field + ":" + s
	}
	return s
}

func (p Phrase) String() string {
	s := strconv.Quote(p.Text)
	if p.Slop > 0 {
		s += "~" + strconv.Itoa(p.Slop)
	}
	if p.Field != "" {
		s = p.Field + ":" + s
	}
	return s
}

// String writes e in the query language; Parse reads it back as e, whatever
// the value holds.
func (e Exact) String() string {
	if !strings.ContainsAny(e.Value, `"\`) && utf8.ValidString(e.Value) {
		// Nothing to escape or replace (the usual value): one allocation,
		// as facets write one filter per value counted.
		return e.Field + `:="` + e.Value + `"`
	}
	var b strings.Builder
	b.WriteString(e.Field)
	b.WriteString(`:="`)
	for _, r := range e.Value {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func (r Range) String() string {
	lo, hi := r.Lo, r.Hi
	if lo == "" {
		lo = "*"
	}
	if hi == "" {
		hi = "*"
	}
	open, closing := "{", "}"
	if r.LoIncl {
		open = "["
	}
	if r.HiIncl {
		closing = "]"
	}
	return fmt.Sprintf("%s:%s%s TO %s%s", r.Field, open, lo, hi, closing)
}

func (a And) String() string { return "AND(" + join(a) + ")" }
func (o Or) String() string  { return "OR(" + join(o) + ")" }
func (n Not) String() string { return fmt.Sprintf("NOT(%v)", n.Node) }

func join(ns []Node) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}
