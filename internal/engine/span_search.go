package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// The searchers of SpanQuery and AtLeastQuery (span.go).
//
// Candidates come from bleve's own searchers, built with term vectors: per
// field, a conjunction over the span tree's leaves, each leaf a disjunction
// of its alternatives (a phrase alternative a conjunction of its words, a
// prefix or pattern a disjunction of its expansions); a disjunction over
// the fields. Each candidate's term locations are then checked against the
// span tree, field by field, reading the positions of the paragraph and
// sentence marks from their posting lists where a node needs them (and of
// the caps mark where a word has Caps), and the candidate is kept with the
// locations of the matching spans alone. The caps mark is no part of the
// candidate searcher: nearly every article has it, so the words' postings
// narrow the candidates and the mark's positions are read for those only.
//
// Semantics beyond span.go's (documented in docs/positional.md):
//   - a match is a set of word positions; the two sides of a SpanNear
//     must use disjoint positions, so a near3 a needs two occurrences of a
//     and (a near2 b) near5 a a third word that is another a;
//   - unordered, the sides may overlap or interleave (gap ≤ 0): c lies
//     within (a near5 b) near3 c when it stands between a and b; ordered,
//     Right starts after Left ends;
//   - scoped nears (ScopeSentence, ScopeParagraph) ignore Within and
//     Ordered: the whole span lies in one sentence or paragraph;
//   - a pattern's '*' stands for any run of characters (besides '?' and a
//     trailing $N); no wildcard or prefix reaches the mark terms.
//
// Scores: a hit's score is the score bleve's candidate searcher gives it
// (the conjunction of the leaves' term scores, all occurrences counted,
// the best field's when several match); deterministic for an index. The
// engine's BM25 re-scoring (Rescore) then reads the kept locations only.

// maxSpanMatches bounds the matches one node of a span tree keeps for one
// field of one document. Past it the node's matches are merged by their
// extent (see spanMatches.merge): the document is still answered, with
// the two-occurrence rule loosened to "not the very same extent".
const maxSpanMatches = 1 << 14

// spanNode is a span tree compiled for searching: Span's interface
// values, pointers or not, become one concrete tree with numbered leaves.
type spanNode struct {
	kind        spanKind
	leaf        int // spanLeaf: index into the compiled leaves
	left, right *spanNode
	within      int
	ordered     bool
	scope       Scope
	limit       int // spanFirst: Words; spanLead: Paragraphs
}

type spanKind int

const (
	spanLeaf spanKind = iota
	spanNear
	spanFirst
	spanLead
)

// compileLimited compiles a SpanFirst or SpanLead: inner, kept only within
// the first limit words or paragraphs of the field (at least 1; tooFew
// formats the error otherwise).
func compileLimited(kind spanKind, inner Span, limit int, tooFew string, leaves *[]SpanWords) (*spanNode, error) {
	if limit < 1 {
		return nil, fmt.Errorf(tooFew, limit)
	}
	in, err := compileSpan(inner, leaves)
	if err != nil {
		return nil, err
	}
	return &spanNode{kind: kind, left: in, limit: limit}, nil
}

