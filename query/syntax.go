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
	// SyntaxError is a query that cannot be parsed or built, with the
	// column it was found at.
	SyntaxError = querylang.SyntaxError
	// Period is a span of time named by a date written to some precision.
	Period = querylang.Period
)

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

// Parse parses q in the query language:
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
func Parse(q string) (Node, error) { return querylang.Parse(q) }

// ParseDate reads a date of the query language as the period it names:
// 2017, 2017-10, 2017-10-23 or an RFC 3339 instant.
func ParseDate(s string) (Period, error) { return querylang.ParseDate(s) }
