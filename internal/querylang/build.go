package querylang

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Plan is what a built query searches for, recorded as it is built, so
// that nothing takes the bleve query apart again.
type Plan struct {
	// Words are the words and phrases the query scores with, in the fields
	// that keep term locations; negated and filter clauses are left out,
	// as bleve gives them no locations either.
	Words engine.Words
	// Plain says the query's scoring clauses are words, phrases and
	// prefixes only (no fuzzy words or proximity): its top hits can be
	// re-scored from the words' posting lists (a prefix's, every term it
	// expands to), and the search can run without term locations
	// (engine.RescoreTerms).
	Plain bool
	// MayMatchQuotes says whether the query could match a quotation
	// document: false when every match needs a field they lack
	// (engine.IsQuoteField), so that engine.ArticlesOnly need not exclude
	// them.
	MayMatchQuotes bool
	// NeedsMarks says the query reads what only indexes of layout 4 and
	// later hold: paragraph and sentence marks (same, w/s, lp=, hlp=) or
	// caps marks (caps()). On an older index it would match wrongly, so
	// the query layer refuses it there.
	NeedsMarks bool
}

// builder turns a parsed query into a bleve query. It analyses words itself
// so that words the analyzer drops (stop words) are left out of an AND
// instead of making it match nothing.
type builder struct {
	m mapping.IndexMapping
	// text, when set, replaces textFields for unscoped words (quotations
	// are searched in their own field).
	text []weightedField
	// words and notPlain are the plan being recorded; quiet counts the
	// enclosing negated and filter clauses, which the plan leaves out.
	words    engine.Words
	notPlain bool
	quiet    int
	// mayQuote is whether the query last built may match a quotation
	// document.
	mayQuote bool
	// needsMarks is whether the query reads the paragraph and sentence
	// marks or the caps marks (Plan.NeedsMarks).
	needsMarks bool
}

// Build builds the bleve query of n, analysing words as mapping m's
// analyzers do, with its plan. The query is nil when n has no searchable
// word (stop words only).
func Build(m mapping.IndexMapping, n Node) (bq.Query, Plan, error) {
	b := &builder{m: m}
	return b.buildPlan(n)
}

// BuildIn is Build with unscoped words searched in field alone (quotation
// searches search their own text field); it has no plan.
func BuildIn(m mapping.IndexMapping, n Node, field string) (bq.Query, error) {
	b := &builder{m: m, text: []weightedField{{field, 1}}}
	return b.build(n)
}

// buildPlan builds the bleve query of n with its plan.
func (b *builder) buildPlan(n Node) (bq.Query, Plan, error) {
	b.words, b.notPlain, b.quiet, b.needsMarks = engine.Words{}, false, 0, false
	q, err := b.build(n)
	if err != nil || q == nil {
		return nil, Plan{}, err
	}
	p := Plan{Plain: !b.notPlain, MayMatchQuotes: b.mayQuote, NeedsMarks: b.needsMarks}
	if p.Plain {
		p.Words = b.words
	}
	return q, p, nil
}

// buildQuiet builds n as a clause that does not score (negated, or a
// filter): its words are not in the plan.
func (b *builder) buildQuiet(n Node) (bq.Query, error) {
	b.quiet++
	defer func() { b.quiet-- }()
	return b.build(n)
}

// located reports whether field keeps term locations: keyword fields have
// no term vectors, and no part in re-scoring.
func located(field string) bool { return schema.AnalyzerFor(field) != keyword.Name }

// planWords records the words of text in field f, as a plain word (a
// match) or a phrase, analysed as the index analyses f.
func (b *builder) planWords(f string, text string, phrase bool) {
	if b.quiet > 0 {
		return
	}
	a := b.m.AnalyzerNamed(schema.AnalyzerFor(f))
	if a == nil {
		b.notPlain = true
		return
	}
	toks := a.Analyze([]byte(text))
	if !phrase {
		for _, t := range toks {
			b.planTerm(f, string(t.Term))
		}
		return
	}
	if len(toks) == 0 || !located(f) {
		return
	}
	p := engine.Phrase{Field: f}
	first := toks[0].Position
	for _, t := range toks {
		first = min(first, t.Position)
	}
	for _, t := range toks {
		p.Words = append(p.Words, string(t.Term))
		p.At = append(p.At, uint64(t.Position-first))
	}
	b.words.Phrases = append(b.words.Phrases, p)
}