// compileSpan turns s into a spanNode tree, appending its leaves to
// leaves, and checks what bleve cannot: the parameters are in range.
func compileSpan(s Span, leaves *[]SpanWords) (*spanNode, error) {
	switch s := s.(type) {
	case SpanWords:
		return compileSpan(&s, leaves)
	case *SpanWords:
		if s == nil || len(s.Alternatives) == 0 {
			return nil, fmt.Errorf("span words: no alternatives")
		}
		for _, alt := range s.Alternatives {
			if len(alt) == 0 {
				return nil, fmt.Errorf("span words: an empty alternative")
			}
			for _, t := range alt {
				if t.Term == "" {
					return nil, fmt.Errorf("span words: an empty term")
				}
				if t.Offset < 0 {
					return nil, fmt.Errorf("span words: term %q at negative offset %d", t.Term, t.Offset)
				}
				if t.Match == MatchPattern {
					if _, err := parsePattern(t.Term); err != nil {
						return nil, err
					}
				}
			}
		}
		*leaves = append(*leaves, *s)
		return &spanNode{kind: spanLeaf, leaf: len(*leaves) - 1}, nil
	case SpanNear:
		return compileSpan(&s, leaves)
	case *SpanNear:
		if s == nil {
			return nil, fmt.Errorf("span: nil near")
		}
		if s.Scope == ScopeWords && s.Within < 0 {
			return nil, fmt.Errorf("span near: negative distance %d", s.Within)
		}
		if s.Scope < ScopeWords || s.Scope > ScopeParagraph {
			return nil, fmt.Errorf("span near: unknown scope %d", s.Scope)
		}
		l, err := compileSpan(s.Left, leaves)
		if err != nil {
			return nil, err
		}
		r, err := compileSpan(s.Right, leaves)
		if err != nil {
			return nil, err
		}
		return &spanNode{kind: spanNear, left: l, right: r, within: s.Within, ordered: s.Ordered, scope: s.Scope}, nil
	case SpanFirst:
		return compileSpan(&s, leaves)
	case *SpanFirst:
		if s == nil {
			return nil, fmt.Errorf("span first: missing")
		}
		return compileLimited(spanFirst, s.Span, s.Words, "span first: %d words: want at least 1", leaves)
	case SpanLead:
		return compileSpan(&s, leaves)
	case *SpanLead:
		if s == nil {
			return nil, fmt.Errorf("span lead: missing")
		}
		return compileLimited(spanLead, s.Span, s.Paragraphs, "span lead: %d paragraphs: want at least 1", leaves)
	case nil:
		return nil, fmt.Errorf("span: missing operand")
	default:
		return nil, fmt.Errorf("span: unknown node %T", s)
	}
}

// marksNeeded says which mark terms the tree reads.
func (n *spanNode) marksNeeded() (sentence, paragraph bool) {
	if n == nil {
		return false, false
	}
	switch n.kind {
	case spanNear:
		sentence = n.scope == ScopeSentence
		paragraph = n.scope == ScopeParagraph
	case spanLead:
		paragraph = true
	}
	for _, c := range []*spanNode{n.left, n.right} {
		s, p := c.marksNeeded()
		sentence, paragraph = sentence || s, paragraph || p
	}
	return sentence, paragraph
}

// needsCaps says whether a word of leaves has Caps.
func needsCaps(leaves []SpanWords) bool {
	for _, w := range leaves {
		for _, alt := range w.Alternatives {
			if slices.ContainsFunc(alt, func(t SpanTerm) bool { return t.Caps }) {
				return true
			}
		}
	}
	return false
}

// leafTerms is a compiled SpanWords in one field: per alternative, per
// word, the index terms it stands for (one for an exact word, the
// expansions for a prefix or pattern), with the word's offset.
type leafTerms struct {
	alts [][]wordTerms
}

type wordTerms struct {
	offset int
	caps   bool // only where the caps mark stands (SpanTerm.Caps)
	terms  []string
	ids    []int // the terms' numbers in their fieldPlan
}

// compileLeaf expands w's words in field. ok is false when no alternative
// can match there (a word of each has no index term).
func compileLeaf(r index.IndexReader, field string, w SpanWords) (lt leafTerms, ok bool, err error) {
	for _, alt := range w.Alternatives {
		var words []wordTerms
		possible := true
		for _, t := range alt {
			terms, err := expandSpanTerm(r, field, t, 0, nil)
			if err != nil {
				return lt, false, err
			}
			if len(terms) == 0 {
				possible = false
				break
			}
			words = append(words, wordTerms{offset: t.Offset, caps: t.Caps, terms: terms})
		}
		if possible {
			lt.alts = append(lt.alts, words)
		}
	}
	return lt, len(lt.alts) > 0, nil
}

