package engine

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// Ranking.
//
// bleve v2.6's BM25 departs from the textbook formula (Robertson; Lucene's
// BM25Similarity) in two ways that matter for news archives: term frequency
// enters as sqrt(tf), and the average field length is estimated from
// term-dictionary sizes per segment, which lies far below the real average
// (65 tokens against a true 172 on the test archive, and it shrinks further
// as segments grow). Both push long, on-topic articles below short ones that
// mention the query words once. newsdesk therefore
//
//  1. hands bleve exact collection statistics (search.BM25StatsKey), so the
//     first-pass ranking uses the true average length, and
//  2. re-scores the top hits of a relevance search (query.RescoreWindow) with
//     textbook BM25 over the hits' term frequencies and exact token counts,
//     as Elasticsearch's rescore phase does.

// BM25 parameters, as in Lucene and Elasticsearch.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// fieldBoost weights a match in field, as Config.Boost says.
func (e *Engine) fieldBoost(field string) float64 {
	if e.boost == nil {
		return 1
	}
	return e.boost(field)
}

// allFields lists every indexed field (schema.IndexedFields, which a test
// checks against the mapping); bleve requires statistics for each field a
// query touches once they are supplied.
var allFields = append(schema.IndexedFields(),
	"*", "_all", "_id", // asked for by some composite queries and id prefixes
)

// Stats are the collection statistics of the articles (the index keeps
// them with every batch it writes).
type Stats struct {
	Docs      int            // articles
	Tokens    map[string]int // tokens per field, over every article
	FieldDocs map[string]int // articles that have each field
}

// AvgLength is the mean token length of field over the articles that have it.
func (c Stats) AvgLength(field string) float64 {
	n := c.FieldDocs[field]
	if n == 0 {
		return 0
	}
	return float64(c.Tokens[field]) / float64(n)
}

// WithStats returns ctx carrying stats as exact BM25 statistics for bleve.
func WithStats(ctx context.Context, stats Stats) context.Context {
	if stats.Docs == 0 {
		return ctx
	}
	// The writer keeps the article count with the statistics, in the same
	// batch: counting with a search would cost one more search per query.
	docs := stats.Docs
	card := make(map[string]int, len(allFields))
	for _, f := range allFields {
		if n, fd := stats.Tokens[f], stats.FieldDocs[f]; n > 0 && fd > 0 {
			// bleve divides by the article count; scale so that the mean is
			// over the articles that have the field.
			card[f] = int(float64(n) * float64(docs) / float64(fd))
		} else {
			card[f] = int(docs) // one token per article: keywords, dates, numbers
		}
	}
	bs := &search.BM25Stats{DocCount: float64(docs), FieldCardinality: card}
	return context.WithValue(ctx, search.BM25StatsKey, bs)
}

