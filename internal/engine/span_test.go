package engine

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// The tests of the span searchers index texts with spanTestAnalyzer, not
// the real analyzer (which emits the marks in another branch): words are
// separated by spaces, "|" ends a sentence and "||" a paragraph (they are
// not words), and "x" is a stop word, dropped but counted in positions.
// Marks go at the position of the next token, as span.go says the real
// analyzer puts them, and never before a field's first token. A word
// written with a capital first letter is indexed in lower case, with the
// caps mark at its position.
const spanTestAnalyzerName = "engine_span_test"

func init() {
	if err := registry.RegisterAnalyzer(spanTestAnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
		return spanTestAnalyzer{}, nil
	}); err != nil {
		panic(err)
	}
}

type spanTestAnalyzer struct{}

func (spanTestAnalyzer) Analyze(text []byte) analysis.TokenStream {
	var out analysis.TokenStream
	pos, offset := 0, 0
	sentence, paragraph := false, false
	for _, f := range strings.Split(string(text), " ") {
		start := offset
		offset += len(f) + 1
		switch f {
		case "":
			continue
		case "|":
			sentence = true
			continue
		case "||":
			sentence, paragraph = true, true
			continue
		}
		pos++
		if pos > 1 && sentence {
			out = append(out, &analysis.Token{Term: []byte(schema.SentenceMark), Position: pos, Start: start, End: start, Type: analysis.AlphaNumeric})
		}
		if pos > 1 && paragraph {
			out = append(out, &analysis.Token{Term: []byte(schema.ParagraphMark), Position: pos, Start: start, End: start, Type: analysis.AlphaNumeric})
		}
		sentence, paragraph = false, false
		if f == "x" {
			continue
		}
		out = append(out, &analysis.Token{Term: []byte(strings.ToLower(f)), Position: pos, Start: start, End: start + len(f), Type: analysis.AlphaNumeric})
		if f != strings.ToLower(f[:1])+f[1:] {
			out = append(out, &analysis.Token{Term: []byte(schema.CapsMark), Position: pos, Type: analysis.AlphaNumeric})
		}
	}
	return out
}

// spanDoc is a test article: headline and body in the test analyzer's
// notation.
type spanDoc struct {
	id             string
	headline, body string
}

const (
	hd = schema.FieldHeadline
	bd = schema.FieldBody
)

// spanTestIndex indexes docs in batches of 100: several segments, which
// the readers advance across.
func spanTestIndex(t testing.TB, docs []spanDoc) bleve.Index {
	t.Helper()
	return spanTestIndexBatches(t, docs, 100)
}

func spanTestIndexBatches(t testing.TB, docs []spanDoc, batchSize int) bleve.Index {
	t.Helper()
	m := mapping.NewIndexMapping()
	text := mapping.NewTextFieldMapping()
	text.Analyzer = spanTestAnalyzerName
	text.IncludeTermVectors = true
	text.Store = false
	text.DocValues = false
	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(hd, text)
	dm.AddFieldMappingsAt(bd, text)
	m.DefaultMapping = dm
	m.DefaultField = bd
	b, err := Create("", m, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	batch := b.NewBatch()
	for _, d := range docs {
		if err := batch.Index(d.id, map[string]interface{}{hd: d.headline, bd: d.body}); err != nil {
			t.Fatal(err)
		}
		if batch.Size() >= batchSize {
			if err := b.Batch(batch); err != nil {
				t.Fatal(err)
			}
			batch = b.NewBatch()
		}
	}
	if err := b.Batch(batch); err != nil {
		t.Fatal(err)
	}
	return b
}

// hitPositions is a search's answer: per hit id, per field, the positions
// of the kept locations.
type hitPositions map[string]map[string][]uint32

func runSpan(t testing.TB, b bleve.Index, q bq.Query) (hitPositions, error) {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	req.IncludeLocations = true
	res, err := b.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, err
	}
	out := hitPositions{}
	for _, h := range res.Hits {
		fields := map[string][]uint32{}
		for f, terms := range h.Locations {
			for term, locs := range terms {
				if strings.HasPrefix(term, "\x00") {
					t.Errorf("%s: a mark term %q among the locations", h.ID, term)
				}
				for _, l := range locs {
					fields[f] = append(fields[f], uint32(l.Pos))
				}
			}
		}
		for f, ps := range fields {
			slices.Sort(ps)
			fields[f] = slices.Compact(ps)
		}
		out[h.ID] = fields
	}
	if int(res.Total) != len(out) {
		t.Errorf("total %d, %d hits", res.Total, len(out))
	}
	return out, nil
}