// expandSpanTerm returns the index terms of field that t stands for: t's
// term itself when exact (whether indexed or not, as a term query looks it
// up), else the dictionary's terms that t's prefix or pattern matches.
// With n set it only counts them in *n, stopping past limit.
// Terms of the marks (a leading 0 byte) are reached only by a t that
// starts with one.
func expandSpanTerm(r index.IndexReader, field string, t SpanTerm, limit int, n *int) ([]string, error) {
	if t.Match == MatchExact {
		return []string{t.Term}, nil
	}
	prefix := t.Term
	var pat *pattern
	if t.Match == MatchPattern {
		p, err := parsePattern(t.Term)
		if err != nil {
			return nil, err
		}
		pat, prefix = p, p.literalPrefix()
	}
	d, err := r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, fmt.Errorf("expand %s:%s: %w", field, t.Term, err)
	}
	var out []string
	marks := len(prefix) > 0 && prefix[0] == 0
	for {
		ent, err := d.Next()
		if err != nil {
			_ = d.Close()
			return nil, fmt.Errorf("expand %s:%s: %w", field, t.Term, err)
		}
		if ent == nil {
			break
		}
		if !marks && len(ent.Term) > 0 && ent.Term[0] == 0 {
			continue
		}
		if pat != nil && !pat.match(ent.Term) {
			continue
		}
		if n != nil {
			if *n++; *n > limit {
				break
			}
			continue
		}
		out = append(out, ent.Term)
	}
	if err := d.Close(); err != nil {
		return nil, fmt.Errorf("expand %s:%s: %w", field, t.Term, err)
	}
	return out, nil
}

// fieldPlan is a span tree's leaves compiled for one field, their terms
// numbered.
type fieldPlan struct {
	field  string
	leaves []leafTerms
	terms  map[string]int
}

// number gives each term of the plan's leaves its number.
func (p *fieldPlan) number() {
	p.terms = map[string]int{}
	for _, lt := range p.leaves {
		for _, alt := range lt.alts {
			for i := range alt {
				w := &alt[i]
				w.ids = make([]int, len(w.terms))
				for j, t := range w.terms {
					id, ok := p.terms[t]
					if !ok {
						id = len(p.terms)
						p.terms[t] = id
					}
					w.ids[j] = id
				}
			}
		}
	}
}

// spanCandidates builds the candidate searcher: per field, a conjunction of
// the leaves (skipped when a leaf cannot match there), a disjunction over
// the fields; nil when no field can match.
func spanCandidates(ctx context.Context, r index.IndexReader, fields []string, leaves []SpanWords, conjoin bool, boost float64, opt search.SearcherOptions) (search.Searcher, []fieldPlan, error) {
	var plans []fieldPlan
	var perField []search.Searcher
	closeAll := func() {
		for _, s := range perField {
			_ = s.Close()
		}
	}
	for _, f := range fields {
		plan := fieldPlan{field: f}
		possible := true
		for _, w := range leaves {
			lt, ok, err := compileLeaf(r, f, w)
			if err != nil {
				closeAll()
				return nil, nil, err
			}
			if !ok {
				possible = false
				break
			}
			plan.leaves = append(plan.leaves, lt)
		}
		if !possible {
			continue
		}
		var leafSearchers []search.Searcher
		for _, lt := range plan.leaves {
			s, err := leafSearcher(ctx, r, f, lt, boost, opt)
			if err != nil {
				closeSearchers(leafSearchers)
				closeAll()
				return nil, nil, err
			}
			leafSearchers = append(leafSearchers, s)
		}
		s, err := combine(ctx, r, leafSearchers, conjoin, opt)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		plan.number()
		plans = append(plans, plan)
		perField = append(perField, s)
	}
	if len(perField) == 0 {
		return nil, nil, nil
	}
	s, err := combine(ctx, r, perField, false, opt)
	if err != nil {
		return nil, nil, err
	}
	return s, plans, nil
}

func closeSearchers(ss []search.Searcher) {
	for _, s := range ss {
		_ = s.Close()
	}
}

// combine is the conjunction (or disjunction) of ss, ss[0] itself when
// alone. On an error ss are closed.
func combine(ctx context.Context, r index.IndexReader, ss []search.Searcher, conjoin bool, opt search.SearcherOptions) (search.Searcher, error) {
	if len(ss) == 1 {
		return ss[0], nil
	}
	var s search.Searcher
	var err error
	if conjoin {
		s, err = searcher.NewConjunctionSearcher(ctx, r, ss, opt)
	} else {
		s, err = searcher.NewDisjunctionSearcher(ctx, r, ss, 0, opt)
	}
	if err != nil {
		closeSearchers(ss)
		return nil, err
	}
	return s, nil
}

