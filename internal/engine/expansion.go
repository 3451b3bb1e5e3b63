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
// all of them together and a repeated clause each time, and returns a
// *ExpansionError once the count passes MaxExpansion. It stops
// counting there, so a hostile query costs at most MaxExpansion dictionary
// entries. (Prefixes are the query language's only expanding clause.)
func (e *Engine) CheckExpansion(q bq.Query) error {
	if e.maxExpansion <= 0 {
		return nil
	}
	var prefixes []*bq.PrefixQuery
	collectPrefixes(q, &prefixes)
	if len(prefixes) == 0 {
		return nil
	}
	r, err := e.reader()
	if err != nil {
		return fmt.Errorf("count prefix terms: %w", err)
	}
	defer r.Close()
	n := 0
	for _, p := range prefixes {
		field := p.Field()
		if field == "" {
			field = e.b.Mapping().DefaultSearchField()
		}
		d, err := r.FieldDictPrefix(field, []byte(p.Prefix))
		if err != nil {
			return fmt.Errorf("count prefix terms of %s:%s*: %w", field, p.Prefix, err)
		}
		terms := 0
		for {
			ent, err := d.Next()
			if err != nil {
				_ = d.Close()
				return fmt.Errorf("count prefix terms of %s:%s*: %w", field, p.Prefix, err)
			}
			if ent == nil {
				break
			}
			if terms++; n+terms > e.maxExpansion {
				break
			}
		}
		// A prefix that matches no term is looked up as a term: one.
		if n += max(terms, 1); n > e.maxExpansion {
			_ = d.Close()
			return tooManyTerms(fmt.Sprintf("the query expands to more than %d index terms (the terms of all its prefixes word*, a repeated one each time)", e.maxExpansion))
		}
		if err := d.Close(); err != nil {
			return fmt.Errorf("count prefix terms: %w", err)
		}
	}
	return nil
}

// collectPrefixes appends the prefix clauses of q, repeats included.
func collectPrefixes(q bq.Query, out *[]*bq.PrefixQuery) {
	switch q := q.(type) {
	case *bq.PrefixQuery:
		*out = append(*out, q)
	case *bq.BooleanQuery:
		for _, c := range []bq.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if c != nil {
				collectPrefixes(c, out)
			}
		}
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			collectPrefixes(c, out)
		}
	case *bq.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			collectPrefixes(c, out)
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