func (h hitPositions) ids() []string {
	var ids []string
	for id := range h {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Shorthands for span trees.
func w(words ...string) SpanWords {
	var s SpanWords
	for _, x := range words {
		s.Alternatives = append(s.Alternatives, spanAlt(x))
	}
	return s
}

// spanAlt reads an alternative: "a b" a phrase (an "x" a skipped stop
// word), "ab*" a prefix, "a?b" or "ab$2" a pattern, "a" a word; a capital
// first letter sets Caps ("Ab" is caps(ab)).
func spanAlt(s string) []SpanTerm {
	var alt []SpanTerm
	for i, f := range strings.Fields(s) {
		if f == "x" {
			continue
		}
		st := SpanTerm{Term: strings.ToLower(f), Offset: i, Caps: f != strings.ToLower(f[:1])+f[1:]}
		f = st.Term
		switch {
		case strings.HasSuffix(f, "*") && !strings.ContainsAny(f[:len(f)-1], "*?$"):
			st.Term, st.Match = strings.TrimSuffix(f, "*"), MatchPrefix
		case strings.ContainsAny(f, "?*$"):
			st.Match = MatchPattern
		}
		alt = append(alt, st)
	}
	return alt
}

func near(l Span, within int, r Span) SpanNear { return SpanNear{Left: l, Right: r, Within: within} }
func adj(l Span, within int, r Span) SpanNear {
	return SpanNear{Left: l, Right: r, Within: within, Ordered: true}
}
func same(l, r Span) SpanNear { return SpanNear{Left: l, Right: r, Scope: ScopeParagraph} }
func ws(l, r Span) SpanNear   { return SpanNear{Left: l, Right: r, Scope: ScopeSentence} }

var spanTableDocs = []spanDoc{
	{"d1", "isis in turkey", "isis fighters x returned | to turkey || europe was warned"},
	{"d2", "turkey", "the returnees came back || isis was in syria"},
	{"d3", "", "isis isis | turkey x x x x x x turkey"},
	{"d4", "", "women woman womyn || engineer engineers engineering"},
	{"d5", "syria", "turkey | isis"},
	{"d6", "alpha beta", "gamma alpha beta beta alpha"},
	{"d7", "", "one two three four five six seven"},
	{"d8", "isis", "turkey"},
	{"d9", "", "x x isis || x turkey | isis"},
	{"d10", "Bill passes", "the bill x Bill || bill Billing"},
	{"d11", "", "bill bills billing"},
}

func TestSpanQueryTable(t *testing.T) {
	b := spanTestIndex(t, spanTableDocs)
	both := []string{hd, bd}
	body := []string{bd}
	for _, c := range []struct {
		name   string
		q      bq.Query
		want   []string
		kept   map[string]map[string][]uint32 // of some hits
		errSub string
	}{
		{name: "word", q: &SpanQuery{Span: w("isis"), Fields: both}, want: []string{"d1", "d2", "d3", "d5", "d8", "d9"}},
		{name: "near across fields is not joined", q: &SpanQuery{Span: near(w("isis"), 5, w("turkey")), Fields: both},
			want: []string{"d1", "d3", "d5", "d9"}, kept: map[string]map[string][]uint32{"d1": {hd: {1, 3}, bd: {1, 6}}, "d5": {bd: {1, 2}}}},
		{name: "near counts stop words and crosses paragraphs", q: &SpanQuery{Span: near(w("isis"), 3, w("turkey")), Fields: body},
			want: []string{"d3", "d5", "d9"}},
		{name: "near keeps only the pairs", q: &SpanQuery{Span: near(w("isis"), 2, w("turkey")), Fields: body},
			want: []string{"d3", "d5", "d9"}, kept: map[string]map[string][]uint32{"d3": {bd: {1, 2, 3}}, "d9": {bd: {3, 5, 6}}}},
		{name: "distance 1 is adjacent", q: &SpanQuery{Span: near(w("fighters"), 1, w("isis")), Fields: body}, want: []string{"d1"}},
		{name: "distance counts the stop word", q: &SpanQuery{Span: near(w("fighters"), 1, w("returned")), Fields: body}},
		{name: "distance 2 over the stop word", q: &SpanQuery{Span: near(w("fighters"), 2, w("returned")), Fields: body}, want: []string{"d1"}},
		{name: "ordered", q: &SpanQuery{Span: adj(w("turkey"), 1, w("isis")), Fields: body}, want: []string{"d5", "d9"}},
		{name: "ordered the other way", q: &SpanQuery{Span: adj(w("isis"), 1, w("turkey")), Fields: body}, want: []string{"d3"}},
		{name: "unordered both ways", q: &SpanQuery{Span: near(w("isis"), 1, w("turkey")), Fields: body}, want: []string{"d3", "d5", "d9"}},
		{name: "repeated word needs two", q: &SpanQuery{Span: near(w("isis"), 3, w("isis")), Fields: both}, want: []string{"d3", "d9"}},
		{name: "repeated word adjacent", q: &SpanQuery{Span: near(w("isis"), 1, w("isis")), Fields: both}, want: []string{"d3"}},
		{name: "repeated word in nesting", q: &SpanQuery{Span: near(near(w("alpha"), 1, w("beta")), 3, w("alpha")), Fields: both},
			want: []string{"d6"}, kept: map[string]map[string][]uint32{"d6": {bd: {2, 3, 4, 5}}}},
		{name: "overlapping matches", q: &SpanQuery{Span: near(w("beta"), 1, w("alpha")), Fields: body},
			want: []string{"d6"}, kept: map[string]map[string][]uint32{"d6": {bd: {2, 3, 4, 5}}}},
		{name: "nesting measures from the whole pair", q: &SpanQuery{Span: near(near(w("two"), 1, w("three")), 2, w("five")), Fields: body}, want: []string{"d7"}},
		{name: "nesting too far", q: &SpanQuery{Span: near(near(w("two"), 1, w("three")), 1, w("five")), Fields: body}},
		{name: "interleaved", q: &SpanQuery{Span: near(near(w("two"), 4, w("six")), 0, w("four")), Fields: body}, want: []string{"d7"}},
		{name: "ordered nesting", q: &SpanQuery{Span: adj(w("one"), 1, adj(w("two"), 1, w("three"))), Fields: body}, want: []string{"d7"}},
		{name: "ordered nesting wrong order", q: &SpanQuery{Span: adj(adj(w("two"), 1, w("three")), 1, w("one")), Fields: body}},
		{name: "prefix in near", q: &SpanQuery{Span: near(w("isis"), 3, w("return*")), Fields: body}, want: []string{"d1", "d2"}},
		{name: "or group in near", q: &SpanQuery{Span: near(w("isis"), 5, w("returnee*", "syria")), Fields: both}, want: []string{"d2"}},
		{name: "pattern one character", q: &SpanQuery{Span: w("wom?n"), Fields: body}, want: []string{"d4"},
			kept: map[string]map[string][]uint32{"d4": {bd: {1, 2, 3}}}},
		{name: "pattern up to 2 more", q: &SpanQuery{Span: w("engineer$2"), Fields: body}, want: []string{"d4"},
			kept: map[string]map[string][]uint32{"d4": {bd: {4, 5}}}},
		{name: "pattern in near", q: &SpanQuery{Span: near(w("wom?n"), 2, w("engineer$3")), Fields: body}, want: []string{"d4"},
			kept: map[string]map[string][]uint32{"d4": {bd: {2, 3, 4, 5}}}},
		{name: "pattern never reaches marks", q: &SpanQuery{Span: w("?p", "?s"), Fields: both}},
		{name: "phrase in near", q: &SpanQuery{Span: near(w("isis fighters"), 3, w("turkey")), Fields: body}},
		{name: "phrase with stop word", q: &SpanQuery{Span: near(w("fighters x returned"), 2, w("turkey")), Fields: body}, want: []string{"d1"}},
		{name: "same paragraph", q: &SpanQuery{Span: same(w("isis"), w("turkey")), Fields: both}, want: []string{"d1", "d3", "d5", "d9"}},
		{name: "same paragraph, no marks in a doc", q: &SpanQuery{Span: same(w("one"), w("seven")), Fields: body}, want: []string{"d7"}},
		{name: "same sentence", q: &SpanQuery{Span: ws(w("isis"), w("turkey")), Fields: both}, want: []string{"d1"}},
		{name: "same sentence across a paragraph", q: &SpanQuery{Span: ws(w("woman"), w("engineer")), Fields: body}},
		{name: "same paragraph, mark on a stop word", q: &SpanQuery{Span: same(w("turkey"), w("isis")), Fields: body}, want: []string{"d1", "d3", "d5", "d9"}},
		{name: "first", q: &SpanQuery{Span: SpanFirst{Span: w("turkey"), Words: 3}, Fields: body}, want: []string{"d3", "d5", "d8"}},
		{name: "first counts the span's end", q: &SpanQuery{Span: SpanFirst{Span: near(w("isis"), 5, w("turkey")), Words: 3}, Fields: body}, want: []string{"d3", "d5"}},
		{name: "lead", q: &SpanQuery{Span: SpanLead{Span: w("isis"), Paragraphs: 1}, Fields: both}, want: []string{"d1", "d3", "d5", "d8", "d9"}},
		{name: "lead one paragraph", q: &SpanQuery{Span: SpanLead{Span: w("europe"), Paragraphs: 1}, Fields: body}},
		{name: "lead two paragraphs", q: &SpanQuery{Span: SpanLead{Span: w("europe"), Paragraphs: 2}, Fields: body}, want: []string{"d1"}},
		{name: "lead of a near", q: &SpanQuery{Span: SpanLead{Span: near(w("isis"), 5, w("turkey")), Paragraphs: 1}, Fields: body}, want: []string{"d1", "d3", "d5"}},
		{name: "atleast", q: &AtLeastQuery{Words: w("isis"), Times: 2, Fields: both}, want: []string{"d1", "d3", "d9"}},
		{name: "atleast over fields", q: &AtLeastQuery{Words: w("turkey"), Times: 2, Fields: both}, want: []string{"d1", "d3"}},
		{name: "atleast one field", q: &AtLeastQuery{Words: w("turkey"), Times: 2, Fields: body}, want: []string{"d3"}},
		{name: "atleast alternatives", q: &AtLeastQuery{Words: w("wom?n", "engineer*"), Times: 5, Fields: body}, want: []string{"d4"}},
		{name: "atleast phrase", q: &AtLeastQuery{Words: w("alpha beta"), Times: 2, Fields: both}, want: []string{"d6"}},
		{name: "atleast phrase once", q: &AtLeastQuery{Words: w("beta alpha"), Times: 2, Fields: both}},
		{name: "caps", q: &SpanQuery{Span: w("Bill"), Fields: both}, want: []string{"d10"},
			kept: map[string]map[string][]uint32{"d10": {hd: {1}, bd: {4}}}},
		{name: "caps of a word written in lower case", q: &SpanQuery{Span: w("Passes"), Fields: both}},
		{name: "caps in the headline", q: &SpanQuery{Span: w("Bill"), Fields: []string{hd}}, want: []string{"d10"},
			kept: map[string]map[string][]uint32{"d10": {hd: {1}}}},
		{name: "caps prefix", q: &SpanQuery{Span: w("Bill*"), Fields: body}, want: []string{"d10"},
			kept: map[string]map[string][]uint32{"d10": {bd: {4, 6}}}},
		{name: "caps pattern", q: &SpanQuery{Span: w("Bil?"), Fields: body}, want: []string{"d10"},
			kept: map[string]map[string][]uint32{"d10": {bd: {4}}}},
		{name: "caps in a phrase", q: &SpanQuery{Span: w("Bill passes"), Fields: both}, want: []string{"d10"}},
		{name: "caps on the phrase's other word", q: &SpanQuery{Span: w("bill Passes"), Fields: both}},
		{name: "caps near a word", q: &SpanQuery{Span: near(w("Bill"), 2, w("bill")), Fields: body}, want: []string{"d10"},
			kept: map[string]map[string][]uint32{"d10": {bd: {2, 4, 5}}}},
		{name: "caps in an or group", q: &SpanQuery{Span: adj(w("the"), 1, w("Billing", "bill")), Fields: body}, want: []string{"d10"},
			kept: map[string]map[string][]uint32{"d10": {bd: {1, 2}}}},
		{name: "caps same sentence", q: &SpanQuery{Span: ws(w("Bill"), w("Billing")), Fields: body}},
		{name: "caps atleast", q: &AtLeastQuery{Words: w("Bill"), Times: 2, Fields: both}, want: []string{"d10"}},
		{name: "caps atleast one field", q: &AtLeastQuery{Words: w("Bill"), Times: 2, Fields: body}},
		{name: "negative distance", q: &SpanQuery{Span: near(w("a"), -1, w("b")), Fields: body}, errSub: "negative distance"},
		{name: "no words", q: &SpanQuery{Span: SpanWords{}, Fields: body}, errSub: "no alternatives"},
		{name: "zero times", q: &AtLeastQuery{Words: w("a"), Times: 0, Fields: body}, errSub: "want at least 1"},
		{name: "first zero", q: &SpanQuery{Span: SpanFirst{Span: w("a")}, Fields: body}, errSub: "want at least 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := runSpan(t, b, c.q)
			if c.errSub != "" {
				if err == nil || !strings.Contains(err.Error(), c.errSub) {
					t.Fatalf("error %v, want one saying %q", err, c.errSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ids := got.ids(); !slices.Equal(ids, c.want) {
				t.Errorf("ids %v, want %v", ids, c.want)
			}
			for id, fields := range c.kept {
				for f, want := range fields {
					if g := got[id][f]; !slices.Equal(g, want) {
						t.Errorf("%s %s: kept positions %v, want %v", id, f, g, want)
					}
				}
			}
		})
	}
}

// The brute force: the same semantics, read from the token streams with
// nested loops over every pair.

type bruteToken struct {
	term      string // lower case; "" for a stop word
	caps      bool   // written with a capital first letter
	sentence  int    // boundaries before it (after the first token)
	paragraph int
}

// bruteField is a field's tokens, index 0 at position 1.
func bruteField(text string) []bruteToken {
	var out []bruteToken
	s, p := 0, 0
	for _, f := range strings.Fields(text) {
		switch f {
		case "|":
			if len(out) > 0 {
				s++
			}
			continue
		case "||":
			if len(out) > 0 {
				s++
				p++
			}
			continue
		}
		tok := bruteToken{term: strings.ToLower(f), sentence: s, paragraph: p}
		if f == "x" {
			tok.term = ""
		} else {
			tok.caps = unicode.IsUpper([]rune(f)[0])
		}
		out = append(out, tok)
	}
	// Several boundaries in a row are one mark.
	return normaliseUnits(out)
}

func normaliseUnits(toks []bruteToken) []bruteToken {
	ps, ss := 0, 0
	for i := range toks {
		if i > 0 && toks[i].paragraph != toks[i-1].paragraph {
			ps++
		}
		if i > 0 && toks[i].sentence != toks[i-1].sentence {
			ss++
		}
		toks[i].paragraph, toks[i].sentence = ps, ss
	}
	return toks
}

type bruteMatch struct {
	start, end int
	pos        []int
}

func (m bruteMatch) key() string {
	b := make([]byte, 0, 32)
	b = strconv.AppendInt(b, int64(m.start), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(m.end), 10)
	for _, p := range m.pos {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(p), 10)
	}
	return string(b)
}

// bruteTermMatches compares a query word with a text word by Go's regexp,
// not the engine's matcher; answers are memoised (the vocabulary is
// small). A word with Caps needs a capitalised token.
func bruteTermMatches(st SpanTerm, tok bruteToken) bool {
	term := tok.term
	if term == "" || st.Caps && !tok.caps {
		return false
	}
	switch st.Match {
	case MatchPrefix:
		return strings.HasPrefix(term, st.Term)
	case MatchPattern:
		k := [2]string{st.Term, term}
		if v, ok := brutePatterns.Load(k); ok {
			return v.(bool)
		}
		p := st.Term
		extra := ""
		if i := strings.LastIndexByte(p, '$'); i >= 0 {
			if n, err := strconv.Atoi(p[i+1:]); err == nil {
				p, extra = p[:i], fmt.Sprintf(".{0,%d}", n)
			}
		}
		re := strings.NewReplacer(`\?`, ".", `\*`, ".*").Replace("^"+regexp.QuoteMeta(p)) + extra + "$"
		v := regexp.MustCompile(re).MatchString(term)
		brutePatterns.Store(k, v)
		return v
	}
	return term == st.Term
}

var brutePatterns sync.Map

func bruteSpan(s Span, toks []bruteToken) []bruteMatch {
	var out []bruteMatch
	seen := map[string]bool{}
	add := func(m bruteMatch) {
		if !seen[m.key()] {
			seen[m.key()] = true
			out = append(out, m)
		}
	}
	switch s := s.(type) {
	case SpanWords:
		for _, alt := range s.Alternatives {
			for base := 1; base <= len(toks); base++ {
				m := bruteMatch{start: 1 << 30}
				ok := true
				for _, st := range alt {
					p := base + st.Offset
					if p > len(toks) || !bruteTermMatches(st, toks[p-1]) {
						ok = false
						break
					}
					m.start, m.end = min(m.start, p), max(m.end, p)
					m.pos = append(m.pos, p)
				}
				if ok {
					sort.Ints(m.pos)
					add(m)
				}
			}
		}
	case SpanNear:
		rs := bruteSpan(s.Right, toks)
		for _, a := range bruteSpan(s.Left, toks) {
			for _, b := range rs {
				if slices.ContainsFunc(a.pos, func(p int) bool { return slices.Contains(b.pos, p) }) {
					continue
				}
				ok := false
				switch s.Scope {
				case ScopeWords:
					gap := b.start - a.end
					if s.Ordered {
						ok = gap >= 1 && gap <= s.Within
					} else {
						ok = max(gap, a.start-b.end) <= s.Within
					}
				case ScopeSentence:
					u := toks[a.start-1].sentence
					ok = toks[a.end-1].sentence == u && toks[b.start-1].sentence == u && toks[b.end-1].sentence == u
				case ScopeParagraph:
					u := toks[a.start-1].paragraph
					ok = toks[a.end-1].paragraph == u && toks[b.start-1].paragraph == u && toks[b.end-1].paragraph == u
				}
				if ok {
					pos := append(slices.Clone(a.pos), b.pos...)
					sort.Ints(pos)
					add(bruteMatch{min(a.start, b.start), max(a.end, b.end), pos})
				}
			}
		}
	case SpanFirst:
		for _, m := range bruteSpan(s.Span, toks) {
			if m.end <= s.Words {
				add(m)
			}
		}
	case SpanLead:
		for _, m := range bruteSpan(s.Span, toks) {
			if toks[m.end-1].paragraph < s.Paragraphs {
				add(m)
			}
		}
	}
	return out
}

// bruteDoc is a document's fields as token streams.
type bruteDoc struct {
	id     string
	fields map[string][]bruteToken
}

func bruteDocs(docs []spanDoc) []bruteDoc {
	out := make([]bruteDoc, len(docs))
	for i, d := range docs {
		out[i] = bruteDoc{d.id, map[string][]bruteToken{hd: bruteField(d.headline), bd: bruteField(d.body)}}
	}
	return out
}

// bruteSearch answers q over docs: the ids and kept positions.
func bruteSearch(docs []bruteDoc, q bq.Query) hitPositions {
	out := hitPositions{}
	for _, d := range docs {
		fields := map[string][]uint32{}
		count := 0
		var span Span
		var fs []string
		switch q := q.(type) {
		case *SpanQuery:
			span, fs = q.Span, q.Fields
		case *AtLeastQuery:
			span, fs = q.Words, q.Fields
		}
		for _, f := range fs {
			ms := bruteSpan(span, d.fields[f])
			count += len(ms)
			for _, m := range ms {
				for _, p := range m.pos {
					fields[f] = append(fields[f], uint32(p))
				}
			}
		}
		if al, ok := q.(*AtLeastQuery); (ok && count < al.Times) || count == 0 {
			continue
		}
		for f, ps := range fields {
			slices.Sort(ps)
			fields[f] = slices.Compact(ps)
		}
		out[d.id] = fields
	}
	return out
}

// spanVocab is the differential test's words: few, so that they meet.
var spanVocab = []string{"alpha", "alps", "beta", "bet", "gamma", "delta", "deltas", "eps", "x"}

func randomSpanDocs(rng *rand.Rand, n int) []spanDoc {
	text := func(words int) string {
		var fs []string
		for range words {
			switch r := rng.IntN(20); {
			case r == 0:
				fs = append(fs, "||")
			case r <= 2:
				fs = append(fs, "|")
			}
			w := spanVocab[rng.IntN(len(spanVocab))]
			if w != "x" && rng.IntN(4) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			fs = append(fs, w)
		}
		return strings.Join(fs, " ")
	}
	docs := make([]spanDoc, n)
	for i := range docs {
		docs[i] = spanDoc{id: fmt.Sprintf("r%04d", i), headline: text(2 + rng.IntN(6)), body: text(5 + rng.IntN(40))}
	}
	return docs
}

func randomSpanWords(rng *rand.Rand) SpanWords {
	var s SpanWords
	for range 1 + rng.IntN(2) {
		word := func() string { return spanVocab[rng.IntN(len(spanVocab)-1)] } // no stop word
		switch r := rng.IntN(10); {
		case r < 5:
			s.Alternatives = append(s.Alternatives, []SpanTerm{{Term: word()}})
		case r < 7:
			s.Alternatives = append(s.Alternatives, []SpanTerm{{Term: word()}, {Term: word(), Offset: 1 + rng.IntN(2)}})
		case r < 8:
			w := word()
			s.Alternatives = append(s.Alternatives, []SpanTerm{{Term: w[:1+rng.IntN(3)], Match: MatchPrefix}})
		default:
			w := []byte(word())
			w[rng.IntN(len(w))] = '?'
			p := string(w)
			if rng.IntN(2) == 0 {
				p = p[:len(p)-1-rng.IntN(2)] + "$" + strconv.Itoa(rng.IntN(3))
			}
			s.Alternatives = append(s.Alternatives, []SpanTerm{{Term: p, Match: MatchPattern}})
		}
	}
	// caps() on about one word in five, of any kind.
	for _, alt := range s.Alternatives {
		for i := range alt {
			alt[i].Caps = rng.IntN(5) == 0
		}
	}
	return s
}

func randomSpan(rng *rand.Rand, depth int) Span {
	if depth == 0 || rng.IntN(3) == 0 {
		return randomSpanWords(rng)
	}
	switch r := rng.IntN(10); {
	case r < 6:
		n := SpanNear{Left: randomSpan(rng, depth-1), Right: randomSpan(rng, depth-1), Within: rng.IntN(7), Ordered: rng.IntN(2) == 0}
		switch rng.IntN(4) {
		case 0:
			n.Scope = ScopeSentence
		case 1:
			n.Scope = ScopeParagraph
		}
		return n
	case r < 8:
		return SpanFirst{Span: randomSpan(rng, depth-1), Words: 1 + rng.IntN(20)}
	default:
		return SpanLead{Span: randomSpan(rng, depth-1), Paragraphs: 1 + rng.IntN(3)}
	}
}

func TestSpanQueryAsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	docs := randomSpanDocs(rng, 400)
	b := spanTestIndex(t, docs)
	brute := bruteDocs(docs)
	fieldSets := [][]string{{hd, bd}, {bd}, {hd}}
	hits, checked, capsHits := 0, 0, 0
	for i := range 600 {
		fs := fieldSets[rng.IntN(len(fieldSets))]
		var q bq.Query
		if rng.IntN(5) == 0 {
			q = &AtLeastQuery{Words: randomSpanWords(rng), Times: 1 + rng.IntN(4), Fields: fs}
		} else {
			q = &SpanQuery{Span: randomSpan(rng, 3), Fields: fs}
		}
		want := bruteSearch(brute, q)
		run := q
		if i%3 == 0 {
			// Inside a conjunction the searcher is advanced past
			// documents, and so are its mark readers.
			filter := spanVocab[rng.IntN(len(spanVocab)-1)]
			tq := bq.NewTermQuery(filter)
			tq.SetField(hd)
			run = bq.NewConjunctionQuery([]bq.Query{tq, q})
			for id := range want {
				if !slices.ContainsFunc(brute[idNumber(id)].fields[hd], func(t bruteToken) bool { return t.term == filter }) {
					delete(want, id)
				}
			}
		}
		got, err := runSpan(t, b, run)
		if err != nil {
			t.Fatalf("query %d %s: %v", i, spanString(q), err)
		}
		if g, w := got.ids(), want.ids(); !slices.Equal(g, w) {
			t.Fatalf("query %d %s: ids\n got %v\nwant %v", i, spanString(q), g, w)
		}
		hits += len(want)
		if strings.Contains(spanString(q), "caps(") {
			capsHits += len(want)
		}
		if run != q {
			continue // the filter's locations are among the hits'
		}
		// The kept locations of every hit.
		for id, fields := range want {
			checked++
			for _, f := range []string{hd, bd} {
				if g, w := got[id][f], fields[f]; !slices.Equal(g, w) {
					t.Fatalf("query %d %s: %s %s kept %v, want %v", i, spanString(q), id, f, g, w)
				}
			}
		}
	}
	t.Logf("600 queries, %d hits (%d of queries with caps), kept locations of %d checked", hits, capsHits, checked)
	if hits < 1000 || capsHits < 300 {
		t.Errorf("only %d hits, %d with caps: the queries test little", hits, capsHits)
	}
}

// idNumber is the index of a generated document in its slice.
func idNumber(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "r"))
	if err != nil {
		panic(err)
	}
	return n
}

