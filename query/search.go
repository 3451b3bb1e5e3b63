// Package query searches a newsdesk index: the request and result model, the
// query language and snippets. Package httpapi serves them over HTTP.
package query

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/querylang"
	"github.com/newsdesk/newsdesk/internal/schema"
	"github.com/newsdesk/newsdesk/internal/wordpos"
)

// Limits on paging: bleve's from/size paging costs O(offset+limit).
const (
	DefaultLimit = 10
	MaxLimit     = 1000
	MaxOffset    = 10000
)

// DefaultMaxExpansion caps the index terms the prefixes of one query may
// expand to, all of them together ("a*" expands to every term starting
// with a; "a* OR a*" to those twice), so one request cannot tie up the
// server.
const DefaultMaxExpansion = 10000

// RescoreWindow is how many top hits of a relevance search are re-scored
// with textbook BM25 (internal/engine's rank.go says why). Pages beyond it
// keep bleve's order.
const RescoreWindow = 100

// Sort orders of a search.
const (
	SortRelevance = "relevance" // best match first
	SortNewest    = "date"      // newest first
	SortOldest    = "-date"     // oldest first
)

// Request is one search.
type Request struct {
	Query string // in the query language (see Parse)
	// Syntax is how Query is read where Factiva and Nexis disagree:
	// SyntaxNewsdesk (the default), SyntaxFactiva or SyntaxNexis.
	Syntax   Syntax
	From, To time.Time // optional date filter: From <= date < To
	Sort     string    // SortRelevance (default with a query), SortNewest (default without one) or SortOldest
	Limit    int       // hits to return; 0 means DefaultLimit
	Offset   int       // hits to skip
	Snippets int       // snippets per hit; 0 means 3, negative means none
	// SnippetSize is the approximate length of a snippet in bytes; 0 means 200.
	SnippetSize int
	// Filters narrow the hits without changing their order.
	Filters Filters
	// Facets names the facets to count (see FacetNames).
	Facets []string
	// FacetSize, when above 0, lists only the first FacetSize values of
	// each keyword facet (most counted first, as the full list orders
	// them): a page that shows a dozen names need not receive and encode
	// tens of thousands. 0 lists every value; date histograms are whole.
	FacetSize int
	// Duplicates is DupSimilar (default), DupIdentical or DupShow.
	Duplicates string
	// Cursor continues a listing: CursorStart for the first page, then the
	// Next of the page before. Empty means offset paging.
	Cursor string
	// countsOnly leaves the facets out of the Result, which carries their
	// counts instead (NamesPage reads a page of them).
	countsOnly bool
}

// Result is the answer to a search. Its JSON form is the machine form of
// `newsdesk search --json` and GET /api/search.
type Result struct {
	Query  string  `json:"query"`
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Offset int     `json:"offset"`
	Hits   []Hit   `json:"hits"`
	// TotalArticles counts matching articles before duplicates are
	// collapsed; Total then counts groups.
	TotalArticles uint64 `json:"total_articles"`
	// Duplicates is the collapsing mode the counts follow.
	Duplicates string `json:"duplicates"`
	// Facets holds the counts asked for, by facet name.
	Facets map[string][]FacetValue `json:"facets,omitempty"`
	// Next is the cursor of the next page in cursor paging; empty on the
	// last page and in offset paging.
	Next string `json:"next,omitempty"`
	// counts are the facet counts of a Request with countsOnly.
	counts *engine.Counter
}

// Hit is one matching article, with snippets.
type Hit struct {
	ID         string   `json:"id"`
	Score      float64  `json:"score"`
	Headline   string   `json:"headline"`
	Source     string   `json:"source,omitempty"`
	SourceCode string   `json:"source_code,omitempty"`
	Section    string   `json:"section,omitempty"`
	Date       string   `json:"date,omitempty"`
	Byline     string   `json:"byline,omitempty"`
	Snippets   []string `json:"snippets"` // HTML-escaped, <mark> around matches
	// Duplicates lists the ids of the other matching articles of this
	// hit's duplicate group, collapsed into it.
	Duplicates []string `json:"duplicates,omitempty"`
	// HeadlineFragment and Fragments carry the same matches for other
	// renderings (the terminal).
	HeadlineFragment Fragment   `json:"-"`
	Fragments        []Fragment `json:"-"`
}

