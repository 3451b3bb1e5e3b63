package httpapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/query"
)

// Param is one parameter of a request R, described once for both of its
// forms: the URL parameter the API reads (source_code=NYTF) and the flag
// the newsdesk command line reads (--source-code NYTF). Both forms hand
// their values to Apply, so a parameter added to a table below is read
// the same way by the API and by every command that binds the table.
type Param[R any] struct {
	Key     string   // URL parameter
	Aliases []string // other URL parameters read as Key (language for lang)
	Flag    string   // command-line flag; "" when the command line takes it as arguments (q)
	Short   string   // one-letter flag, or ""
	Type    string   // the value's kind in flag help: "int", "string" or "stringArray"
	Help    string   // what the flag and the parameter do
	// Repeat makes each value add to a list (source=a&source=b, or
	// --source a --source b); otherwise one value counts: the URL's first,
	// the command line's last.
	Repeat bool
	// Default is the value when none is given; "" leaves R's zero value,
	// which query reads as its own default.
	Default string
	// Set reads values (one unless Repeat) into r; its error says what is
	// wrong with a value, and Apply's caller names the parameter.
	Set func(r *R, values []string) error
}

// Apply sets p on r from the values given for it: Default when none is
// (or an empty one, limit=), only the first unless p.Repeat.
func (p Param[R]) Apply(r *R, values []string) error {
	if len(values) == 0 || !p.Repeat && values[0] == "" {
		if p.Default == "" {
			return nil
		}
		values = []string{p.Default}
	}
	if !p.Repeat {
		values = values[:1]
	}
	return p.Set(r, values)
}

// Parse reads a request from URL parameters by its table (SearchParams,
// QuoteParams, TimelineParams). Its error is a *query.RequestError naming
// the first bad parameter.
func Parse[R any](params []Param[R], v url.Values) (R, error) {
	var r R
	for _, p := range params {
		values := v[p.Key]
		for _, a := range p.Aliases {
			values = append(values, v[a]...)
		}
		if err := p.Apply(&r, values); err != nil {
			return r, &query.RequestError{Param: p.Key, Err: err}
		}
	}
	return r, nil
}

// SearchParams are the parameters of a search (GET /api/search, newsdesk
// search, export and kwic).
func SearchParams() []Param[query.Request] {
	type R = query.Request
	return []Param[R]{
		{Key: "q", Type: "string", Help: queryHelp,
			Set: func(r *R, v []string) error { r.Query = v[0]; return nil }},
		{Key: "syntax", Flag: "syntax", Type: "string", Help: syntaxHelp,
			Set: func(r *R, v []string) (err error) { r.Syntax, err = query.ParseSyntaxName(v[0]); return err }},
		limitParam("number of hits to show", func(r *R) *int { return &r.Limit }),
		intParam("offset", "", "number of hits to skip", 0, func(r *R) *int { return &r.Offset }),
		{Key: "sort", Flag: "sort", Type: "string", Help: "relevance (the default with a query), date (newest first; the default without a query) or -date (oldest first)",
			Set: func(r *R, v []string) error { r.Sort = v[0]; return nil }},
		dateParam("from", false, "only articles dated on or after this day, month or year (2017, 2017-10, 2017-10-23)", func(r *R) *time.Time { return &r.From }),
		dateParam("to", true, "only articles dated up to the end of this day, month or year", func(r *R) *time.Time { return &r.To }),
		listParam("source", "source", "only this source (name or words of it; repeat for several)", func(r *R) *[]string { return &r.Filters.Sources }),
		listParam("source_code", "source-code", "only this Factiva source code, e.g. NYTF (repeat for several)", func(r *R) *[]string { return &r.Filters.SourceCodes }),
		listParam("section", "section", "only this section (name or words of it; repeat for several)", func(r *R) *[]string { return &r.Filters.Sections }),
		withAliases(listParam("lang", "lang", "only this language: code or name (repeat for several)", func(r *R) *[]string { return &r.Filters.Languages }), "language"),
		listParam("name", "name", "only articles naming this person, organisation or place (full name or surname; repeat for several)", func(r *R) *[]string { return &r.Filters.Names }),
		{Key: "facets", Flag: "facets", Type: "string", Repeat: true,
			Help: "count hits by " + strings.Join(query.FacetNames, ", ") + " (comma-separated)",
			Set:  func(r *R, v []string) error { r.Facets = append(r.Facets, commaList(v)...); return nil }},
		facetSizeParam(func(r *R) *int { return &r.FacetSize }),
		duplicatesParam("similar: collapse near duplicates, identical: only identical texts, show: collapse nothing", func(r *R) *string { return &r.Duplicates }),
		{Key: "cursor", Flag: "cursor", Type: "string", Help: "cursor paging: * for the first page, then the cursor printed under the page",
			Set: func(r *R, v []string) error { r.Cursor = v[0]; return nil }},
	}
}

