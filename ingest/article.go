// Package ingest reads news exports into Article values: Factiva (plain
// text, field-coded text, HTML, XML), LexisNexis / Nexis Uni (text, HTML,
// DOCX), Europresse HTML, Reuters-21578 SGML, NewsML-G2, NITF, RSS and
// Atom, CSV, JSON Lines and zip archives of these, detected by content
// (see Detect and Formats). It knows nothing about
// indexing: other programs can use it to parse exports on their own.
package ingest

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"time"
)

// Article is one news article, the unit newsdesk indexes and returns.
//
// Field names in JSON are snake_case and identical in the JSON Lines input,
// `newsdesk show --json` and the HTTP API.
type Article struct {
	// ID is the vendor's accession number (Factiva's "Document XXXX" line),
	// or, for inputs without one, StableID(source, date, headline).
	ID         string   `json:"id"`
	Headline   string   `json:"headline"`
	Byline     string   `json:"byline,omitempty"`
	Authors    []string `json:"authors,omitempty"`
	Section    string   `json:"section,omitempty"`
	Source     string   `json:"source,omitempty"`
	SourceCode string   `json:"source_code,omitempty"`
	// Date is the publication date (UTC). A time of day is kept when the
	// export has one; otherwise it is midnight.
	Date      time.Time `json:"-"`
	Edition   string    `json:"edition,omitempty"`
	Page      string    `json:"page,omitempty"`
	Language  string    `json:"language,omitempty"` // ISO 639-1 code where known ("en")
	WordCount int       `json:"word_count,omitempty"`
	Copyright string    `json:"copyright,omitempty"`
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
	// Names and Quotes are found at indexing (package extract); readers
	// leave them empty.
	Names  []Name  `json:"names,omitempty"`
	Quotes []Quote `json:"quotes,omitempty"`
	// Extra keeps input keys newsdesk has no field for, so nothing is lost.
	Extra map[string]any `json:"extra,omitempty"`
	// Origin says where the article was read from.
	Origin Origin `json:"origin"`
}

// Origin locates an article in its input.
type Origin struct {
	File    string `json:"file,omitempty"`
	Ordinal int    `json:"ordinal,omitempty"` // 1-based position of the article in the file
	Line    int    `json:"line,omitempty"`    // 1-based line where the article starts
	Format  Format `json:"format,omitempty"`  // format the article was read as
}

// StableID derives an id for an article that has no accession number, so that
// re-ingesting the same article gives the same id.
func StableID(source string, date time.Time, headline string) string {
	h := sha1.New()
	h.Write([]byte(strings.ToLower(strings.TrimSpace(source))))
	h.Write([]byte{0})
	if !date.IsZero() {
		h.Write([]byte(date.UTC().Format("2006-01-02")))
	}
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(strings.Fields(strings.ToLower(headline)), " ")))
	return "ND" + strings.ToUpper(hex.EncodeToString(h.Sum(nil))[:20])
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