// planTerm records one word of field f.
func (b *builder) planTerm(f, term string) {
	if t := (engine.Term{Field: f, Term: term}); b.quiet == 0 && located(f) && !slices.Contains(b.words.Terms, t) {
		b.words.Terms = append(b.words.Terms, t)
	}
}

// planPrefix records a prefix (word*) of field f.
func (b *builder) planPrefix(f, prefix string) {
	if t := (engine.Term{Field: f, Term: prefix}); b.quiet == 0 && located(f) && !slices.Contains(b.words.Prefixes, t) {
		b.words.Prefixes = append(b.words.Prefixes, t)
	}
}

// planNotPlain records a scoring clause that is not a word or a phrase.
func (b *builder) planNotPlain() {
	if b.quiet == 0 {
		b.notPlain = true
	}
}

func (b *builder) build(n Node) (bq.Query, error) {
	switch n := n.(type) {
	case Term:
		if n.Pattern {
			return b.spanQuery(n)
		}
		return b.term(n)
	case Near, Caps:
		return b.spanQuery(n)
	case AtLeast:
		return b.atLeast(n)
	case Lead, First:
		return b.lead(n)
	case Phrase:
		return b.phrase(n)
	case Range:
		b.mayQuote = false // word_count and date: article fields
		return b.rangeQuery(n)
	case Exact:
		q, err := exactValue(n)
		b.mayQuote = q != nil && mayQuoteField(q)
		if t, ok := q.(*bq.TermQuery); ok {
			b.planTerm(t.FieldVal, t.Term)
		}
		return q, err
	case Not:
		inner, err := b.buildQuiet(n.Node)
		b.mayQuote = true // every document, less some
		if err != nil || inner == nil {
			return nil, err
		}
		q := bleve.NewBooleanQuery()
		q.AddMust(bleve.NewMatchAllQuery())
		q.AddMustNot(inner)
		return q, nil
	case And:
		var must, mustNot, filter []bq.Query
		may := true // every required clause may match a quotation
		for _, c := range n {
			// Clauses on metadata (source:, date:, ...) narrow the hits
			// without scoring, like the --source and --from flags.
			if isFilterNode(c) {
				q, err := b.buildQuiet(c)
				if err != nil {
					return nil, err
				}
				if q != nil {
					filter = append(filter, q)
					may = may && b.mayQuote
				}
				continue
			}
			if not, ok := c.(Not); ok {
				q, err := b.buildQuiet(not.Node)
				if err != nil {
					return nil, err
				}
				if q != nil {
					mustNot = append(mustNot, q)
				}
				continue
			}
			q, err := b.build(c)
			if err != nil {
				return nil, err
			}
			if q != nil {
				must = append(must, q)
				may = may && b.mayQuote
			}
		}
		b.mayQuote = may
		if len(must) == 0 && len(mustNot) == 0 && len(filter) == 0 {
			return nil, nil
		}
		if len(mustNot) == 0 && len(filter) == 0 && len(must) == 1 {
			return must[0], nil
		}
		q := bleve.NewBooleanQuery()
		if len(must) == 0 {
			must = append(must, bleve.NewMatchAllQuery())
		}
		q.AddMust(must...)
		q.AddMustNot(mustNot...)
		switch len(filter) {
		case 0:
		case 1:
			q.AddFilter(filter[0])
		default:
			q.AddFilter(bleve.NewConjunctionQuery(filter...))
		}
		return q, nil
	case Or:
		var any []bq.Query
		may := false
		for _, c := range n {
			q, err := b.build(c)
			if err != nil {
				return nil, err
			}
			if q != nil {
				any = append(any, q)
				may = may || b.mayQuote
			}
		}
		b.mayQuote = may
		return Disjunction(any), nil
	}
	return nil, fmt.Errorf("query: unknown node %T", n)
}

