package engine

// Positional queries: proximity (near, adj, w/N, pre/N), scope (same
// paragraph, same sentence), position (lead paragraphs, first N words) and
// frequency (atleastN), the operators of Factiva and Nexis search strings.
//
// They are bleve queries whose searchers read term positions inside the
// index, so totals, facets, timelines and paging stay exact. Paragraph and
// sentence boundaries are index terms of their own (schema.ParagraphMark,
// schema.SentenceMark), at the position of the first word after each
// boundary, so "same paragraph" is "no paragraph mark between the two
// spans". Capitalised words have one mark term too (schema.CapsMark), at
// the word's own position (SpanTerm.Caps).
//
// Positions are bleve's token positions: 1 for a field's first word,
// counting the stop words the analyzer drops, so "within 5 words" counts
// every word of the text.

// SpanQuery matches the documents in which Span matches in one of Fields,
// each field on its own (a span never runs from the headline into the
// body). On each hit it leaves the term locations of the spans that
// matched and no others, so highlighting marks what satisfied the query.
type SpanQuery struct {
	Span     Span
	Fields   []string // analysed text fields with term vectors
	BoostVal float64
}

// Span is a node of a positional query. Each matches at spans of positions
// [start, end] of a field.
type Span interface{ isSpan() }

// SpanWords matches where any of its alternatives occurs. An alternative is
// a word (one SpanTerm), a phrase (several, at their offsets) or the
// expansions of a prefix or wildcard (one SpanTerm with Match set); an OR
// group of them is several alternatives.
type SpanWords struct {
	Alternatives [][]SpanTerm
}

// TermMatch says how a SpanTerm's Term is compared with index terms.
type TermMatch int

const (
	// MatchExact: the index term equals Term (already analysed).
	MatchExact TermMatch = iota
	// MatchPrefix: index terms that start with Term (word*, Nexis word!).
	MatchPrefix
	// MatchPattern: Term is a pattern in which '?' stands for exactly one
	// character and a trailing "$N" for up to N more (Factiva's wom?n,
	// engineer$3); expansions are capped as prefixes are.
	MatchPattern
)

// SpanTerm is one word of an alternative: its index term (or pattern) and
// its offset in positions from the alternative's first word (a phrase
// "state of iraq" is state+0, iraq+2: stop words keep their positions).
//
// With Caps set the word matches only at positions where the caps mark
// (schema.CapsMark) also stands: where it was written with a capital
// first letter (caps(Turkey) is Term turkei with Caps). A prefix or
// pattern with Caps matches its expansions at such positions. An index
// without caps marks has no such positions, so the word never matches.
type SpanTerm struct {
	Term   string
	Offset int
	Match  TermMatch
	Caps   bool
}

// Scope is what a SpanNear requires of its two sides.
type Scope int

const (
	// ScopeWords: the sides are at most Within positions apart.
	ScopeWords Scope = iota
	// ScopeSentence: no sentence boundary between the sides (w/s).
	ScopeSentence
	// ScopeParagraph: no paragraph boundary between the sides (same, w/p).
	ScopeParagraph
)

// SpanNear matches where a span of Left and a span of Right occur together:
// with ScopeWords, Right's start is at most Within positions after Left's
// end (a near5 b: "b" is at most the fifth word after "a"; adjacent words
// are 1 apart), or, unless Ordered, Left's start at most Within after
// Right's end; with ScopeSentence or ScopeParagraph, in the same sentence
// or paragraph, in either order. The match is the span from the first
// start to the last end, so nested operators (a near5 b) near10 c measure
// from the whole pair.
type SpanNear struct {
	Left, Right Span
	Within      int
	Ordered     bool
	Scope       Scope
}

// SpanFirst matches Span's spans that end within the first Words positions
// of the field (Factiva's /fN/).
type SpanFirst struct {
	Span  Span
	Words int
}

// SpanLead matches Span's spans that lie within the field's first
// Paragraphs paragraphs (Factiva's lp=, the lead: 2 paragraphs).
type SpanLead struct {
	Span       Span
	Paragraphs int
}

func (SpanWords) isSpan() {}
func (SpanNear) isSpan()  {}
func (SpanFirst) isSpan() {}
func (SpanLead) isSpan()  {}

// AtLeastQuery matches the documents in which Words occurs at least Times
// times, counting its occurrences in all of Fields together (Factiva's
// atleast3 sanctions). Its hits carry the locations of every occurrence.
type AtLeastQuery struct {
	Words    SpanWords
	Times    int
	Fields   []string
	BoostVal float64
}
