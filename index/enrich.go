package index

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Quotation documents store nothing: their text, speaker and paragraph are
// in the article's stored metadata (Quotes[n-1] for ID#qn), so a hit is
// shown from there and the index holds each quotation's text once.

// quoteDoc is the bleve document of one quotation; engine.IsQuoteField
// lists its fields.
type quoteDoc struct {
	Kind    string `json:"kind"`
	Text    string `json:"q_text"`
	Speaker string `json:"q_speaker,omitempty"`
	Article string `json:"q_article"`
	// The article's date: its instant and periods (schema.QuoteInstant,
	// schema.QuotePeriods), and for indexes made before them, whose
	// mapping indexes q_date and not those, as a bleve date. Each index's
	// mapping keeps the fields it has and skips the others.
	Instant string     `json:"q_day,omitempty"`
	Periods []string   `json:"q_period,omitempty"`
	Date    *time.Time `json:"q_date,omitempty"`
	// Dup is "1" when the article is a duplicate of an earlier one (not
	// its group's lead): quotation searches leave those out by default.
	Dup string `json:"q_dup,omitempty"`
}

// withDupFlag returns the quotations of article id, in duplicate group
// group, marked when the article is not the group's lead.
func withDupFlag(quotes []quoteDoc, id, group string) []quoteDoc {
	dup := ""
	if group != "" && group != id {
		dup = "1"
	}
	for i := range quotes {
		quotes[i].Dup = dup
	}
	return quotes
}

// Type makes bleve map quotation documents with the QuoteType mapping.
func (quoteDoc) Type() string { return schema.QuoteType }

// addEntityMappings adds the name and quotation fields to the article
// mapping and the quotation document type to the index mapping.
func addEntityMappings(im *mapping.IndexMappingImpl, doc *mapping.DocumentMapping, highlighted func(string) *mapping.FieldMapping, words func(string) *mapping.FieldMapping, kw func() *mapping.FieldMapping, storedOnly func() *mapping.FieldMapping) {
	doc.AddFieldMappingsAt(schema.FieldNames, kw())
	// No field of all names' words: it held each name a second time beside
	// its typed field: 2.0 MB of the 79.0 MB Reuters index (BENCHMARKS.md).
	doc.AddFieldMappingsAt(schema.FieldPerson, words(schema.FieldPerson))
	doc.AddFieldMappingsAt(schema.FieldOrg, words(schema.FieldOrg))
	doc.AddFieldMappingsAt(schema.FieldPlace, words(schema.FieldPlace))
	doc.AddFieldMappingsAt(schema.FieldOtherNames, words(schema.FieldOtherNames))
	// The quotations are stored in the article's metadata already: the
	// quote field is searched, not stored.
	quote := highlighted(schema.TextAnalyzer)
	quote.Store = false
	doc.AddFieldMappingsAt(schema.FieldQuote, quote)
	doc.AddFieldMappingsAt(schema.FieldSpeaker, kw(), words(schema.FieldSpeakWords))
	// kind is only matched by term queries, never sorted or faceted on: no
	// doc values.
	kind := kw()
	kind.DocValues = false
	doc.AddFieldMappingsAt(schema.FieldKind, kind)

	q := bleve.NewDocumentStaticMapping()
	q.AddFieldMappingsAt(schema.FieldKind, kind)
	text := highlighted(schema.TextAnalyzer) // term vectors: highlighting
	text.Store = false
	q.AddFieldMappingsAt(schema.FieldQText, text)
	q.AddFieldMappingsAt(schema.FieldQSpeaker, kw(), words(schema.FieldQSpeakerWords))
	art := kw()
	art.DocValues = false
	q.AddFieldMappingsAt(schema.FieldQArticle, art)
	dup := kw()
	dup.DocValues = false
	q.AddFieldMappingsAt(schema.FieldQDup, dup)
	// The date as four keyword terms (internal/schema/quotedates.go); the
	// instant's doc value sorts quotations by date.
	q.AddFieldMappingsAt(schema.FieldQDay, kw())
	period := kw()
	period.DocValues = false
	q.AddFieldMappingsAt(schema.FieldQPeriod, period)
	im.AddDocumentMapping(schema.QuoteType, q)
}

// enrich finds the names and quotations of a and sets the article's entity
// fields on d; it returns the quotation documents to index beside it.
func enrich(ex *extract.Extractor, a *article.Article, d *document, meta *article.Article) []quoteDoc {
	names, quotes := ex.Extract(a)
	meta.Names = names
	var person, org, place, other []string
	for _, n := range names {
		d.Names = append(d.Names, n.Name)
		switch n.Type {
		case article.Person:
			person = append(person, n.Name)
		case article.Organization:
			org = append(org, n.Name)
		case article.Place:
			place = append(place, n.Name)
		default:
			other = append(other, n.Name)
		}
	}
	d.Person, d.Org, d.Place, d.OtherNames = joinNames(person), joinNames(org), joinNames(place), joinNames(other)
	if len(quotes) == 0 {
		return nil
	}
	meta.Quotes = quotes
	qds := make([]quoteDoc, 0, len(quotes))
	seen := map[string]bool{}
	for _, q := range quotes {
		d.Quote += q.Text + "\n\n"
		if q.Speaker != "" && !seen[q.Speaker] {
			seen[q.Speaker] = true
			d.Speaker = append(d.Speaker, q.Speaker)
		}
		qd := quoteDoc{Kind: schema.QuoteType, Text: q.Text, Speaker: q.Speaker, Article: a.ID}
		if !a.Date.IsZero() {
			t := a.Date.UTC()
			p := schema.QuotePeriods(t)
			qd.Instant, qd.Periods, qd.Date = schema.QuoteInstant(t), p[:], &t
		}
		qds = append(qds, qd)
	}
	return qds
}

// quoteIDsOf returns the ids of the quotation documents indexed for the
// given articles, so that an updated article's old quotations are deleted.
func (ix *Index) quoteIDsOf(ctx context.Context, articleIDs []string) ([]string, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	dis := bleve.NewDisjunctionQuery()
	for _, id := range articleIDs {
		t := bleve.NewTermQuery(id)
		t.SetField(schema.FieldQArticle)
		dis.AddQuery(t)
	}
	q := bleve.NewConjunctionQuery(engine.QuotesOnly(), dis)
	var out []string
	const page = 1000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(q, page, from, false)
		req.Score = "none"
		res, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("look up quotations of %d articles: %w", len(articleIDs), err)
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if len(res.Hits) < page {
			return out, nil
		}
	}
}

// quoteCount is the number of quotation documents in the index.
func (ix *Index) quoteCount() (uint64, error) {
	req := bleve.NewSearchRequestOptions(engine.QuotesOnly(), 0, 0, false)
	req.Score = "none"
	res, err := ix.b.Search(req)
	if err != nil {
		return 0, fmt.Errorf("count quotations: %w", err)
	}
	return res.Total, nil
}

// joinNames writes names as one text for a word field. A phrase can match
// across two neighbouring names ("Neumann Mike"); no one types those.
func joinNames(names []string) string { return strings.Join(names, "\n") }
