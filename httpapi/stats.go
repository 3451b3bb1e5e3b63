package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/newsdesk/newsdesk/query"
)

// Stats is what an archive holds (GET /api/stats): every article counted,
// duplicates included.
type Stats struct {
	Articles uint64 `json:"articles"`
	// Sources is the number of different sources.
	Sources int `json:"sources"`
	// First and Last are the dates of the oldest and newest articles
	// (YYYY-MM-DD or RFC 3339); empty in an empty archive.
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
	// Languages counts the articles by language code, most first.
	Languages []query.NameCount `json:"languages"`
	// IndexBytes is the size of the index on disk; 0 for a memory index.
	IndexBytes int64 `json:"index_bytes"`
	// Layout is the index's layout version (index.Layout for an index this
	// newsdesk made).
	Layout int `json:"layout"`
}

// ArchiveStats reads the Stats of the archive s searches.
func ArchiveStats(ctx context.Context, s *query.Searcher) (*Stats, error) {
	ix := s.Index()
	st := &Stats{Layout: ix.LayoutVersion(), Languages: []query.NameCount{}}
	var err error
	if st.IndexBytes, err = ix.SizeOnDisk(); err != nil {
		return nil, err
	}
	// Every article (no query), duplicates shown: newest first gives the
	// last date, oldest first the first.
	for _, sort := range []string{query.SortNewest, query.SortOldest} {
		req := query.Request{Sort: sort, Limit: 1, Snippets: -1, Duplicates: query.DupShow}
		if sort == query.SortNewest {
			req.Facets = []string{query.FacetSource, query.FacetLanguage}
		}
		res, err := s.Search(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("stats: %w", err)
		}
		if sort == query.SortNewest {
			st.Articles = res.Total
			st.Sources = len(res.Facets[query.FacetSource])
			for _, v := range res.Facets[query.FacetLanguage] {
				st.Languages = append(st.Languages, query.NameCount{Name: v.Value, Count: int(v.Count)})
			}
		}
		if len(res.Hits) == 0 {
			continue
		}
		if sort == query.SortNewest {
			st.Last = res.Hits[0].Date
		} else {
			st.First = res.Hits[0].Date
		}
	}
	return st, nil
}

func (h *handler) stats(w http.ResponseWriter, r *http.Request) {
	st, err := ArchiveStats(r.Context(), h.s)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}
