package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML and XML exports are read whole (they are small: a vendor's export
// page holds at most a few hundred articles) and turned into the layouts
// of the text readers: a Factiva HTML article becomes the lines of the
// plain-text or field-coded export, a LexisNexis HTML page the paragraphs
// of the text export. Errors then name the article, as HTML line numbers
// would not match: "file: article N: reason".

// errNotAnExport marks HTML and XML files of no vendor newsdesk knows;
// Read skips them silently in folders, as it skips files of unknown format.
var errNotAnExport = errors.New("not a news export")

// parseMarkup reads an HTML or XML export; f may be the generic FormatHTML
// or FormatXML, in which case the vendor is told from the document.
//
// The document is read whole, up to opt.DocumentLimit of its format; a
// larger one is skipped.
func parseMarkup(r io.Reader, name string, f Format, opt Options, yield func(*article.Article, error) bool) {
	limit := opt.DocumentLimit(f)
	raw, err := readWhole(r, limit)
	if errors.Is(err, ErrTooLarge) {
		if f == FormatXML {
			// Name the vocabulary, whose limit may be lower, if the start tells it.
			head, _, _ := DecodeText(raw[:min(len(raw), 64<<10)])
			if v := xmlVocabulary(head); v != "" {
				f, limit = v, opt.DocumentLimit(v)
			}
		}
		yield(nil, tooLarge(name, f, limit))
		return
	}
	if err != nil {
		yield(nil, &ParseError{File: name, Reason: "read: " + err.Error(), Err: err})
		return
	}
	text, _, err := DecodeText(raw)
	if err != nil {
		yield(nil, &ParseError{File: name, Reason: err.Error(), Err: err})
		return
	}
	vendor := func(f Format, yield func(*article.Article, error) bool) func(*article.Article, error) bool {
		return func(a *article.Article, err error) bool {
			if a != nil {
				a.Origin.Format = string(f)
			}
			return yield(a, err)
		}
	}
	noLines := func(a *article.Article, err error) bool {
		var pe *ParseError
		if e, ok := err.(*ParseError); ok {
			pe = e
			pe.Line = 0
		}
		if a != nil {
			a.Origin.Line = 0
		}
		if pe != nil {
			return yield(nil, pe)
		}
		return yield(a, err)
	}
	if f == FormatXML {
		if f = xmlVocabulary(text); f == "" {
			yield(nil, &ParseError{File: name, Reason: "XML of unknown vocabulary (newsdesk reads Factiva XML, NewsML-G2, NITF, RSS and Atom)", Err: errNotAnExport})
			return
		}
		if l := opt.DocumentLimit(f); int64(len(raw)) > l {
			yield(nil, tooLarge(name, f, l))
			return
		}
	}
	switch f {
	case FormatFactivaXML:
		parseFactivaXML(text, name, vendor(FormatFactivaXML, yield))
		return
	case FormatNewsML, FormatNITF, FormatRSS:
		parseXMLArticles(text, name, f, vendor(f, yield))
		return
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		yield(nil, &ParseError{File: name, Reason: "HTML: " + err.Error(), Err: err})
		return
	}
	arts := factivaArticleDivs(doc)
	switch {
	case f == FormatEuropresse || (f == FormatHTML && strings.Contains(text, "DocPublicationName")):
		parseEuropresse(doc, name, vendor(FormatEuropresse, noLines))
	case f == FormatFactivaHTML || (f == FormatHTML && len(arts) > 0):
		parseFactivaHTML(arts, name, vendor(FormatFactivaHTML, noLines))
	case f == FormatLexisHTML || (f == FormatHTML && strings.Contains(text, " DOCUMENTS")):
		paras := htmlParagraphs(doc)
		ordinal := 0
		lexisSplit(paras, name, &ordinal, vendor(FormatLexisHTML, noLines))
	default:
		yield(nil, &ParseError{File: name, Reason: "HTML page that is not a Factiva, LexisNexis or Europresse export", Err: errNotAnExport})
	}
}

// hasClass reports whether n has the class c.
func hasClass(n *html.Node, c string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, f := range strings.Fields(a.Val) {
				if f == c {
					return true
				}
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// factivaArticleDivs returns the innermost <div class="article ..."> elements.
func factivaArticleDivs(doc *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node) bool // reports whether n holds an article div
	walk = func(n *html.Node) bool {
		inner := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				inner = true
			}
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Div && hasClass(n, "article") {
			if !inner {
				out = append(out, n)
			}
			return true
		}
		return inner
	}
	walk(doc)
	return out
}

// nodeText returns the text of n with <br> as a space and runs of white
// space collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte(' ')
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return collapseSpace(strings.ReplaceAll(b.String(), "\u00a0", " "))
}

