package query

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/index"
)

// Duplicate modes of a search.
const (
	// DupSimilar collapses each near-duplicate group (index.FieldDupGroup)
	// to its best hit; the default.
	DupSimilar = "similar"
	// DupIdentical collapses only articles with the same body
	// (index.FieldDupExact).
	DupIdentical = "identical"
	// DupShow collapses nothing.
	DupShow = "show"
)

// dupField is the index field hits are collapsed on in mode, "" for none.
func dupField(mode string) (string, error) {
	switch strings.ToLower(mode) {
	case "", DupSimilar:
		return index.FieldDupGroup, nil
	case DupIdentical:
		return index.FieldDupExact, nil
	case DupShow:
		return "", nil
	}
	return "", &RequestError{Param: "duplicates", Err: fmt.Errorf("%q is not a mode; use similar, identical or show", mode)}
}

// dupMode is the canonical name of mode.
func dupMode(mode string) string {
	if mode == "" {
		return DupSimilar
	}
	return strings.ToLower(mode)
}

// maxListedDuplicates caps the ids listed for one collapsed hit.
const maxListedDuplicates = MaxLimit

// collapse keeps the first hit of each duplicate group among hits, in
// order, and returns the kept hits with the group key of each.
func (s *Searcher) collapse(ctx context.Context, field string, hits []*search.DocumentMatch) ([]*search.DocumentMatch, map[string]string, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	vals, err := s.ix.DocValues(ctx, ids, field)
	if err != nil {
		return nil, nil, fmt.Errorf("collapse duplicates: %w", err)
	}
	keys := make(map[string]string, len(hits))
	seen := map[string]bool{}
	kept := hits[:0:0]
	for _, h := range hits {
		k := ""
		if v := vals[h.ID]; len(v) > 0 {
			k = v[0]
		}
		if k != "" {
			if seen[k] {
				continue
			}
			seen[k] = true
			keys[h.ID] = k
		}
		kept = append(kept, h)
	}
	return kept, keys, nil
}

// duplicatesOf lists, for each hit of page whose group has other matching
// articles, the ids of those articles (sorted).
func (s *Searcher) duplicatesOf(ctx context.Context, q bq.Query, field string, page []*search.DocumentMatch, keys map[string]string, sizes map[string]uint32) (map[string][]string, error) {
	out := map[string][]string{}
	for _, h := range page {
		k := keys[h.ID]
		if k == "" || sizes[k] < 2 {
			continue
		}
		tq := bleve.NewTermQuery(k)
		tq.SetField(field)
		bl := bleve.NewBooleanQuery()
		bl.AddMust(q)
		bl.AddFilter(tq)
		br := bleve.NewSearchRequestOptions(bl, min(int(sizes[k]), maxListedDuplicates+1), 0, false)
		br.SortBy([]string{"_id"})
		br.Score = "none"
		res, err := s.ix.Bleve().SearchInContext(ctx, br)
		if err != nil {
			return nil, fmt.Errorf("duplicates of %s: %w", h.ID, err)
		}
		for _, m := range res.Hits {
			if m.ID != h.ID && len(out[h.ID]) < maxListedDuplicates {
				out[h.ID] = append(out[h.ID], m.ID)
			}
		}
	}
	return out, nil
}
