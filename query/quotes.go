package query

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// QuoteRequest is a search of quotations: each quotation is a unit of its
// own, with its speaker and the article it comes from.
type QuoteRequest struct {
	Query    string    // words, phrases, AND/OR/NOT in the query language; "" for all
	Speaker  string    // words of the speaker's name ("neumann", "Peter Neumann")
	From, To time.Time // optional date filter: From <= date < To
	// Filters keep the quotations of the articles they match (source,
	// source code, section, language, names named in the article).
	Filters Filters
	Limit   int // quotations to return; 0 means DefaultLimit
	Offset  int
	// Speakers is the number of speakers in the facet; 0 means 10.
	Speakers int
	// Duplicates is DupShow to list the quotations of duplicate articles
	// too (a wire story printed by six papers gives each quotation six
	// times); otherwise only those of each duplicate group's lead are
	// listed and counted.
	Duplicates string
}

// QuoteResult is the answer to a quotation search; its JSON form is that
// of `newsdesk quotes --json` and GET /api/quotes.
type QuoteResult struct {
	Query    string      `json:"query"`
	Speaker  string      `json:"speaker,omitempty"`
	Total    uint64      `json:"total"`
	Offset   int         `json:"offset"`
	Quotes   []QuoteHit  `json:"quotes"`
	Speakers []NameCount `json:"speakers"` // who is quoted most among all matches
}

// QuoteHit is one quotation.
type QuoteHit struct {
	Text        string `json:"text"`
	Highlighted string `json:"highlighted"` // HTML-escaped text, <mark> around matches
	Speaker     string `json:"speaker"`
	ArticleID   string `json:"article_id"`
	Paragraph   int    `json:"paragraph"`
	Date        string `json:"date,omitempty"`
	Source      string `json:"source,omitempty"`
	Headline    string `json:"headline"`
	// Fragment carries the matches for other renderings (the terminal).
	Fragment Fragment `json:"-"`
}

// NameCount is a facet value and the number of documents that have it.
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Quotes searches the quotations.
func (s *Searcher) Quotes(ctx context.Context, req QuoteRequest) (*QuoteResult, error) {
	if req.Limit == 0 {
		req.Limit = DefaultLimit
	}
	if req.Limit < 0 || req.Limit > MaxLimit {
		return nil, &RequestError{Param: "limit", Err: fmt.Errorf("must be between 1 and %d, got %d", MaxLimit, req.Limit)}
	}
	if req.Offset < 0 || req.Offset > MaxOffset {
		return nil, &RequestError{Param: "offset", Err: fmt.Errorf("must be between 0 and %d, got %d", MaxOffset, req.Offset)}
	}
	if req.Speakers <= 0 {
		req.Speakers = 10
	}
	must := []bq.Query{engine.QuotesOnly()}
	node, err := Parse(req.Query)
	if err != nil {
		return nil, &RequestError{Param: "q", Err: err}
	}
	if f := scopedField(node); f != "" {
		return nil, &RequestError{Param: "q", Err: &SyntaxError{Msg: fmt.Sprintf("%s: searches the quotations' words only; narrow them with the parameters speaker=, from=, to=, source=, source_code=, section=, lang= and name=", f), Err: ErrQuoteScope}}
	}
	if node != nil {
		q, err := querylang.BuildIn(s.ix.Bleve().Mapping(), node, schema.FieldQText)
		if err != nil {
			return nil, &RequestError{Param: "q", Err: err}
		}
		if q == nil {
			return nil, &RequestError{Param: "q", Err: &SyntaxError{Msg: fmt.Sprintf("%q has no searchable words", req.Query)}}
		}
		if err := s.eng().CheckExpansion(q); err != nil {
			return nil, requestError(err)
		}
		must = append(must, q)
	}
	if req.Speaker != "" {
		m := bleve.NewMatchQuery(req.Speaker)
		m.SetField(schema.FieldQSpeakerWords)
		m.Analyzer = schema.WordsAnalyzer
		m.SetOperator(bq.MatchQueryOperatorAnd)
		must = append(must, m)
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		if !req.From.IsZero() && !req.To.IsZero() && !req.From.Before(req.To) {
			return nil, &RequestError{Param: "from", Err: fmt.Errorf("%s is not before to %s", req.From.Format("2006-01-02"), req.To.Format("2006-01-02"))}
		}
		if s.quoteDateTerms {
			must = append(must, querylang.QuoteDateFilter(req.From, req.To))
		} else {
			must = append(must, querylang.QuoteDateRange(req.From, req.To))
		}
	}
	mode, err := dupField(req.Duplicates)
	if err != nil {
		return nil, err
	}
	var q bq.Query = bleve.NewConjunctionQuery(must...)
	if !req.Filters.IsZero() {
		of, err := s.quotesOfArticles(ctx, req)
		if err != nil {
			return nil, err
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddFilter(of)
		q = b
	}
	if mode != "" {
		q = engine.NotDuplicateQuotes(q)
	}
	br := bleve.NewSearchRequestOptions(q, req.Limit, req.Offset, false)
	if node == nil {
		dates := schema.FieldQDate
		if s.quoteDateTerms {
			dates = schema.FieldQDay
		}
		br.SortBy([]string{"-" + dates, "_id"})
	}
	br.IncludeLocations = true
	br.AddFacet("speakers", bleve.NewFacetRequest(schema.FieldQSpeaker, req.Speakers))
	res, err := s.eng().Search(ctx, br, fmt.Sprintf("search quotations %q", req.Query))
	if err != nil {
		return nil, requestError(err)
	}
	out := &QuoteResult{Query: req.Query, Speaker: req.Speaker, Total: res.Total, Offset: req.Offset, Quotes: make([]QuoteHit, 0, len(res.Hits)), Speakers: termCounts(res.Facets["speakers"])}
	// Quotation documents store nothing: the text, speaker and paragraph
	// come from their article's metadata.
	articles, err := s.articleMetas(ctx, res.Hits)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		id, n, ok := schema.ParseQuoteID(h.ID)
		a := articles[id]
		if !ok || a == nil || n > len(a.Quotes) {
			return nil, fmt.Errorf("search quotations %q: quotation %s has no stored article", req.Query, h.ID)
		}
		aq := a.Quotes[n-1]
		q := QuoteHit{
			Text: aq.Text, Speaker: aq.Speaker, ArticleID: id, Paragraph: aq.Paragraph,
			Source: a.Source, Headline: a.Headline,
		}
		if !a.Date.IsZero() {
			q.Date = a.Date.UTC().Format("2006-01-02")
		}
		q.Fragment = whole(aq.Text, s.matchSpans(h.Locations, schema.FieldQText, aq.Text))
		q.Highlighted = q.Fragment.HTML()
		out.Quotes = append(out.Quotes, q)
	}
	return out, nil
}

