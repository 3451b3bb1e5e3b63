package engine

import (
	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// ArticleKindKey marks, in bleve's internal storage, an index whose
// articles carry kind:article (schema.ArticleType) and can be selected by
// it. An index written before has only the quotation documents' kind.
const ArticleKindKey = "newsdesk:article_kind"

// HasArticleKind reports whether the articles of b carry their kind.
func HasArticleKind(b bleve.Index) (bool, error) {
	v, err := b.GetInternal([]byte(ArticleKindKey))
	return len(v) > 0, err
}

// ArticlesOnly restricts q to articles, excluding quotation documents.
// mayMatchQuotes says whether q could match a quotation document at all,
// as the query's builder knows (querylang.Plan): when it cannot (it needs
// headline:, body words, a date) q is returned as it is, as the exclusion
// would cost a check per hit. articleKind says the index's articles carry
// their kind (HasArticleKind): a search of every article then becomes a
// search of kind:article, one posting list, instead of every document
// checked against the quotation documents.
func ArticlesOnly(q bq.Query, mayMatchQuotes, articleKind bool) bq.Query {
	if !mayMatchQuotes {
		return q
	}
	if !articleKind {
		not := bleve.NewTermQuery(schema.QuoteType)
		not.SetField(schema.FieldKind)
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddMustNot(not)
		return b
	}
	articles := bleve.NewTermQuery(schema.ArticleType)
	articles.SetField(schema.FieldKind)
	switch q := q.(type) {
	case *bq.MatchAllQuery:
		return articles
	case *bq.BooleanQuery:
		// What the query builder makes of a negation or filters alone:
		// every document, less some, or narrowed.
		if c, ok := q.Must.(*bq.ConjunctionQuery); ok && len(c.Conjuncts) == 1 {
			if _, all := c.Conjuncts[0].(*bq.MatchAllQuery); all {
				b := *q
				b.Must = bq.NewConjunctionQuery([]bq.Query{articles})
				return &b
			}
		}
	}
	return bq.NewConjunctionQuery([]bq.Query{q, articles})
}

// AllArticles matches every article and no quotation document.
func AllArticles(articleKind bool) bq.Query {
	return ArticlesOnly(bleve.NewMatchAllQuery(), true, articleKind)
}

// QuotesOnly matches quotation documents.
func QuotesOnly() bq.Query {
	q := bleve.NewTermQuery(schema.QuoteType)
	q.SetField(schema.FieldKind)
	return q
}

// NotDuplicateQuotes leaves out of q the quotations of duplicate articles.
func NotDuplicateQuotes(q bq.Query) bq.Query {
	dup := bleve.NewTermQuery("1")
	dup.SetField(schema.FieldQDup)
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddMustNot(dup)
	return b
}

// quoteFields are the fields a quotation document has (index/enrich.go's
// quoteDoc), with those every document has.
var quoteFields = map[string]bool{
	schema.FieldKind: true, schema.FieldQText: true, schema.FieldQSpeaker: true, schema.FieldQSpeakerWords: true,
	schema.FieldQArticle: true, schema.FieldQDup: true,
	schema.FieldQDate: true, schema.FieldQDay: true, schema.FieldQPeriod: true,
	"": true, "_id": true, "_all": true,
}

// IsQuoteField reports whether quotation documents have field: a query that
// needs a field they lack cannot match them.
func IsQuoteField(field string) bool { return quoteFields[field] }