// parseFactivaHTML reads Factiva article divs: the field-coded table
// ("with indexing") or the header divs of the plain article view.
func parseFactivaHTML(arts []*html.Node, name string, yield func(*article.Article, error) bool) {
	for i, div := range arts {
		ordinal := i + 1
		var a *article.Article
		var err *ParseError
		if fields := factivaHTMLCoded(div); len(fields) > 0 {
			a, err = readCoded(fields, name, ordinal)
		} else {
			a, err = factivaHTMLPlain(div, name, ordinal)
		}
		if err != nil {
			if !yield(nil, err) {
				return
			}
			continue
		}
		if !yield(a, nil) {
			return
		}
	}
}

// factivaHTMLCoded reads the rows of the "with indexing" table: a code in
// <td class="index"> and its value in the next cell, paragraphs as <p>.
func factivaHTMLCoded(div *html.Node) []*codedField {
	var fields []*codedField
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Td && hasClass(n, "index") {
			code := nodeText(n)
			val := n.NextSibling
			for val != nil && val.Type != html.ElementNode {
				val = val.NextSibling
			}
			if codedFields[code] && val != nil {
				f := &codedField{code: code, line: len(fields) + 1}
				var ps []string
				for c := val.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.DataAtom == atom.P {
						ps = append(ps, nodeText(c), "")
					}
				}
				if len(ps) == 0 {
					ps = []string{nodeText(val)}
				}
				f.lines = ps
				fields = append(fields, f)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(div)
	return fields
}

// factivaHTMLPlain turns the plain article view into the lines of the
// plain-text export and reads them with its parser:
//
//	<div>Section</div> <div id="hd">Headline</div> <div class="author">By ...</div>
//	<div>1285 words</div> <div>1 April 2017</div> <div>Source</div> <div>CODE</div>
//	<div>English</div> <div>Copyright ...</div>
//	<p class="articleParagraph">...</p> ... <p>Document ID</p>
func factivaHTMLPlain(div *html.Node, name string, ordinal int) (*article.Article, *ParseError) {
	var lines []srcLine
	add := func(s string) { lines = append(lines, srcLine{s, len(lines) + 1}) }
	var doc srcLine
	inBody := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Div && attr(n, "id") == "hd":
				add(nodeText(n))
				add("")
				return
			case n.DataAtom == atom.Div:
				if hasClass(n, "article") {
					break
				}
				if t := nodeText(n); t != "" {
					add(t)
				}
				return
			case n.DataAtom == atom.P && hasClass(n, "articleParagraph"):
				if !inBody {
					add("")
					inBody = true
				}
				if t := nodeText(n); t != "" {
					add(t)
					add("")
				}
				return
			case n.DataAtom == atom.P:
				t := nodeText(n)
				if f := strings.Fields(t); len(f) == 2 && factivaDocWord(f[0]) {
					doc = srcLine{"Document " + f[1], len(lines) + 1}
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(div)
	p := &factivaParser{name: name, ordinal: ordinal}
	a, err := p.parseArticle(lines, doc)
	if err != nil {
		err.Line = 0
		return nil, err
	}
	a.Origin = article.Origin{File: name, Ordinal: ordinal}
	if a.ID == "" {
		if p := div.Parent; p != nil && hasClass(p, "article") && strings.HasPrefix(attr(p, "id"), "article-") {
			a.ID = strings.TrimPrefix(attr(p, "id"), "article-")
		} else {
			a.ID = article.StableID(a)
		}
	}
	return a, nil
}

// factivaDocWord reports the word Factiva puts before the accession number
// in the interface languages seen in exports.
func factivaDocWord(w string) bool {
	switch w {
	case "Document", "Dokument", "Documento", "Documenten", "文件", "文档", "文檔", "ドキュメント", "문서":
		return true
	}
	return false
}

// htmlBlock reports the elements whose text htmlParagraphs keeps as one
// paragraph when they hold no other block.
func htmlBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Tr, atom.Blockquote, atom.Pre, atom.Center:
		return true
	}
	return false
}

func hasBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if htmlBlock(c) || hasBlock(c) {
			return true
		}
	}
	return false
}

// htmlParagraphs returns the text of every innermost block of the
// document (paragraphs, divisions, table rows with their cells separated
// by " | "), numbered in order.
func htmlParagraphs(doc *html.Node) []para {
	var out []para
	// LexisNexis marks each document with a <DOC NUMBER=N> comment, and
	// normally also with an "N of M DOCUMENTS" line. A document the service
	// could not render has the comment only: it then gets a separator of
	// its own, so that it is reported rather than merged into the previous one.
	docPending := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.CommentNode && strings.Contains(n.Data, "<DOC NUMBER=") {
			docPending = true
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Head) {
			return
		}
		if htmlBlock(n) && !hasBlock(n) {
			var t string
			if n.DataAtom == atom.Tr {
				var cells []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if ct := nodeText(c); ct != "" {
						cells = append(cells, ct)
					}
				}
				t = strings.Join(cells, " | ")
			} else {
				t = nodeText(n)
			}
			if t != "" {
				if docPending && !lexisSeparator.MatchString(t) {
					out = append(out, para{"0 of 0 DOCUMENTS", len(out) + 1})
				}
				docPending = false
				out = append(out, para{t, len(out) + 1})
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// Factiva XML ("ppsarticle") elements newsdesk reads.
type factivaXMLArticle struct {
	AccessionNo  string           `xml:"accessionNo"`
	BaseLanguage string           `xml:"baseLanguage"`
	Copyright    string           `xml:"copyright"`
	Headline     factivaXMLParas  `xml:"headline"`
	Lead         factivaXMLParas  `xml:"leadParagraph"`
	Tail         factivaXMLParas  `xml:"tailParagraphs"`
	Pages        string           `xml:"pages"`
	Page         string           `xml:"page"`
	DateTime     string           `xml:"publicationDate>dateTime"`
	Date         string           `xml:"publicationDate>date"`
	Publisher    string           `xml:"publisherName"`
	SourceName   string           `xml:"sourceName"`
	SourceCode   string           `xml:"sourceCode"`
	Section      string           `xml:"sectionName"`
	Byline       string           `xml:"byline"`
	WordCount    string           `xml:"wordCount"`
	Notes        string           `xml:"notes"`
	Regions      []factivaXMLCode `xml:"region"`
	Subjects     []factivaXMLCode `xml:"newsSubject"`
	Companies    []factivaXMLCode `xml:"company"`
	Industries   []factivaXMLCode `xml:"industry"`
}

type factivaXMLParas struct {
	// Text is set when the element holds plain text instead of <paragraph>
	// elements (as in re-encoded older collections).
	Text       string `xml:",chardata"`
	Paragraphs []struct {
		Text string `xml:",innerxml"`
	} `xml:"paragraph"`
}

type factivaXMLCode struct {
	Code string `xml:"code,attr"`
	Name string `xml:"name"`
}

// texts returns the paragraphs with inner markup (<hlt>) removed.
func (p factivaXMLParas) texts() []string {
	var out []string
	if len(p.Paragraphs) == 0 {
		// Plain text: paragraphs start at blank or indented lines.
		for _, para := range article.SplitParagraphs(p.Text) {
			for _, q := range reutersPara.Split(para, -1) {
				if q = collapseSpace(q); q != "" {
					out = append(out, q)
				}
			}
		}
		return out
	}
	for _, x := range p.Paragraphs {
		var b strings.Builder
		d := xml.NewDecoder(strings.NewReader("<x>" + x.Text + "</x>"))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if c, ok := tok.(xml.CharData); ok {
				b.Write(c)
			}
		}
		if t := collapseSpace(b.String()); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// parseFactivaXML streams the <article> elements of a Factiva XML export.
func parseFactivaXML(text, name string, yield func(*article.Article, error) bool) {
	d := xml.NewDecoder(strings.NewReader(text))
	ordinal := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			yield(nil, &ParseError{File: name, Article: ordinal + 1, Reason: "XML: " + err.Error(), Err: err})
			return
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "article" {
			continue
		}
		ordinal++
		var x factivaXMLArticle
		if err := d.DecodeElement(&x, &se); err != nil {
			yield(nil, &ParseError{File: name, Article: ordinal, Reason: "XML: " + err.Error(), Err: err})
			return
		}
		if !yieldArticle(yield)(x.article(name, ordinal)) {
			return
		}
	}
}

func (x *factivaXMLArticle) article(name string, ordinal int) (*article.Article, *ParseError) {
	a := &article.Article{
		ID:         strings.TrimSpace(x.AccessionNo),
		Headline:   strings.Join(x.Headline.texts(), " "),
		Source:     collapseSpace(x.SourceName),
		SourceCode: strings.TrimSpace(x.SourceCode),
		Section:    collapseSpace(x.Section),
		Byline:     collapseSpace(x.Byline),
		Language:   collapseSpace(x.BaseLanguage),
		Copyright:  collapseSpace(x.Copyright),
		Page:       strings.TrimSpace(x.Pages + x.Page),
		Body:       append(x.Lead.texts(), x.Tail.texts()...),
		Origin:     article.Origin{File: name, Ordinal: ordinal},
	}
	if ds := strings.TrimSpace(x.DateTime + " " + x.Date); ds != "" {
		t, _, err := ParseDateText(ds)
		if err != nil {
			return nil, &ParseError{File: name, Article: ordinal, Reason: err.Error()}
		}
		a.Date = t
	}
	if x.WordCount != "" {
		fmt.Sscan(x.WordCount, &a.WordCount)
	}
	names := map[string]string{}
	codes := func(cs []factivaXMLCode) []string {
		var out []string
		for _, c := range cs {
			if c.Code != "" {
				out = append(out, c.Code)
				if n := collapseSpace(c.Name); n != "" {
					names[c.Code] = n
				}
			}
		}
		return out
	}
	a.Regions, a.Subjects, a.Companies, a.Industries = codes(x.Regions), codes(x.Subjects), codes(x.Companies), codes(x.Industries)
	extra := map[string]any{}
	if len(names) > 0 {
		extra["code_names"] = names
	}
	if p := collapseSpace(x.Publisher); p != "" {
		extra["publisher"] = p
	}
	if n := collapseSpace(x.Notes); n != "" {
		extra["notes"] = n
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	a.Authors = BylineAuthors(a.Byline)
	if a.Headline == "" && len(a.Body) == 0 {
		return nil, &ParseError{File: name, Article: ordinal, Reason: "article has neither a headline nor a body"}
	}
	if a.WordCount == 0 {
		a.WordCount = CountWords(a.Body)
	}
	if a.ID == "" {
		a.ID = article.StableID(a)
	}
	return a, nil
}
