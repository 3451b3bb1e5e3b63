package query_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// NamesPage builds only the page of names it returns; the names and their
// order must be those of the search's name and speaker facets, paged,
// whichever way the facets are counted: on a writable index (doc values),
// a caching read-only one (bitmaps) and one that counts names from ordinal
// columns (SetMaxBitmapValues).
func TestNamesPageIsAPageOfTheNameFacets(t *testing.T) {
	w, ro := writableAndReadOnly(t, multiSegmentIndex(t))
	ctx := context.Background()
	cached, columns := query.NewSearcher(ro), query.NewSearcher(ro)
	cached.Cache, columns.Cache = true, true
	query.SetMaxBitmapValues(columns, 1)
	for name, s := range map[string]*query.Searcher{"writable": query.NewSearcher(w), "cached": cached, "columns": columns} {
		for _, q := range []string{"", "said", "harbour OR lighthouse", `"islamic state"`, "source:guardian", "nosuchwordanywhere"} {
			for _, mode := range []string{query.DupSimilar, query.DupShow} {
				req := query.Request{Query: q, Duplicates: mode}
				full := req
				full.Limit, full.Snippets, full.Facets = 1, -1, []string{query.FacetName, query.FacetSpeaker}
				res, err := s.Search(ctx, full)
				if err != nil {
					t.Fatal(err)
				}
				for _, pg := range []struct{ offset, limit int }{{0, 0}, {0, 3}, {2, 5}, {0, query.MaxLimit}, {10000, 1}} {
					got, err := s.NamesPage(ctx, req, pg.offset, pg.limit)
					if err != nil {
						t.Fatal(err)
					}
					limit := pg.limit
					if limit == 0 {
						limit = query.DefaultLimit
					}
					page := func(vs []query.FacetValue) []query.NameCount {
						out := []query.NameCount{}
						for _, v := range vs[min(pg.offset, len(vs)):min(pg.offset+limit, len(vs))] {
							out = append(out, query.NameCount{Name: v.Value, Count: int(v.Count)})
						}
						return out
					}
					want := &query.NamesResult{Query: q, Total: res.Total, Names: page(res.Facets[query.FacetName]), Speakers: page(res.Facets[query.FacetSpeaker])}
					if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
						t.Errorf("%s %q %s %+v:\n got  %+v\n want %+v", name, q, mode, pg, got, want)
					}
				}
			}
		}
	}
}

func TestNamesPageRejectsBadPaging(t *testing.T) {
	s := testSearcher(t)
	for _, tc := range []struct {
		offset, limit int
		param         string
	}{{-1, 10, "offset"}, {query.MaxOffset + 1, 10, "offset"}, {0, -1, "limit"}, {0, query.MaxLimit + 1, "limit"}} {
		_, err := s.NamesPage(context.Background(), query.Request{}, tc.offset, tc.limit)
		var re *query.RequestError
		if !errors.As(err, &re) || re.Param != tc.param {
			t.Errorf("offset %d limit %d: %v; want a RequestError naming %s", tc.offset, tc.limit, err, tc.param)
		}
	}
}
