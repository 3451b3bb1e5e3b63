// Package querylang is newsdesk's query language: the parser (Parse, the
// Node types) and the builder that turns a parsed query into a bleve query
// together with its Plan, the words and phrases it scores with and whether
// it may match a quotation document, so that nothing takes the bleve query
// apart again. The query package re-exports the parser's API.
//
// The language reads the search strings of Factiva and Nexis Uni as their
// users wrote them: proximity (near5, adj3, w/5, pre/3, /n5/), paragraph
// and sentence scope (same, w/p, w/s), frequency (atleast3), position
// (hlp=, lp=, /f50/), Factiva's field tags (hd=, sn=, wc>300), dates
// (date after 2017-10) and wildcards (wom?n, engineer$3, Nexis's word!).
// Operators are read in any case. Anything that looks like an operator
// the language does not know is a SyntaxError, never a silent word search.
//
// Three syntaxes differ only in precedence and in what two bare words
// side by side mean (Syntax):
//
//   - SyntaxNewsdesk (the default): Factiva's precedence, from tightest:
//     parentheses, proximity operators, atleast and field tags, not, and,
//     or; bare words side by side are ANDed. Factiva reads them as a
//     phrase, but newsdesk always ANDed them and every saved newsdesk
//     query relies on that, so the default keeps it.
//   - SyntaxFactiva: the same precedence, bare words side by side a phrase
//     (bill clinton is bill adj1 clinton).
//   - SyntaxNexis: Nexis's precedence, from tightest: or, w/N and pre/N,
//     w/s, w/p, and, and not; bare words side by side a phrase.
package querylang

import (
	"errors"
	"fmt"
	"slices"
	"sort"
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
	// MaxDistance bounds N of the proximity operators (near5, adj3, w/5,
	// pre/3, /n5/), of atleastN and of /fN/. Factiva allows 1-10 for adj
	// and w/, 1-500 for near; newsdesk accepts 1-500 for all.
	MaxDistance = 500
	// LeadParagraphs is how many paragraphs of the body lp= and hlp=
	// search: Factiva's lead.
	LeadParagraphs = 2
)

// Syntax says how a query is read where Factiva and Nexis disagree: the
// precedence of the operators and what bare words side by side mean (see
// the package documentation).
type Syntax int

// The syntaxes a query can be read in.
const (
	SyntaxNewsdesk Syntax = iota // Factiva's precedence, AND between bare words (the default)
	SyntaxFactiva                // Factiva's precedence, bare words side by side a phrase
	SyntaxNexis                  // Nexis's precedence, bare words side by side a phrase
)

// SyntaxNames are the names ParseSyntaxName reads, in Syntax order.
var SyntaxNames = []string{"newsdesk", "factiva", "nexis"}

// String names s as ParseSyntaxName reads it.
func (s Syntax) String() string {
	if s >= 0 && int(s) < len(SyntaxNames) {
		return SyntaxNames[s]
	}
	return fmt.Sprintf("Syntax(%d)", int(s))
}

// ParseSyntaxName reads a syntax's name, in any case; "" is the default,
// SyntaxNewsdesk.
func ParseSyntaxName(name string) (Syntax, error) {
	if name == "" {
		return SyntaxNewsdesk, nil
	}
	if i := slices.Index(SyntaxNames, strings.ToLower(name)); i >= 0 {
		return Syntax(i), nil
	}
	return 0, fmt.Errorf("unknown syntax %q; use %s", name, strings.Join(SyntaxNames, ", "))
}

// Node is one element of a parsed query.
type Node interface{ node() }