// leafSearcher finds the documents where some alternative of lt has all
// its words in field.
func leafSearcher(ctx context.Context, r index.IndexReader, field string, lt leafTerms, boost float64, opt search.SearcherOptions) (search.Searcher, error) {
	var alts []search.Searcher
	for _, alt := range lt.alts {
		var words []search.Searcher
		for _, w := range alt {
			var terms []search.Searcher
			for _, t := range w.terms {
				s, err := searcher.NewTermSearcher(ctx, r, t, field, boost, opt)
				if err != nil {
					closeSearchers(terms)
					closeSearchers(words)
					closeSearchers(alts)
					return nil, err
				}
				terms = append(terms, s)
			}
			s, err := combine(ctx, r, terms, false, opt)
			if err != nil {
				closeSearchers(words)
				closeSearchers(alts)
				return nil, err
			}
			words = append(words, s)
		}
		s, err := combine(ctx, r, words, true, opt)
		if err != nil {
			closeSearchers(alts)
			return nil, err
		}
		alts = append(alts, s)
	}
	return combine(ctx, r, alts, false, opt)
}

// Searcher implements bleve's query.Query.
func (q *SpanQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opt search.SearcherOptions) (search.Searcher, error) {
	var leaves []SpanWords
	root, err := compileSpan(q.Span, &leaves)
	if err != nil {
		return nil, fmt.Errorf("span query: %w", err)
	}
	fields := q.Fields
	if len(fields) == 0 {
		fields = []string{m.DefaultSearchField()}
	}
	opt.IncludeTermVectors = true
	cand, plans, err := spanCandidates(ctx, r, fields, leaves, true, q.BoostVal, opt)
	if err != nil || cand == nil {
		if err == nil {
			return searcher.NewMatchNoneSearcher(r)
		}
		return nil, err
	}
	sentence, paragraph := root.marksNeeded()
	s := &spanSearcher{Searcher: cand, ctx: ctx, r: r, root: root, plans: plans, maxMatches: maxSpanMatches}
	if sentence {
		s.sentences = map[string]*markReader{}
	}
	if paragraph {
		s.paragraphs = map[string]*markReader{}
	}
	if needsCaps(leaves) {
		s.caps = map[string]*markReader{}
	}
	return s, nil
}

// Searcher implements bleve's query.Query.
func (q *AtLeastQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opt search.SearcherOptions) (search.Searcher, error) {
	var leaves []SpanWords
	root, err := compileSpan(q.Words, &leaves)
	if err != nil {
		return nil, fmt.Errorf("atleast query: %w", err)
	}
	if q.Times < 1 {
		return nil, fmt.Errorf("atleast query: %d times: want at least 1", q.Times)
	}
	fields := q.Fields
	if len(fields) == 0 {
		fields = []string{m.DefaultSearchField()}
	}
	opt.IncludeTermVectors = true
	cand, plans, err := spanCandidates(ctx, r, fields, leaves, true, q.BoostVal, opt)
	if err != nil || cand == nil {
		if err == nil {
			return searcher.NewMatchNoneSearcher(r)
		}
		return nil, err
	}
	s := &spanSearcher{Searcher: cand, ctx: ctx, r: r, root: root, plans: plans, times: q.Times, maxMatches: maxSpanMatches}
	if needsCaps(leaves) {
		s.caps = map[string]*markReader{}
	}
	return s, nil
}

// spanSearcher filters its candidates by the span tree (or, with times
// set, by the number of occurrences of the tree's single leaf).
type spanSearcher struct {
	search.Searcher
	ctx        context.Context
	r          index.IndexReader
	root       *spanNode
	plans      []fieldPlan
	times      int // AtLeastQuery: occurrences needed over all fields
	maxMatches int // see maxSpanMatches

	// Readers of the mark terms per field, made on first use; nil maps
	// when the tree needs no such marks.
	sentences, paragraphs, caps map[string]*markReader

	// Reused from candidate to candidate: per plan, the kept positions
	// and each term's positions; the evaluator and its buffers.
	kept [][]uint32
	pos  [][][]uint32
	eval spanEval
}

