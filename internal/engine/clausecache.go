package engine

import (
	"encoding/json"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// Kept clause bitmaps.
//
// TopK reads a clause that does not score and is not one term (a phrase
// of a source's name, a date range, a negation) by scanning it: on a
// million articles a filter of the commonest source visits and checks
// the word positions of its 290,000 articles, most of a second, at every
// search that names it. On a read-only index a clause's documents never
// change, so a caching engine keeps the bitmaps of the clauses it has
// scanned whole, by the clause's JSON form, as Lucene's query cache keeps
// its filters: the next search that filters by the same source or dates
// intersects them. A clause that the words narrow to a few documents is
// read at those alone the first time, and kept only when it comes again
// (Lucene's caching policy also waits for a filter to recur): a rare
// word with a common filter does not pay for the whole filter once.

// maxKeptClauses bounds the clauses kept; later ones are scanned each
// time, as without a cache.
const maxKeptClauses = 256

// keptClauses holds the documents of scanned clauses, per segment.
type keptClauses struct {
	mu sync.Mutex
	m  map[string][]*roaring.Bitmap
	// seen holds the clauses read at the word matches only, so far.
	seen map[string]bool
}

// maxSeenClauses bounds the clauses remembered as seen.
const maxSeenClauses = 4096

// clauseKey is the JSON form of q, or "" (nothing is then kept) when q
// has none or holds a query whose JSON may not tell it from another: a
// type not listed in faithfulJSON (one with unexported state marshals to
// less than it searches for).
func clauseKey(q bq.Query) string {
	if !faithfulJSON(q) {
		return ""
	}
	b, err := json.Marshal(q)
	if err != nil {
		return ""
	}
	return string(b)
}

// faithfulJSON reports whether q and every query in it are of types whose
// JSON holds all they search for, each under keys no other type uses:
// bleve's own (its JSON is parsed back into queries) and this package's
// positional queries (exported fields only, of distinct names).
func faithfulJSON(q bq.Query) bool {
	switch q := q.(type) {
	case *bq.BooleanQuery:
		for _, c := range []bq.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if c != nil && !faithfulJSON(c) {
				return false
			}
		}
		return true
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !faithfulJSON(c) {
				return false
			}
		}
		return true
	case *bq.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			if !faithfulJSON(c) {
				return false
			}
		}
		return true
	case *bq.TermQuery, *bq.MatchQuery, *bq.MatchPhraseQuery, *bq.PhraseQuery,
		*bq.MultiPhraseQuery, *bq.DateRangeQuery, *bq.NumericRangeQuery,
		*bq.TermRangeQuery, *bq.PrefixQuery, *bq.WildcardQuery,
		*bq.MatchAllQuery, *bq.MatchNoneQuery, *bq.DocIDQuery,
		*NearQuery, *SpanQuery, *AtLeastQuery:
		return true
	}
	return false
}

// keptClause returns the bitmaps kept for clause key, or nil.
func (e *Engine) keptClause(key string) []*roaring.Bitmap {
	if key == "" || !e.readOnly || e.cache == nil {
		return nil
	}
	kc := &e.cache.clauses
	kc.mu.Lock()
	defer kc.mu.Unlock()
	return kc.m[key]
}

// clauseAgain reports whether clause key was seen before (and is worth
// scanning whole, to keep), and notes it as seen.
func (e *Engine) clauseAgain(key string) bool {
	if key == "" || !e.readOnly || e.cache == nil {
		return false
	}
	kc := &e.cache.clauses
	kc.mu.Lock()
	defer kc.mu.Unlock()
	if kc.seen[key] {
		return len(kc.m) < maxKeptClauses
	}
	if kc.seen == nil {
		kc.seen = map[string]bool{}
	}
	if len(kc.seen) < maxSeenClauses {
		kc.seen[key] = true
	}
	return false
}

// keepClause keeps the bitmaps of clause key, which hold every document
// it matches in each segment. They are never written again.
func (e *Engine) keepClause(key string, bms []*roaring.Bitmap) {
	if key == "" || !e.readOnly || e.cache == nil {
		return
	}
	kc := &e.cache.clauses
	kc.mu.Lock()
	defer kc.mu.Unlock()
	if kc.m == nil {
		kc.m = map[string][]*roaring.Bitmap{}
	}
	if _, ok := kc.m[key]; !ok && len(kc.m) < maxKeptClauses {
		for _, bm := range bms {
			bm.RunOptimize()
		}
		kc.m[key] = bms
	}
}

// ClausesKept is the number of clauses whose documents the cache keeps
// (see TopK).
func (c *Caches) ClausesKept() int {
	c.clauses.mu.Lock()
	defer c.clauses.mu.Unlock()
	return len(c.clauses.m)
}
