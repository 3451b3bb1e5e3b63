package query

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// CursorStart starts cursor paging: pass it as Request.Cursor for the first
// page, then each page's Result.Next for the page after.
//
// Cursor paging uses bleve's search_after, so page 500 costs what page 1
// costs, and paging to the end yields each hit exactly once. Its order is a
// total order: the sort key, then the article id. For relevance that is
// bleve's first-pass BM25 score: the textbook BM25 re-scoring of the top
// RescoreWindow hits (internal/engine's rank.go) reorders a window it would have to hold
// across pages, so cursor pages keep bleve's score order from the start.
const CursorStart = "*"

// cursor is the state a Next token carries.
type cursor struct {
	Sort  string   `json:"s"` // canonical sort of the listing
	Query string   `json:"q"` // digest of the query, filters and duplicates mode
	After []string `json:"a"` // sort values of the last hit returned
}

// encode makes the opaque token. Sort values can be raw bytes (dates are
// prefix-coded), so each is base64-encoded inside the JSON.
func (c cursor) encode() string {
	raw := c
	raw.After = make([]string, len(c.After))
	for i, v := range c.After {
		raw.After[i] = base64.RawURLEncoding.EncodeToString([]byte(v))
	}
	b, _ := json.Marshal(raw) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(tok string) (cursor, error) {
	var c cursor
	bad := &RequestError{Param: "cursor", Err: errors.New("not a cursor from this search; start with * and pass each page's next")}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c.After) != 2 {
		return c, bad
	}
	for i, v := range c.After {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil {
			return c, bad
		}
		c.After[i] = string(raw)
	}
	if _, err := strconv.ParseFloat(c.After[0], 64); c.Sort == SortRelevance && err != nil {
		return c, bad
	}
	return c, nil
}

// canonicalSort names req's sort order, and the bleve order of cursor
// paging for it.
func canonicalSort(s string) (string, search.SortOrder, error) {
	switch strings.ToLower(s) {
	case "", SortRelevance, "score":
		return SortRelevance, search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}}, nil
	case SortNewest, "newest":
		return SortNewest, search.SortOrder{&search.SortField{Field: schema.FieldDate, Desc: true}, &search.SortDocID{}}, nil
	case SortOldest, "oldest":
		return SortOldest, search.SortOrder{&search.SortField{Field: schema.FieldDate}, &search.SortDocID{}}, nil
	}
	return "", nil, &RequestError{Param: "sort", Err: fmt.Errorf("%q is not a sort order; use relevance, date (newest first) or -date (oldest first)", s)}
}

// queryDigest identifies what a cursor pages through, so a cursor is not
// reused for another query by mistake.
func queryDigest(req Request) string {
	b, _ := json.Marshal([]any{req.Query, req.From, req.To, req.Filters, dupMode(req.Duplicates)})
	sum := sha1.Sum(b)
	return hex.EncodeToString(sum[:8])
}

// afterValues are the search_after values of h in order: bleve gives the
// score's sort value as "_score", so the score itself is put in its place.
// Dates stay in their raw (prefix-coded) form, which also covers articles
// without a date (they sort with a sentinel value that is no date).
func afterValues(order search.SortOrder, h *search.DocumentMatch) []string {
	out := make([]string, len(order))
	for i, so := range order {
		switch so.(type) {
		case *search.SortScore:
			out[i] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		default:
			out[i] = h.Sort[i]
		}
	}
	return out
}

// searchCursor runs one page of cursor paging.
func (s *Searcher) searchCursor(ctx context.Context, sp *searchPlan, start time.Time) (*Result, error) {
	req, q, field := sp.req, sp.q, sp.dupField
	fc, err := s.countFacets(ctx, q, req.Facets, field, req.matchesAll())
	if err != nil {
		return nil, wrapUnlessRequest(err, "search %q", req.Query)
	}
	p, err := s.cursorPage(ctx, req, q, field, fc)
	if err != nil {
		return nil, err
	}
	out, err := s.result(req, p.total, p.hits, p.dups, fc)
	if err != nil {
		return nil, err
	}
	out.Next = p.next
	out.TookMS = round(float64(time.Since(start).Microseconds())/1000, 2)
	return out, nil
}

type page struct {
	hits  []*search.DocumentMatch
	dups  map[string][]string
	total uint64 // matching articles
	next  string
}