// RequestError is a search request that cannot be run as given: a syntax
// error, or a parameter out of range. Param names the parameter.
type RequestError struct {
	Param string
	Err   error
}

func (e *RequestError) Error() string {
	var se *SyntaxError
	if e.Param == "q" && errors.As(e.Err, &se) {
		return e.Err.Error()
	}
	return e.Param + ": " + e.Err.Error()
}

func (e *RequestError) Unwrap() error { return e.Err }

// Searcher runs searches on an index.
type Searcher struct {
	ix *index.Index
	// MaxExpansion caps the index terms the prefixes of one query may
	// expand to, all of them together, counted before the query runs; the
	// term lookups of the whole query are capped at twice that. A query
	// past either is a RequestError naming q. 0 means no cap.
	MaxExpansion int
	// Cache says the searcher will run many searches on a read-only index
	// (a server): it then keeps what later searches reuse, built on first
	// use, which makes that first search dearer and the later ones cheaper.
	// It keeps the articles that share a duplicate key, so that duplicate
	// groups are counted from those articles alone, and per segment bitmaps
	// of each facet value, so that facets, histograms and timelines are
	// counted by intersecting bitmaps instead of reading every hit's values
	// (internal/engine). Both are built by a pass over every article, more
	// than one search costs: leave it off for a single search (the CLI).
	Cache bool
	// caches is what Cache keeps.
	caches engine.Caches
	// meta keeps decoded article metadata when Cache is set on a
	// read-only index.
	meta metaCache
	// articleKind says the index's articles carry kind:article, so that a
	// search of every article reads one posting list.
	articleKind bool
	// unicodeWords says the text fields' tokenizer makes bleve's unicode
	// tokenizer's words (it is that or wordpos.Tokenizer), which
	// wordpos.Locate finds by position: snippets of an index without byte
	// offsets locate their words so.
	unicodeWords bool
	// quoteDateTerms says the index's quotations carry their dates as
	// terms (schema.FieldQDay), not as bleve dates (FieldQDate).
	quoteDateTerms bool
	// maxBitmapValues is engine.Config.MaxBitmapValues (0: the default);
	// tests lower it to count small facets from ordinal columns.
	maxBitmapValues int
	// bleveDateSort turns off engine.TopByDate, so that tests compare it
	// with bleve's sort.
	bleveDateSort bool
	// stats are the collection statistics of a read-only index, read once
	// (nil on a writable index, whose statistics change as it grows).
	stats *statsOnce
}

// NewSearcher returns a Searcher for ix.
func NewSearcher(ix *index.Index) *Searcher {
	// An error here only costs a search of every article its faster form.
	kind, _ := engine.HasArticleKind(ix.Bleve())
	s := &Searcher{ix: ix, MaxExpansion: DefaultMaxExpansion, articleKind: kind, quoteDateTerms: schema.QuoteDateTerms(ix.Bleve().Mapping())}
	if da, ok := ix.Bleve().Mapping().AnalyzerNamed(schema.AnalyzerFor(schema.FieldBody)).(*analysis.DefaultAnalyzer); ok {
		switch da.Tokenizer.(type) {
		case wordpos.Tokenizer, *unicode.UnicodeTokenizer:
			s.unicodeWords = true
		}
	}
	if ix.ReadOnly() {
		s.stats = &statsOnce{}
	}
	return s
}

// Index is the index searched.
func (s *Searcher) Index() *index.Index { return s.ix }

// Article returns one whole article by id; the error wraps index.ErrNotFound
// when there is none.
func (s *Searcher) Article(ctx context.Context, id string) (*article.Article, error) {
	return s.ix.Article(ctx, id)
}

// Compile parses q and builds the bleve query for it, with the date filter
// of from and to (zero for open ends). An empty q matches every article.
// A q whose prefixes expand past MaxExpansion index terms is refused here,
// before anything is searched.
func (s *Searcher) Compile(q string, from, to time.Time) (bq.Query, error) {
	built, _, err := s.compilePlan(q, SyntaxNewsdesk, from, to)
	return built, err
}

