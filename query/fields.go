package query

import (
	"sort"
	"strings"

	"github.com/newsdesk/newsdesk/index"
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
	"name": fName, "names": fName,
	"person": fPerson, "people": fPerson,
	"org": fOrg, "organization": fOrg, "organisation": fOrg,
	"place": fPlace, "location": fPlace,
	"quote": fQuote, "quotes": fQuote,
	"speaker": fSpeaker, "said": fSpeaker,
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
	{index.FieldHeadline, 2},
	{index.FieldBody, 1},
	{index.FieldByline, 1},
}

// weightedField is an index field with the boost of a match in it.
type weightedField struct {
	name  string
	boost float64
}

// indexFieldFor maps a scoped text field of the query language to the index
// field that holds its words.
func indexFieldFor(f string) string {
	switch f {
	case fSource:
		return index.FieldSourceWords
	case fSection:
		return index.FieldSectionWords
	case fName:
		return index.FieldNameWords
	case fSpeaker:
		return index.FieldSpeakWords
	}
	return f // headline, body, byline, person, org, place and quote keep their names
}