// MaxFilteredArticles caps the articles a quotation search's filters may
// match: quotation documents hold no source, section or language of their
// own, so the filters are applied by listing the matching articles and
// keeping their quotations.
const MaxFilteredArticles = 100_000

// quotesOfArticles is the filter of a quotation search by req.Filters:
// the quotations of the articles (in req's dates) that the filters match.
func (s *Searcher) quotesOfArticles(ctx context.Context, req QuoteRequest) (bq.Query, error) {
	fq, err := req.Filters.query()
	if err != nil {
		return nil, err
	}
	aq := []bq.Query{fq}
	if !req.From.IsZero() || !req.To.IsZero() {
		aq = append(aq, querylang.DateRange(req.From, req.To))
	}
	br := bleve.NewSearchRequestOptions(engine.ArticlesOnly(bleve.NewConjunctionQuery(aq...), false, s.articleKind), MaxFilteredArticles+1, 0, false)
	br.Score = "none"
	res, err := s.ix.Bleve().SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("search quotations: the articles of the filters: %w", err)
	}
	if len(res.Hits) > MaxFilteredArticles {
		return nil, &RequestError{Param: req.Filters.firstParam(), Err: fmt.Errorf("the filters match more than %d articles; narrow them, or the dates with from= and to=", MaxFilteredArticles)}
	}
	// Kept as a non-scoring filter, bleve ORs the terms' postings without
	// scoring each.
	any := make([]bq.Query, 0, len(res.Hits)+1)
	for _, h := range res.Hits {
		t := bleve.NewTermQuery(h.ID)
		t.SetField(schema.FieldQArticle)
		any = append(any, t)
	}
	if len(any) == 0 {
		return bleve.NewMatchNoneQuery(), nil
	}
	return bleve.NewDisjunctionQuery(any...), nil
}

// firstParam names the URL parameter of f's first filter set.
func (f Filters) firstParam() string {
	switch {
	case len(f.Sources) > 0:
		return "source"
	case len(f.SourceCodes) > 0:
		return "source_code"
	case len(f.Sections) > 0:
		return "section"
	case len(f.Languages) > 0:
		return "lang"
	}
	return "name"
}

// quotedArticle is what a quotation hit shows of its article.
type quotedArticle struct {
	engine.Summary
	Quotes []article.Quote
}

// articleMetas loads the stored metadata (no body) of the articles of
// quotation hits, by article id: their summaries and quotations.
func (s *Searcher) articleMetas(ctx context.Context, hits []*search.DocumentMatch) (map[string]*quotedArticle, error) {
	seen := map[string]bool{}
	var ids []string
	for _, h := range hits {
		if id, _, ok := schema.ParseQuoteID(h.ID); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	// A caching searcher keeps them: only those it does not are loaded.
	out, ids := s.quotedArticles(ids)
	if len(ids) == 0 {
		return out, nil
	}
	br := bleve.NewSearchRequestOptions(engine.ArticlesOnly(bleve.NewDocIDQuery(ids), true, s.articleKind), len(ids), 0, false)
	br.Fields = []string{schema.FieldMeta}
	br.Score = "none"
	res, err := s.ix.Bleve().SearchInContext(ctx, br)
	if err != nil {
		return nil, fmt.Errorf("load the articles of %d quotations: %w", len(hits), err)
	}
	loaded := make(map[string]*quotedArticle, len(res.Hits))
	for _, h := range res.Hits {
		a, err := quotedArticleOf(h.Fields)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", h.ID, err)
		}
		loaded[h.ID] = a
		out[h.ID] = a
	}
	s.keepQuoted(loaded)
	return out, nil
}

// scopedField returns the field of the first field-scoped clause of n, or
// "": quotation searches have no article fields to scope to.
func scopedField(n Node) string {
	switch n := n.(type) {
	case Term:
		return n.Field
	case Phrase:
		return n.Field
	case Range:
		return n.Field
	case Exact:
		return n.Field
	case Not:
		return scopedField(n.Node)
	case And:
		for _, c := range n {
			if f := scopedField(c); f != "" {
				return f
			}
		}
	case Or:
		for _, c := range n {
			if f := scopedField(c); f != "" {
				return f
			}
		}
	}
	return ""
}
