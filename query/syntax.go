package query

import "github.com/newsdesk/newsdesk/internal/querylang"

// The query language. Its parser and builder live in internal/querylang;
// these are the parts an embedder uses: Parse and the tree it returns.
type (
	// Node is a node of a parsed query: Term, Phrase, Exact, Range, And, Or
	// or Not.
	Node = querylang.Node
	// Term is a word, or a prefix (Prefix: word*), in a field or unscoped.
	Term = querylang.Term
	// Phrase is a quoted phrase; Slop > 0 is a proximity search
	// ("a b"~5).
	Phrase = querylang.Phrase
	// Exact is a keyword field's exact whole value (source:="The Times").
	Exact = querylang.Exact
	// Range is a range of dates or word counts.
	Range = querylang.Range
	// And matches what all its nodes match.
	And = querylang.And
	// Or matches what any of its nodes matches.
	Or = querylang.Or
	// Not matches what its node does not.
	Not = querylang.Not
	// Near matches two sides close together: near5, adj3, w/5, pre/3,
	// same (w/p), w/s.
	Near = querylang.Near
	// Scope is what a Near requires: ScopeWords, ScopeSentence or
	// ScopeParagraph.
	Scope = querylang.Scope
	// AtLeast matches a word that occurs at least Times times (atleast3).
	AtLeast = querylang.AtLeast
	// Lead matches in the lead paragraphs (lp=), or the headline too (hlp=).
	Lead = querylang.Lead
	// First matches in the headline or the body's first Words words (/f50/).
	First = querylang.First
	// Caps matches only the capitalised form of a word (caps(Turkey)).
	Caps = querylang.Caps
	// Syntax is how a query is read where Factiva and Nexis disagree.
	Syntax = querylang.Syntax
	// SyntaxError is a query that cannot be parsed or built, with the
	// column it was found at.
	SyntaxError = querylang.SyntaxError
	// Period is a span of time named by a date written to some precision.
	Period = querylang.Period
)

// The syntaxes a query can be read in (see Syntax and the query
// language's documentation, docs/query-language.md).
const (
	SyntaxNewsdesk = querylang.SyntaxNewsdesk // Factiva's precedence, AND between bare words (the default)
	SyntaxFactiva  = querylang.SyntaxFactiva  // Factiva's precedence, bare words side by side a phrase
	SyntaxNexis    = querylang.SyntaxNexis    // Nexis's precedence, bare words side by side a phrase
)

// The scopes of a Near.
const (
	ScopeWords     = querylang.ScopeWords
	ScopeSentence  = querylang.ScopeSentence
	ScopeParagraph = querylang.ScopeParagraph
)

// SyntaxNames are the names ParseSyntaxName reads.
var SyntaxNames = querylang.SyntaxNames

// ParseSyntaxName reads a syntax's name (newsdesk, factiva, nexis; "" is
// newsdesk).
func ParseSyntaxName(name string) (Syntax, error) { return querylang.ParseSyntaxName(name) }

// Explain renders a parsed query as an indented tree, one node a line
// (newsdesk search --explain).
func Explain(n Node) string { return querylang.Explain(n) }

// ParseAs parses q read in syntax s.
func ParseAs(q string, s Syntax) (Node, error) { return querylang.ParseAs(q, s) }

// Limits that keep a hostile query from costing more than a page of typing.
const (
	MaxQueryLength = querylang.MaxQueryLength // bytes
	MaxClauses     = querylang.MaxClauses     // words, phrases and ranges
	MaxDepth       = querylang.MaxDepth       // nested parentheses and negations
)

// ErrQuoteScope is wrapped by the error for a quotation search whose query
// scopes words to a field: quotation searches have only the quotations'
// words.
var ErrQuoteScope = querylang.ErrQuoteScope

// Parse parses q in the query language, in its default syntax
// (SyntaxNewsdesk): words (AND between them), OR, NOT, phrases, groups,
// fields (headline:turkey, hd=turkey), ranges (date:>=2017, wc>300,
// date after 2017-10), prefixes and wildcards (return*, wom?n,
// engineer$3), and the positional operators of Factiva and Nexis (near5,
// adj3, w/5, pre/3, same, w/s, atleast3, hlp=, lp=, /f50/, caps()). The
// query language's Parse documents each; an empty query returns nil.
func Parse(q string) (Node, error) { return querylang.Parse(q) }

// ParseDate reads a date of the query language as the period it names:
// 2017, 2017-10, 2017-10-23 or an RFC 3339 instant.
func ParseDate(s string) (Period, error) { return querylang.ParseDate(s) }
