package engine

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// Prefix words (econom*).
//
// A prefix stands for every index term of its field that starts with it,
// as bleve's prefix query expands it: the terms of the field's dictionary
// (the index reader's, over every segment). querylang searches a prefix
// in each of a word's fields, and in a stemmed field as typed and as its
// stem too (turkey* is turkei* or turkey*): the word matches where any of
// those terms does.
//
// How a prefix word scores is what bleve's term locations make Rescore
// give it: the sum, over the distinct (field, term) pairs of its
// expansions that a document holds, of their textbook BM25 parts, each
// with its own document frequency, frequency and field length, exactly
// as if each expanded term were a plain word of the query. A term that
// two prefixes of the word, or a prefix and a plain word, both reach
// counts once. So:
//
//   - in TopK a prefix word is a topkWord whose terms are its expansions:
//     its match set is the union of their postings, and MaxScore bounds
//     each term as it bounds a plain word's (expandPrefixes);
//   - where bleve ranks (a query TopK declines, such as one with OR),
//     the search runs without term locations and RescoreTerms scores the
//     window from the expansions' postings, and Locate gives the shown
//     hits the locations of every expanded term (expandWords).

// addPrefixWord adds to tq the word whose clauses are qs, each a prefix
// query on a field with term locations; false when a clause is anything
// else. Its terms are added by expandPrefixes.
func (tq *topkQuery) addPrefixWord(qs []bq.Query) bool {
	var prefixes []Term
	for _, c := range qs {
		p, ok := c.(*bq.PrefixQuery)
		if !ok || p.FieldVal == "" || p.Prefix == "" || schema.AnalyzerFor(p.FieldVal) == keyword.Name {
			return false // keyword fields have no locations: scored apart
		}
		prefixes = append(prefixes, Term{Field: p.FieldVal, Term: p.Prefix})
	}
	if len(prefixes) == 0 {
		return false
	}
	if tq.prefixes == nil {
		tq.prefixes = map[int][]Term{}
	}
	tq.prefixes[len(tq.words)] = prefixes
	tq.words = append(tq.words, nil)
	return true
}

// isPrefixWord reports whether q is a word of prefixes: a disjunction of
// prefix queries, as querylang builds word*.
func isPrefixWord(q *bq.DisjunctionQuery) bool {
	if len(q.Disjuncts) == 0 {
		return false
	}
	for _, c := range q.Disjuncts {
		if _, ok := c.(*bq.PrefixQuery); !ok {
			return false
		}
	}
	return true
}

// expandPrefixes gives each prefix word of tq its terms: every (field,
// expanded term) of its prefixes, as r's field dictionaries list them. It
// reports false, expanding nothing more, once the prefixes expand to more
// than limit terms in all (when limit is positive; counted as
// CheckExpansion counts them): bleve's search then refuses the query as
// it did before TopK answered prefixes.
func (tq *topkQuery) expandPrefixes(r bindex.IndexReader, limit int) (bool, error) {
	n := 0
	for wi, prefixes := range tq.prefixes {
		for _, p := range prefixes {
			terms, err := expandPrefix(r, p)
			if err != nil {
				return false, fmt.Errorf("top k: %w", err)
			}
			// A prefix that matches no term is looked up as a term: one.
			if n += max(len(terms), 1); limit > 0 && n > limit {
				return false, nil
			}
			for _, t := range terms {
				tq.words[wi] = append(tq.words[wi], Term{Field: p.Field, Term: t})
			}
		}
	}
	return true, nil
}

// expandPrefix returns the index terms of p.Field that start with p.Term.
func expandPrefix(r bindex.IndexReader, p Term) ([]string, error) {
	return expandSpanTerm(r, p.Field, SpanTerm{Term: p.Term, Match: MatchPrefix}, 0, nil)
}

// expandWords returns words with its prefixes replaced by the index terms
// they expand to in r, added to its plain words, each term once.
func expandWords(r bindex.IndexReader, words Words) (Words, error) {
	if len(words.Prefixes) == 0 {
		return words, nil
	}
	out := Words{Phrases: words.Phrases}
	seen := make(map[Term]bool, len(words.Terms))
	add := func(t Term) {
		if !seen[t] {
			seen[t] = true
			out.Terms = append(out.Terms, t)
		}
	}
	for _, t := range words.Terms {
		add(t)
	}
	for _, p := range words.Prefixes {
		terms, err := expandPrefix(r, p)
		if err != nil {
			return Words{}, err
		}
		for _, t := range terms {
			add(Term{Field: p.Field, Term: t})
		}
	}
	return out, nil
}
