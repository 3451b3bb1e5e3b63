package querylang

import (
	"math"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// CountRange matches the counts of field (indexed as schema.CountTerms)
// between lo and hi, each included or not as its flag says; a nil bound
// is open. Bounds need not be whole numbers: words:>99.5 is words:>=100.
func CountRange(field string, lo, hi *float64, loIncl, hiIncl bool) bq.Query {
	a, b := countInterval(lo, hi, loIncl, hiIncl)
	return anyTermRange(countPieces(field, a, b), false)
}

// countInterval is the whole counts [a, b) that lie between lo and hi,
// within [0, schema.MaxCount].
func countInterval(lo, hi *float64, loIncl, hiIncl bool) (a, b int64) {
	const top = float64(schema.MaxCount)
	a, b = 0, schema.MaxCount+1
	if lo != nil {
		switch {
		case *lo > top:
			return 0, 0
		case loIncl && *lo > 0:
			a = int64(math.Ceil(*lo))
		case !loIncl && *lo >= 0:
			a = int64(math.Floor(*lo)) + 1
		}
	}
	if hi != nil {
		switch {
		case *hi < 0 || (*hi == 0 && !hiIncl):
			return 0, 0
		case hiIncl && *hi < top:
			b = int64(math.Floor(*hi)) + 1
		case !hiIncl && *hi <= top:
			b = int64(math.Ceil(*hi))
		}
	}
	return a, b
}

// countPieces splits the counts [a, b) of field into at most three term ranges:
// single counts up to the first whole hundred, whole hundreds, single
// counts from the last whole hundred.
func countPieces(field string, a, b int64) []termRange {
	if a >= b {
		return nil
	}
	h0, h1 := (a+99)/100, b/100 // the whole hundreds [h0, h1)
	if h0 >= h1 {
		return []termRange{{field, schema.CountTerm(a), schema.CountTerm(b)}}
	}
	var out []termRange
	if a < h0*100 {
		out = append(out, termRange{field, schema.CountTerm(a), schema.CountTerm(h0 * 100)})
	}
	if h1*100 < b {
		out = append(out, termRange{field, schema.CountTerm(h1 * 100), schema.CountTerm(b)})
	}
	return append(out, termRange{field, schema.HundredsTerm(h0), schema.HundredsTerm(h1)})
}
