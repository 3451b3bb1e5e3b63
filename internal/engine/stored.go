package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// DocValues returns, for those of ids that are indexed in b, the values of
// the given keyword fields (schema.FieldHash, schema.FieldTokenCounts,
// ...). It reads doc values, not stored fields, so it does not decompress
// the articles.
func DocValues(ctx context.Context, b bleve.Index, ids []string, fields ...string) (map[string][]string, error) {
	out := make(map[string][]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bq.NewDocIDQuery(ids), len(ids), 0, false)
	req.SortBy(fields) // sorting loads the fields' doc values into hit.Sort
	req.Score = "none"
	res, err := b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("read %v of %d articles: %w", fields, len(ids), err)
	}
	for _, h := range res.Hits {
		vals := make([]string, len(fields))
		for i := range fields {
			if i < len(h.Sort) && utf8.ValidString(h.Sort[i]) {
				vals[i] = h.Sort[i] // a missing value sorts as an invalid-UTF-8 sentinel
			}
		}
		out[h.ID] = vals
	}
	return out, nil
}

// LoadStored sets the Fields of each hit to its stored fields of the
// given names, as a search asking for those fields would: text fields,
// as strings (other kinds are not read). On a read-only index the hits' internal ids address the
// snapshot they came from, so each article is read from its segment
// directly; a writable index may have moved on since the search, so there
// the articles are found again by id, with a search.
func (e *Engine) LoadStored(ctx context.Context, hits []*search.DocumentMatch, fields ...string) error {
	if len(hits) == 0 {
		return nil
	}
	if e.readOnly {
		if ok, err := e.loadStoredDirect(hits, fields); ok || err != nil {
			return err
		}
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	br := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	br.Fields = fields
	br.Score = "none"
	res, err := e.b.SearchInContext(ctx, br)
	if err != nil {
		return fmt.Errorf("load articles: %w", err)
	}
	byID := make(map[string]map[string]interface{}, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h.Fields
	}
	for _, h := range hits {
		h.Fields = byID[h.ID]
	}
	return nil
}

// loadStoredDirect is LoadStored on a read-only scorch index, reading the
// stored fields from the hits' segments by document number; it reports
// false when the index is not one.
func (e *Engine) loadStoredDirect(hits []*search.DocumentMatch, fields []string) (bool, error) {
	r, segs, err := e.snapshot()
	if errors.Is(err, errNoBitmaps) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("load articles: %w", err)
	}
	defer r.Close()
	offsets := make([]uint64, len(segs)+1)
	for i, ss := range segs {
		offsets[i+1] = offsets[i] + ss.Segment().Count()
	}
	for _, h := range hits {
		if len(h.IndexInternalID) != 8 {
			return false, nil
		}
		n := h.IndexInternalID.Value()
		i := sort.Search(len(segs), func(i int) bool { return offsets[i+1] > n })
		if i == len(segs) {
			return false, fmt.Errorf("load article %s: document %d is beyond the index", h.ID, n)
		}
		h.Fields = nil
		err := segs[i].VisitDocument(n-offsets[i], func(name string, typ byte, val []byte, _ []uint64) bool {
			if typ == 't' && slices.Contains(fields, name) {
				h.AddFieldValue(name, string(val))
			}
			return true
		})
		if err != nil {
			return false, fmt.Errorf("load article %s: %w", h.ID, err)
		}
	}
	return true, nil
}

// Summary is the part of a stored article a list of hits shows.
type Summary struct {
	ID, Headline, Byline, Section, Source, SourceCode string
	Date                                              time.Time
}

// summaryJSON decodes only the keys of Summary from the stored metadata;
// encoding/json skips the rest (names, quotations, code lists) without
// building them, which makes a page of hits several times cheaper to
// decode than with ArticleFromFields.
type summaryJSON struct {
	ID         string `json:"id"`
	Headline   string `json:"headline"`
	Byline     string `json:"byline"`
	Section    string `json:"section"`
	Source     string `json:"source"`
	SourceCode string `json:"source_code"`
	Date       string `json:"date"`
	// Quotes is the quotations' JSON, undecoded (QuotesFromFields).
	Quotes json.RawMessage `json:"quotes"`
}

// unmarshalSummary decodes the keys of Summary with encoding/json.
func unmarshalSummary(meta string) (summaryJSON, error) {
	var j summaryJSON
	err := json.Unmarshal([]byte(meta), &j)
	return j, err
}

// SummaryFromFields reads the Summary of an article from the stored fields
// of a hit (schema.FieldMeta).
func SummaryFromFields(fields map[string]interface{}) (Summary, error) {
	s, _, err := summaryOf(fields)
	return s, err
}

// QuotesFromFields reads the Summary of an article and its quotations
// from the stored fields of a hit (schema.FieldMeta), what a list of
// quotations shows, without decoding the rest of its metadata (its names)
// as ArticleFromFields does.
func QuotesFromFields(fields map[string]interface{}) (Summary, []article.Quote, error) {
	s, j, err := summaryOf(fields)
	if err != nil {
		return Summary{}, nil, err
	}
	var quotes []article.Quote
	if len(j.Quotes) > 0 && string(j.Quotes) != "null" {
		if err := json.Unmarshal(j.Quotes, &quotes); err != nil {
			return Summary{}, nil, fmt.Errorf("stored article metadata: key \"quotes\": %w", err)
		}
	}
	return s, quotes, nil
}

// summaryOf reads the Summary of an article from the stored fields of a
// hit, with the keys it read.
func summaryOf(fields map[string]interface{}) (Summary, summaryJSON, error) {
	meta, _ := fields[schema.FieldMeta].(string)
	if meta == "" {
		return Summary{}, summaryJSON{}, errors.New("hit has no stored article metadata")
	}
	js, err := schema.DecodeMeta(meta)
	if err != nil {
		return Summary{}, summaryJSON{}, err
	}
	j, ok := scanSummary(string(js))
	if !ok {
		if j, err = unmarshalSummary(string(js)); err != nil {
			return Summary{}, summaryJSON{}, fmt.Errorf("stored article metadata: %w", err)
		}
	}
	s := Summary{ID: j.ID, Headline: j.Headline, Byline: j.Byline, Section: j.Section, Source: j.Source, SourceCode: j.SourceCode}
	if j.Date != "" {
		d, err := article.ParseDate(j.Date)
		if err != nil {
			return Summary{}, summaryJSON{}, fmt.Errorf("stored article metadata: %w", err)
		}
		s.Date = d
	}
	return s, j, nil
}

// ArticleFromFields rebuilds an article from the stored fields of a hit
// (schema.FieldMeta, and schema.FieldBody when it was loaded).
func ArticleFromFields(fields map[string]interface{}) (*article.Article, error) {
	meta, _ := fields[schema.FieldMeta].(string)
	if meta == "" {
		return nil, errors.New("hit has no stored article metadata")
	}
	js, err := schema.DecodeMeta(meta)
	if err != nil {
		return nil, err
	}
	var a article.Article
	if err := json.Unmarshal(js, &a); err != nil {
		return nil, fmt.Errorf("stored article metadata: %w", err)
	}
	if body, ok := fields[schema.FieldBody].(string); ok {
		a.Body = article.SplitParagraphs(body)
	}
	return &a, nil
}
