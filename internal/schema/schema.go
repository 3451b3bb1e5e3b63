// Package schema names the fields, analyzers and document kinds of
// newsdesk's bleve index, and the formats of the values that package index
// writes and package query reads back (token counts, quotation ids), and
// what is derived from the article schema (article.Fields) and the index's
// own fields: IndexedFields, AnalyzerFor (queries), IndexAnalyzerFor (documents), LengthFields. It is internal: embedders search through package query's field names, never
// these.
package schema

import (
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// Analyzer and token filter names registered with bleve. The mapping stores
// only these names, so every binary that opens an index must import this
// package (its init registers them).
const (
	// TextAnalyzer analyses headline and body: English possessives dropped,
	// lower-cased, folded to ASCII, stop words removed, Porter-stemmed.
	//
	// At indexing it also adds paragraph, sentence and caps marks
	// (marks.go); TextQueryAnalyzer is the same without them, for queries.
	TextAnalyzer = "news_text"
	// TextQueryAnalyzer analyses query text for TextAnalyzer's fields: the
	// index's own text analyzer, words only (no marks). It is
	// registered with bleve by name, not defined in the mapping, so it
	// resolves in indexes made before it too.
	TextQueryAnalyzer = "news_text_query"
	// MarkedAnalyzerType is the bleve analyzer type TextAnalyzer is defined
	// with in indexes of layout 4 and later: bleve's custom analyzer
	// (tokenizer and token filters) that also emits the marks and caps
	// terms. Indexes store the name in their mapping.
	MarkedAnalyzerType = "news_marked"
	// WordsAnalyzer analyses bylines, source and section names: lower-cased
	// and folded words, no stemming and no stop words, so "The Times" and
	// "de Kerchove" stay searchable word by word and as phrases.
	WordsAnalyzer = "news_words"
	// FoldFilter folds accented letters to ASCII at the token level.
	FoldFilter = "news_fold"
	// WordTokenizer is bleve's unicode tokenizer, several times faster
	// (wordpos.Tokenizer): the tokenizer of TextAnalyzer and WordsAnalyzer
	// in new indexes; older ones name bleve's "unicode", which makes the
	// same tokens.
	WordTokenizer = "news_words_tokenizer"
	// KeysAnalyzer splits a field on white space and nothing else: the LSH
	// band keys of an article go in as one string, which bleve indexes
	// several times faster than the same keys as a list of values.
	KeysAnalyzer = "news_keys"
)

// Field names in the bleve index. The query package builds queries on them.
const (
	FieldHeadline = "headline"
	// FieldBody is the body text, indexed; indexes before layout 5 also
	// stored it here. Read a stored body with Body, never from here.
	FieldBody = "body"
	// FieldStoredBody holds the body text compressed (EncodeBody), stored
	// only, in indexes of layout 5 and later (body.go).
	FieldStoredBody   = "body_stored"
	FieldByline       = "byline"
	FieldSource       = "source"       // keyword: exact value, for facets and filters
	FieldSourceWords  = "source_words" // words of the source name, for field queries
	FieldSourceCode   = "source_code"  // keyword
	FieldSection      = "section"      // keyword
	FieldSectionWords = "section_words"
	FieldLanguage     = "language" // keyword, ISO 639-1
	FieldDate         = "date"
	FieldWordCount    = "word_count"
	// FieldMeta holds the article without its body as JSON, deflated
	// (EncodeMeta); stored only, so a hit can be shown without a second
	// lookup.
	FieldMeta = "meta"
	// FieldHash is a digest of the article's content: re-ingesting an
	// unchanged article is detected and skipped.
	FieldHash = "hash"
	// FieldTokenCounts holds the article's FieldLengths, for BM25
	// statistics and re-ranking.
	FieldTokenCounts = "lengths"
	// FieldDupExact is a digest of the normalised body (dedup.ExactDigest:
	// lower-cased, accents folded, punctuation and white space collapsed):
	// articles with the same value are identical. An article without body
	// words has its own id here, so it never groups. Keyword, doc values.
	FieldDupExact = "dup_exact"
	// FieldDupGroup names an article's near-duplicate group by the id of
	// its lead, the group's earliest article (the article's own id when it
	// has no near duplicate). Keyword, doc values. See dedup.go.
	FieldDupGroup = "dup_group"
)

// Code-list fields: keywords (lower-cased codes or index terms) with doc
// values, for filters and facets. See article.Article for what each holds.
const (
	FieldSubjects      = "subjects"
	FieldRegions       = "regions"
	FieldCompanies     = "companies"
	FieldIndustries    = "industries"
	FieldPeople        = "people"
	FieldOrganizations = "organizations"
)

// CodeFields lists the code-list fields: the Keyword fields of the
// article schema whose values are lower-cased (Search.Lower).
func CodeFields() []string {
	var out []string
	for _, f := range article.Fields() {
		if f.Search.Analysis == article.Keyword && f.Search.Lower {
			out = append(out, f.Name)
		}
	}
	return out
}

// Names and quotations are found by package extract before indexing (not
// by a bleve analyzer: an analyzer sees one field's tokens without case
// context across sentences, while resolving "Mr. Pompeo" to "Mike Pompeo"
// needs the whole article) and fed to dedicated fields.
const (
	FieldNames      = "names"       // keyword, doc values: canonical names, for facets and exact filters
	FieldPerson     = "person"      // words of the names of people
	FieldOrg        = "org"         // words of the names of organisations
	FieldPlace      = "place"       // words of the names of places
	FieldOtherNames = "other_names" // words of the names of no known type
	// FieldNameWords held the words of all names. Indexes made before
	// other_names have it; newer ones do not: every name's words are in
	// exactly one of the typed fields, and name: searches NameFields.
	FieldNameWords  = "name_words"
	FieldQuote      = "quote"   // text of all quotations of the article
	FieldSpeaker    = "speaker" // keyword, doc values: speakers, for the speakers facet
	FieldSpeakWords = "speaker_words"
)

// ArticleType is the kind of an article document (FieldKind). Articles of
// indexes made before it carry no kind.
const ArticleType = "article"

// Fields of quotation documents: one bleve document per quotation, id
// "ARTICLEID#q3", of type QuoteType, with field names of their own so that
// no article query (dates, sources, match-all filters) matches them.
const (
	QuoteType          = "quote"
	FieldKind          = "kind" // keyword: QuoteType on quotation documents, ArticleType on articles
	FieldQText         = "q_text"
	FieldQSpeaker      = "q_speaker" // keyword, doc values
	FieldQSpeakerWords = "q_speaker_words"
	FieldQArticle      = "q_article" // keyword: finds an article's quotations
	// FieldQDate is the quotation's date as a bleve date (doc values:
	// sorting and date filters) in indexes made before FieldQDay.
	FieldQDate = "q_date"
)

// FieldQDup marks the quotations of duplicate articles (see quoteDoc.Dup).
const FieldQDup = "q_dup"

// NameFields are the index fields name: searches: the words of every name
// are in one of them. They include FieldNameWords, so that indexes made
// before other_names find names of no known type too.
func NameFields() []string {
	return []string{FieldPerson, FieldOrg, FieldPlace, FieldOtherNames, FieldNameWords}
}

// QuoteID is the document id of the n-th (1-based) quotation of an article.
func QuoteID(articleID string, n int) string { return articleID + "#q" + strconv.Itoa(n) }

// ParseQuoteID splits a quotation document id into its article's id and
// the quotation's 1-based number; ok is false for other ids.
func ParseQuoteID(id string) (articleID string, n int, ok bool) {
	i := strings.LastIndex(id, "#q")
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+2:])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return id[:i], n, true
}

const (
	// FieldDupBands holds the LSH band keys of the body (KeysAnalyzer):
	// indexed only, to find candidates.
	FieldDupBands = "dup_bands"
	// FieldDupSig was the stored MinHash signature of the body. It is no
	// longer written: a candidate's signature is computed again from its
	// stored body, which is read with it anyway (bleve decompresses all
	// stored fields of a document together). Indexes made before keep the
	// field, unread.
	FieldDupSig = "dup_sig"
)