// compilePlan is Compile of q read in syntax, with the plan of q.
func (s *Searcher) compilePlan(q string, syntax Syntax, from, to time.Time) (bq.Query, querylang.Plan, error) {
	node, err := ParseAs(q, syntax)
	if err != nil {
		return nil, querylang.Plan{}, &RequestError{Param: "q", Err: err}
	}
	var built bq.Query
	plan := querylang.Plan{Plain: true, MayMatchQuotes: true} // match-all
	if node != nil {
		built, plan, err = querylang.Build(s.ix.Bleve().Mapping(), node)
		if err != nil {
			return nil, querylang.Plan{}, &RequestError{Param: "q", Err: err}
		}
		if built == nil {
			return nil, querylang.Plan{}, &RequestError{Param: "q", Err: &SyntaxError{Msg: fmt.Sprintf("%q has no searchable words (stop words such as \"the\" and punctuation are not indexed)", q)}}
		}
		if err := s.eng().CheckExpansion(built); err != nil {
			return nil, querylang.Plan{}, requestError(err)
		}
		if plan.NeedsMarks && !s.ix.HasMarks() {
			return nil, querylang.Plan{}, &RequestError{Param: "q", Err: &SyntaxError{Msg: "this index was made by an older newsdesk, which did not record paragraphs, sentences and capitals: same, w/p, w/s, lp=, hlp= and caps() need them; ingest the archive again into a new index"}}
		}
	} else {
		built = bleve.NewMatchAllQuery()
	}
	// Never a quotation document (id:, NOT and match-all match them too).
	built = engine.ArticlesOnly(built, plan.MayMatchQuotes, s.articleKind)
	if from.IsZero() && to.IsZero() {
		return built, plan, nil
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return nil, querylang.Plan{}, &RequestError{Param: "from", Err: fmt.Errorf("%s is not before to %s", from.Format("2006-01-02"), to.Format("2006-01-02"))}
	}
	bl := bleve.NewBooleanQuery()
	bl.AddMust(built)
	bl.AddFilter(querylang.DateRange(from, to))
	return bl, plan, nil
}

// defaultSort is req's sort order: an empty query with no sort given
// browses the archive newest first (every article scores alike, so
// relevance would be index order).
func defaultSort(req Request) string {
	if req.Sort == "" && strings.TrimSpace(req.Query) == "" {
		return SortNewest
	}
	return req.Sort
}

// Search runs req in four steps: plan (check and compile it), rank (the
// hits in order, by one of three paths), page (collapse duplicates, cut
// the page, load its articles) and decorate (snippets, duplicates and
// facets). Cursor paging has a path of its own (cursor.go).
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	p, err := s.plan(req)
	if err != nil {
		return nil, err
	}
	if req.Cursor != "" {
		return s.searchCursor(ctx, p, start)
	}
	eng := s.eng()
	facets, err := facetSpecs(req.Facets)
	if err != nil {
		return nil, err
	}
	// A caching searcher counts duplicate groups and facets while ranking
	// (engine.Capture); otherwise one pass over every hit's doc values
	// counts them first, which also says how far to read so that a page
	// still fills after its duplicates are folded in.
	capt, err := eng.NewCapture(ctx, facets, p.dupField, req.matchesAll())
	if err != nil {
		return nil, wrapUnlessRequest(err, "search %q", req.Query)
	}
	var fc *engine.Counter
	var hits []*search.DocumentMatch
	var total uint64
	var grouped bool
	switch {
	case capt != nil:
		hits, total, fc, err = s.rankCounting(ctx, p, capt)
	default:
		hits, total, fc, grouped, err = s.rankGrouped(ctx, p, facets)
	}
	if capt == nil && !grouped && err == nil {
		if fc, err = eng.CountFacets(ctx, p.q, facets, p.dupField, req.matchesAll()); err != nil {
			return nil, wrapUnlessRequest(err, "search %q", req.Query)
		}
		hits, total, err = s.rank(ctx, p, fc.Extra(), false)
	}
	if err != nil {
		return nil, err
	}
	hits, keys, err := s.page(ctx, p, hits, fc.Extra() > 0)
	if err != nil {
		return nil, err
	}
	out, err := s.decorate(ctx, p, total, hits, keys, fc, capt)
	if err != nil {
		return nil, err
	}
	out.Offset = req.Offset
	out.TookMS = round(float64(time.Since(start).Microseconds())/1000, 2)
	return out, nil
}