// queryHelp describes the query language's operators, an example each.
const queryHelp = "the query: words (AND between them: returnees turkey), OR, NOT or -word, \"a phrase\", (groups), " +
	"fields (headline:turkey, hd=turkey, by=smith, sn=reuters), ranges (date:>=2017-01-01, wc>300, wc<1000, date after 2017-10, " +
	"date before 2018, date from 2017-01-01 to 2017-06-30, date is 2017-10-23), prefixes and wildcards (return*, return!, wom?n, engineer$3), " +
	"proximity (isis near5 turkey or isis w/5 turkey: within 5 words either way; world adj3 cup or world pre/3 cup: in this order; " +
	"isis /n5/ turkey), scope (isis same turkey or isis w/p turkey: same paragraph; isis w/s turkey: same sentence), " +
	"frequency (atleast3 sanctions), position (hlp=turkey: headline or lead; lp=turkey: lead, the first 2 paragraphs; " +
	"/f50/ turkey or turkey/f50/: headline or the first 50 words), case (caps(Turkey)); operators in any case. See docs/query-language.md"

// syntaxHelp describes the syntax parameter.
const syntaxHelp = "how the query is read: newsdesk (the default: Factiva's precedence, AND between bare words), " +
	"factiva (Factiva's precedence, bare words side by side a phrase) or nexis (Nexis's precedence: or, w/N, w/s, w/p, and, and not, from tightest; bare words a phrase)"

// QuoteParams are the parameters of a quotation search (GET /api/quotes,
// newsdesk quotes).
func QuoteParams() []Param[query.QuoteRequest] {
	type R = query.QuoteRequest
	return []Param[R]{
		{Key: "q", Type: "string", Help: "words of the quotation",
			Set: func(r *R, v []string) error { r.Query = v[0]; return nil }},
		{Key: "speaker", Flag: "speaker", Type: "string", Help: "only quotations of speakers with these name words",
			Set: func(r *R, v []string) error { r.Speaker = v[0]; return nil }},
		limitParam("number of quotations to show", func(r *R) *int { return &r.Limit }),
		intParam("offset", "", "number of quotations to skip", 0, func(r *R) *int { return &r.Offset }),
		dateParam("from", false, "only quotations dated on or after this day, month or year", func(r *R) *time.Time { return &r.From }),
		dateParam("to", true, "only quotations dated up to the end of this day, month or year", func(r *R) *time.Time { return &r.To }),
		listParam("source", "source", "only quotations of articles of this source (name or words of it; repeat for several)", func(r *R) *[]string { return &r.Filters.Sources }),
		listParam("source_code", "source-code", "only quotations of articles of this Factiva source code, e.g. NYTF (repeat for several)", func(r *R) *[]string { return &r.Filters.SourceCodes }),
		listParam("section", "section", "only quotations of articles of this section (name or words of it; repeat for several)", func(r *R) *[]string { return &r.Filters.Sections }),
		withAliases(listParam("lang", "lang", "only quotations of articles in this language: code or name (repeat for several)", func(r *R) *[]string { return &r.Filters.Languages }), "language"),
		listParam("name", "name", "only quotations of articles naming this person, organisation or place (full name or surname; repeat for several)", func(r *R) *[]string { return &r.Filters.Names }),
		duplicatesParam("similar: each quotation of a duplicated story once (from the group's first article); show: from every copy", func(r *R) *string { return &r.Duplicates }),
	}
}