// cursorPage reads the page after req.Cursor. fc, when collapsing, holds the
// group sizes of the whole result.
func (s *Searcher) cursorPage(ctx context.Context, req Request, q bq.Query, field string, fc *engine.Counter) (*page, error) {
	sortName, order, err := canonicalSort(req.Sort)
	if err != nil {
		return nil, err
	}
	digest := queryDigest(req)
	var after []string
	if req.Cursor != CursorStart {
		c, err := decodeCursor(req.Cursor)
		if err != nil {
			return nil, err
		}
		if c.Sort != sortName || c.Query != digest {
			return nil, &RequestError{Param: "cursor", Err: errors.New("the cursor belongs to another query, filter or sort; start again with *")}
		}
		after = c.After
	}
	limit := req.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	ctx, _, err = s.withStats(ctx)
	if err != nil {
		return nil, err
	}
	p := &page{}
	var keys map[string]string
	exhausted := false
	for len(p.hits) < limit && !exhausted {
		br := bleve.NewSearchRequestOptions(q, limit, 0, false)
		br.SortByCustom(order)
		br.Fields = schema.StoredArticleFields()
		br.IncludeLocations = true
		if after != nil {
			br.SetSearchAfter(after)
		}
		res, err := s.eng().Search(ctx, br, fmt.Sprintf("search %q", req.Query))
		if err != nil {
			return nil, requestError(err)
		}
		p.total = res.Total
		exhausted = len(res.Hits) < limit
		hits := []*search.DocumentMatch(res.Hits)
		if fc != nil && fc.GroupField() != "" {
			if hits, keys, err = s.leads(ctx, q, field, order, hits, fc.Groups(), keys); err != nil {
				return nil, err
			}
		}
		for _, h := range hits {
			if len(p.hits) == limit {
				break
			}
			p.hits = append(p.hits, h)
		}
		if len(res.Hits) > 0 {
			after = afterValues(order, res.Hits[len(res.Hits)-1])
		}
		if len(p.hits) == limit && len(p.hits) > 0 {
			// Continue after the last hit shown: hits read past it are
			// read again by the next page.
			after = afterValues(order, p.hits[len(p.hits)-1])
			exhausted = exhausted && p.hits[len(p.hits)-1] == res.Hits[len(res.Hits)-1]
		}
	}
	if !exhausted && len(p.hits) > 0 {
		p.next = cursor{Sort: sortName, Query: digest, After: after}.encode()
	}
	if fc != nil && fc.GroupField() != "" {
		if p.dups, err = s.eng().DuplicatesOf(ctx, q, field, p.hits, keys, fc.Groups()); err != nil {
			return nil, requestError(err)
		}
	}
	return p, nil
}

// leads keeps the hits that come first of their duplicate group in order,
// among all matching articles (earlier pages included), and adds their
// group keys to keys.
func (s *Searcher) leads(ctx context.Context, q bq.Query, field string, order search.SortOrder, hits []*search.DocumentMatch, sizes map[string]uint32, keys map[string]string) ([]*search.DocumentMatch, map[string]string, error) {
	if keys == nil {
		keys = map[string]string{}
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	vals, err := engine.DocValues(ctx, s.ix.Bleve(), ids, field)
	if err != nil {
		return nil, nil, fmt.Errorf("collapse duplicates: %w", err)
	}
	kept := hits[:0:0]
	for _, h := range hits {
		k := ""
		if v := vals[h.ID]; len(v) > 0 {
			k = v[0]
		}
		if k != "" && sizes[k] > 1 {
			tq := bleve.NewTermQuery(k)
			tq.SetField(field)
			bl := bleve.NewBooleanQuery()
			bl.AddMust(q)
			bl.AddFilter(tq)
			br := bleve.NewSearchRequestOptions(bl, 1, 0, false)
			br.SortByCustom(order)
			res, err := s.eng().Search(ctx, br, "collapse duplicates of "+h.ID)
			if err != nil {
				return nil, nil, requestError(err)
			}
			if len(res.Hits) > 0 && res.Hits[0].ID != h.ID {
				continue // an earlier hit of its group stands for it
			}
		}
		keys[h.ID] = k
		kept = append(kept, h)
	}
	return kept, keys, nil
}

// PageSize is the page size Each reads with.
const PageSize = 500

// Each calls fn for every hit of req in cursor order (req.Sort, then id),
// with the whole article, reading PageSize hits at a time: memory stays
// flat however many articles match. Duplicates are collapsed as in Search.
// req.Limit, req.Offset and req.Cursor are ignored. An error from fn stops
// the listing and is returned.
func (s *Searcher) Each(ctx context.Context, req Request, fn func(Hit, *article.Article) error) error {
	req.Limit, req.Offset, req.Cursor = PageSize, 0, CursorStart
	req.Sort = defaultSort(req)
	q, _, err := s.compile(req)
	if err != nil {
		return err
	}
	field, err := dupField(req.Duplicates)
	if err != nil {
		return err
	}
	// Group sizes once for the whole listing, not once per page.
	fc, err := s.countFacets(ctx, q, nil, field, req.matchesAll())
	if err != nil {
		return wrapUnlessRequest(err, "list %q", req.Query)
	}
	for {
		p, err := s.cursorPage(ctx, req, q, field, fc)
		if err != nil {
			return err
		}
		// Each body is inflated once, for the snippets and the article.
		for _, h := range p.hits {
			if err := schema.PlainBody(h.Fields); err != nil {
				return fmt.Errorf("list %q: hit %s: %w", req.Query, h.ID, err)
			}
		}
		res, err := s.result(req, p.total, p.hits, p.dups, nil)
		if err != nil {
			return err
		}
		for i, h := range res.Hits {
			a, err := engine.ArticleFromFields(p.hits[i].Fields)
			if err != nil {
				return fmt.Errorf("list %q: hit %s: %w", req.Query, h.ID, err)
			}
			if err := fn(h, a); err != nil {
				return err
			}
		}
		if p.next == "" {
			return nil
		}
		req.Cursor = p.next
	}
}