func (s *spanSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	for dm != nil && err == nil {
		ok, kerr := s.keep(dm)
		if kerr != nil {
			return nil, kerr
		}
		if ok {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = s.Searcher.Next(ctx)
	}
	return nil, err
}

func (s *spanSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		return dm, err
	}
	ok, err := s.keep(dm)
	if err != nil {
		return nil, err
	}
	if ok {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

func (s *spanSearcher) Close() error {
	err := s.Searcher.Close()
	for _, m := range []map[string]*markReader{s.sentences, s.paragraphs, s.caps} {
		for _, mr := range m {
			if cerr := mr.close(); err == nil {
				err = cerr
			}
		}
	}
	return err
}

// keep reports whether dm matches, leaving on it only the locations of the
// matching spans.
func (s *spanSearcher) keep(dm *search.DocumentMatch) (bool, error) {
	if len(dm.FieldTermLocations) < s.times {
		return false, nil // each occurrence has a location at least
	}
	if s.kept == nil {
		s.kept = make([][]uint32, len(s.plans))
		s.pos = make([][][]uint32, len(s.plans))
		for i, p := range s.plans {
			s.pos[i] = make([][]uint32, len(p.terms))
		}
	}
	count, any := 0, false
	for i := range s.plans {
		p := &s.plans[i]
		s.kept[i] = s.kept[i][:0]
		fp := s.pos[i]
		for t := range fp {
			fp[t] = fp[t][:0]
		}
		found := false
		for _, ftl := range dm.FieldTermLocations {
			if ftl.Field == p.field {
				if id, ok := p.terms[ftl.Term]; ok {
					fp[id] = append(fp[id], uint32(ftl.Location.Pos))
					found = true
				}
			}
		}
		if !found {
			continue
		}
		for t, ps := range fp {
			if !slices.IsSorted(ps) {
				slices.Sort(ps)
			}
			fp[t] = slices.Compact(ps)
		}
		s.eval.reset(p, fp, s.maxMatches)
		if s.sentences != nil {
			marks, err := s.marks(s.sentences, schema.SentenceMark, p.field, dm.IndexInternalID)
			if err != nil {
				return false, err
			}
			s.eval.sentences = marks
		}
		if s.paragraphs != nil {
			marks, err := s.marks(s.paragraphs, schema.ParagraphMark, p.field, dm.IndexInternalID)
			if err != nil {
				return false, err
			}
			s.eval.paragraphs = marks
		}
		if s.caps != nil {
			marks, err := s.marks(s.caps, schema.CapsMark, p.field, dm.IndexInternalID)
			if err != nil {
				return false, err
			}
			s.eval.caps = marks
		}
		ms := s.eval.eval(s.root)
		if len(ms.ms) == 0 {
			continue
		}
		count += len(ms.ms)
		s.kept[i] = ms.appendPositions(s.kept[i])
		any = true
	}
	if s.times > 0 {
		if count < s.times {
			return false, nil
		}
	} else if !any {
		return false, nil
	}
	// A term two words of the query share repeats its locations; bleve
	// removes the repeats when it completes a hit.
	out := dm.FieldTermLocations[:0]
	for _, ftl := range dm.FieldTermLocations {
		if s.isKept(ftl) {
			out = append(out, ftl)
		}
	}
	dm.FieldTermLocations = out
	return true, nil
}

// isKept says whether ftl is at a position of a matching span.
func (s *spanSearcher) isKept(ftl search.FieldTermLocation) bool {
	for i := range s.plans {
		if s.plans[i].field == ftl.Field {
			_, ok := slices.BinarySearch(s.kept[i], uint32(ftl.Location.Pos))
			return ok
		}
	}
	return false
}

// marks returns the positions of mark in field of document id, from a
// reader kept per field.
func (s *spanSearcher) marks(readers map[string]*markReader, mark, field string, id index.IndexInternalID) ([]uint32, error) {
	mr, ok := readers[field]
	if !ok {
		mr = &markReader{}
		tfr, err := s.r.TermFieldReader(s.ctx, []byte(mark), field, false, false, true)
		if err != nil {
			return nil, fmt.Errorf("read %q marks of %s: %w", mark, field, err)
		}
		mr.tfr = tfr
		readers[field] = mr
	}
	ps, err := mr.at(id)
	if err != nil {
		return nil, fmt.Errorf("read %q marks of %s: %w", mark, field, err)
	}
	return ps, nil
}

// markReader reads the positions of a mark term document by document, in
// the increasing order candidates come in. scorch's reader restarts from
// the first posting when asked for an id at or before its current one, so
// the current document is remembered and a candidate before it (one
// without the mark) is answered without asking.
type markReader struct {
	tfr  index.TermFieldReader
	tfd  index.TermFieldDoc
	cur  index.IndexInternalID // document tfd holds; nil: none read yet
	done bool                  // no postings after cur
	last index.IndexInternalID // last id asked for
	pos  []uint32
}

func (m *markReader) at(id index.IndexInternalID) ([]uint32, error) {
	backwards := m.last != nil && id.Compare(m.last) < 0
	m.last = append(m.last[:0], id...)
	if !backwards && m.cur != nil {
		switch c := id.Compare(m.cur); {
		case c == 0:
			return m.pos, nil
		case c < 0:
			return nil, nil
		}
	}
	if !backwards && m.done {
		return nil, nil
	}
	tfd, err := m.tfr.Advance(id, &m.tfd)
	if err != nil {
		return nil, err
	}
	if tfd == nil {
		m.done, m.cur, m.pos = true, nil, nil
		return nil, nil
	}
	m.done = false
	m.cur = append(m.cur[:0], tfd.ID...)
	m.pos = m.pos[:0]
	for _, v := range tfd.Vectors {
		m.pos = append(m.pos, uint32(v.Pos))
	}
	if !slices.IsSorted(m.pos) { // scorch gives them in order
		slices.Sort(m.pos)
	}
	if tfd.ID.Compare(id) != 0 {
		return nil, nil
	}
	return m.pos, nil
}

func (m *markReader) close() error {
	if m.tfr == nil {
		return nil
	}
	return m.tfr.Close()
}

// spanMatch is one match of a node: its extent and the positions of the
// words it is made of, sorted.
type spanMatch struct {
	start, end uint32
	pos        []uint32
}

// spanMatches is a node's matches, sorted by start, end, then positions.
// merged says they were merged by extent (see maxSpanMatches): pos is then
// the union of the merged matches' positions.
type spanMatches struct {
	ms     []spanMatch
	merged bool
}

// appendPositions appends the union of the matches' positions to out,
// sorted.
func (m spanMatches) appendPositions(out []uint32) []uint32 {
	for _, x := range m.ms {
		out = append(out, x.pos...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func cmpMatch(a, b spanMatch) int {
	if a.start != b.start {
		return cmpU32(a.start, b.start)
	}
	if a.end != b.end {
		return cmpU32(a.end, b.end)
	}
	return slices.Compare(a.pos, b.pos)
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// normalise sorts and deduplicates m's matches, and merges them by extent
// when there are more than max.
func (m *spanMatches) normalise(max int) {
	slices.SortFunc(m.ms, cmpMatch)
	m.ms = slices.CompactFunc(m.ms, func(a, b spanMatch) bool { return cmpMatch(a, b) == 0 })
	if len(m.ms) > max && !m.merged {
		m.merge()
	}
}

// merge keeps one match per extent, with the union of the positions.
func (m *spanMatches) merge() {
	var out []spanMatch
	for _, x := range m.ms {
		if n := len(out); n > 0 && out[n-1].start == x.start && out[n-1].end == x.end {
			u := append(slices.Clone(out[n-1].pos), x.pos...)
			slices.Sort(u)
			out[n-1].pos = slices.Compact(u)
			continue
		}
		out = append(out, x)
	}
	m.ms, m.merged = out, true
}

// spanEval evaluates a span tree over one field of one document.
type spanEval struct {
	plan                  *fieldPlan
	pos                   [][]uint32 // by term number
	sentences, paragraphs []uint32   // mark positions, sorted
	caps                  []uint32   // caps mark positions, sorted
	max                   int
	arena                 []uint32 // backs the matches' positions
}

func (e *spanEval) reset(p *fieldPlan, pos [][]uint32, max int) {
	e.plan, e.pos, e.max = p, pos, max
	e.sentences, e.paragraphs, e.caps = nil, nil, nil
	e.arena = e.arena[:0]
}

// alloc returns n positions from the arena: matches are many and small.
func (e *spanEval) alloc(n int) []uint32 {
	if len(e.arena)+n > cap(e.arena) {
		e.arena = make([]uint32, 0, max(2*cap(e.arena), 1024, n))
	}
	l := len(e.arena)
	e.arena = e.arena[:l+n]
	return e.arena[l : l+n : l+n]
}

func (e *spanEval) eval(n *spanNode) spanMatches {
	switch n.kind {
	case spanLeaf:
		return e.leaf(&e.plan.leaves[n.leaf])
	case spanFirst:
		in := e.eval(n.left)
		out := in.ms[:0]
		for _, m := range in.ms {
			if int(m.end) <= n.limit {
				out = append(out, m)
			}
		}
		in.ms = out
		return in
	case spanLead:
		in := e.eval(n.left)
		if len(e.paragraphs) < n.limit {
			return in
		}
		bound := e.paragraphs[n.limit-1] // first position of paragraph limit+1
		out := in.ms[:0]
		for _, m := range in.ms {
			if m.end < bound {
				out = append(out, m)
			}
		}
		in.ms = out
		return in
	default:
		l := e.eval(n.left)
		if len(l.ms) == 0 {
			return spanMatches{}
		}
		r := e.eval(n.right)
		if len(r.ms) == 0 {
			return spanMatches{}
		}
		if n.scope == ScopeWords {
			return e.nearWords(l, r, n.within, n.ordered)
		}
		marks := e.sentences
		if n.scope == ScopeParagraph {
			marks = e.paragraphs
		}
		return e.nearScope(l, r, marks)
	}
}

// leaf lists where an alternative of lt occurs.
func (e *spanEval) leaf(lt *leafTerms) spanMatches {
	var out spanMatches
	for _, alt := range lt.alts {
		first := e.wordPositions(alt[0])
		lo, hi := alt[0].offset, alt[0].offset
		for _, w := range alt[1:] {
			lo, hi = min(lo, w.offset), max(hi, w.offset)
		}
		others := make([][]uint32, len(alt))
		for i, w := range alt[1:] {
			others[i+1] = e.wordPositions(w)
		}
	next:
		for _, p := range first {
			base := int(p) - alt[0].offset
			if base+lo < 1 {
				continue
			}
			for i, w := range alt[1:] {
				if _, ok := slices.BinarySearch(others[i+1], uint32(base+w.offset)); !ok {
					continue next
				}
			}
			m := spanMatch{start: uint32(base + lo), end: uint32(base + hi), pos: e.alloc(len(alt))}
			for i, w := range alt {
				m.pos[i] = uint32(base + w.offset)
			}
			if len(alt) > 1 {
				slices.Sort(m.pos)
				m.pos = slices.Compact(m.pos)
			}
			out.ms = append(out.ms, m)
		}
	}
	out.normalise(e.max)
	return out
}

// wordPositions lists where w occurs: the positions of its terms, only
// those where the caps mark stands when w has caps.
func (e *spanEval) wordPositions(w wordTerms) []uint32 {
	ps := e.positionsOf(w.ids)
	if !w.caps {
		return ps
	}
	// A word has few positions in a document, the caps mark many: a
	// binary search of the rest of the marks for each.
	out := e.alloc(min(len(ps), len(e.caps)))[:0]
	caps := e.caps
	for _, p := range ps {
		j, ok := slices.BinarySearch(caps, p)
		if ok {
			out = append(out, p)
		}
		caps = caps[j:]
	}
	return out
}

// positionsOf is the union of the positions of the terms numbered ids.
func (e *spanEval) positionsOf(ids []int) []uint32 {
	if len(ids) == 1 {
		return e.pos[ids[0]]
	}
	var out []uint32
	for _, t := range ids {
		out = append(out, e.pos[t]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// distinct says whether a and b may be the two sides of a near: no word
// serves both (merged matches: not the very same extent).
func distinct(a, b spanMatch, merged bool) bool {
	if merged {
		return a.start != b.start || a.end != b.end
	}
	i, j := 0, 0
	for i < len(a.pos) && j < len(b.pos) {
		switch {
		case a.pos[i] == b.pos[j]:
			return false
		case a.pos[i] < b.pos[j]:
			i++
		default:
			j++
		}
	}
	return true
}

// join is the match of a near whose sides are a and b.
func (e *spanEval) join(a, b spanMatch) spanMatch {
	pos := e.alloc(len(a.pos) + len(b.pos))[:0]
	i, j := 0, 0
	for i < len(a.pos) || j < len(b.pos) {
		switch {
		case j == len(b.pos) || (i < len(a.pos) && a.pos[i] < b.pos[j]):
			pos = append(pos, a.pos[i])
			i++
		case i == len(a.pos) || b.pos[j] < a.pos[i]:
			pos = append(pos, b.pos[j])
			j++
		default: // merged matches may share positions
			pos = append(pos, a.pos[i])
			i, j = i+1, j+1
		}
	}
	return spanMatch{start: min(a.start, b.start), end: max(a.end, b.end), pos: pos}
}

// nearWords pairs l's and r's matches at most within positions apart.
func (e *spanEval) nearWords(l, r spanMatches, within int, ordered bool) spanMatches {
	merged := l.merged || r.merged
	out := spanMatches{merged: merged}
	maxLen := 0
	for _, m := range r.ms {
		maxLen = max(maxLen, int(m.end-m.start))
	}
	w := int64(within)
	for _, a := range l.ms {
		// r's matches are sorted by start: those that can be near a start
		// in [a.start-within-maxLen, a.end+within].
		from := int64(a.start) - w - int64(maxLen)
		if ordered {
			from = int64(a.end) + 1
		}
		i := sort.Search(len(r.ms), func(i int) bool { return int64(r.ms[i].start) >= from })
		for ; i < len(r.ms) && int64(r.ms[i].start) <= int64(a.end)+w; i++ {
			b := r.ms[i]
			gap := int64(b.start) - int64(a.end)
			if !ordered {
				gap = max(gap, int64(a.start)-int64(b.end))
			} else if gap < 1 {
				continue
			}
			if gap > w || !distinct(a, b, merged) {
				continue
			}
			out.ms = append(out.ms, e.join(a, b))
		}
	}
	out.normalise(e.max)
	return out
}

// unit is the number of the sentence or paragraph position p is in: the
// marks at or before it.
func unit(marks []uint32, p uint32) int {
	n, _ := slices.BinarySearch(marks, p+1)
	return n
}

// nearScope pairs l's and r's matches that lie in one unit (sentence or
// paragraph) of marks.
func (e *spanEval) nearScope(l, r spanMatches, marks []uint32) spanMatches {
	merged := l.merged || r.merged
	out := spanMatches{merged: merged}
	type inUnit struct {
		unit int
		m    spanMatch
	}
	var rs []inUnit
	for _, m := range r.ms {
		if u := unit(marks, m.start); u == unit(marks, m.end) {
			rs = append(rs, inUnit{u, m})
		}
	}
	// r's matches are sorted by start, so by unit.
	for _, a := range l.ms {
		u := unit(marks, a.start)
		if u != unit(marks, a.end) {
			continue
		}
		i := sort.Search(len(rs), func(i int) bool { return rs[i].unit >= u })
		for ; i < len(rs) && rs[i].unit == u; i++ {
			if distinct(a, rs[i].m, merged) {
				out.ms = append(out.ms, e.join(a, rs[i].m))
			}
		}
	}
	out.normalise(e.max)
	return out
}
