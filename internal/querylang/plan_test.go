package querylang

import (
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// planQueries cover every kind of clause the builder makes, in scoring,
// negated and filter position.
var planQueries = []string{
	`fighters`, `the fighters`, `islamic state`, `"islamic state"`, `"the state of play"`,
	`syria OR iraq`, `(syria OR iraq) fighters`, `fighters -turkey`, `NOT turkey`, `-turkey`,
	`headline:fighters`, `body:"islamic state"`, `byline:callimachi`, `al-Qaeda`, `U.S.-led`,
	`fight*`, `fighters fight*`, `fighters -fight*`, `"fighters europe"~5`, `syria "fighters europe"~5`,
	`source:times`, `fighters source:times`, `source:="The Times"`, `fighters source_code:NYTF`,
	`source_code:NYT*`, `language:english`, `fighters lang:en`, `date:2017`, `fighters date:[2016 TO 2017-06]`,
	`word_count:[100 TO 500]`, `fighters word_count:>100`, `id:NYTF000020171023edan00046`, `id:NYTF*`,
	`fighters id:NYTF*`, `subjects:gvote`, `fighters regions:syria`, `name:neumann`, `person:"peter neumann"`,
	`org:reuters`, `place:syria`, `quote:"come back"`, `speaker:neumann`, `speaker:="Peter Neumann"`,
	`name:="Peter Neumann"`, `fighters OR name:neumann`, `fighters OR id:NYTF000020171023edan00046`,
	`-fighters OR syria`, `(fighters OR -syria) iraq`, `section:world`, `fighters section:="World"`,
	`"islamic state" (syria OR iraq) -turkey headline:fighters date:[2016 TO 2017-06]`,
}

// TestPlanIsWhatTheQueryHolds: the plan the builder records as it builds
// is what taking the built query apart gives (the walks the engine and the
// index used before there was a plan, kept here as the reference): the same
// words and phrases in the same order, the same plainness, and the same
// answer to whether a quotation document may match.
func TestPlanIsWhatTheQueryHolds(t *testing.T) {
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range planQueries {
		node, err := Parse(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b := &builder{m: m}
		built, plan, err := b.buildPlan(node)
		if err != nil || built == nil {
			t.Fatalf("%s: %v, %v", q, built, err)
		}
		words, plain := referencePlainTerms(m, built)
		if plan.Plain != plain || !reflect.DeepEqual(plan.Words, words) {
			t.Errorf("%s: plan has plain %v, words %+v; the query holds plain %v, words %+v", q, plan.Plain, plan.Words, plain, words)
		}
		if may := referenceMayMatchQuotes(built); plan.MayMatchQuotes != may {
			t.Errorf("%s: plan says a quotation may match: %v; the query says %v", q, plan.MayMatchQuotes, may)
		}
	}
}

// referencePlainTerms is how the searcher took a built query apart before
// the builder recorded its plan.
func referencePlainTerms(m mapping.IndexMapping, q bq.Query) (engine.Words, bool) {
	var out engine.Words
	located := func(field string) bool { return schema.AnalyzerFor(field) != keyword.Name }
	add := func(field, term string) {
		if t := (engine.Term{Field: field, Term: term}); located(field) && !slices.Contains(out.Terms, t) {
			out.Terms = append(out.Terms, t)
		}
	}
	var walk func(q bq.Query) bool
	walk = func(q bq.Query) bool {
		switch q := q.(type) {
		case *bq.MatchQuery:
			if q.Fuzziness != 0 || q.Prefix != 0 {
				return false
			}
			a := m.AnalyzerNamed(q.Analyzer)
			if a == nil {
				return false
			}
			for _, t := range a.Analyze([]byte(q.Match)) {
				add(q.FieldVal, string(t.Term))
			}
			return true
		case *bq.MatchPhraseQuery:
			if q.Fuzziness != 0 {
				return false
			}
			a := m.AnalyzerNamed(q.Analyzer)
			if a == nil {
				return false
			}
			toks := a.Analyze([]byte(q.MatchPhrase))
			if len(toks) == 0 || !located(q.FieldVal) {
				return true
			}
			p := engine.Phrase{Field: q.FieldVal}
			first := toks[0].Position
			for _, t := range toks {
				first = min(first, t.Position)
			}
			for _, t := range toks {
				p.Words = append(p.Words, string(t.Term))
				p.At = append(p.At, uint64(t.Position-first))
			}
			out.Phrases = append(out.Phrases, p)
			return true
		case *bq.TermQuery:
			add(q.FieldVal, q.Term)
			return true
		case *bq.PrefixQuery:
			if !located(q.FieldVal) {
				return false // an exact value's prefix (id:NYTF*)
			}
			if t := (engine.Term{Field: q.FieldVal, Term: q.Prefix}); !slices.Contains(out.Prefixes, t) {
				out.Prefixes = append(out.Prefixes, t)
			}
			return true
		case *bq.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				if !walk(c) {
					return false
				}
			}
			return true
		case *bq.DisjunctionQuery:
			for _, c := range q.Disjuncts {
				if !walk(c) {
					return false
				}
			}
			return true
		case *bq.BooleanQuery:
			return (q.Must == nil || walk(q.Must)) && (q.Should == nil || walk(q.Should))
		case *bq.MatchAllQuery, *bq.DocIDQuery, *bq.DateRangeQuery, *bq.NumericRangeQuery, *bq.TermRangeQuery:
			return true
		}
		return false
	}
	if !walk(q) {
		return engine.Words{}, false
	}
	return out, true
}

// referenceMayMatchQuotes is how the index took a built query apart
// before the builder recorded its plan.
func referenceMayMatchQuotes(q bq.Query) bool {
	switch q := q.(type) {
	case *bq.MatchNoneQuery:
		return false
	case *bq.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !referenceMayMatchQuotes(c) {
				return false
			}
		}
		return true
	case *bq.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			if referenceMayMatchQuotes(c) {
				return true
			}
		}
		return false
	case *bq.BooleanQuery:
		if q.Must != nil && !referenceMayMatchQuotes(q.Must) {
			return false
		}
		if q.Filter != nil && !referenceMayMatchQuotes(q.Filter) {
			return false
		}
		if q.Must == nil && q.Should != nil && !referenceMayMatchQuotes(q.Should) {
			return false
		}
		return true
	case *bq.MatchAllQuery, *bq.DocIDQuery:
		return true
	case bq.FieldableQuery:
		return engine.IsQuoteField(q.Field())
	}
	return true
}
