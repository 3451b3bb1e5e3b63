package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
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
}

// SummaryFromFields reads the Summary of an article from the stored fields
// of a hit (schema.FieldMeta).
func SummaryFromFields(fields map[string]interface{}) (Summary, error) {
	meta, _ := fields[schema.FieldMeta].(string)
	if meta == "" {
		return Summary{}, errors.New("hit has no stored article metadata")
	}
	js, err := schema.DecodeMeta(meta)
	if err != nil {
		return Summary{}, err
	}
	var j summaryJSON
	if err := json.Unmarshal(js, &j); err != nil {
		return Summary{}, fmt.Errorf("stored article metadata: %w", err)
	}
	s := Summary{ID: j.ID, Headline: j.Headline, Byline: j.Byline, Section: j.Section, Source: j.Source, SourceCode: j.SourceCode}
	if j.Date != "" {
		d, err := article.ParseDate(j.Date)
		if err != nil {
			return Summary{}, fmt.Errorf("stored article metadata: %w", err)
		}
		s.Date = d
	}
	return s, nil
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
