package schema

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
)

// Word counts as terms.
//
// bleve indexes a number as 16 terms, one per 4 bits of its 64, for
// ranges of any width. A word count only needs words:>500 or
// words:[100 TO 300]: indexes made since 2026-12-03 index it in
// FieldWordCount, a keyword field, as two terms, the count itself and its
// hundreds (CountTerms), so that a range is at most three term ranges
// (querylang.CountRange): counts below the first whole hundred, whole
// hundreds, counts from the last whole hundred. On Reuters-21578 the 16
// terms took 1.5 MB of a 65 MB index (docs/index.md, "Word counts and
// quotation dates as a few terms"). Older indexes keep the number, which
// their stored mapping says (WordCountTerms).

// MaxCount is the largest count CountTerms writes as it is; larger ones
// are written as MaxCount.
const MaxCount = 9_999_999_999

// The two levels of a count's terms: a prefix of their own, so that a term
// range of one level holds no term of the other, and a fixed width, so that
// byte order is numeric order.
const (
	countPrefix    = "n"
	hundredsPrefix = "h"
)

// CountTerm is the term of count n itself (0 <= n <= MaxCount+1, the
// end of a range).
func CountTerm(n int64) string { return fmt.Sprintf("%s%011d", countPrefix, n) }

// HundredsTerm is the term of the hundreds h = n/100 of counts n.
func HundredsTerm(h int64) string { return fmt.Sprintf("%s%09d", hundredsPrefix, h) }

// CountTerms are the FieldWordCount terms of a word count, negative
// counts written as 0.
func CountTerms(n int) []string {
	v := min(max(int64(n), 0), MaxCount)
	return []string{CountTerm(v), HundredsTerm(v / 100)}
}

// WordCountTerms reports whether an index of mapping m holds word counts
// as CountTerms (a keyword field) rather than as bleve numbers.
func WordCountTerms(m mapping.IndexMapping) bool {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok || im.DefaultMapping == nil {
		return false
	}
	p := im.DefaultMapping.Properties[FieldWordCount]
	return p != nil && len(p.Fields) > 0 && p.Fields[0].Type != "number"
}
