package ingest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"golang.org/x/net/html"
)

// The industry's own interchange formats, IPTC NewsML-G2 and NITF, and
// RSS 2.0 / Atom feeds are read from a small element tree: their
// vocabularies are large and mostly optional, and matching elements by
// local name copes with the namespace prefixes and versions found in the
// wild better than fixed structs would.

// xnode is an XML element with its attributes and content, or a run of
// character data (name "" and text set) inside its parent's content.
type xnode struct {
	name  string
	attrs []xml.Attr
	kids  []*xnode // elements and character data, in document order
	text  string   // character data of a text node
}

// maxXMLDepth bounds the nesting of elements parseXMLTree accepts, as
// golang.org/x/net/html bounds HTML's: news markup nests a few dozen
// deep, and the tree is walked recursively.
const maxXMLDepth = 512

// parseXMLTree reads a whole document into a tree. Character data is
// stored once, in the element that holds it, so that the tree costs memory
// in proportion to the document however deep it nests.
func parseXMLTree(text string) (*xnode, error) {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Entity = xml.HTMLEntity // feeds use &nbsp; and friends
	root := &xnode{}
	stack := []*xnode{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return root, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxXMLDepth {
				return root, fmt.Errorf("elements nested more than %d deep (line %d)", maxXMLDepth, line(d))
			}
			n := &xnode{name: t.Name.Local, attrs: t.Attr}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			top.kids = append(top.kids, &xnode{text: string(t)})
		}
	}
}

// line is the decoder's current line, for messages.
func line(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

// inner returns the character data of n and its descendants, in order.
func (n *xnode) inner() string {
	var b strings.Builder
	var walk func(*xnode)
	walk = func(n *xnode) {
		b.WriteString(n.text)
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// all returns the descendants of n named name, in document order, not
// looking inside a match.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
			continue
		}
		out = append(out, k.all(name)...)
	}
	return out
}

// first returns the first descendant on the path of names, or nil.
func (n *xnode) first(path ...string) *xnode {
	cur := n
	for _, name := range path {
		ms := cur.all(name)
		if len(ms) == 0 {
			return nil
		}
		cur = ms[0]
	}
	return cur
}

// str returns the collapsed text of the first descendant on the path.
func (n *xnode) str(path ...string) string {
	if m := n.first(path...); m != nil {
		return collapseSpace(m.inner())
	}
	return ""
}

func (n *xnode) attr(key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == key {
			return a.Value
		}
	}
	return ""
}