// searchPlan is a checked request with its compiled query.
type searchPlan struct {
	req      Request // Limit set
	q        bq.Query
	plan     querylang.Plan
	order    []string // bleve's sort order; nil for relevance
	dupField string   // the field duplicates collapse on, "" for none
	// fromTop says the ranked hits start at the first hit, not at the
	// page: page cuts the page from them. loaded says they carry their
	// stored articles.
	fromTop, loaded bool
	// grouped is the TopKCounting result the hits came from, which lists
	// the page's duplicates (nil otherwise).
	grouped *engine.TopKResult
	// located, when not nil, are the terms of the query's words that the
	// hits TopK ranked hold (engine.TopKResult.Located): the page's
	// matches are located from those, not from every term its prefixes
	// expand to.
	located []engine.Term
}

// plan checks req and compiles its query.
func (s *Searcher) plan(req Request) (*searchPlan, error) {
	if req.Limit == 0 {
		req.Limit = DefaultLimit
	}
	if req.Limit < 0 || req.Limit > MaxLimit {
		return nil, &RequestError{Param: "limit", Err: fmt.Errorf("must be between 1 and %d, got %d", MaxLimit, req.Limit)}
	}
	if req.Offset < 0 || req.Offset > MaxOffset {
		return nil, &RequestError{Param: "offset", Err: fmt.Errorf("must be between 0 and %d, got %d; narrow the query with a date range instead", MaxOffset, req.Offset)}
	}
	if err := checkFacetSize(req.FacetSize); err != nil {
		return nil, err
	}
	req.Sort = defaultSort(req)
	p := &searchPlan{req: req}
	// Relevance keeps bleve's default order (score, then index order): any
	// other sort key makes bleve read doc values for every candidate hit.
	switch strings.ToLower(req.Sort) {
	case "", SortRelevance, "score":
	case SortNewest, "newest":
		p.order = []string{"-" + schema.FieldDate, "-_score"}
	case SortOldest, "oldest":
		p.order = []string{schema.FieldDate, "-_score"}
	default:
		return nil, &RequestError{Param: "sort", Err: fmt.Errorf("%q is not a sort order; use relevance, date (newest first) or -date (oldest first)", req.Sort)}
	}
	var err error
	if p.q, p.plan, err = s.compile(req); err != nil {
		return nil, err
	}
	if p.dupField, err = dupField(req.Duplicates); err != nil {
		return nil, err
	}
	if req.Cursor != "" && req.Offset != 0 {
		return nil, &RequestError{Param: "offset", Err: errors.New("cannot be combined with a cursor: the cursor says where the page starts")}
	}
	return p, nil
}

// pageEnd is how many ranked hits p's page needs, from the first: none
// for counts only (NamesPage), whose total and counts TopK takes from the
// matches without ranking any.
func (p *searchPlan) pageEnd() int {
	if p.req.countsOnly {
		return 0
	}
	return p.req.Offset + p.req.Limit
}

// rankCounting ranks the hits of p while capt counts their duplicate
// groups and facets (engine.Capture), so that the query's posting lists
// are walked once. How many hits collapse into an earlier hit of their
// group is known only afterwards: the hits up to the page's end are read
// first, and only when collapsing them leaves the page short are the
// hits read again with that many more, as rank reads them after a
// separate count. The page is the same either way: it is cut from the
// collapsed list, whose beginning the first hits alone decide.
func (s *Searcher) rankCounting(ctx context.Context, p *searchPlan, capt *engine.Capture) ([]*search.DocumentMatch, uint64, *engine.Counter, error) {
	// A bleve search records into capt through its context; TopK takes
	// capt itself.
	hits, total, err := s.rank(engine.WithCapture(capt.Context(ctx), capt), p, 0, true)
	if err != nil {
		return nil, 0, nil, err
	}
	fc, err := capt.Count()
	if err != nil {
		return nil, 0, nil, fmt.Errorf("search %q: %w", p.req.Query, err)
	}
	extra := fc.Extra()
	if extra == 0 || uint64(len(hits)) >= total {
		return hits, total, fc, nil
	}
	kept, _, err := s.eng().Collapse(ctx, p.dupField, hits)
	if err != nil {
		return nil, 0, nil, err
	}
	if len(kept) >= p.pageEnd() {
		return hits, total, fc, nil
	}
	hits, total, err = s.rank(ctx, p, extra, true)
	return hits, total, fc, err
}