// spanString writes a query for failure messages.
func spanString(q bq.Query) string {
	switch q := q.(type) {
	case *SpanQuery:
		return fmt.Sprintf("%v in %v", spanNodeString(q.Span), q.Fields)
	case *AtLeastQuery:
		return fmt.Sprintf("atleast%d %v in %v", q.Times, spanNodeString(q.Words), q.Fields)
	}
	return fmt.Sprint(q)
}

func spanNodeString(s Span) string {
	switch s := s.(type) {
	case SpanWords:
		var alts []string
		for _, a := range s.Alternatives {
			var ws []string
			for _, t := range a {
				x := fmt.Sprintf("%s@%d", t.Term, t.Offset)
				if t.Match == MatchPrefix {
					x = t.Term + "*@" + strconv.Itoa(t.Offset)
				}
				if t.Caps {
					x = "caps(" + x + ")"
				}
				ws = append(ws, x)
			}
			alts = append(alts, strings.Join(ws, " "))
		}
		return "(" + strings.Join(alts, " or ") + ")"
	case SpanNear:
		op := fmt.Sprintf("near%d", s.Within)
		if s.Ordered {
			op = fmt.Sprintf("adj%d", s.Within)
		}
		switch s.Scope {
		case ScopeSentence:
			op = "w/s"
		case ScopeParagraph:
			op = "same"
		}
		return "(" + spanNodeString(s.Left) + " " + op + " " + spanNodeString(s.Right) + ")"
	case SpanFirst:
		return fmt.Sprintf("/f%d/%s", s.Words, spanNodeString(s.Span))
	case SpanLead:
		return fmt.Sprintf("lead%d(%s)", s.Paragraphs, spanNodeString(s.Span))
	}
	return fmt.Sprint(s)
}

