package querylang

import (
	"slices"
	"sort"
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Field names of the query language. Aliases map to these.
const (
	fHeadline   = "headline"
	fBody       = "body"
	fByline     = "byline"
	fSource     = "source"
	fSourceCode = "source_code"
	fSection    = "section"
	fLanguage   = "language"
	fDate       = "date"
	fWordCount  = "word_count"
	fID         = "id"
	// Code lists: exact, case-insensitive values (Factiva codes, Reuters
	// categories, LexisNexis index terms).
	fSubjects      = "subjects"
	fRegions       = "regions"
	fCompanies     = "companies"
	fIndustries    = "industries"
	fPeople        = "people"
	fOrganizations = "organizations"
	// Names and quotations (see names.go).
	fName    = "name"
	fPerson  = "person"
	fOrg     = "org"
	fPlace   = "place"
	fQuote   = "quote"
	fSpeaker = "speaker"
)

// fieldAliases maps every accepted field name, including Factiva's own
// two-letter codes, to its query-language field.
var fieldAliases = map[string]string{
	"headline": fHeadline, "title": fHeadline, "hd": fHeadline, "hl": fHeadline,
	"body": fBody, "text": fBody, "td": fBody, "lp": fBody,
	"byline": fByline, "by": fByline, "author": fByline,
	"source": fSource, "sn": fSource, "publication": fSource,
	"source_code": fSourceCode, "sc": fSourceCode,
	"section": fSection, "se": fSection,
	"language": fLanguage, "lang": fLanguage, "la": fLanguage,
	"date": fDate, "pd": fDate,
	"word_count": fWordCount, "words": fWordCount, "wc": fWordCount,
	"id": fID, "an": fID,
	"subjects": fSubjects, "subject": fSubjects, "ns": fSubjects, "topic": fSubjects, "topics": fSubjects,
	"regions": fRegions, "region": fRegions, "re": fRegions, "places": fRegions,
	"companies": fCompanies, "company": fCompanies, "co": fCompanies,
	"industries": fIndustries, "industry": fIndustries, "in": fIndustries,
	"people":        fPeople,
	"organizations": fOrganizations, "organization": fOrganizations, "orgs": fOrganizations,
	"name": fName, "names": fName,
	"person": fPerson,
	"org":    fOrg, "organisation": fOrg,
	"place": fPlace, "location": fPlace,
	"quote": fQuote, "quotes": fQuote,
	"speaker": fSpeaker, "said": fSpeaker,
}

// codeField returns the index field of a code-list field of the query
// language, or "" for other fields.
func codeField(f string) string {
	switch f {
	case fSubjects:
		return schema.FieldSubjects
	case fRegions:
		return schema.FieldRegions
	case fCompanies:
		return schema.FieldCompanies
	case fIndustries:
		return schema.FieldIndustries
	case fPeople:
		return schema.FieldPeople
	case fOrganizations:
		return schema.FieldOrganizations
	}
	return ""
}

// exactField returns the keyword index field that holds the whole values
// of query-language field f, for field:="value", or "" when f has none.
func exactField(f string) string {
	switch f {
	case fSource:
		return schema.FieldSource
	case fSourceCode:
		return schema.FieldSourceCode
	case fSection:
		return schema.FieldSection
	case fLanguage:
		return schema.FieldLanguage
	case fName:
		return schema.FieldNames
	case fSpeaker:
		return schema.FieldSpeaker
	case fID:
		return "_id"
	}
	return codeField(f)
}

// exactFields lists the fields that take field:="value".
func exactFields() string {
	var names []string
	for _, f := range fieldAliases {
		if exactField(f) != "" && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func knownFields() string {
	seen := map[string]bool{}
	var names []string
	for _, f := range fieldAliases {
		if !seen[f] {
			seen[f] = true
			names = append(names, f)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func isRangeField(f string) bool { return f == fDate || f == fWordCount }

// textFields are searched by unscoped words and phrases, with their boosts:
// a word in the headline says more about an article than one in its body.
var textFields = []weightedField{
	{schema.FieldHeadline, 2},
	{schema.FieldBody, 1},
	{schema.FieldByline, 1},
}

// weightedField is an index field with the boost of a match in it.
type weightedField struct {
	name  string
	boost float64
}

// nameFields are the index fields name: searches, one per type of name.
func nameFields() []weightedField {
	var out []weightedField
	for _, f := range schema.NameFields() {
		out = append(out, weightedField{f, 1})
	}
	return out
}

// indexFieldFor maps a scoped text field of the query language to the index
// field that holds its words (name: is several: nameFields).
func indexFieldFor(f string) string {
	switch f {
	case fSource:
		return schema.FieldSourceWords
	case fSection:
		return schema.FieldSectionWords
	case fSpeaker:
		return schema.FieldSpeakWords
	}
	return f // headline, body, byline, person, org, place and quote keep their names
}

// Field is the query-language field an accepted field name (an alias such
// as Factiva's "sn") stands for, "" for none.
func Field(name string) string { return fieldAliases[name] }

// ExactField is the keyword index field that holds the whole values of
// query-language field f, for f:="value", or "" when f has none.
func ExactField(f string) string { return exactField(f) }

// Boost weights a match in an index field as unscoped words weight it: a
// word in the headline says more about an article than one in its body.
func Boost(field string) float64 {
	for _, f := range textFields {
		if f.name == field {
			return f.boost
		}
	}
	return 1
}

// MatchPhrase matches text as a phrase of its words in index field field,
// analysed as the index analyses it.
func MatchPhrase(field, text string) bq.Query {
	return match(weightedField{field, 1}, text, true)
}

// NameFields are the index fields name: searches, one per type of name.
func NameFields() []string { return schema.NameFields() }

// isFilterNode reports whether n constrains metadata only (source, source
// code, section, language, date, word count), so it can filter without
// scoring.
func isFilterNode(n Node) bool {
	switch n := n.(type) {
	case Term:
		return isMetaField(n.Field)
	case Phrase:
		return isMetaField(n.Field)
	case Range, Exact:
		return true
	}
	return false
}

func isMetaField(f string) bool {
	switch f {
	case fSource, fSourceCode, fSection, fLanguage, fDate:
		return true
	}
	return codeField(f) != ""
}