// rank returns the hits of p in order, with the total, by one of four
// paths: a relevance search of required words, phrases and prefixes on
// a read-only index is ranked by textbook BM25 over every match without
// scoring most of them (engine.TopK, MaxScore); for other relevance
// searches (OR, say) the top
// RescoreWindow hits of bleve's ranking are re-scored with textbook BM25
// (engine.Rescore), from the words' postings when the query is plain
// words, phrases and prefixes on a read-only index, which then runs without term
// locations (engine.RescoreTerms); other orders are bleve's sort. extra is
// the hits that collapse into an earlier hit of their group: that many
// more are read. fromTop reads from the first hit even when nothing
// collapses.
func (s *Searcher) rank(ctx context.Context, p *searchPlan, extra int, fromTop bool) ([]*search.DocumentMatch, uint64, error) {
	ctx, stats, err := s.withStats(ctx)
	if err != nil {
		return nil, 0, err
	}
	eng := s.eng()
	if p.order != nil && p.req.matchesAll() && !s.bleveDateSort {
		hits, total, ok, err := s.rankByDay(ctx, p, extra)
		if err != nil || ok {
			return hits, total, err
		}
	}
	if p.order == nil && s.ix.ReadOnly() && p.plan.Plain {
		hits, total, ok, err := s.rankTop(ctx, p, extra, stats)
		if err != nil || ok {
			return hits, total, err
		}
	}
	// For relevance every page is cut from the same re-ranked list: fetch
	// from the top, and load stored text afterwards for the page only.
	rescore := p.order == nil
	size, from := p.req.Limit, p.req.Offset
	if extra > 0 || fromTop {
		size, from = p.req.Offset+p.req.Limit+extra, 0
	}
	if rescore {
		size, from = max(RescoreWindow, size+from), 0
	}
	p.fromTop, p.loaded, p.located = from == 0, false, nil
	plain := rescore && s.ix.ReadOnly() && p.plan.Plain
	br := bleve.NewSearchRequestOptions(p.q, size, from, false)
	if !rescore {
		br.SortBy(p.order)
		if size == p.req.Limit && from == p.req.Offset {
			br.Fields = schema.StoredArticleFields()
			p.loaded = true
		}
	}
	br.IncludeLocations = !plain
	res, err := eng.Search(ctx, br, fmt.Sprintf("search %q", p.req.Query))
	if err != nil {
		return nil, 0, requestError(err)
	}
	hits := []*search.DocumentMatch(res.Hits)
	switch {
	case plain:
		err = eng.RescoreTerms(ctx, hits, RescoreWindow, stats, p.plan.Words)
	case rescore:
		err = eng.Rescore(ctx, hits[:min(RescoreWindow, len(hits))], stats)
	}
	if err != nil {
		return nil, 0, err
	}
	return hits, res.Total, nil
}

// rankByDay is rank of every article by date from the cached day bitmaps
// (engine.TopByDate), not a read of every article's date, or false when
// TopByDate does not answer. With extra hits collapsing into earlier
// ones it reads twice the page's end, doubling until the collapsed hits
// fill the page, as rankTop does: each hit read costs a date and an id
// looked up.
func (s *Searcher) rankByDay(ctx context.Context, p *searchPlan, extra int) ([]*search.DocumentMatch, uint64, bool, error) {
	eng := s.eng()
	desc := strings.HasPrefix(p.order[0], "-")
	need := p.req.Offset + p.req.Limit
	k := need + extra
	if extra > 0 {
		k = min(k, 2*need)
	}
	for first := true; ; first = false {
		hits, total, ok, err := eng.TopByDate(ctx, p.q, k, desc)
		if err != nil || !ok {
			if !first && err == nil {
				err = errors.New("date order: declined a request it answered")
			}
			return nil, 0, false, err
		}
		done := k >= need+extra || len(hits) < k
		if !done {
			kept, _, err := eng.Collapse(ctx, p.dupField, hits)
			if err != nil {
				return nil, 0, false, err
			}
			done = len(kept) >= need
		}
		if done {
			p.fromTop, p.loaded = true, false
			return hits, total, true, nil
		}
		k = min(2*k, need+extra)
		ctx = engine.WithCapture(ctx, nil) // recorded by the first
	}
}