func TestPatternMatch(t *testing.T) {
	for _, c := range []struct {
		pattern string
		yes, no []string
	}{
		{"wom?n", []string{"woman", "women", "womyn"}, []string{"womn", "wooman", "womans", "\x00woman"}},
		{"engineer$3", []string{"engineer", "engineers", "engineering"}, []string{"engineerings", "enginee"}},
		{"engineer$0", []string{"engineer"}, []string{"engineers"}},
		{"?", []string{"a", "é"}, []string{"", "ab", "\x00"}},
		{"??", []string{"ab"}, []string{schema.ParagraphMark, schema.SentenceMark}},
		{"a*b", []string{"ab", "axb", "axxb"}, []string{"a", "axbc", "a\x00b"}},
		{"us$", []string{"us$"}, []string{"us", "usa"}},
		{"c?t$1", []string{"cat", "cats", "cut"}, []string{"ct", "catss"}},
	} {
		p, err := parsePattern(c.pattern)
		if err != nil {
			t.Fatalf("%q: %v", c.pattern, err)
		}
		for _, s := range c.yes {
			if !p.match(s) {
				t.Errorf("%q does not match %q", c.pattern, s)
			}
		}
		for _, s := range c.no {
			if p.match(s) {
				t.Errorf("%q matches %q", c.pattern, s)
			}
		}
	}
	for _, bad := range []string{"", "$2", "ab$101", "\xff?"} {
		if _, err := parsePattern(bad); err == nil {
			t.Errorf("pattern %q: no error", bad)
		}
	}
}

