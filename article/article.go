// Package article is newsdesk's data model: the Article a reader of
// package ingest produces, package index stores and package query returns,
// with the names and quotations package extract finds in it, and the
// article's JSON form (the JSON Lines input, `newsdesk show --json` and the
// HTTP API). Fields returns the article schema, one entry per field: its
// names in inputs and in the query language, its kind and how the index
// searches it, from which the readers, the exports, the index mapping and
// the query language are derived. It is a leaf: it imports nothing else of newsdesk, so programs
// that only pass articles around need none of the parsers or bleve.
package article

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Article is one news article, the unit newsdesk indexes and returns.
//
// Field names in JSON are snake_case and identical in the JSON Lines input,
// `newsdesk show --json` and the HTTP API.
type Article struct {
	// ID is the vendor's accession number (Factiva's "Document XXXX" line),
	// or, for inputs without one, StableID: a digest of the source, day,
	// headline, byline, section, edition, page, URL and body text, so
	// different articles get different ids and the same article always the
	// same one.
	ID         string   `json:"id"`
	Headline   string   `json:"headline"`
	Byline     string   `json:"byline,omitempty"`
	Authors    []string `json:"authors,omitempty"`
	Section    string   `json:"section,omitempty"`
	Source     string   `json:"source,omitempty"`
	SourceCode string   `json:"source_code,omitempty"`
	// Date is the publication date (UTC). A time of day is kept when the
	// export has one; otherwise it is midnight.
	Date    time.Time `json:"-"`
	Edition string    `json:"edition,omitempty"`
	Page    string    `json:"page,omitempty"`
	// Language is the ISO 639-1 code ("en"), whatever language the
	// vendor's interface wrote it in ("Englisch", "英文"); the label as
	// given is kept in Extra[LanguageLabelKey]. A label the language
	// table does not know is kept lower-cased, never guessed at (see
	// LanguageCode and UnknownLanguages).
	Language  string `json:"language,omitempty"`
	WordCount int    `json:"word_count,omitempty"`
	Copyright string `json:"copyright,omitempty"`
	// Body holds the paragraphs of the article text, in order.
	Body []string `json:"body"`
	URL  string   `json:"url,omitempty"`
	// Index codes, kept as the export gives them (Factiva's lower-case
	// codes such as "ccat", Reuters-21578's category names such as "cocoa",
	// or LexisNexis's index terms such as "ELECTIONS") so that they can be
	// searched and faceted. Their descriptions, where the export has them,
	// are in Extra["code_names"] (code -> name).
	//
	// Subjects: Factiva NS, Reuters TOPICS, LexisNexis SUBJECT.
	Subjects []string `json:"subjects,omitempty"`
	// Regions: Factiva RE, Reuters PLACES, LexisNexis GEOGRAPHIC/COUNTRY.
	Regions []string `json:"regions,omitempty"`
	// Companies: Factiva CO, Reuters COMPANIES, LexisNexis COMPANY.
	Companies []string `json:"companies,omitempty"`
	// Industries: Factiva IN, LexisNexis INDUSTRY.
	Industries []string `json:"industries,omitempty"`
	// People: Reuters PEOPLE, LexisNexis PERSON.
	People []string `json:"people,omitempty"`
	// Organizations: Reuters ORGS, LexisNexis ORGANIZATION.
	Organizations []string `json:"organizations,omitempty"`
	// Names and Quotes are found at indexing (package extract); the
	// readers of package ingest leave them empty.
	Names  []Name  `json:"names,omitempty"`
	Quotes []Quote `json:"quotes,omitempty"`
	// Extra keeps input keys newsdesk has no field for, so nothing is lost,
	// and the language label (LanguageLabelKey, "language_label").
	Extra map[string]any `json:"extra,omitempty"`
	// Origin says where the article was read from.
	Origin Origin `json:"origin"`
}

// Origin locates an article in its input.
type Origin struct {
	File    string `json:"file,omitempty"`
	Ordinal int    `json:"ordinal,omitempty"` // 1-based position of the article in the file
	Line    int    `json:"line,omitempty"`    // 1-based line where the article starts
	Format  string `json:"format,omitempty"`  // format the article was read as (an ingest.Format)
}

// StableID derives the id of an article that has no accession number. It
// is "ND" and 20 hex digits of a SHA-1 over the article's source, day
// (UTC; none when undated), headline, byline, section, edition, page, URL
// (as given) and body text, the texts normalised: Unicode NFKC, lower case,
// and every run of characters other than letters, digits and combining
// marks reduced to one space. So:
//
//   - the same article read again, or from a copy re-encoded, re-wrapped or
//     re-paragraphed, or with other punctuation or capitals, keeps its id,
//     and re-ingesting a file changes nothing;
//   - two different articles get different ids even when they share source,
//     day and headline (recurring columns such as "Letters" or
//     "Corrections"), as their texts differ; so do two records of one text
//     filed under different sections or pages (exports list some articles
//     twice), which duplicate detection then groups;
//   - an article whose words were corrected gets a new id: the corrected
//     version is added beside the old one (near-duplicate detection groups
//     them), rather than replacing it.
//
// Fields a later download may change (load date and other Extra keys,
// word count, copyright, index codes) and those newsdesk derives (language)
// are left out. Articles identical in the fields above are one article and
// share an id.
//
// Every reader of package ingest calls StableID for articles without an
// accession number, and so do index and bench for articles built by other
// programs.
func StableID(a *Article) string {
	h := sha1.New()
	raw := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	field := func(s string) { raw(idText(s)) }
	field(a.Source)
	day := ""
	if !a.Date.IsZero() {
		day = a.Date.UTC().Format("2006-01-02")
	}
	raw(day)
	field(a.Headline)
	field(a.Byline)
	field(a.Section)
	field(a.Edition)
	field(a.Page)
	raw(strings.TrimSpace(a.URL))
	field(strings.Join(a.Body, "\n")) // paragraph breaks count as white space
	return "ND" + strings.ToUpper(hex.EncodeToString(h.Sum(nil))[:20])
}

// idText normalises text for StableID: NFKC, lower case, and letters,
// digits and combining marks kept while every other run of characters
// becomes one space, trimmed.
func idText(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if IsJunkControl(r) {
			continue // dropped from the stored text too (ingest cleans every article), so not a word break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// BodyText joins the paragraphs with blank lines, the form the index stores.
func (a *Article) BodyText() string { return strings.Join(a.Body, "\n\n") }

// SplitParagraphs splits text on blank lines into trimmed, non-empty
// paragraphs; it is the inverse of BodyText.
func SplitParagraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
