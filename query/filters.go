package query

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// Filters narrow a search without changing its ranking: they are added as
// non-scoring clauses. Values within one field are alternatives (OR);
// fields combine with AND.
type Filters struct {
	// Sources match the source name as a phrase of its words, so "guardian"
	// and "The Guardian" both find The Guardian.
	Sources []string
	// SourceCodes match Factiva's source code exactly (case-insensitive).
	SourceCodes []string
	// Sections match the section name as a phrase of its words.
	Sections []string
	// Languages take ISO 639-1 codes or language names ("en", "English").
	Languages []string
	// Names match the names found in the articles (people, organisations,
	// places) as a phrase of their words, like name: in the query
	// language: "neumann" and "Peter Neumann" both find Peter Neumann.
	Names []string
}

// IsZero reports whether no filter is set.
func (f Filters) IsZero() bool {
	return len(f.Sources) == 0 && len(f.SourceCodes) == 0 && len(f.Sections) == 0 &&
		len(f.Languages) == 0 && len(f.Names) == 0
}

// query builds the filter clauses, or nil when there are none.
func (f Filters) query() (bq.Query, error) {
	var all []bq.Query
	add := func(values []string, one func(string) bq.Query) {
		var any []bq.Query
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				any = append(any, one(v))
			}
		}
		if q := querylang.Disjunction(any); q != nil {
			all = append(all, q)
		}
	}
	words := func(field string) func(string) bq.Query {
		return func(v string) bq.Query { return querylang.MatchPhrase(field, v) }
	}
	exact := func(field string, norm func(string) string) func(string) bq.Query {
		return func(v string) bq.Query {
			q := bleve.NewTermQuery(norm(v))
			q.SetField(field)
			return q
		}
	}
	add(f.Sources, words(schema.FieldSourceWords))
	add(f.SourceCodes, exact(schema.FieldSourceCode, strings.ToUpper))
	add(f.Sections, words(schema.FieldSectionWords))
	add(f.Languages, exact(schema.FieldLanguage, ingest.LanguageCode))
	add(f.Names, func(v string) bq.Query {
		var any []bq.Query
		for _, f := range querylang.NameFields() {
			any = append(any, words(f)(v))
		}
		return querylang.Disjunction(any)
	})
	switch len(all) {
	case 0:
		return nil, nil
	case 1:
		return all[0], nil
	}
	return bleve.NewConjunctionQuery(all...), nil
}

// compile builds the query of req with its date range and filters, and
// the plan of its words (the filters do not score: they add none).
func (s *Searcher) compile(req Request) (bq.Query, querylang.Plan, error) {
	q, plan, err := s.compilePlan(req.Query, req.Syntax, req.From, req.To)
	if err != nil {
		return nil, querylang.Plan{}, err
	}
	fq, err := req.Filters.query()
	if err != nil || fq == nil {
		return q, plan, err
	}
	bl := bleve.NewBooleanQuery()
	bl.AddMust(q)
	bl.AddFilter(fq)
	return bl, plan, nil
}

// matchesAll reports whether req matches every article: no words, no dates,
// no filters. (False is always safe: it only saves a search.)
func (req Request) matchesAll() bool {
	return strings.TrimSpace(req.Query) == "" && req.From.IsZero() && req.To.IsZero() && req.Filters.IsZero()
}