// Term is a single word, optionally scoped to a field; Prefix marks word*
// (or Nexis's word!), Pattern a word with wildcards: '?' for exactly one
// character, a trailing $N for up to N more (wom?n, engineer$3).
type Term struct {
	Field   string
	Text    string
	Prefix  bool
	Pattern bool
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

// Scope is what a Near requires of its two sides.
type Scope int

// The scopes of Near.
const (
	ScopeWords     Scope = iota // within Within words (near, adj, w/N, pre/N, /nN/)
	ScopeSentence               // in the same sentence (w/s, /s)
	ScopeParagraph              // in the same paragraph (same, w/p, /p)
)

// Near matches where Left and Right occur close together in the same
// field: with ScopeWords, Right at most Within words after Left (Ordered:
// adj3, pre/3) or either way round (near5, w/5); with ScopeSentence or
// ScopeParagraph, in the same sentence or paragraph, in either order.
// Its sides are words, prefixes, patterns, phrases, caps(), OR groups of
// those, or other Nears.
type Near struct {
	Left, Right Node
	Within      int
	Ordered     bool
	Scope       Scope
}

// AtLeast matches articles in which Node (a word, prefix, pattern or
// phrase) occurs at least Times times, headline and body together
// (Factiva's atleast3 sanctions).
type AtLeast struct {
	Times int
	Node  Node
}

// Lead matches Node within the body's first LeadParagraphs paragraphs
// (Factiva's lp=), or in the headline too when Headline is set (hlp=).
type Lead struct {
	Node     Node
	Headline bool
}

// First matches Node in the headline or within the body's first Words
// words (Factiva's /f50/ turkey or turkey/f50/).
type First struct {
	Node  Node
	Words int
}

// Caps matches Text written with a capital first letter (caps(Turkey):
// the country, not the bird), optionally scoped to a field. As in a Term,
// Text is a prefix with Prefix set (caps(Turk*)) and a pattern with
// Pattern set (caps(Wom?n)): their expansions written with a capital.
type Caps struct {
	Field           string
	Text            string
	Prefix, Pattern bool
}

func (Term) node()    {}
func (Phrase) node()  {}
func (Exact) node()   {}
func (Range) node()   {}
func (And) node()     {}
func (Or) node()      {}
func (Not) node()     {}
func (Near) node()    {}
func (AtLeast) node() {}
func (Lead) node()    {}
func (First) node()   {}
func (Caps) node()    {}

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

// Parse parses the newsdesk query language in its default syntax,
// SyntaxNewsdesk:
//
//	returnees Turkey          both words (AND is the default)
//	refugees OR migrants      either word (and, or, not in any case)
//	-brazil, NOT brazil       exclude a word (or a group)
//	"islamic state"           exact phrase
//	"fighters europe"~5       words within 5 positions of each other
//	(a OR b) c                grouping
//	headline:turkey, hd=turkey  field scope; also headline:"exact phrase"
//	date:>=2017-01-01, wc>300 range on date or word_count (>, >=, <, <=)
//	date:2017, date:2017-10   a whole year or month
//	date:[2016 TO 2017-06]    an inclusive range
//	date after 2017-10        Factiva's dates: after, before, is, from X to Y
//	return*, return!          words starting with "return"
//	wom?n, engineer$3         one character; up to 3 more characters
//	source:="The Times"       a keyword field's exact whole value; inside
//	                          the quotes \" is a quote and \\ a backslash
//	isis near5 turkey         within 5 words, either order (also w/5, /n5/)
//	world adj3 cup            within 3 words, in this order (also pre/3; adj is adj1)
//	isis same turkey          in the same paragraph (also w/p, /p)
//	isis w/s turkey           in the same sentence (also /s)
//	atleast3 sanctions        the word at least 3 times
//	hlp=turkey, lp=turkey     headline or lead; lead (first 2 paragraphs)
//	/f50/ turkey, turkey/f50/ headline or the body's first 50 words
//	caps(Turkey)              only the capitalised word
//
// An empty query returns nil.
func Parse(q string) (Node, error) { return ParseAs(q, SyntaxNewsdesk) }

// ParseAs parses q in syntax s (see Syntax and Parse).
func ParseAs(q string, s Syntax) (Node, error) {
	if len(q) > MaxQueryLength {
		return nil, &SyntaxError{Msg: fmt.Sprintf("query is %d bytes long; the limit is %d", len(q), MaxQueryLength)}
	}
	if !utf8.ValidString(q) {
		return nil, &SyntaxError{Msg: "query is not valid UTF-8"}
	}
	if s < SyntaxNewsdesk || s > SyntaxNexis {
		return nil, &SyntaxError{Msg: fmt.Sprintf("unknown syntax %d", int(s))}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, end: utf8.RuneCountInString(q) + 1, syntax: s}
	if len(toks) == 0 {
		return nil, nil
	}
	var n Node
	if s == SyntaxNexis {
		n, err = p.parseAndNot(0)
	} else {
		n, err = p.parseOr(0)
	}
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
	tField // "name:" or Factiva's "name=" (text holds name)
	tLParen
	tRParen
	tAnd
	tOr
	tNot     // NOT or a leading "-"
	tPlus    // a leading "+": required, which is the default anyway
	tCmp     // >, >=, <, <= after a field
	tRange   // [a TO b] after a field (text holds "ab" + lo + "\x00" + hi, a and b "i" or "x")
	tExact   // ="value" after a field (text holds the unescaped value)
	tProx    // near5, adj3, w/5, pre/3, /n5/, same, w/s, w/p (n, ordered, scope)
	tAtLeast // atleast3 (n)
	tFirst   // /f50/ (n)
	tAndNot  // Nexis's "and not", "but not"
)

type token struct {
	kind    tokKind
	text    string
	col     int
	slop    int // for phrases: ~N
	n       int // for tProx, tAtLeast, tFirst
	ordered bool
	scope   Scope
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
		case (r == '-' || r == '+') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && rs[i+1] != ')':
			k := tNot
			if r == '+' {
				k = tPlus
			}
			toks = append(toks, token{kind: k, text: string(r), col: col})
			i++
		default:
			j := i
			if n := slashOp(rs, i); n > 0 {
				j = i + n // /n5/, /f50/ or an unknown /x5/, on its own
			} else {
				for j < len(rs) && isWordRune(rs[j]) {
					// A field name ends at the first colon.
					if rs[j] == ':' && j > i && isFieldName(string(rs[i:j])) && !(j+2 < len(rs) && rs[j+1] == '/' && rs[j+2] == '/') {
						break
					}
					// A Factiva tag ends at its = (hd=europe) or comparison (wc>300).
					if j > i && strings.ContainsRune("=<>", rs[j]) && isTag(string(rs[i:j]), rs[j]) {
						break
					}
					// turkey/f50/, boeing/n5/airbus: the operator is a token of its own.
					if j > i && rs[j] == '/' && splitsAt(rs, i, j) {
						break
					}
					j++
				}
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
			if j < len(rs) && j > i && strings.ContainsRune("=<>", rs[j]) && isTag(string(rs[i:j]), rs[j]) {
				name := strings.ToLower(string(rs[i:j]))
				if _, ok := fieldAliases[name]; !ok && !isLeadTag(name) {
					return nil, &SyntaxError{Column: col, Msg: fmt.Sprintf("unknown field tag %q; known tags: %s", name+"=", knownTags())}
				}
				toks = append(toks, token{kind: tField, text: name, col: col})
				i = j
				if rs[j] == '=' {
					i = j + 1
					if i >= len(rs) || unicode.IsSpace(rs[i]) {
						return nil, &SyntaxError{Column: col, Msg: fmt.Sprintf("%q needs a value, as in %sturkey", name+"=", name+"=")}
					}
				}
				var err error
				toks, i, err = lexFieldValue(rs, i, toks)
				if err != nil {
					return nil, err
				}
				continue
			}
			t, err := wordToken(string(rs[i:j]), col)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = j
		}
	}
	return joinAndNot(toks), nil
}