// rankTop is rank by engine.TopK, or false when TopK does not answer p.
// With extra hits collapsing into earlier ones, it does not read them all
// (a heap that large prunes little, and each hit is looked up by id):
// it reads twice the page's end, and doubles that until the collapsed
// hits fill the page, which they almost always do at once. The page is
// the same: the collapsed list's beginning depends on the first hits only.
func (s *Searcher) rankTop(ctx context.Context, p *searchPlan, extra int, stats engine.Stats) ([]*search.DocumentMatch, uint64, bool, error) {
	need := p.pageEnd()
	k := need + extra
	if extra > 0 {
		k = min(k, 2*need)
	}
	top, ok, err := s.eng().TopK(ctx, p.q, k, stats)
	if err != nil || !ok {
		return nil, 0, false, requestError(err)
	}
	hits, total, err := s.topPage(ctx, p, top, k, extra, stats)
	return hits, total, err == nil, err
}

// rankGrouped is rank by engine.TopKCounting for a searcher that does not
// cache (the CLI): the facets and duplicate groups are counted from
// TopK's match bitmaps, not by a separate search over every match
// (CountFacets) before ranking. It reports false when TopK does not
// answer p or there is nothing to count; the caller then counts and ranks
// apart.
func (s *Searcher) rankGrouped(ctx context.Context, p *searchPlan, facets []engine.Facet) ([]*search.DocumentMatch, uint64, *engine.Counter, bool, error) {
	if p.dupField == "" && len(facets) == 0 || !s.locatesPlain(p) {
		return nil, 0, nil, false, nil
	}
	ctx, stats, err := s.withStats(ctx)
	if err != nil {
		return nil, 0, nil, false, err
	}
	need := p.pageEnd()
	top, fc, ok, err := s.eng().TopKCounting(ctx, p.q, need, stats, facets, p.dupField)
	if err != nil || !ok {
		return nil, 0, nil, false, requestError(err)
	}
	extra := fc.Extra()
	p.grouped = top
	hits, total, err := s.topPage(ctx, p, top, need+min(extra, need), extra, stats)
	return hits, total, fc, err == nil, err
}

// topPage finishes rankTop from top, TopK's best k: when the hits that
// collapse leave the page short, it reads twice as many, until the page
// fills or every hit (up to the page's end plus extra) is read.
func (s *Searcher) topPage(ctx context.Context, p *searchPlan, top *engine.TopKResult, k, extra int, stats engine.Stats) ([]*search.DocumentMatch, uint64, error) {
	eng := s.eng()
	need := p.pageEnd()
	ctx = engine.WithCapture(ctx, nil) // recorded by the first
	for {
		done := k >= need+extra || len(top.Hits) < k
		if !done {
			kept, _, err := eng.Collapse(ctx, p.dupField, top.Hits)
			if err != nil {
				return nil, 0, err
			}
			done = len(kept) >= need
		}
		if done {
			// Their scores are final; page gives the page's hits alone
			// their match locations (Locate).
			p.fromTop, p.loaded, p.located = true, false, top.Located
			return top.Hits, top.Total, nil
		}
		k = min(2*k, need+extra)
		var ok bool
		var err error
		if top, ok, err = eng.TopK(ctx, p.q, k, stats); err != nil || !ok {
			return nil, 0, cmp.Or(requestError(err), errors.New("top k: declined a query it answered"))
		}
	}
}

// page cuts the page of p from its ranked hits: with collapse set it first
// keeps the best hit of each duplicate group, and returns the group key of
// each kept hit. Hits read from the top get their stored articles here,
// for the page only.
func (s *Searcher) page(ctx context.Context, p *searchPlan, hits []*search.DocumentMatch, collapse bool) ([]*search.DocumentMatch, map[string]string, error) {
	var keys map[string]string
	if collapse {
		var err error
		if hits, keys, err = s.eng().Collapse(ctx, p.dupField, hits); err != nil {
			return nil, nil, err
		}
	}
	if p.fromTop || collapse {
		hits = hits[min(p.req.Offset, len(hits)):min(p.req.Offset+p.req.Limit, len(hits))]
	}
	if !p.loaded {
		if err := s.loadFields(ctx, hits); err != nil {
			return nil, nil, err
		}
	}
	if s.locatesPlain(p) {
		words := p.plan.Words
		if p.located != nil {
			words = engine.Words{Terms: p.located, Phrases: words.Phrases}
		}
		if err := s.eng().Locate(ctx, hits, snippetWords(words)); err != nil {
			return nil, nil, err
		}
	}
	return hits, keys, nil
}