// tokens analyses text as field's analyzer does at index time.
func (b *builder) tokens(field, text string) []string {
	a := b.m.AnalyzerNamed(schema.AnalyzerFor(field))
	if a == nil {
		return strings.Fields(strings.ToLower(text))
	}
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

func (b *builder) term(t Term) (bq.Query, error) {
	if q := exactTerm(t); q != nil {
		b.planExact(q)
		return q, nil
	}
	if t.Field == "" && !t.Prefix && len(b.tokens(schema.FieldBody, t.Text)) == 0 {
		return nil, nil // a stop word: leave it out rather than match nothing
	}
	var prefixes []string
	if t.Prefix {
		// bleve does not analyse prefixes: fold and lower-case them here as
		// the index did. Stemmed fields hold stems, which can be shorter
		// than the word typed (turkey -> turkei), so the prefix's own stem
		// is tried too.
		toks := b.tokens(schema.FieldByline, t.Text)
		if len(toks) != 1 {
			return nil, &SyntaxError{Msg: fmt.Sprintf("%q: a prefix must be one word", t.Text+"*")}
		}
		prefixes = toks
	}
	var any []bq.Query
	b.mayQuote = false
	for _, f := range b.fieldsFor(t.Field) {
		if t.Prefix {
			ps := prefixes
			if stem := b.tokens(f.name, t.Text); len(stem) == 1 && stem[0] != ps[0] {
				ps = append([]string{stem[0]}, ps...)
			}
			for _, prefix := range ps {
				p := bleve.NewPrefixQuery(prefix)
				p.SetField(f.name)
				p.SetBoost(f.boost)
				any = append(any, p)
				b.planPrefix(f.name, prefix)
				b.mayQuote = b.mayQuote || engine.IsQuoteField(f.name)
			}
			continue
		}
		switch toks := b.tokens(f.name, t.Text); len(toks) {
		case 0:
			continue // a stop word for this field
		case 1:
			any = append(any, match(f, t.Text, false))
			b.planWords(f.name, t.Text, false)
		default:
			// A word the analyzer splits (al-Qaeda, U.S.-led) is a phrase.
			any = append(any, match(f, t.Text, true))
			b.planWords(f.name, t.Text, true)
		}
		b.mayQuote = b.mayQuote || engine.IsQuoteField(f.name)
	}
	return Disjunction(any), nil
}

// planExact records an exact clause (exactTerm) in the plan.
func (b *builder) planExact(q bq.Query) {
	b.mayQuote = mayQuoteField(q)
	switch q := q.(type) {
	case *bq.TermQuery:
		b.planTerm(q.FieldVal, q.Term)
	case *bq.PrefixQuery:
		b.planNotPlain()
	}
}

// mayQuoteField reports whether an exact clause q may match a quotation
// document: an id may, a field of articles only may not.
func mayQuoteField(q bq.Query) bool {
	if f, ok := q.(bq.FieldableQuery); ok {
		return engine.IsQuoteField(f.Field())
	}
	return true // a DocIDQuery
}

// match builds a match (or match-phrase) query on f, analysed with f's
// analyzer: bleve would pick the analyzer by document path, which is wrong
// for fields mapped under another name (source_words).
func match(f weightedField, text string, phrase bool) bq.Query {
	if phrase {
		m := bleve.NewMatchPhraseQuery(text)
		m.SetField(f.name)
		m.Analyzer = schema.AnalyzerFor(f.name)
		m.SetBoost(f.boost)
		return m
	}
	m := bleve.NewMatchQuery(text)
	m.SetField(f.name)
	m.Analyzer = schema.AnalyzerFor(f.name)
	m.SetBoost(f.boost)
	return m
}

// exactTerm builds the query for a field holding exact values (id, source
// code, language), or returns nil for other fields. Quoted values and
// prefixes work the same way on them.
func exactTerm(t Term) bq.Query {
	var field, value string
	switch t.Field {
	case fID:
		if !t.Prefix {
			return bleve.NewDocIDQuery([]string{t.Text})
		}
		field, value = "_id", t.Text
	case fSourceCode:
		field, value = schema.FieldSourceCode, strings.ToUpper(t.Text)
	case fLanguage:
		field, value = schema.FieldLanguage, ingest.LanguageCode(t.Text)
		if t.Prefix {
			value = strings.ToLower(t.Text)
		}
	default:
		if field = codeField(t.Field); field == "" {
			return nil
		}
		value = strings.ToLower(t.Text)
	}
	if t.Prefix {
		q := bleve.NewPrefixQuery(value)
		q.SetField(field)
		return q
	}
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return q
}

// exactValue matches the articles whose keyword field holds e.Value as
// it is: the term the index and the facets hold, not normalised.
func exactValue(e Exact) (bq.Query, error) {
	field := exactField(e.Field)
	switch field {
	case "":
		return nil, &SyntaxError{Msg: fmt.Sprintf("%s:= (an exact value) works on %s only", e.Field, exactFields())}
	case "_id":
		return bleve.NewDocIDQuery([]string{e.Value}), nil
	}
	q := bleve.NewTermQuery(e.Value)
	q.SetField(field)
	return q, nil
}

func (b *builder) phrase(p Phrase) (bq.Query, error) {
	if q := exactTerm(Term{Field: p.Field, Text: p.Text}); q != nil {
		b.planExact(q)
		return q, nil // source_code:"NYTF" means source_code:NYTF
	}
	if p.Field == "" && len(b.tokens(schema.FieldBody, p.Text)) == 0 {
		return nil, nil
	}
	var any []bq.Query
	b.mayQuote = false
	for _, f := range b.fieldsFor(p.Field) {
		toks := b.tokens(f.name, p.Text)
		if len(toks) == 0 {
			continue
		}
		if p.Slop > 0 && len(toks) > 1 {
			any = append(any, &engine.NearQuery{Terms: toks, Field: f.name, Distance: p.Slop, BoostVal: f.boost})
			b.planNotPlain()
			// As before plans: a proximity clause was assumed to match
			// quotations too (the exclusion costs little).
			b.mayQuote = true
		} else {
			any = append(any, match(f, p.Text, true))
			b.planWords(f.name, p.Text, true)
			b.mayQuote = b.mayQuote || engine.IsQuoteField(f.name)
		}
	}
	return Disjunction(any), nil
}

// Disjunction matches any of qs; nil for none.
func Disjunction(qs []bq.Query) bq.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// fieldsFor lists the index fields a word scoped to f is searched in.
func (b *builder) fieldsFor(f string) []weightedField {
	if f == "" && b.text != nil {
		return b.text
	}
	if f == "" {
		return textFields
	}
	if f == fName {
		return nameFields()
	}
	return []weightedField{{indexFieldFor(f), 1}}
}

func (b *builder) rangeQuery(r Range) (bq.Query, error) {
	if r.Field == fWordCount {
		var lo, hi *float64
		if r.Lo != "" {
			v, err := strconv.ParseFloat(r.Lo, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &SyntaxError{Column: r.loColumn, Msg: fmt.Sprintf("word_count: %q is not a number", r.Lo)}
			}
			lo = &v
		}
		if r.Hi != "" {
			v, err := strconv.ParseFloat(r.Hi, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &SyntaxError{Column: r.column, Msg: fmt.Sprintf("word_count: %q is not a number", r.Hi)}
			}
			hi = &v
		}
		if schema.WordCountTerms(b.m) {
			return CountRange(schema.FieldWordCount, lo, hi, r.LoIncl, r.HiIncl), nil
		}
		q := bleve.NewNumericRangeInclusiveQuery(lo, hi, &r.LoIncl, &r.HiIncl)
		q.SetField(schema.FieldWordCount)
		return q, nil
	}
	var start, end time.Time
	if r.Lo != "" {
		p, err := ParseDate(r.Lo)
		if err != nil {
			return nil, &SyntaxError{Column: r.loColumn, Msg: "date: " + err.Error()}
		}
		if r.LoIncl {
			start = p.Start
		} else {
			start = p.End
		}
	}
	if r.Hi != "" {
		p, err := ParseDate(r.Hi)
		if err != nil {
			return nil, &SyntaxError{Column: r.column, Msg: "date: " + err.Error()}
		}
		if r.HiIncl {
			end = p.End
		} else {
			end = p.Start
		}
	}
	return DateRange(start, end), nil
}

// DateRange matches dates in [start, end); a zero bound is open.
func DateRange(start, end time.Time) bq.Query {
	incl, excl := true, false
	q := bleve.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
	q.SetField(schema.FieldDate)
	return q
}

// Period is a span of time named by a date written to some precision: a year
// (2017), a month (2017-10), a day (2017-10-23) or an instant (RFC 3339).
type Period struct {
	Start, End time.Time // [Start, End)
}

// The years bleve can index (int64 nanoseconds since 1970 span 1677-2262).
const (
	minYear = 1678
	maxYear = 2261
)

// ParseDate reads a date of the query language as the period it names.
func ParseDate(s string) (Period, error) {
	s = strings.TrimSpace(s)
	layouts := []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{time.RFC3339, func(t time.Time) time.Time { return t.Add(time.Second) }},
	}
	for _, l := range layouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			t = t.UTC()
			// bleve stores dates as int64 nanoseconds since 1970.
			if t.Year() < minYear || t.Year() > maxYear {
				return Period{}, fmt.Errorf("%q is out of range: dates run from %d to %d", s, minYear, maxYear)
			}
			return Period{Start: t, End: l.next(t)}, nil
		}
	}
	return Period{}, fmt.Errorf("%q is not a date; write 2017, 2017-10, 2017-10-23 or 2017-10-23T15:04:05Z", s)
}
