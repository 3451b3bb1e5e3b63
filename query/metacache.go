package query

import (
	"sync"

	"github.com/newsdesk/newsdesk/internal/engine"
)

// maxCachedArticles bounds the articles whose decoded metadata a caching
// searcher keeps: a few hundred bytes each, so tens of megabytes at most.
// Past it the cache starts over, which keeps the articles asked for since.
const maxCachedArticles = 100_000

// metaCache keeps the decoded stored metadata of articles, by id, for a
// caching searcher on a read-only index (Searcher.Cache): inflating and
// scanning an article's metadata (schema.DecodeMeta) is a quarter of what
// a plain search costs, and a server shows the same articles again and
// again. An article's metadata never changes on a read-only index, so a
// kept one is what decoding it again would give.
type metaCache struct {
	mu sync.RWMutex
	// limit is the most articles each map keeps; 0 means
	// maxCachedArticles (tests lower it).
	limit int
	// summaries are what a hit shows (engine.SummaryFromFields).
	summaries map[string]engine.Summary
	// quoted are a quotation hit's article (engine.QuotesFromFields).
	quoted map[string]*quotedArticle
}

// max is the most articles each map keeps.
func (c *metaCache) max() int {
	if c.limit > 0 {
		return c.limit
	}
	return maxCachedArticles
}

// cachesMeta says the searcher keeps decoded metadata: it caches, and its
// index cannot change under it.
func (s *Searcher) cachesMeta() bool { return s.Cache && s.ix.ReadOnly() }

// summaryOf returns the Summary of the article of the stored fields of a
// hit with that id.
func (s *Searcher) summaryOf(id string, fields map[string]interface{}) (engine.Summary, error) {
	if !s.cachesMeta() {
		return engine.SummaryFromFields(fields)
	}
	c := &s.meta
	c.mu.RLock()
	sum, ok := c.summaries[id]
	c.mu.RUnlock()
	if ok {
		return sum, nil
	}
	sum, err := engine.SummaryFromFields(fields)
	if err != nil {
		return engine.Summary{}, err
	}
	c.mu.Lock()
	if c.summaries == nil || len(c.summaries) >= c.max() {
		c.summaries = map[string]engine.Summary{}
	}
	c.summaries[id] = sum
	c.mu.Unlock()
	return sum, nil
}

// quotedArticles returns the kept quotation articles of ids, and the ids
// it does not keep. The articles are shared by every request that shows
// them: nothing writes to one after it is decoded.
func (s *Searcher) quotedArticles(ids []string) (map[string]*quotedArticle, []string) {
	out := make(map[string]*quotedArticle, len(ids))
	if !s.cachesMeta() {
		return out, ids
	}
	var missing []string
	c := &s.meta
	c.mu.RLock()
	for _, id := range ids {
		if a, ok := c.quoted[id]; ok {
			out[id] = a
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.RUnlock()
	return out, missing
}

// keepQuoted keeps the quotation articles of loaded, read from the index.
func (s *Searcher) keepQuoted(loaded map[string]*quotedArticle) {
	if !s.cachesMeta() || len(loaded) == 0 {
		return
	}
	c := &s.meta
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, a := range loaded {
		if c.quoted == nil || len(c.quoted) >= c.max() {
			c.quoted = map[string]*quotedArticle{}
		}
		c.quoted[id] = a
	}
}

// quotedArticleOf builds what a quotation hit shows of its article from
// its stored fields.
func quotedArticleOf(fields map[string]interface{}) (*quotedArticle, error) {
	sum, quotes, err := engine.QuotesFromFields(fields)
	if err != nil {
		return nil, err
	}
	return &quotedArticle{Summary: sum, Quotes: quotes}, nil
}
