package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/article"
)

// minQuoteWords: shorter quoted spans without a said-verb are scare quotes
// or titles ('flood', day zero between doubled apostrophes), not quotations.
const minQuoteWords = 4

// Extract returns the names and quotations of an article.
func (e *Extractor) Extract(a *article.Article) ([]article.Name, []article.Quote) {
	names := e.Names(a)
	return names, e.Quotes(a, names)
}

// delim is one quotation mark in a paragraph.
type delim struct {
	pos, end int
	open     bool
	single   bool
}

// delims finds the quotation marks of a paragraph, telling apostrophes
// from single quotes by the letters around them.
func delims(s string) []delim {
	var out []delim
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if i == 0 {
			prev = ' '
		}
		opensAfter := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/", prev) || i == 0
		switch {
		case r == '\'' && i+1 < len(s) && s[i+1] == '\'':
			out = append(out, delim{i, i + 2, opensAfter, false})
			n = 2
		case r == '"':
			out = append(out, delim{i, i + 1, opensAfter, false})
		case r == '“':
			out = append(out, delim{i, i + n, true, false})
		case r == '”':
			out = append(out, delim{i, i + n, false, false})
		case r == '\'' || r == '‘' || r == '’':
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			if i+n >= len(s) {
				next = ' '
			}
			letterBefore := unicode.IsLetter(prev) || unicode.IsDigit(prev)
			letterAfter := unicode.IsLetter(next) || unicode.IsDigit(next)
			switch {
			case letterBefore && letterAfter: // apostrophe: "don't"
			case r == '‘' || opensAfter && letterAfter:
				out = append(out, delim{i, i + n, true, true})
			case !letterAfter && (letterBefore || unicode.IsPunct(prev)):
				out = append(out, delim{i, i + n, false, true})
			}
		}
		i += n
	}
	return out
}

// rawQuote is a quotation before attribution.
type rawQuote struct {
	q        article.Quote
	parts    []string
	single   bool
	closeEnd int // end of the closing mark in EndParagraph
}

// Quotes returns the quotations of an article with their speakers, using
// names (from Names) to find the speakers.
func (e *Extractor) Quotes(a *article.Article, names []article.Name) []article.Quote {
	paras := paragraphs(a)
	raws := findQuotes(paras)
	if len(raws) == 0 {
		return nil
	}
	ms := flatMentions(names)
	persons := map[string]bool{}
	for _, n := range names {
		if n.Type == article.Person {
			persons[n.Name] = true
		}
	}
	out := make([]article.Quote, 0, len(raws))
	var lastSpeaker string
	lastPara := -1
	for i := range raws {
		r := &raws[i]
		speaker, verb, pronoun, role := e.attribute(paras, r, ms)
		words := len(strings.Fields(r.q.Text))
		if !verb && words < minQuoteWords {
			continue
		}
		switch {
		case role:
			// "the City manager said": the last speaker if quoted in this
			// paragraph, else the nearest person named before.
			last := ""
			if lastPara == r.q.Paragraph {
				last = lastSpeaker
			}
			speaker = lastPerson(window(ms, 0, 0, r.q.Paragraph, r.q.Start), r.q.Paragraph, r.q.Start, last, persons)
		case pronoun:
			// "he said": the nearest person named before.
			speaker = lastPerson(window(ms, 0, 0, r.q.Paragraph, r.q.Start), r.q.Paragraph, r.q.Start, "", persons)
		}
		if speaker == "" && !verb && lastSpeaker != "" && r.q.Paragraph-lastPara <= 1 {
			// A quotation without attribution right after another one
			// continues it ("''...,'' he said. ''Some of them ...''").
			speaker = lastSpeaker
		}
		if speaker == "" && !verb {
			speaker = previousSayer(paras, window(ms, r.q.Paragraph-1, 0, r.q.Paragraph, r.q.Start), r.q.Paragraph, r.q.Start)
		}
		r.q.Text = strings.TrimRight(strings.TrimSpace(strings.Join(r.parts, " ")), ", ")
		if speaker != "" {
			lastSpeaker = speaker
			lastPara = r.q.EndParagraph
		}
		out = append(out, r.q)
		out[len(out)-1].Speaker = speaker
	}
	return out
}