// TimelineParams are the parameters of a timeline (GET /api/timeline,
// newsdesk timeline): q repeated gives one series per query.
func TimelineParams() []Param[query.TimelineRequest] {
	type R = query.TimelineRequest
	return []Param[R]{
		{Key: "q", Type: "stringArray", Repeat: true, Help: "a query; repeat for one series each",
			Set: func(r *R, v []string) error { r.Queries = append(r.Queries, v...); return nil }},
		{Key: "by", Flag: "by", Type: "string", Help: "period: year, month, week (ISO, from Monday) or day",
			Set: func(r *R, v []string) error { r.By = v[0]; return nil }},
		dateParam("from", false, "first day, month or year", func(r *R) *time.Time { return &r.From }),
		dateParam("to", true, "last day, month or year (included)", func(r *R) *time.Time { return &r.To }),
		listParam("source", "source", "only this source (name or words of it; repeat for several)", func(r *R) *[]string { return &r.Filters.Sources }),
		listParam("source_code", "source-code", "only this Factiva source code, e.g. NYTF (repeat for several)", func(r *R) *[]string { return &r.Filters.SourceCodes }),
		listParam("section", "section", "only this section (name or words of it; repeat for several)", func(r *R) *[]string { return &r.Filters.Sections }),
		withAliases(listParam("lang", "lang", "only this language: code or name (repeat for several)", func(r *R) *[]string { return &r.Filters.Languages }), "language"),
		listParam("name", "name", "only articles naming this person, organisation or place (full name or surname; repeat for several)", func(r *R) *[]string { return &r.Filters.Names }),
		duplicatesParam("similar, identical or show (count every article)", func(r *R) *string { return &r.Duplicates }),
	}
}

// intParam is a whole-number parameter, def when absent.
func intParam[R any](key, short, help string, def int, field func(*R) *int) Param[R] {
	p := Param[R]{Key: key, Flag: key, Short: short, Type: "int", Help: help,
		Set: func(r *R, v []string) error {
			n, err := parseInt(v[0])
			*field(r) = n
			return err
		}}
	if def != 0 {
		p.Default = strconv.Itoa(def)
	}
	return p
}

// limitParam is the page size: 1 to query.MaxLimit when given (0 would
// otherwise silently mean the default), query.DefaultLimit when not.
func limitParam[R any](help string, field func(*R) *int) Param[R] {
	p := intParam("limit", "n", help, query.DefaultLimit, field)
	set := p.Set
	p.Set = func(r *R, v []string) error {
		if err := set(r, v); err != nil {
			return err
		}
		if n := *field(r); n < 1 || n > query.MaxLimit {
			return fmt.Errorf("must be between 1 and %d, got %d", query.MaxLimit, n)
		}
		return nil
	}
	return p
}

// facetSizeParam bounds the values listed per keyword facet: 0 (or
// absent) lists every value, as before the parameter existed.
func facetSizeParam[R any](field func(*R) *int) Param[R] {
	p := intParam("facet_size", "", "list only this many values of each keyword facet, the most counted (0: every value; date histograms stay whole)", 0, field)
	p.Flag = "facet-size"
	set := p.Set
	p.Set = func(r *R, v []string) error {
		if err := set(r, v); err != nil {
			return err
		}
		if n := *field(r); n < 0 || n > query.MaxFacetSize {
			return fmt.Errorf("must be between 0 (every value) and %d, got %d", query.MaxFacetSize, n)
		}
		return nil
	}
	return p
}

// parseInt reads a whole number in decimal.
func parseInt(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", v)
	}
	return n, nil
}

// dateParam is a day, month or year (query.ParseDate); the end of a range
// (to) includes the whole period it names: to=2017 is up to the end of 2017.
func dateParam[R any](key string, end bool, help string, field func(*R) *time.Time) Param[R] {
	return Param[R]{Key: key, Flag: key, Type: "string", Help: help,
		Set: func(r *R, v []string) error {
			p, err := query.ParseDate(v[0])
			if err != nil {
				return err
			}
			if end {
				*field(r) = p.End
			} else {
				*field(r) = p.Start
			}
			return nil
		}}
}

// listParam is a repeatable filter: each non-blank value, trimmed, is one
// alternative.
func listParam[R any](key, flag, help string, field func(*R) *[]string) Param[R] {
	return Param[R]{Key: key, Flag: flag, Type: "stringArray", Repeat: true, Help: help,
		Set: func(r *R, v []string) error { *field(r) = append(*field(r), nonEmpty(v)...); return nil }}
}

func withAliases[R any](p Param[R], aliases ...string) Param[R] {
	p.Aliases = aliases
	return p
}

// duplicatesParam is the duplicates mode, checked here so that a bad one
// fails before the search runs.
func duplicatesParam[R any](help string, field func(*R) *string) Param[R] {
	return Param[R]{Key: "duplicates", Flag: "duplicates", Type: "string", Help: help,
		Set: func(r *R, v []string) error {
			switch strings.ToLower(v[0]) {
			case "", query.DupSimilar, query.DupIdentical, query.DupShow:
				*field(r) = v[0]
				return nil
			}
			return fmt.Errorf("%q is not a mode; use similar, identical or show", v[0])
		}}
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, s := range vs {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// commaList splits comma-separated values.
func commaList(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, nonEmpty(strings.Split(v, ","))...)
	}
	return out
}
