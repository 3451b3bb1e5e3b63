package engine

import (
	"strings"
	"sync"
)

// Counts over every article.
//
// A read-only index's articles never change, so neither do the facet
// counts of a search of every article (the landing page of a server, a
// timeline of the whole archive): on a million articles counting them
// over the duplicate groups costs a hundred milliseconds a search. A
// caching engine keeps them, per facet set and duplicate field, from the
// first search that counts them.

// maxAllCounts bounds the facet sets whose every-article counts are kept:
// a client asking for ever new sets (the facets in every order) keeps the
// first ones, and the others are counted each time, as without a cache.
const maxAllCounts = 64

// allCounts holds the counters of every article, by allCountsKey.
type allCounts struct {
	mu sync.Mutex
	m  map[string]*Counter
}

// allCountsKey names a facet set, in the order asked for (a counter lists
// its facets in that order), and a duplicate field.
func allCountsKey(facets []Facet, field string) string {
	var b strings.Builder
	b.WriteString(field)
	for _, f := range facets {
		b.WriteString("\x00")
		b.WriteString(f.Name)
		b.WriteString("\x01")
		b.WriteString(f.Field)
		b.WriteString("\x01")
		b.WriteString(f.Period)
	}
	return b.String()
}

// countAll returns the counts of facets and the duplicate groups on field
// over every article: count's, or on a caching engine those kept from an
// earlier call with the same facets and field. A kept counter is shared
// by concurrent searches: it is frozen first (its lazy orderings made
// once, nothing written afterwards).
func (e *Engine) countAll(facets []Facet, field string, count func() (*Counter, error)) (*Counter, error) {
	if !e.readOnly || e.cache == nil {
		return count()
	}
	ac := &e.cache.all
	key := allCountsKey(facets, field)
	ac.mu.Lock()
	c := ac.m[key]
	ac.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := count()
	if err != nil || c == nil {
		return c, err
	}
	c.freeze()
	ac.mu.Lock()
	defer ac.mu.Unlock()
	if kept := ac.m[key]; kept != nil {
		return kept, nil // counted meanwhile by another search: the same counts
	}
	if len(ac.m) < maxAllCounts {
		if ac.m == nil {
			ac.m = map[string]*Counter{}
		}
		ac.m[key] = c
	}
	return c, nil
}

// freeze makes c safe to read from several goroutines: the facets counted
// from ordinal columns are put in order now, and Values no longer keeps
// the maps it makes.
func (c *Counter) freeze() {
	for _, cc := range c.columns {
		cc.all()
	}
	c.frozen = true
}

// AllCountsKept is the number of facet sets (with their duplicate field)
// whose counts over every article the cache keeps.
func (c *Caches) AllCountsKept() int {
	c.all.mu.Lock()
	defer c.all.mu.Unlock()
	return len(c.all.m)
}