// findQuotes pairs the quotation marks of the body.
func findQuotes(paras []string) []rawQuote {
	var out []rawQuote
	var cur *rawQuote
	for pi := 1; pi < len(paras); pi++ {
		p := paras[pi]
		ds := delims(p)
		if cur != nil {
			// A quotation left open at the end of the paragraph before goes
			// on only if this paragraph opens with a quotation mark.
			if len(ds) > 0 && ds[0].open && !ds[0].single && strings.TrimSpace(p[:ds[0].pos]) == "" {
				ds = ds[1:]
				cur.q.EndParagraph = pi
			} else {
				out = append(out, *cur)
				cur = nil
			}
		}
		start := -1
		if cur != nil {
			start = ds0(p)
		}
		depthSingle := 0
		for _, d := range ds {
			switch {
			case cur == nil && !d.single && d.open:
				cur = &rawQuote{q: article.Quote{Paragraph: pi, EndParagraph: pi, Start: d.end}}
				start = d.end
			case cur == nil && d.single && d.open:
				// A top-level single quote (British style) is a quotation if
				// it closes in this paragraph.
				if closesSingle(ds, d) {
					cur = &rawQuote{q: article.Quote{Paragraph: pi, EndParagraph: pi, Start: d.end}, single: true}
					start = d.end
				}
			case cur != nil && cur.single && d.single && !d.open && depthSingle == 0:
				cur.parts = append(cur.parts, p[start:d.pos])
				cur.q.End, cur.closeEnd = d.pos, d.end
				out = append(out, *cur)
				cur = nil
			case cur != nil && !cur.single && d.single:
				if d.open {
					depthSingle++
				} else if depthSingle > 0 {
					depthSingle--
				}
			case cur != nil && !cur.single && !d.single && !d.open:
				cur.parts = append(cur.parts, p[start:d.pos])
				cur.q.End, cur.closeEnd = d.pos, d.end
				cur.q.EndParagraph = pi
				out = append(out, *cur)
				cur = nil
			case cur != nil && !cur.single && !d.single && d.open:
				// An opening mark inside an open quotation: the first one
				// was never closed. Close it here and start again.
				cur.parts = append(cur.parts, p[start:d.pos])
				cur.q.End, cur.closeEnd = d.pos, d.pos
				out = append(out, *cur)
				cur = &rawQuote{q: article.Quote{Paragraph: pi, EndParagraph: pi, Start: d.end}}
				start = d.end
			}
		}
		if cur != nil {
			if cur.single {
				cur = nil // an unclosed single quote is an apostrophe after all
				continue
			}
			cur.parts = append(cur.parts, p[start:])
			cur.q.End, cur.closeEnd = len(p), len(p)
			cur.q.EndParagraph = pi
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	for i := range out {
		out[i].q.Text = strings.TrimRight(strings.TrimSpace(strings.Join(out[i].parts, " ")), ", ")
	}
	return out
}

func ds0(p string) int {
	ds := delims(p)
	if len(ds) > 0 {
		return ds[0].end
	}
	return 0
}

func closesSingle(ds []delim, d delim) bool {
	for _, x := range ds {
		if x.pos > d.pos && x.single && !x.open {
			return true
		}
	}
	return false
}

// mentionAt is a name mention with its canonical name.
type mentionAt struct {
	article.Span
	name string
	typ  article.NameType
}

func flatMentions(names []article.Name) []mentionAt {
	var ms []mentionAt
	for _, n := range names {
		for _, s := range n.Spans {
			ms = append(ms, mentionAt{s, n.Name, n.Type})
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Paragraph != ms[j].Paragraph {
			return ms[i].Paragraph < ms[j].Paragraph
		}
		return ms[i].Start < ms[j].Start
	})
	return ms
}

// window returns the mentions (sorted by position) that start at or after
// (para1, from) and before (para2, to), so that finding a speaker does not
// scan every mention of a long article for every quotation.
func window(ms []mentionAt, para1, from, para2, to int) []mentionAt {
	before := func(m mentionAt, para, at int) bool {
		return m.Paragraph < para || m.Paragraph == para && m.Start < at
	}
	i := sort.Search(len(ms), func(k int) bool { return !before(ms[k], para1, from) })
	j := sort.Search(len(ms), func(k int) bool { return !before(ms[k], para2, to) })
	if j < i {
		return nil
	}
	return ms[i:j]
}

// attribute reads the speaker from the sentence around a quotation: after
// it ("..., said X", "..., X said", "..., he said", "..., according to X")
// or before it (X said: and the quotation).
func (e *Extractor) attribute(paras []string, r *rawQuote, ms []mentionAt) (speaker string, verb, pronoun, role bool) {
	// After the closing mark, to the end of the sentence or the next quotation.
	ep := r.q.EndParagraph
	p := paras[ep]
	after := max(r.closeEnd, r.q.End) // past the closing mark
	stop := sentenceEnd(p, after)
	// A quotation that ends its sentence with a period, followed by a
	// capital, is not attributed by the next sentence ("''... tonight.''
	// He added ...").
	if strings.HasSuffix(strings.Join(r.parts, " "), ".") && startsUpper(p[after:stop]) {
		stop = after
	}
	if frameSays(p[after:stop]) {
		sp := pickSpeaker(window(ms, ep, after, ep, stop), ep, after, stop, p)
		if sp == definiteRole {
			return "", true, true, true
		}
		return sp, true, pronounSays(p[after:stop]) && firstMentionIn(window(ms, ep, after, ep, stop), ep, after, stop) == nil, false
	}
	// Before the opening mark, from the start of the sentence.
	sp := r.q.Paragraph
	p = paras[sp]
	open := r.q.Start
	begin := sentenceStart(p, open)
	before := p[begin:open]
	if frameSays(before) {
		spk := pickSpeaker(window(ms, sp, begin, sp, open), sp, begin, open, p)
		if spk == definiteRole {
			return "", true, true, true
		}
		return spk, true, pronounSays(before) && firstMentionIn(window(ms, sp, begin, sp, open), sp, begin, open) == nil, false
	}
	return "", false, false, false
}

// sentenceEnd finds the end of the sentence that starts at from: a . ? or !
// followed by a space, or an opening quotation mark.
func sentenceEnd(p string, from int) int {
	for i := from; i < len(p); i++ {
		switch p[i] {
		case '.', '?', '!':
			if i+1 >= len(p) || p[i+1] == ' ' {
				// "Mr." "Jr." "F." are not ends.
				w := lastWord(p[from:i])
				if abbreviations[strings.ToLower(w)] || len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
					continue
				}
				return i
			}
		case '\'':
			if i+1 < len(p) && p[i+1] == '\'' && (i == 0 || p[i-1] == ' ') {
				return i
			}
		case '"':
			if i > from && p[i-1] == ' ' {
				return i
			}
		}
		if strings.HasPrefix(p[i:], "“") {
			return i
		}
	}
	return len(p)
}

// sentenceStart finds where the sentence containing position to starts.
func sentenceStart(p string, to int) int {
	for i := to - 1; i > 0; i-- {
		switch p[i] {
		case '.', '?', '!':
			if i+1 < len(p) && p[i+1] == ' ' {
				w := lastWord(p[:i])
				if abbreviations[strings.ToLower(w)] || len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
					continue
				}
				return i + 1
			}
		}
	}
	return 0
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	return s[i+1:]
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
}

