package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// A prefix (word*) searches every index term it expands to, each with its
// own term searcher: the cost of a query grows with the terms its prefixes
// expand to, all prefix clauses together, a repeated clause once per
// repeat ("a* OR a* OR …" 250 times was 733,500 term searchers on
// Reuters-21578, over 10 s). Two limits keep that bounded:
//
//   - checkExpansion counts the terms every prefix clause of a compiled
//     query expands to, in the term dictionaries, before anything is
//     searched, and refuses the query past MaxExpansion;
//   - bleve's own count of the term searchers it builds (the context key
//     MaxTermSearchersKey) is a backstop for everything else a query looks
//     up (words, phrases, date ranges): termLimit of them per search.
//
// bleve counts only within SearchInContext; a pass that builds a searcher
// itself (scan.go) installs the counter with limitTerms.

// termLimit is the backstop on the term searchers one search may build:
// the prefixes' MaxExpansion and as many again for the rest of the query,
// so that a query checkExpansion accepts is never refused half-way (the
// derived searches of duplicates and cursor paging add a term, and bleve
// builds a few more searchers without scores than with them).
func (e *Engine) termLimit() int {
	return 2 * e.maxExpansion
}

// limitTerms returns ctx with the term searchers of a search capped at
// termLimit; counter also installs bleve's count, which only
// SearchInContext does by itself.
func (e *Engine) limitTerms(ctx context.Context, counter bool) context.Context {
	if e.maxExpansion <= 0 {
		return ctx
	}
	ctx = context.WithValue(ctx, search.MaxTermSearchersKey, e.termLimit())
	if counter {
		ctx = search.ContextWithTermSearchersCounter(ctx)
	}
	return ctx
}

// CheckExpansion counts the index terms the prefix clauses of q expand to,
// and the prefixes and patterns (wom?n, engineer$3) of its positional
// queries (SpanQuery, AtLeastQuery) in each of their fields, all of them
// together and a repeated clause each time, and returns a *ExpansionError
// once the count passes MaxExpansion. It stops counting there, so a
// hostile query costs at most MaxExpansion matching dictionary entries.
func (e *Engine) CheckExpansion(q bq.Query) error {
	if e.maxExpansion <= 0 {
		return nil
	}
	var terms []fieldSpanTerm
	collectExpansions(q, e.b.Mapping().DefaultSearchField(), &terms)
	if len(terms) == 0 {
		return nil
	}
	r, err := e.reader()
	if err != nil {
		return fmt.Errorf("count prefix terms: %w", err)
	}
	defer r.Close()
	n := 0
	for _, t := range terms {
		count := 0
		if t.term.Match == MatchPrefix && t.term.Term != "" {
			// Listed as TopK lists it, so that a caching engine keeps it.
			if count, err = e.countPrefix(r, Term{Field: t.field, Term: t.term.Term}, e.maxExpansion-n); err != nil {
				return fmt.Errorf("count prefix terms: %w", err)
			}
		} else if _, err := expandSpanTerm(r, t.field, t.term, e.maxExpansion-n, &count); err != nil {
			return fmt.Errorf("count prefix terms: %w", err)
		}
		// A prefix that matches no term is looked up as a term: one.
		if n += max(count, 1); n > e.maxExpansion {
			return tooManyTerms(fmt.Sprintf("the query expands to more than %d index terms (the terms of all its prefixes word* and wildcards, a repeated one each time)", e.maxExpansion))
		}
	}
	return nil
}

// fieldSpanTerm is an expanding term of a query in one field.
type fieldSpanTerm struct {
	field string
	term  SpanTerm
}

// collectExpansions appends the expanding terms of q, repeats included: its
// prefix clauses, and the prefixes and patterns of its positional queries
// once per field they search.
func collectExpansions(q bq.Query, defaultField string, out *[]fieldSpanTerm) {
	fieldsOr := func(fields []string) []string {
		if len(fields) == 0 {
			return []string{defaultField}
		}
		return fields
	}
	switch q := q.(type) {
	case *bq.PrefixQuery:
		field := q.Field()
		if field == "" {
			field = defaultField
		}
		*out = append(*out, fieldSpanTerm{field, SpanTerm{Term: q.Prefix, Match: MatchPrefix}})
	case *SpanQuery:
		var leaves []SpanWords
		collectLeaves(q.Span, &leaves)
		appendLeafExpansions(leaves, fieldsOr(q.Fields), out)
	case *AtLeastQuery:
		appendLeafExpansions([]SpanWords{q.Words}, fieldsOr(q.Fields), out)
	case *bq.BooleanQuery:
		for _, c := range []bq.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if c != nil {
				collectExpansions(c, defaultField, out)
			}
		}
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			collectExpansions(c, defaultField, out)
		}
	case *bq.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			collectExpansions(c, defaultField, out)
		}
	}
}

func appendLeafExpansions(leaves []SpanWords, fields []string, out *[]fieldSpanTerm) {
	for _, f := range fields {
		for _, w := range leaves {
			for _, alt := range w.Alternatives {
				for _, t := range alt {
					if t.Match != MatchExact {
						*out = append(*out, fieldSpanTerm{f, t})
					}
				}
			}
		}
	}
}

// collectLeaves appends the SpanWords of a span tree, pointers or not.
func collectLeaves(s Span, out *[]SpanWords) {
	switch s := s.(type) {
	case SpanWords:
		*out = append(*out, s)
	case *SpanWords:
		if s != nil {
			*out = append(*out, *s)
		}
	case SpanNear:
		collectLeaves(s.Left, out)
		collectLeaves(s.Right, out)
	case *SpanNear:
		if s != nil {
			collectLeaves(s.Left, out)
			collectLeaves(s.Right, out)
		}
	case SpanFirst:
		collectLeaves(s.Span, out)
	case *SpanFirst:
		if s != nil {
			collectLeaves(s.Span, out)
		}
	case SpanLead:
		collectLeaves(s.Span, out)
	case *SpanLead:
		if s != nil {
			collectLeaves(s.Span, out)
		}
	}
}

// ExpansionError is the error of a query that expands to too many index
// terms: the query's fault, not the index's (a 400 over HTTP).
type ExpansionError struct{ Msg string }

func (e *ExpansionError) Error() string { return e.Msg }

// tooManyTerms is the error of a query that expands too far.
func tooManyTerms(what string) error {
	return &ExpansionError{Msg: what + "; make prefixes (word*) longer or the query narrower"}
}

// expansionError turns bleve's error for a search that builds more term
// searchers than allowed into the *ExpansionError every such query gets,
// whichever pass of which request it stopped; other errors are returned
// as they are. Every search and scan of a user query goes through it.
func expansionError(err error, limit int) error {
	if err != nil && (strings.Contains(err.Error(), "TooManyTermSearchers") || strings.Contains(err.Error(), "TooManyClauses")) {
		return tooManyTerms(fmt.Sprintf("the query looks up more than %d index terms", limit))
	}
	return err
}

// Search runs br, a search of a user query, with its term searchers
// capped: a query that expands too far is an *ExpansionError; other errors
// are wrapped with what.
func (e *Engine) Search(ctx context.Context, br *bleve.SearchRequest, what string) (*bleve.SearchResult, error) {
	res, err := e.b.SearchInContext(e.limitTerms(ctx, false), br)
	if err != nil {
		if re := expansionError(err, e.termLimit()); re != err {
			return nil, re
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return res, nil
}
