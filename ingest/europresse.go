package ingest

import (
	"regexp"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Europresse (the French press database) saves articles as HTML in two
// generations of markup: inline spans in a table (older exports) and
// <article> elements with <header>, <section>, <aside> and <footer>. Both
// mark the source (span.DocPublicationName), the header line
// (span.DocHeader: "Politique, jeudi 5 octobre 2013, p. 16") and the title
// (.titreArticleVisu), and end with "Numéro de document : ID". The reader
// flattens the page into text blocks in document order and walks them.

var (
	europresseDocNo = regexp.MustCompile(`^(?:Numéro de document|Document number|Dokumentnummer)\s*:\s*(\S+)`)
	europressePage  = regexp.MustCompile(`^(?:p\.|page|S\.)\s*(\S+)$`)
)

// epBlock is a run of text of the page with the role its markup gives it.
type epBlock struct {
	text     string
	role     string // "source", "header", "title", or "" for text
	inHeader bool   // inside <header> (newer markup)
	inAside  bool   // inside <aside>: illustrations and notes
}

// europresseBlocks flattens the document into text blocks, cut at block
// elements and line breaks.
func europresseBlocks(doc *html.Node) []epBlock {
	var out []epBlock
	var cur strings.Builder
	var inHeader, inAside bool
	flush := func() {
		if t := collapseSpace(strings.ReplaceAll(cur.String(), "\u00a0", " ")); t != "" {
			out = append(out, epBlock{text: t, inHeader: inHeader, inAside: inAside})
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			return
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Form:
			return
		case atom.Br:
			flush()
			return
		}
		role := ""
		switch {
		case hasClass(n, "DocPublicationName"):
			role = "source"
		case hasClass(n, "DocHeader"):
			role = "header"
		case hasClass(n, "TitreArticleVisu") || hasClass(n, "titreArticleVisu"):
			role = "title"
		}
		if role != "" {
			flush()
			if t := nodeText(n); t != "" {
				out = append(out, epBlock{text: t, role: role, inHeader: inHeader, inAside: inAside})
			}
			return
		}
		block := n.DataAtom != atom.Span && n.DataAtom != atom.B && n.DataAtom != atom.I &&
			n.DataAtom != atom.Font && n.DataAtom != atom.Mark && n.DataAtom != atom.Em &&
			n.DataAtom != atom.Strong && n.DataAtom != atom.A && n.DataAtom != atom.Small && n.DataAtom != atom.U
		if block {
			flush()
		}
		saveH, saveA := inHeader, inAside
		switch n.DataAtom {
		case atom.Header:
			inHeader = true
		case atom.Aside:
			inAside = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
		inHeader, inAside = saveH, saveA
	}
	walk(doc)
	flush()
	return out
}

// parseEuropresse reads the articles of a Europresse HTML page.
func parseEuropresse(doc *html.Node, name string, yield func(*article.Article, error) bool) {
	blocks := europresseBlocks(doc)
	var a *article.Article
	var extra map[string]any
	ordinal := 0
	afterTitle, done := false, false
	finish := func() bool {
		if a == nil {
			return true
		}
		art := a
		a = nil
		if len(extra) > 0 {
			art.Extra = extra
		}
		return yieldArticle(yield)(art, finishXMLArticle(art, name, ordinal))
	}
	for _, b := range blocks {
		if b.role == "source" {
			if !finish() {
				return
			}
			ordinal++
			a = &article.Article{Source: b.text, Origin: article.Origin{File: name, Ordinal: ordinal}}
			extra = map[string]any{}
			afterTitle, done = false, false
			continue
		}
		if a == nil || done {
			continue // the page's head, or the certificate after an article
		}
		switch {
		case b.role == "header":
			europresseHeader(a, b.text)
		case b.role == "title":
			a.Headline = strings.TrimSpace(a.Headline + " " + b.text)
			afterTitle = true
		case europresseDocNo.MatchString(b.text):
			a.ID = europresseDocNo.FindStringSubmatch(b.text)[1]
			done = true
		case strings.HasPrefix(b.text, "©"):
			a.Copyright = b.text
		case b.inAside:
			if n, ok := extra["notes"].(string); ok {
				b.text = n + " " + b.text
			}
			extra["notes"] = b.text
		case b.inHeader && afterTitle:
			a.Byline = strings.TrimSpace(a.Byline + " " + b.text)
		case b.inHeader || !afterTitle:
			if r, ok := extra["rubric"].(string); ok {
				b.text = r + "; " + b.text
			}
			extra["rubric"] = b.text
		default:
			a.Body = append(a.Body, b.text)
		}
	}
	finish()
}

// europresseHeader reads "Section, weekday day month year, p. N" (the
// parts may come in several spans, so it is called once per part).
func europresseHeader(a *article.Article, s string) {
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if m := europressePage.FindStringSubmatch(part); m != nil {
			a.Page = m[1]
			continue
		}
		if a.Date.IsZero() {
			if t, lang, err := ParseDateText(part); err == nil {
				a.Date = t
				if a.Language == "" {
					a.Language = lang // the month name's language: Europresse gives none
				}
				continue
			}
		}
		if dateFiller(strings.ToLower(part)) {
			continue // a weekday in a span of its own
		}
		if a.Date.IsZero() {
			if a.Section != "" {
				part = a.Section + ", " + part
			}
			a.Section = part
		}
	}
}