func TestCheckExpansionCountsSpanTerms(t *testing.T) {
	b := spanTestIndex(t, spanTableDocs)
	body := []string{bd}
	both := []string{hd, bd}
	// In the body: wom?n is women, woman, womyn; engineer* is engineer,
	// engineers, engineering. In the headline neither has a term: one
	// each, as a prefix that matches nothing is looked up as one term.
	nearQ := func(fields []string) bq.Query {
		return &SpanQuery{Span: near(w("wom?n"), 3, w("engineer*")), Fields: fields}
	}
	for _, c := range []struct {
		name string
		q    bq.Query
		max  int
		fail bool
	}{
		{"span query within the cap", nearQ(body), 6, false},
		{"span query past the cap", nearQ(body), 5, true},
		{"each field counts", nearQ(both), 7, true},
		{"each field within the cap", nearQ(both), 8, false},
		{"inside a boolean query", bq.NewConjunctionQuery([]bq.Query{bq.NewTermQuery("isis"), nearQ(body)}), 5, true},
		{"atleast", &AtLeastQuery{Words: w("wom?n", "engineer$1"), Times: 2, Fields: body}, 4, true},
		{"atleast within", &AtLeastQuery{Words: w("wom?n", "engineer$1"), Times: 2, Fields: body}, 5, false},
		{"exact words do not count", &SpanQuery{Span: near(w("isis"), 3, w("turkey")), Fields: body}, 1, false},
		{"marks are not expansions", &SpanQuery{Span: w("?p", "?s"), Fields: body}, 2, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := New(b, Config{MaxExpansion: c.max}).CheckExpansion(c.q)
			var ee *ExpansionError
			if c.fail != (err != nil) || (err != nil && !errors.As(err, &ee)) {
				t.Fatalf("error %v, want an ExpansionError: %v", err, c.fail)
			}
			if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("expands to more than %d index terms", c.max)) {
				t.Errorf("error %q", err)
			}
		})
	}
}

// lowCapQuery is a SpanQuery whose searcher merges matches past max per
// node (see maxSpanMatches).
type lowCapQuery struct {
	*SpanQuery
	max int
}

func (q lowCapQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opt search.SearcherOptions) (search.Searcher, error) {
	s, err := q.SpanQuery.Searcher(ctx, r, m, opt)
	if ss, ok := s.(*spanSearcher); ok {
		ss.maxMatches = q.max
	}
	return s, err
}

// TestSpanMergedMatchesLoseNoHit: past the cap on matches per node, the
// merged matches still find every document the exact ones find (and
// perhaps more, the two-occurrence rule loosened).
func TestSpanMergedMatchesLoseNoHit(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 16))
	docs := randomSpanDocs(rng, 200)
	b := spanTestIndex(t, docs)
	brute := bruteDocs(docs)
	for i := range 200 {
		q := &SpanQuery{Span: randomSpan(rng, 3), Fields: []string{hd, bd}}
		got, err := runSpan(t, b, lowCapQuery{q, 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range bruteSearch(brute, q).ids() {
			if _, ok := got[id]; !ok {
				t.Fatalf("query %d %s: %s lost with merged matches", i, spanString(q), id)
			}
		}
	}
}