// frameSays reports a said-verb or "according to" in a frame.
func frameSays(s string) bool {
	ws := words(s)
	for i, w := range ws {
		if sayVerbs[w] || w == "according" && i+1 < len(ws) && ws[i+1] == "to" {
			return true
		}
	}
	return false
}

func pronounSays(s string) bool {
	for _, w := range words(s) {
		if w == "he" || w == "she" {
			return true
		}
	}
	return false
}

func firstMentionIn(ms []mentionAt, para, from, to int) *mentionAt {
	for i := range ms {
		m := &ms[i]
		if m.Paragraph == para && m.Start >= from && m.End <= to {
			return m
		}
	}
	return nil
}

// pickSpeaker takes the person named in a frame, else its first name
// ("said a United Nations report").
func pickSpeaker(ms []mentionAt, para, from, to int, p string) string {
	var first *mentionAt
	role := false
	for i := range ms {
		m := &ms[i]
		if m.Paragraph != para || m.Start < from || m.End > to {
			continue
		}
		// "the City manager said" names a person met before, not City.
		if strings.HasSuffix(strings.ToLower(p[:m.Start]), "the ") {
			if ws := words(p[m.End:min(len(p), m.End+30)]); len(ws) > 0 && (roleWords[ws[0]] || ws[0] == "manager") {
				if first == nil {
					return definiteRole
				}
				role = true
				continue
			}
		}
		// "told Sky Sports": who is spoken to does not speak.
		if lower := strings.ToLower(p[max(0, m.Start-5):m.Start]); strings.HasSuffix(lower, "told ") {
			continue
		}
		if m.typ == article.Person {
			return m.name
		}
		if first == nil {
			first = m
		}
	}
	if first != nil && first.typ != article.Place {
		return first.name
	}
	if role {
		return definiteRole
	}
	return ""
}

// definiteRole is what pickSpeaker returns for "the X manager said": the
// speaker is resolved like "he said".
const definiteRole = "\x00role"

// lastPerson resolves "he said" and "the City manager said": lastSpeaker
// when given and a person, else the nearest person named before the
// quotation.
func lastPerson(ms []mentionAt, para, pos int, lastSpeaker string, persons map[string]bool) string {
	if persons[lastSpeaker] {
		return lastSpeaker
	}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.Paragraph > para || m.Paragraph == para && m.Start >= pos || m.Paragraph == 0 {
			continue
		}
		// Untyped names of several words are people often enough
		// ("Mauricio Pochettino was less happy").
		if m.typ == article.Person || m.typ == article.Other && strings.Contains(m.name, " ") {
			return m.name
		}
	}
	return ""
}

// previousSayer finds a person said to speak just before a quotation
// without attribution: in the text before it in its paragraph, or in the
// paragraph before ("Ms. Desai said she had ...").
func previousSayer(paras []string, ms []mentionAt, para, pos int) string {
	for p := para; p >= para-1 && p >= 1; p-- {
		limit := len(paras[p])
		if p == para {
			limit = pos
		}
		best := ""
		for _, m := range ms {
			if m.Paragraph != p || m.End > limit || m.typ != article.Person {
				continue
			}
			rest := paras[p][m.End:min(limit, m.End+40)]
			ws := words(rest)
			if len(ws) > 0 && sayVerbs[ws[0]] {
				best = m.name
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}

// startsUpper reports whether the first letter of s is a capital.
func startsUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}
