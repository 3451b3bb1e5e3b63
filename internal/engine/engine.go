// Package engine is newsdesk's search engine under the query API: it reads
// bleve's scorch index below bleve's public search API (segments, posting
// lists, doc values), re-ranks hits with textbook BM25, counts facets and
// duplicate groups, and keeps the per-segment bitmaps a long-lived searcher
// reuses. It is the only package of newsdesk that imports scorch or
// bleve_index_api; it knows bleve and the index's field names
// (internal/schema), not the index or query packages.
package engine

import (
	"github.com/blevesearch/bleve/v2"
)

// Caches holds what an engine keeps across searches of a read-only index:
// the articles that share a duplicate key, per-segment bitmaps of facet
// values, the facet counts over every article, the documents of the
// clauses TopK scans and the dictionary entries of prefixes, each built on
// first use, and the token counts of the articles re-scored so far. The
// zero value is empty; a Caches must not be copied once used.
type Caches struct {
	shared  sharedKeys
	bitmaps facetBitmaps
	values  hitValues
	all     allCounts
	clauses keptClauses
	// expansions are the dictionary entries of prefixes (prefixcache.go).
	expansions keptExpansions
}

// Config says how an Engine searches.
type Config struct {
	// ReadOnly says the index cannot change while open: what is derived
	// from it can be cached, and hits' internal ids address the reader.
	ReadOnly bool
	// ArticleKind says the index's articles carry kind:article (see
	// HasArticleKind).
	ArticleKind bool
	// MaxExpansion caps the index terms the prefixes of one query may
	// expand to (see CheckExpansion); 0 means no cap.
	MaxExpansion int
	// Cache, when set on a read-only index, keeps what later searches
	// reuse.
	Cache *Caches
	// Boost weights a match in a field when hits are re-scored, as the
	// query language weights unscoped words; nil weights every field 1.
	Boost func(field string) float64
	// Dir is the index folder. A read-only engine keeps there, in a file,
	// what it derives once per state of the index and every process would
	// derive again (the articles that share a duplicate key); "" keeps
	// nothing.
	Dir string
	// MaxBitmapValues caps the values of a keyword facet field the cache
	// keeps a bitmap per value for; a field with more (names, speakers)
	// is kept as a column of value ordinals per article instead. 0 means
	// 1024. It must be the same for every engine sharing a Cache.
	MaxBitmapValues int
}

// Engine runs the passes of searches on one bleve index. It is cheap to
// make: what lasts between searches is in Config.Cache.
type Engine struct {
	b            bleve.Index
	readOnly     bool
	articleKind  bool
	maxExpansion int
	cache        *Caches // nil: nothing is cached
	boost        func(string) float64
	maxBitmaps   int // see Config.MaxBitmapValues
	dir          string
}

// New returns an engine over b.
func New(b bleve.Index, cfg Config) *Engine {
	e := &Engine{b: b, readOnly: cfg.ReadOnly, articleKind: cfg.ArticleKind, maxExpansion: cfg.MaxExpansion, boost: cfg.Boost, maxBitmaps: cfg.MaxBitmapValues}
	if e.maxBitmaps <= 0 {
		e.maxBitmaps = maxBitmapValues
	}
	if cfg.ReadOnly {
		e.cache, e.dir = cfg.Cache, cfg.Dir
	}
	return e
}