// slashOp returns the length of a Factiva slash operator (/n5/, /f50/, or
// an unknown one such as /x5/) starting at rs[i], or 0.
func slashOp(rs []rune, i int) int {
	if i >= len(rs) || rs[i] != '/' {
		return 0
	}
	j := i + 1
	for j < len(rs) && unicode.IsLetter(rs[j]) && rs[j] < utf8.RuneSelf {
		j++
	}
	if j == i+1 {
		return 0
	}
	for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
		j++
	}
	if j < len(rs) && rs[j] == '/' {
		return j + 1 - i
	}
	return 0
}

// splitsAt reports whether the word rs[i:] ends at j, where Factiva's /nN/
// or /fN/ is written against it (turkey/f50/, boeing/n5/airbus). URLs
// keep their slashes.
func splitsAt(rs []rune, i, j int) bool {
	n := slashOp(rs, j)
	if n < 4 || strings.Contains(string(rs[i:j]), ":/") {
		return false
	}
	c := unicode.ToLower(rs[j+1])
	return (c == 'n' || c == 'f') && rs[j+2] >= '0' && rs[j+2] <= '9'
}

// isTag reports whether name before c (=, < or >) is written as a Factiva
// field tag: a known field or lp/hlp, or (before =) a name of two or more
// letters, which is an unknown tag.
func isTag(name string, c rune) bool {
	if !isFieldName(name) {
		return false
	}
	low := strings.ToLower(name)
	if _, ok := fieldAliases[low]; ok || isLeadTag(low) {
		return true
	}
	if c != '=' || utf8.RuneCountInString(name) < 2 {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// isLeadTag reports whether name is Factiva's lp (lead paragraphs) or hlp
// (headline and lead).
func isLeadTag(name string) bool { return name == "lp" || name == "hlp" }

// knownTags lists every accepted field name and tag.
func knownTags() string {
	names := []string{"lp", "hlp"}
	for a := range fieldAliases {
		names = append(names, a)
	}
	sort.Strings(names)
	return strings.Join(slices.Compact(names), ", ")
}

// wordToken reads a bare word: an operator in any case, or a word.
// Anything that looks like an operator the language does not know is an
// error, never a word searched silently.
func wordToken(w string, col int) (token, error) {
	low := strings.ToLower(w)
	t := token{kind: tWord, text: w, col: col}
	prox := func(n int, ordered bool, s Scope) (token, error) {
		return token{kind: tProx, text: w, col: col, n: n, ordered: ordered, scope: s}, nil
	}
	bad := func(format string, args ...any) (token, error) {
		return t, &SyntaxError{Column: col, Msg: fmt.Sprintf(format, args...)}
	}
	switch low {
	case "and", "&&":
		t.kind = tAnd
		return t, nil
	case "or", "||", "|":
		t.kind = tOr
		return t, nil
	case "not":
		t.kind = tNot
		return t, nil
	case "same", "w/p", "/p":
		return prox(0, false, ScopeParagraph)
	case "w/s", "/s":
		return prox(0, false, ScopeSentence)
	case "adj":
		return prox(1, true, ScopeWords)
	case "near":
		return bad("unknown operator %q; did you mean %s5?", w, w)
	case "atleast":
		return bad("%q needs a number, as in %s3", w, w)
	case "w/", "pre/":
		return bad("%q needs a number, as in %s5", w, w)
	}
	for _, op := range []struct {
		prefix  string
		kind    tokKind
		ordered bool
	}{{"near", tProx, false}, {"adj", tProx, true}, {"w/", tProx, false}, {"pre/", tProx, true}, {"atleast", tAtLeast, false}} {
		rest, ok := strings.CutPrefix(low, op.prefix)
		if !ok || rest == "" {
			continue
		}
		if !allDigits(rest) {
			if strings.HasSuffix(op.prefix, "/") {
				return bad("unknown operator %q; did you mean %s5%s?", w, w[:len(op.prefix)], map[bool]string{true: "", false: ", w/s or w/p"}[op.ordered])
			}
			continue // nearby, adjust: words
		}
		n, err := distance(w, rest, col)
		if err != nil {
			return t, err
		}
		if op.kind == tAtLeast {
			return token{kind: tAtLeast, text: w, col: col, n: n}, nil
		}
		return prox(n, op.ordered, ScopeWords)
	}
	if len(low) > 2 && low[0] == '/' && low[len(low)-1] == '/' {
		inner := low[1 : len(low)-1]
		k := strings.IndexFunc(inner, func(r rune) bool { return r >= '0' && r <= '9' })
		letters, digits := inner, ""
		if k >= 0 {
			letters, digits = inner[:k], inner[k:]
		}
		switch {
		case (letters == "n" || letters == "f") && digits == "":
			return bad("%q needs a number, as in /%s5/", w, letters)
		case letters == "n":
			n, err := distance(w, digits, col)
			if err != nil {
				return t, err
			}
			return prox(n, false, ScopeWords)
		case letters == "f":
			n, err := distance(w, digits, col)
			if err != nil {
				return t, err
			}
			return token{kind: tFirst, text: w, col: col, n: n}, nil
		case allLetters(letters) && allDigits(digits+"0"):
			if digits == "" {
				digits = "5"
			}
			return bad("unknown operator %q; did you mean /n%s/ (near%s) or /f%s/ (within the first %s words)?", w, digits, digits, digits, digits)
		}
	}
	return t, nil
}

// distance reads the N of an operator (near5, atleast3, /f50/): 1 to
// MaxDistance.
func distance(op, digits string, col int) (int, error) {
	n, err := strconv.Atoi(digits)
	if err != nil || len(digits) > 6 || n < 1 || n > MaxDistance {
		return 0, &SyntaxError{Column: col, Msg: fmt.Sprintf("%q: the number must be from 1 to %d", op, MaxDistance)}
	}
	return n, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// joinAndNot reads Nexis's "and not" and "but not" as one operator.
func joinAndNot(toks []token) []token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		first := t.kind == tAnd || t.kind == tWord && strings.EqualFold(t.text, "but")
		if first && i+1 < len(toks) && toks[i+1].kind == tNot && toks[i+1].text != "-" {
			out = append(out, token{kind: tAndNot, text: t.text + " " + toks[i+1].text, col: t.col})
			i++
			continue
		}
		out = append(out, t)
	}
	return out
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
		// [ and ] include their bound, { and } leave it out.
		incl := map[rune]string{'[': "i", '{': "x", ']': "i", '}': "x"}
		toks = append(toks, token{kind: tRange, text: incl[rs[i]] + incl[rs[e]] + parts[0] + "\x00" + parts[2], col: i + 1})
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
	syntax  Syntax
}

func (p *parser) peek() token { return p.peekAt(0) }

// peekAt returns the token k after the next one.
func (p *parser) peekAt(k int) token {
	if p.pos+k < len(p.toks) {
		return p.toks[p.pos+k]
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

// ends reports whether k cannot start an operand: the end of the query
// or of a group, or a binary operator.
func ends(k tokKind) bool {
	switch k {
	case tEOF, tRParen, tOr, tAnd, tAndNot, tProx:
		return true
	}
	return false
}

// Factiva's precedence (SyntaxNewsdesk, SyntaxFactiva), loosest first:
// or, and, not, atleast and field tags, proximity, parentheses.

func (p *parser) parseOr(depth int) (Node, error) { return p.parseOrWith(depth, p.parseAnd) }

// parseOrWith reads operands joined by OR, each read with operand (the
// syntaxes differ in what binds tighter than OR).
func (p *parser) parseOrWith(depth int, operand func(depth int) (Node, error)) (Node, error) {
	first, err := operand(depth)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for p.peek().kind == tOr {
		op := p.next()
		if ends(p.peek().kind) {
			return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%q needs something on its right", op.text)}
		}
		n, err := operand(depth)
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
				return nil, p.missing(t)
			}
			if len(nodes) == 1 {
				return nodes[0], nil
			}
			return And(nodes), nil
		case tAnd, tAndNot:
			p.next()
			if k := p.peek().kind; len(nodes) == 0 || ends(k) {
				return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something on both sides", t.text)}
			}
			if t.kind == tAndNot {
				n, err := p.parseUnary(depth + 1)
				if err != nil {
					return nil, err
				}
				nodes = append(nodes, Not{Node: n})
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

// missing is the error for an operand missing before t.
func (p *parser) missing(t token) error {
	switch t.kind {
	case tOr, tAnd, tAndNot, tProx:
		return &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something on its left", t.text)}
	case tRParen:
		return &SyntaxError{Column: t.col, Msg: `empty group "()" or ")" without a matching "("`}
	}
	return &SyntaxError{Column: t.col, Msg: "expected a word, phrase or group before the end of the query"}
}

func (p *parser) parseUnary(depth int) (Node, error) {
	return p.parseUnaryWith(depth, func(depth int) (Node, error) { return p.parseTagged(depth, p.parseProx) })
}

// parseUnaryWith reads the exclusions and "+" before an operand, then the
// operand with operand (the syntaxes differ in what binds below "not").
func (p *parser) parseUnaryWith(depth int, operand func(depth int) (Node, error)) (Node, error) {
	if depth > MaxDepth {
		return nil, &SyntaxError{Column: p.peek().col, Msg: fmt.Sprintf("query nests deeper than %d levels", MaxDepth)}
	}
	t := p.peek()
	switch t.kind {
	case tNot:
		p.next()
		if ends(p.peek().kind) {
			return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something to exclude", t.text)}
		}
		n, err := p.parseUnaryWith(depth+1, operand)
		if err != nil {
			return nil, err
		}
		return Not{Node: n}, nil
	case tPlus:
		p.next()
		return p.parseUnaryWith(depth+1, operand)
	}
	return operand(depth)
}

// parseTagged reads atleastN, /fN/ or a field tag and what it applies to
// (read by operand), or else just the operand.
func (p *parser) parseTagged(depth int, operand func(int) (Node, error)) (Node, error) {
	t := p.peek()
	switch t.kind {
	case tField:
		return p.parseField(depth, operand, false)
	case tAtLeast, tFirst:
		p.next()
		if ends(p.peek().kind) {
			return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs a word, phrase or group on its right", t.text)}
		}
		n, err := operand(depth + 1)
		if err != nil {
			return nil, err
		}
		if t.kind == tFirst {
			if _, ok := n.(First); ok {
				return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q: one /fN/ is enough", t.text)}
			}
			return First{Node: n, Words: t.n}, nil
		}
		return atLeast(t, n)
	}
	return operand(depth)
}

// atLeast checks that atleastN applies to a word, prefix or phrase, as
// Factiva's does (no nesting).
func atLeast(t token, n Node) (Node, error) {
	switch n := n.(type) {
	case Term:
		if n.Field == "" {
			return AtLeast{Times: t.n, Node: n}, nil
		}
	case Phrase:
		if n.Field == "" && n.Slop == 0 {
			return AtLeast{Times: t.n, Node: n}, nil
		}
	}
	return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q counts one word, prefix or phrase in the whole article (no groups, fields or operators, as in Factiva); write %s a AND %s b", t.text, t.text, t.text)}
}

// parseProx reads operands joined by proximity operators, left to right
// ((a near5 b) same c), and a /fN/ written after them (turkey/f50/).
func (p *parser) parseProx(depth int) (Node, error) {
	left, err := p.parseAdjacent(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tProx {
		op := p.next()
		if left, err = p.near(depth, op, left, p.parseAdjacent); err != nil {
			return nil, err
		}
	}
	return p.postFirst(left)
}

// postFirst applies a /fN/ written after n.
func (p *parser) postFirst(n Node) (Node, error) {
	if t := p.peek(); t.kind == tFirst {
		p.next()
		if _, ok := n.(First); ok {
			return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q: one /fN/ is enough", t.text)}
		}
		return First{Node: n, Words: t.n}, nil
	}
	return n, nil
}

// near reads the right side of proximity operator op.
func (p *parser) near(depth int, op token, left Node, operand func(int) (Node, error)) (Node, error) {
	if ends(p.peek().kind) {
		return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%q needs a word, phrase or group on its right", op.text)}
	}
	right, err := operand(depth)
	if err != nil {
		return nil, err
	}
	// Nexis's tighter tags can put these under a proximity operator,
	// where they mean nothing.
	for _, n := range []Node{left, right} {
		switch n.(type) {
		case AtLeast, Lead, First:
			return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%q: a side of a proximity operator cannot be %v (atleastN, lp=, hlp= and /fN/ apply to a whole word, phrase or group)", op.text, n)}
		}
	}
	return Near{Left: left, Right: right, Within: op.n, Ordered: op.ordered, Scope: op.scope}, nil
}

// parseAdjacent reads an operand. In SyntaxFactiva and SyntaxNexis, bare
// words side by side are one: a phrase (bill clinton), or words joined by
// adj1 where a prefix or pattern is among them (intern* student).
func (p *parser) parseAdjacent(depth int) (Node, error) {
	if p.syntax == SyntaxNewsdesk {
		return p.parsePrimary(depth, true)
	}
	var run []token
	for p.peek().kind == tWord && !p.special() {
		run = append(run, p.next())
	}
	if len(run) == 0 {
		return p.parsePrimary(depth, true)
	}
	p.clauses += len(run)
	var parts []Node
	var words []string
	flush := func() {
		switch len(words) {
		case 0:
		case 1:
			parts = append(parts, Term{Text: words[0]})
		default:
			parts = append(parts, Phrase{Text: strings.Join(words, " ")})
		}
		words = nil
	}
	for _, t := range run {
		n, err := p.wordNode("", t)
		if err != nil {
			return nil, err
		}
		if w, ok := n.(Term); ok && !w.Prefix && !w.Pattern {
			words = append(words, w.Text)
			continue
		}
		flush()
		parts = append(parts, n)
	}
	flush()
	out := parts[0]
	for _, n := range parts[1:] {
		out = Near{Left: out, Right: n, Within: 1, Ordered: true, Scope: ScopeWords}
	}
	return out, nil
}

// special reports whether the next word starts a form of its own:
// date after 2017, caps(Turkey).
func (p *parser) special() bool {
	t, u := p.peek(), p.peekAt(1)
	switch strings.ToLower(t.text) {
	case "date":
		return u.kind == tWord && dateWords[strings.ToLower(u.text)]
	case "caps":
		return u.kind == tLParen && u.col == t.col+4
	}
	return false
}

// dateWords follow "date" in Factiva's date ranges.
var dateWords = map[string]bool{"after": true, "before": true, "from": true, "is": true, "on": true}

// parsePrimary reads a word, phrase, group, caps(), date range, or (as an
// operand of a proximity operator, operand set) a field-scoped one of them.
func (p *parser) parsePrimary(depth int, operand bool) (Node, error) {
	if t := p.peek(); t.kind == tWord && p.special() {
		if strings.EqualFold(t.text, "date") {
			return p.parseDate()
		}
		return p.parseCaps()
	}
	t := p.next()
	switch t.kind {
	case tLParen:
		if depth+1 > MaxDepth {
			return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("query nests deeper than %d levels", MaxDepth)}
		}
		var n Node
		var err error
		if p.syntax == SyntaxNexis {
			n, err = p.parseAndNot(depth + 1)
		} else {
			n, err = p.parseOr(depth + 1)
		}
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &SyntaxError{Column: t.col, Msg: `"(" is not closed`}
		}
		return n, nil
	case tWord:
		p.clauses++
		return p.wordNode("", t)
	case tPhrase:
		p.clauses++
		return Phrase{Text: t.text, Slop: t.slop}, nil
	case tField:
		p.pos--
		return p.parseField(depth, func(d int) (Node, error) { return p.parsePrimary(d, true) }, operand)
	case tAtLeast, tFirst:
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q applies to a whole word, phrase or group, not inside a proximity operator or field tag", t.text)}
	case tEOF, tRParen, tOr, tAnd, tAndNot, tProx:
		return nil, p.missing(t)
	}
	return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("unexpected %s", t)}
}

// parseDate reads Factiva's date after X, date before X, date is X (or on
// X) and date from X to Y. After and before leave X out, as Factiva's do;
// from X to Y includes both.
func (p *parser) parseDate() (Node, error) {
	d, kw := p.next(), p.next()
	what := strings.ToLower(kw.text)
	value := func() (token, error) {
		v := p.next()
		if v.kind != tWord && v.kind != tPhrase {
			return v, &SyntaxError{Column: d.col, Msg: fmt.Sprintf("%q needs a date, as in %s %s 2017-10", d.text+" "+kw.text, d.text, kw.text)}
		}
		return v, nil
	}
	p.clauses++
	v, err := value()
	if err != nil {
		return nil, err
	}
	r := Range{Field: "date", loColumn: v.col, column: v.col}
	switch what {
	case "after":
		r.Lo = v.text
	case "before":
		r.Hi = v.text
	case "is", "on":
		r.Lo, r.Hi, r.LoIncl, r.HiIncl = v.text, v.text, true, true
	case "from":
		to := p.next()
		if to.kind != tWord || !strings.EqualFold(to.text, "to") {
			return nil, &SyntaxError{Column: d.col, Msg: fmt.Sprintf("%q needs an end, as in date from 2017-01-01 to 2017-06-30", d.text+" "+kw.text+" "+v.text)}
		}
		hi, err := value()
		if err != nil {
			return nil, err
		}
		r.Lo, r.Hi, r.LoIncl, r.HiIncl, r.column = v.text, hi.text, true, true, hi.col
	}
	return r, nil
}

// parseCaps reads caps(Word).
func (p *parser) parseCaps() (Node, error) {
	c := p.next()
	p.next() // (
	w, closing := p.next(), p.next()
	if w.kind != tWord || closing.kind != tRParen {
		return nil, &SyntaxError{Column: c.col, Msg: fmt.Sprintf("%s() takes one word, as in caps(Turkey)", c.text)}
	}
	p.clauses++
	// The word is read as a bare word is, so that caps(Turk*) is a
	// prefix, not the word turk.
	n, err := p.wordNode("", w)
	if err != nil {
		return nil, err
	}
	t, ok := n.(Term)
	if !ok {
		return nil, &SyntaxError{Column: c.col, Msg: fmt.Sprintf("%s() takes one word, as in caps(Turkey)", c.text)}
	}
	return Caps{Text: t.Text, Prefix: t.Prefix, Pattern: t.Pattern}, nil
}

// wordNode reads a bare word: a word, a prefix (word*, Nexis's word!) or
// a pattern (wom?n, engineer$3; in Nexis a * inside a word is one
// character).
func (p *parser) wordNode(field string, t token) (Node, error) {
	text := t.text
	if p.syntax == SyntaxNexis && strings.Contains(strings.TrimRight(text, "*"), "*") {
		trail := len(text) - len(strings.TrimRight(text, "*"))
		text = strings.ReplaceAll(text[:len(text)-trail], "*", "?") + text[len(text)-trail:]
	}
	prefix := false
	if t := strings.TrimRight(text, "*!"); t != "" && t != text {
		text, prefix = t, true
	}
	stem, dollar := text, false
	if n := len(text); n >= 3 && text[n-2] == '$' && text[n-1] >= '1' && text[n-1] <= '9' && strings.ContainsFunc(text[:n-2], unicode.IsLetter) {
		stem, dollar = text[:n-2], true
	}
	question := strings.ContainsRune(stem, '?') && strings.ContainsFunc(stem, func(r rune) bool { return r != '?' })
	if !question && !dollar {
		return Term{Field: field, Text: text, Prefix: prefix}, nil
	}
	if prefix {
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q: a word with ? or $N cannot also end in * or !", t.text)}
	}
	if i := strings.IndexRune(stem, '?'); i == 0 {
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q: a wildcard needs letters before it, as in wom?n", t.text)}
	}
	if dollar && utf8.RuneCountInString(strings.ReplaceAll(stem, "?", "")) < 3 {
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q: $N needs at least 3 letters before it, as in engineer$3", t.text)}
	}
	return Term{Field: field, Text: text, Pattern: true}, nil
}

// parseField reads a field tag (field: or Factiva's field=) and what it
// applies to: a comparison, range or exact value, or else what operand
// reads, every unscoped word of which it scopes. Under a proximity
// operator (inOperand) lp= and hlp= are not accepted.
func (p *parser) parseField(depth int, operand func(int) (Node, error), inOperand bool) (Node, error) {
	f := p.next()
	if isLeadTag(f.text) {
		if inOperand {
			return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("%s= applies to a whole word, phrase or group, not inside a proximity operator", f.text)}
		}
		if ends(p.peek().kind) {
			return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("%q needs a value", f.text+"=")}
		}
		n, err := operand(depth + 1)
		if err != nil {
			return nil, err
		}
		return Lead{Node: n, Headline: f.text == "hlp"}, nil
	}
	field, ok := fieldAliases[f.text]
	if !ok {
		return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("unknown field %q; known fields: %s", f.text, knownFields())}
	}
	v := p.peek()
	switch {
	case v.kind == tCmp || v.kind == tExact || v.kind == tRange:
		return p.parseFieldValue(f, field)
	case (v.kind == tWord || v.kind == tPhrase) && isRangeField(field):
		return p.parseFieldValue(f, field)
	case ends(v.kind):
		return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("%q needs a value", f.text+":")}
	}
	n, err := operand(depth + 1)
	if err != nil {
		return nil, err
	}
	return scope(n, field), nil
}

