package engine

import (
	"fmt"
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"
)

// Kept prefix expansions.
//
// A prefix search lists the dictionary entries its prefixes expand to up
// to three times: CheckExpansion counts them before the query runs, TopK
// lists them to search them (expandPrefixes), and Locate or RescoreTerms
// lists them again where TopK does not answer (expandWords). On a
// read-only index a prefix's entries never change, so a caching engine
// keeps them by (field, prefix): CheckExpansion's walk, when it reaches
// the end of a prefix's entries, keeps what it read, and every later
// listing of that prefix, in this search or the next, reads the kept
// entries instead of the dictionary.

// maxKeptExpansions bounds the dictionary entries kept, all prefixes
// together (about 40 bytes each, 5 MiB in all): thirteen prefixes of
// the query package's default cap of 10,000 terms, or hundreds of a few
// hundred terms each. Prefixes met once the bound is reached are read
// from the dictionary each time, as without a cache.
const maxKeptExpansions = 1 << 17

// keptExpansions holds the dictionary entries of prefixes, by field and
// prefix. The slices are never written again.
type keptExpansions struct {
	mu      sync.Mutex
	m       map[Term][]bindex.DictEntry
	entries int // kept in all
}

// keepsExpansions reports whether e keeps prefix expansions.
func (e *Engine) keepsExpansions() bool {
	return e.readOnly && e.cache != nil
}

// keptExpansion returns the kept entries of prefix p, and whether they are
// kept.
func (e *Engine) keptExpansion(p Term) ([]bindex.DictEntry, bool) {
	if !e.keepsExpansions() {
		return nil, false
	}
	ke := &e.cache.expansions
	ke.mu.Lock()
	defer ke.mu.Unlock()
	ents, ok := ke.m[p]
	return ents, ok
}

// keepExpansion keeps ents, every dictionary entry prefix p expands to.
func (e *Engine) keepExpansion(p Term, ents []bindex.DictEntry) {
	if !e.keepsExpansions() {
		return
	}
	ke := &e.cache.expansions
	ke.mu.Lock()
	defer ke.mu.Unlock()
	if _, ok := ke.m[p]; ok || ke.entries+len(ents) > maxKeptExpansions {
		return
	}
	if ke.m == nil {
		ke.m = map[Term][]bindex.DictEntry{}
	}
	ke.m[p] = ents
	ke.entries += len(ents)
}

// prefixEntries returns the entries of the dictionary of p.Field whose
// terms start with p.Term, with their counts over every segment (deleted
// documents included), as bleve's prefix query lists them: the kept ones
// when e keeps them, else read from r (and kept).
func (e *Engine) prefixEntries(r bindex.IndexReader, p Term) ([]bindex.DictEntry, error) {
	if ents, ok := e.keptExpansion(p); ok {
		return ents, nil
	}
	ents, _, err := readPrefixEntries(r, p, -1)
	if err != nil {
		return nil, err
	}
	e.keepExpansion(p, ents)
	return ents, nil
}

// countPrefix counts the dictionary entries of p.Field that start with
// p.Term, as CheckExpansion counts a prefix: it stops past limit, the
// count then limit+1. It counts the kept entries when e keeps them, and
// keeps what it read when it read them all.
func (e *Engine) countPrefix(r bindex.IndexReader, p Term, limit int) (int, error) {
	ents, ok := e.keptExpansion(p)
	if !ok {
		var whole bool
		var err error
		if ents, whole, err = readPrefixEntries(r, p, limit+1); err != nil {
			return 0, err
		}
		if whole {
			e.keepExpansion(p, ents)
		}
	}
	return min(len(ents), limit+1), nil
}

// readPrefixEntries reads from r the entries of the dictionary of p.Field
// whose terms start with p.Term, at most limit of them when limit is not
// negative; whole reports that it read every one.
func readPrefixEntries(r bindex.IndexReader, p Term, limit int) (_ []bindex.DictEntry, whole bool, _ error) {
	d, err := r.FieldDictPrefix(p.Field, []byte(p.Term))
	if err != nil {
		return nil, false, fmt.Errorf("expand %s:%s*: %w", p.Field, p.Term, err)
	}
	var out []bindex.DictEntry
	for limit < 0 || len(out) < limit {
		ent, err := d.Next()
		if err != nil {
			_ = d.Close()
			return nil, false, fmt.Errorf("expand %s:%s*: %w", p.Field, p.Term, err)
		}
		if ent == nil {
			whole = true
			break
		}
		out = append(out, *ent)
	}
	if err := d.Close(); err != nil {
		return nil, false, fmt.Errorf("expand %s:%s*: %w", p.Field, p.Term, err)
	}
	return out, whole, nil
}