// Rescore re-scores hits with textbook BM25 and sorts them by the new score
// (stably, so ties keep bleve's order). Each hit must carry its term
// locations.
func (e *Engine) Rescore(ctx context.Context, hits []*search.DocumentMatch, stats Stats) error {
	if len(hits) == 0 || stats.Docs == 0 {
		return nil
	}
	r, err := e.reader()
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	defer r.Close()
	counts, err := e.hitDocValues(ctx, r, hits, schema.FieldTokenCounts)
	if err != nil {
		return fmt.Errorf("rescore: %w", err)
	}
	// Articles only: the reader's count includes quotation documents.
	n := uint64(stats.Docs)
	idf := map[[2]string]float64{}
	idfOf := func(field, term string) (float64, error) {
		k := [2]string{field, term}
		if v, ok := idf[k]; ok {
			return v, nil
		}
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		df := tfr.Count()
		_ = tfr.Close()
		v := bm25IDF(float64(n), float64(df))
		idf[k] = v
		return v, nil
	}
	for _, h := range hits {
		var lengths schema.FieldLengths
		if c := counts[h.ID]; c != "" {
			lengths = schema.ParseFieldLengths(c)
		}
		score := 0.0
		for field, terms := range h.Locations {
			avg := stats.AvgLength(field)
			norm := bm25Norm(float64(lengths[field]), avg)
			for term, locs := range terms {
				w, err := idfOf(field, term)
				if err != nil {
					return fmt.Errorf("rescore: %w", err)
				}
				score += bm25Score(e.fieldBoost(field), w, float64(len(locs.Dedupe())), norm)
			}
		}
		// A hit matched only through exact fields (source_code:AFPR) has
		// no text match to score: 0 puts it after every text match.
		h.Score = score
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return nil
}

// hitDocValues returns the value of a single-valued keyword doc-value field
// for each hit, by id. On a read-only index the snapshot r reads is the one
// the hits came from, so their internal ids address them directly: a
// doc-value lookup per hit instead of a search for their ids, about ten
// times cheaper for a rescore window. A writable index may have moved on
// since the search, so there the ids are looked up again.
func (e *Engine) hitDocValues(ctx context.Context, r bindex.IndexReader, hits []*search.DocumentMatch, field string) (map[string]string, error) {
	out := make(map[string]string, len(hits))
	if !e.readOnly {
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.ID
		}
		vals, err := DocValues(ctx, e.b, ids, field)
		if err != nil {
			return nil, err
		}
		for id, v := range vals {
			if len(v) > 0 {
				out[id] = v[0]
			}
		}
		return out, nil
	}
	// A cache keeps the values read before: decoding a doc-value chunk
	// per hit was most of what re-scoring a prefix search's window cost.
	sorted := hits
	if e.cache != nil {
		sorted = e.cache.values.lookup(field, hits, out)
		if len(sorted) == 0 {
			return out, nil
		}
	}
	// In internal-id order, doc values decode each chunk once.
	sorted = slices.Clone(sorted)
	slices.SortFunc(sorted, func(a, b *search.DocumentMatch) int { return a.IndexInternalID.Compare(b.IndexInternalID) })
	ids := make([]bindex.IndexInternalID, len(sorted))
	for i, h := range sorted {
		ids[i] = h.IndexInternalID
	}
	vals, err := docValues(r, ids, field)
	if err != nil {
		return nil, err
	}
	read := make([]string, len(sorted))
	for i, h := range sorted {
		if v := vals[i]; len(v) > 0 {
			read[i] = string(v[len(v)-1])
			out[h.ID] = read[i]
		}
	}
	if e.cache != nil {
		e.cache.values.keep(field, ids, read)
	}
	return out, nil
}

// maxCachedValues bounds the doc values a cache keeps (hitValues): a
// short string each, so a few tens of megabytes at most. Past it the
// cache starts over, keeping the articles asked for since.
const maxCachedValues = 200_000

// hitValues keeps single-valued doc values of articles by field and
// internal id, for a read-only index (Caches), where neither changes.
type hitValues struct {
	mu sync.RWMutex
	m  map[string]string // field, NUL, internal id -> value ("" for none)
}

func hitValueKey(field string, id bindex.IndexInternalID) string {
	return field + "\x00" + string(id)
}

// lookup puts the kept value of field of each hit into out, by id, and
// returns the hits it keeps none for.
func (c *hitValues) lookup(field string, hits []*search.DocumentMatch, out map[string]string) []*search.DocumentMatch {
	var missing []*search.DocumentMatch
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, h := range hits {
		v, ok := c.m[hitValueKey(field, h.IndexInternalID)]
		switch {
		case !ok:
			missing = append(missing, h)
		case v != "":
			out[h.ID] = v
		}
	}
	return missing
}

// keep keeps vals[i], the value of field of the article of ids[i].
func (c *hitValues) keep(field string, ids []bindex.IndexInternalID, vals []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, id := range ids {
		if c.m == nil || len(c.m) >= maxCachedValues {
			c.m = map[string]string{}
		}
		c.m[hitValueKey(field, id)] = vals[i]
	}
}

// bm25IDF is BM25's inverse document frequency of a word that df of n
// articles hold (Lucene's form, never negative).
func bm25IDF(n, df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }

// bm25Norm is BM25's length normalisation of a field of dl tokens whose
// mean over the articles is avg; 1 when either is unknown.
func bm25Norm(dl, avg float64) float64 {
	if avg > 0 && dl > 0 {
		return 1 - bm25B + bm25B*dl/avg
	}
	return 1
}

// bm25Score is what tf occurrences of a word of weight idf add to a hit's
// score in a field of weight boost, under length normalisation norm.
func bm25Score(boost, idf, tf, norm float64) float64 {
	return boost * idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
}