// parseFieldValue reads a comparison, range or exact value of field, or a
// word or phrase of a range field.
func (p *parser) parseFieldValue(f token, field string) (Node, error) {
	v := p.next()
	p.clauses++
	switch v.kind {
	case tWord, tPhrase:
		return Range{Field: field, Lo: v.text, Hi: v.text, LoIncl: true, HiIncl: true, loColumn: v.col, column: v.col}, nil
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
	}
	// tRange
	if !isRangeField(field) {
		return nil, &SyntaxError{Column: v.col, Msg: fmt.Sprintf("%s: ranges work on date and word_count only", f.text)}
	}
	lo, hi, _ := strings.Cut(v.text[2:], "\x00")
	if lo == "*" {
		lo = ""
	}
	if hi == "*" {
		hi = ""
	}
	return Range{Field: field, Lo: lo, Hi: hi, LoIncl: v.text[0] == 'i', HiIncl: v.text[1] == 'i', loColumn: v.col, column: v.col}, nil
}

// Nexis's precedence (SyntaxNexis), loosest first: and not, and, w/p,
// w/s, w/N and pre/N, or; field tags, atleast and not bind to the operand
// they precede.

func (p *parser) parseAndNot(depth int) (Node, error) {
	left, err := p.parseAndN(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tAndNot {
		op := p.next()
		if ends(p.peek().kind) {
			return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%q needs something on both sides", op.text)}
		}
		right, err := p.parseAndN(depth + 1)
		if err != nil {
			return nil, err
		}
		if a, ok := left.(And); ok {
			left = append(a[:len(a):len(a)], Not{Node: right})
		} else {
			left = And{left, Not{Node: right}}
		}
	}
	return left, nil
}

func (p *parser) parseAndN(depth int) (Node, error) {
	if t := p.peek(); ends(t.kind) {
		return nil, p.missing(t)
	}
	first, err := p.parseProxN(depth, ScopeParagraph)
	if err != nil {
		return nil, err
	}
	nodes := []Node{first}
	for {
		t := p.peek()
		if t.kind == tAnd {
			p.next()
			if ends(p.peek().kind) {
				return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("%q needs something on both sides", t.text)}
			}
		} else if ends(t.kind) {
			break
		}
		n, err := p.parseProxN(depth, ScopeParagraph)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 1 {
		return first, nil
	}
	return And(nodes), nil
}

// parseProxN reads operands joined by the proximity operators of scope s
// (w/p, then w/s, then w/N and pre/N, tightest), each side read at the
// next tighter scope.
func (p *parser) parseProxN(depth int, s Scope) (Node, error) {
	operand := func(d int) (Node, error) { return p.parseProxN(d, s-1) }
	if s == ScopeWords {
		operand = p.parseOrN
	}
	left, err := operand(depth)
	if err != nil {
		return nil, err
	}
	for t := p.peek(); t.kind == tProx && t.scope == s; t = p.peek() {
		op := p.next()
		if left, err = p.near(depth, op, left, operand); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) parseOrN(depth int) (Node, error) { return p.parseOrWith(depth, p.parseUnaryN) }

func (p *parser) parseUnaryN(depth int) (Node, error) {
	return p.parseUnaryWith(depth, func(depth int) (Node, error) {
		n, err := p.parseTagged(depth, p.parseAdjacent)
		if err != nil {
			return nil, err
		}
		return p.postFirst(n)
	})
}

// scope applies field to every unscoped word, phrase and caps() of n, at
// any depth.
func scope(n Node, field string) Node {
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
	case Caps:
		if n.Field == "" {
			n.Field = field
		}
		return n
	case AtLeast:
		// atleastN counts in the whole article, as in Factiva, and its
		// word takes no field (parseAtLeast): a field tag leaves it as is.
		return n
	}
	return mapChildren(n, func(c Node) Node { return scope(c, field) })
}

// mapChildren returns n with f applied to each of its direct children: the
// one place that knows which nodes hold others, so that a rewrite of the
// tree reaches every operator.
func mapChildren(n Node, f func(Node) Node) Node {
	each := func(ns []Node) []Node {
		out := make([]Node, len(ns))
		for i, c := range ns {
			out[i] = f(c)
		}
		return out
	}
	switch n := n.(type) {
	case And:
		return And(each(n))
	case Or:
		return Or(each(n))
	case Not:
		return Not{Node: f(n.Node)}
	case Near:
		n.Left, n.Right = f(n.Left), f(n.Right)
		return n
	case AtLeast:
		n.Node = f(n.Node)
		return n
	case Lead:
		n.Node = f(n.Node)
		return n
	case First:
		n.Node = f(n.Node)
		return n
	}
	return n
}

// String methods render a parsed query in a canonical, fully bracketed
// form, for showing users how their query was read: Parse (in any syntax)
// reads it back as the same tree.

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
	// The lexer reads a phrase up to the next quote, with no escapes.
	s := `"` + p.Text + `"`
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

func (a And) String() string { return "(" + join(a, " AND ") + ")" }
func (o Or) String() string  { return "(" + join(o, " OR ") + ")" }
func (n Not) String() string { return fmt.Sprintf("NOT %v", n.Node) }

func (n Near) String() string {
	op := "same"
	switch {
	case n.Scope == ScopeSentence:
		op = "w/s"
	case n.Scope == ScopeWords && n.Ordered:
		op = "adj" + strconv.Itoa(n.Within)
	case n.Scope == ScopeWords:
		op = "near" + strconv.Itoa(n.Within)
	}
	return fmt.Sprintf("(%v %s %v)", n.Left, op, n.Right)
}

func (a AtLeast) String() string { return fmt.Sprintf("atleast%d %v", a.Times, a.Node) }

func (l Lead) String() string {
	if l.Headline {
		return fmt.Sprintf("hlp=%v", l.Node)
	}
	return fmt.Sprintf("lp=%v", l.Node)
}

func (f First) String() string { return fmt.Sprintf("/f%d/ %v", f.Words, f.Node) }

func (c Caps) String() string {
	s := "caps(" + Term{Text: c.Text, Prefix: c.Prefix, Pattern: c.Pattern}.String() + ")"
	if c.Field != "" {
		s = c.Field + ":" + s
	}
	return s
}

func join(ns []Node, sep string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, sep)
}