// paragraphs returns the text of the <p> elements under n, or its text
// split at blank lines when it has none.
func (n *xnode) paragraphs() []string {
	var out []string
	for _, p := range n.all("p") {
		if t := collapseSpace(p.inner()); t != "" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		for _, p := range article.SplitParagraphs(n.inner()) {
			if p = collapseSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// htmlText splits an HTML fragment (an RSS description, an Atom content)
// into paragraphs.
func htmlText(s string) []string {
	if !strings.ContainsRune(s, '<') {
		return cleanParagraphs(article.SplitParagraphs(s))
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return cleanParagraphs(article.SplitParagraphs(s))
	}
	var out []string
	for _, p := range htmlParagraphs(doc) {
		out = append(out, p.text)
	}
	if len(out) == 0 {
		if t := nodeText(doc); t != "" {
			out = []string{t}
		}
	}
	return out
}

// xmlVocabulary tells which XML format text is, from its elements.
func xmlVocabulary(text string) Format {
	switch {
	case strings.Contains(text, "<ppsarticle"):
		return FormatFactivaXML
	case strings.Contains(text, "<newsItem") || strings.Contains(text, ":newsItem"):
		return FormatNewsML
	case strings.Contains(text, "<nitf"):
		return FormatNITF
	case strings.Contains(text, "<rss") || strings.Contains(text, "<feed") || strings.Contains(text, "<rdf:RDF"):
		return FormatRSS
	}
	return ""
}

// parseXMLArticles reads NewsML-G2, NITF or a feed.
func parseXMLArticles(text, name string, f Format, yield func(*article.Article, error) bool) {
	root, err := parseXMLTree(text)
	if err != nil {
		yield(nil, &ParseError{File: name, Reason: "XML: " + err.Error(), Err: err})
		return
	}
	var items []*xnode
	var read func(*xnode, string, int) (*article.Article, *ParseError)
	switch f {
	case FormatNewsML:
		items, read = root.all("newsItem"), newsMLArticle
	case FormatNITF:
		items, read = root.all("nitf"), nitfArticle
	default:
		items = root.all("item")
		if len(items) == 0 {
			items = root.all("entry")
		}
		source := root.str("channel", "title")
		if source == "" {
			source = root.str("feed", "title")
		}
		read = func(n *xnode, name string, ordinal int) (*article.Article, *ParseError) {
			return feedArticle(n, name, ordinal, source)
		}
	}
	if len(items) == 0 {
		yield(nil, &ParseError{File: name, Reason: "no articles (" + string(f) + ": no item, entry, newsItem or nitf element)"})
		return
	}
	for i, it := range items {
		a, perr := read(it, name, i+1)
		if perr == nil {
			perr = finishXMLArticle(a, name, i+1)
		}
		if !yieldArticle(yield)(a, perr) {
			return
		}
	}
}

// finishXMLArticle checks an article and fills in what can be derived.
func finishXMLArticle(a *article.Article, name string, ordinal int) *ParseError {
	if a.Headline == "" && len(a.Body) == 0 {
		return &ParseError{File: name, Article: ordinal, Reason: "article has neither a headline nor a body"}
	}
	a.Authors = BylineAuthors(a.Byline)
	if a.WordCount == 0 {
		a.WordCount = CountWords(a.Body)
	}
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	if len(a.Extra) == 0 {
		a.Extra = nil
	}
	return nil
}

// xmlDate parses the first of the dates given that is set.
func xmlDate(a *article.Article, name string, ordinal int, dates ...string) *ParseError {
	for _, d := range dates {
		if d = strings.TrimSpace(d); d == "" {
			continue
		}
		t, _, err := ParseDateText(d)
		if err != nil {
			// NITF's compact ISO form: 20210207T063000Z.
			if len(d) >= 8 && strings.IndexFunc(d[:8], func(r rune) bool { return r < '0' || r > '9' }) < 0 {
				iso := d[:4] + "-" + d[4:6] + "-" + d[6:8]
				if len(d) >= 15 && d[8] == 'T' {
					iso += "T" + d[9:11] + ":" + d[11:13] + ":" + d[13:15] + "Z"
				}
				if t, err = article.ParseDate(iso); err == nil {
					a.Date = t
					return nil
				}
			}
			return &ParseError{File: name, Article: ordinal, Reason: err.Error()}
		}
		a.Date = t
		return nil
	}
	return nil
}

// newsMLArticle reads an IPTC NewsML-G2 <newsItem>.
func newsMLArticle(n *xnode, name string, ordinal int) (*article.Article, *ParseError) {
	cm := n.first("contentMeta")
	if cm == nil {
		cm = n
	}
	a := &article.Article{
		ID:        n.attr("guid"),
		Headline:  cm.str("headline"),
		Byline:    cm.str("creator", "name"),
		Copyright: n.str("rightsInfo", "copyrightNotice"),
		Source:    n.str("itemMeta", "provider", "name"),
		Origin:    article.Origin{File: name, Ordinal: ordinal},
		Extra:     map[string]any{},
	}
	if a.Source == "" {
		a.Source = n.first("itemMeta", "provider").attr("literal")
	}
	if a.Source == "" {
		a.Source = n.str("rightsInfo", "copyrightHolder", "name")
	}
	if lang := cm.first("language").attr("tag"); lang != "" {
		a.Language = lang
	} else if lang := n.attr("lang"); lang != "" {
		a.Language = lang
	}
	if s := cm.str("slugline"); s != "" {
		a.Extra["slugline"] = s
	}
	if s := cm.str("located", "name"); s != "" {
		a.Extra["dateline"] = s
	}
	names := map[string]string{}
	for _, s := range cm.all("subject") {
		code := s.attr("qcode")
		if code == "" {
			code = s.attr("literal")
		}
		if code == "" {
			continue
		}
		a.Subjects = append(a.Subjects, code)
		if nm := s.str("name"); nm != "" {
			names[code] = nm
		}
	}
	if len(names) > 0 {
		a.Extra["code_names"] = names
	}
	if err := xmlDate(a, name, ordinal, cm.str("contentCreated"), n.str("itemMeta", "firstCreated"), n.str("itemMeta", "versionCreated")); err != nil {
		return nil, err
	}
	if body := n.first("inlineXML"); body != nil {
		if c := body.first("body.content"); c != nil {
			body = c
		}
		a.Body = body.paragraphs()
		if a.Headline == "" {
			a.Headline = body.str("hl1")
		}
	}
	return a, nil
}

// nitfArticle reads a News Industry Text Format <nitf> document.
func nitfArticle(n *xnode, name string, ordinal int) (*article.Article, *ParseError) {
	a := &article.Article{
		ID:       n.first("doc-id").attr("id-string"),
		Headline: n.str("hedline", "hl1"),
		Byline:   strings.TrimSpace(n.str("byline")),
		Source:   n.first("pubdata").attr("name"),
		Page:     n.first("pubdata").attr("position.section"),
		Origin:   article.Origin{File: name, Ordinal: ordinal},
		Extra:    map[string]any{},
	}
	if a.Headline == "" {
		a.Headline = n.str("title")
	}
	if a.Source == "" {
		a.Source = n.first("doc.copyright").attr("holder")
	}
	if y := n.first("doc.copyright").attr("year"); y != "" {
		a.Copyright = strings.TrimSpace("Copyright " + y + " " + n.first("doc.copyright").attr("holder"))
	}
	if l := n.attr("lang"); l != "" {
		a.Language = l
	}
	if d := n.str("dateline"); d != "" {
		a.Extra["dateline"] = d
	}
	for _, ts := range n.all("tobject.subject") {
		if r := ts.attr("tobject.subject.refnum"); r != "" {
			a.Subjects = append(a.Subjects, r)
		}
	}
	if err := xmlDate(a, name, ordinal, n.first("date.issue").attr("norm"), n.first("date.release").attr("norm")); err != nil {
		return nil, err
	}
	if c := n.first("body.content"); c != nil {
		a.Body = c.paragraphs()
	}
	return a, nil
}

// feedArticle reads an RSS <item> or an Atom <entry>.
func feedArticle(n *xnode, name string, ordinal int, source string) (*article.Article, *ParseError) {
	a := &article.Article{
		ID:       n.str("guid"),
		Headline: n.str("title"),
		Source:   source,
		Byline:   n.str("creator"),
		Origin:   article.Origin{File: name, Ordinal: ordinal},
	}
	if a.ID == "" {
		a.ID = n.str("id")
	}
	if a.Byline == "" {
		a.Byline = n.str("author", "name")
	}
	if a.Byline == "" {
		a.Byline = n.str("author")
	}
	a.URL = n.str("link")
	if a.URL == "" {
		a.URL = n.first("link").attr("href")
	}
	for _, c := range n.all("category") {
		t := collapseSpace(c.inner())
		if t == "" {
			t = c.attr("term")
		}
		if t != "" {
			a.Subjects = append(a.Subjects, t)
		}
	}
	if err := xmlDate(a, name, ordinal, n.str("pubDate"), n.str("published"), n.str("updated"), n.str("date")); err != nil {
		return nil, err
	}
	for _, el := range []string{"encoded", "content", "description", "summary"} {
		if c := n.first(el); c != nil {
			if a.Body = htmlText(c.inner()); len(a.Body) > 0 {
				break
			}
		}
	}
	return a, nil
}