// snippetWords keeps the words of fields that hits show marked: the
// headline and the body (result).
func snippetWords(w engine.Words) engine.Words {
	shown := func(field string) bool { return field == schema.FieldHeadline || field == schema.FieldBody }
	var out engine.Words
	for _, t := range w.Terms {
		if shown(t.Field) {
			out.Terms = append(out.Terms, t)
		}
	}
	for _, ph := range w.Phrases {
		if shown(ph.Field) {
			out.Phrases = append(out.Phrases, ph)
		}
	}
	for _, t := range w.Prefixes {
		if shown(t.Field) {
			out.Prefixes = append(out.Prefixes, t)
		}
	}
	return out
}

// locatesPlain says that the hits of p are ranked without term locations
// (see rank): those of the page are then read from the words' postings
// (engine.Locate), for the page alone.
func (s *Searcher) locatesPlain(p *searchPlan) bool {
	return p.order == nil && s.ix.ReadOnly() && p.plan.Plain
}

// decorate builds the Result of p from its page of hits: the ids of the
// other articles of each collapsed hit's group, snippets and facets.
// capt, when not nil, recorded the ranking search's hits; p.grouped, when
// not nil, holds them as bitmaps.
func (s *Searcher) decorate(ctx context.Context, p *searchPlan, total uint64, hits []*search.DocumentMatch, keys map[string]string, fc *engine.Counter, capt *engine.Capture) (*Result, error) {
	var dups map[string][]string
	if keys != nil {
		var err error
		switch {
		case capt != nil:
			dups, err = capt.DuplicatesOf(hits, keys, fc.Groups())
		case p.grouped != nil:
			dups, err = s.eng().TopKDuplicatesOf(p.grouped, p.dupField, hits, keys, fc.Groups())
		default:
			dups, err = s.eng().DuplicatesOf(ctx, p.q, p.dupField, hits, keys, fc.Groups())
		}
		if err != nil {
			return nil, requestError(err)
		}
	}
	return s.result(p.req, total, hits, dups, fc)
}

// result builds the Result of req from its page of hits (with stored
// fields and term locations), the raw total and the facet pass.
func (s *Searcher) result(req Request, total uint64, hits []*search.DocumentMatch, dups map[string][]string, fc *engine.Counter) (*Result, error) {
	n, size := req.Snippets, req.SnippetSize
	if n == 0 {
		n = 3
	}
	if size <= 0 {
		size = 200
	}
	out := &Result{Query: req.Query, Total: total, TotalArticles: total, Duplicates: dupMode(req.Duplicates), Hits: make([]Hit, 0, len(hits))}
	if fc != nil {
		if fc.GroupField() != "" {
			out.Total = fc.GroupCount(total)
		}
		switch {
		case req.countsOnly:
			out.counts = fc
		case len(fc.Names()) > 0:
			out.Facets = facetResult(fc, req.FacetSize)
		}
	}
	for _, h := range hits {
		a, err := s.summaryOf(h.ID, h.Fields)
		if err != nil {
			return nil, fmt.Errorf("search %q: hit %s: %w", req.Query, h.ID, err)
		}
		hit := Hit{
			ID: h.ID, Score: round(h.Score, 4), Headline: a.Headline, Source: a.Source,
			SourceCode: a.SourceCode, Section: a.Section, Byline: a.Byline,
			Snippets: []string{}, Duplicates: dups[h.ID],
		}
		if !a.Date.IsZero() {
			hit.Date = a.Date.Format("2006-01-02")
		}
		hit.HeadlineFragment = whole(a.Headline, s.matchSpans(h.Locations, schema.FieldHeadline, a.Headline))
		if n > 0 {
			// Term offsets point into the body as stored; rebuilding it
			// from paragraphs could shift them.
			body, err := schema.Body(h.Fields)
			if err != nil {
				return nil, fmt.Errorf("search %q: hit %s: %w", req.Query, h.ID, err)
			}
			hit.Fragments = snippets(body, s.matchSpans(h.Locations, schema.FieldBody, body), n, size)
			for _, f := range hit.Fragments {
				hit.Snippets = append(hit.Snippets, f.HTML())
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// loadFields loads the stored article of each hit.
func (s *Searcher) loadFields(ctx context.Context, hits []*search.DocumentMatch) error {
	return s.eng().LoadStored(ctx, hits, schema.StoredArticleFields()...)
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}
