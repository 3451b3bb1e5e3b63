package ingest

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/article"
)

// LexisNexis exports come in three dresses around one layout. The text and
// HTML exports of LexisNexis Academic put each article after an "N of M
// DOCUMENTS" line:
//
//	                1 of 10 DOCUMENTS
//	                  The Guardian (London)
//	             January 11, 2010 Monday
//	                  Final Edition
//	Headline
//	BYLINE: Jane Doe
//	SECTION: NEWS; Pg. 4
//	LENGTH: 355 words
//	Body paragraphs ...
//	LOAD-DATE: January 11, 2010
//	LANGUAGE: ENGLISH
//	          Copyright 2010 Guardian News and Media
//
// Nexis Uni and Lexis Advance DOCX files put the headline first, mark the
// body with "Body" and "Classification" paragraphs and end each article
// with "End of Document":
//
//	Headline
//	The Guardian (London)
//	January 11, 2010 Monday, Final Edition
//	Copyright 2010 Guardian News and Media
//	Byline: Jane Doe
//	Length: 355 words
//	Body
//	Body paragraphs ...
//	Classification
//	Language: ENGLISH
//	Subject: ELECTIONS (90%); POLITICS (78%)
//	Load-Date: January 11, 2010
//	End of Document
//
// Each reader turns its input into paragraphs and hands every article's
// paragraphs to lexisArticle. Field names are also read in the French and
// German interfaces (LONGUEUR, LÄNGE, RUBRIQUE ...).

var (
	lexisSeparator = regexp.MustCompile(`^(\d+) (?:of|OF|de|von|sur) (\d+) (?:DOCUMENTS?|DOCUMENTOS|DOKUMENTE|DOKUMENTEN)$`)
	lexisFieldRe   = regexp.MustCompile(`^([\p{L}][\p{L}-]{1,30}(?: [\p{L}]+)?):[\s\x{a0}]*(.*)$`)
	lexisPercent   = regexp.MustCompile(`\s*\(\d+%\)\s*$`)
	lexisPage      = regexp.MustCompile(`(?i)[;,]\s*(?:pg\.?|page|s\.)\s*([A-Z]?\d+[A-Z]?)`)
	lexisWords     = regexp.MustCompile(`(\d[\d,.]*)\s*(?:words|mots|wörter|palabras|parole|woorden)`)
)

// lexisField maps a field name, upper-cased, to the Article field it
// fills ("" for names kept in Extra) and reports whether it is a field.
func lexisField(key string) (string, bool) {
	switch key {
	case "BYLINE", "AUTEUR", "AUTOR", "BY":
		return "byline", true
	case "SECTION", "RUBRIQUE", "RUBRIK", "SECCIÓN", "SECCION":
		return "section", true
	case "LENGTH", "LONGUEUR", "LÄNGE", "LONGITUD":
		return "word_count", true
	case "LANGUAGE", "LANGUE", "SPRACHE", "IDIOMA":
		return "language", true
	case "SUBJECT", "SUJET", "THEMA":
		return "subjects", true
	case "GEOGRAPHIC", "LOCALISATION-GEO", "COUNTRY", "GEOGRAFIE":
		return "regions", true
	case "COMPANY", "SOCIETE", "SOCIÉTÉ", "UNTERNEHMEN":
		return "companies", true
	case "ORGANIZATION", "ORGANISATION":
		return "organizations", true
	case "PERSON", "PERSONNE":
		return "people", true
	case "INDUSTRY", "SECTEUR-ACTIVITE", "BRANCHE":
		return "industries", true
	case "URL":
		return "url", true
	case "EDITION":
		return "edition", true
	case "LOAD-DATE", "DATE-CHARGEMENT", "DATELINE", "PUBLICATION-TYPE", "TYPE-PUBLICATION",
		"GRAPHIC", "GRAFIK", "ENCART", "JOURNAL-CODE", "ZEITUNGS-CODE", "HIGHLIGHT", "CORRECTION",
		"CORRECTION-DATE", "NOTES", "TICKER", "SYMBOLE-BOURSIER", "CITY", "STATE", "DOCUMENT-TYPE",
		"DISTRIBUTION", "TYPE", "BIBLIOGRAPHIE", "UPDATE", "SERIES", "COLUMN", "DESCRIPTION",
		"PUBLICATION", "ACC-NO", "DOCUMENT-ID", "NOTE", "ABSTRACT", "ORTSTERMIN":
		return "", true
	}
	return "", false
}

// para is one paragraph of an export with its line (text) or paragraph
// (DOCX) number, for error messages.
type para struct {
	text string
	n    int
}

// parseLexisText reads a LexisNexis text export: paragraphs are runs of
// non-blank lines, articles start at "N of M DOCUMENTS".
func parseLexisText(r io.Reader, name string, yield func(*article.Article, error) bool) {
	lr := newLineReader(r, 0)
	var paras []para
	var cur []srcLine
	ordinal := 0
	size := 0            // bytes kept since the last separator
	var over *ParseError // set while skipping an article longer than maxArticleBytes
	endPara := func() {
		if len(cur) > 0 {
			ls := make([]string, len(cur))
			for i, l := range cur {
				ls[i] = l.text
			}
			// Lines are kept: the date paragraph's later lines are the edition.
			paras = append(paras, para{strings.Join(ls, "\n"), cur[0].n})
			cur = nil
		}
	}
	for {
		text, n, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			yield(nil, &ParseError{File: name, Line: n, Reason: "read: " + err.Error(), Err: err})
			return
		}
		t := strings.TrimSpace(text)
		if lexisSeparator.MatchString(t) {
			size = 0
			if over != nil {
				ordinal++
				over.Article = ordinal
				if !yield(nil, over) {
					return
				}
				over = nil
			}
		} else if size += len(t); size > maxArticleBytes && over == nil {
			// Drop what was gathered, so that a file without separators
			// cannot exhaust memory, and skip to the next one.
			line := n
			if len(paras) > 0 {
				line = paras[0].n
			} else if len(cur) > 0 {
				line = cur[0].n
			}
			over = &ParseError{File: name, Line: line, Reason: "article longer than " + byteSize(maxArticleBytes)}
			paras, cur = nil, nil
		}
		if over != nil {
			continue
		}
		switch {
		case t == "":
			endPara()
		case lexisSeparator.MatchString(t):
			endPara()
			paras = append(paras, para{t, n})
		default:
			// A field line starts its own paragraph even without a blank line.
			if m := lexisFieldRe.FindStringSubmatch(t); m != nil {
				if _, ok := lexisField(strings.ToUpper(m[1])); ok {
					endPara()
				}
			}
			cur = append(cur, srcLine{t, n})
		}
		if len(paras) > 0 && lexisSeparator.MatchString(paras[len(paras)-1].text) && len(paras) > 1 {
			// Hand over the finished article to keep memory bounded.
			done := paras[:len(paras)-1]
			if !lexisSplit(done, name, &ordinal, yield) {
				return
			}
			paras = paras[len(paras)-1:]
		}
	}
	if over != nil {
		ordinal++
		over.Article = ordinal
		yield(nil, over)
		return
	}
	endPara()
	lexisSplit(paras, name, &ordinal, yield)
}

// lexisSplit parses paras, which start with a separator line (anything
// before the first separator is the export's cover page and is dropped).
func lexisSplit(paras []para, name string, ordinal *int, yield func(*article.Article, error) bool) bool {
	start := -1
	for i, p := range paras {
		if lexisSeparator.MatchString(p.text) {
			if start >= 0 {
				*ordinal++
				if !lexisYield(paras[start:i], name, *ordinal, yield, false) {
					return false
				}
			}
			start = i
		}
	}
	if start >= 0 {
		*ordinal++
		return lexisYield(paras[start:], name, *ordinal, yield, false)
	}
	return true
}

// lexisYield parses one article's paragraphs (starting with the separator
// when docx is false) and yields the result.
func lexisYield(paras []para, name string, ordinal int, yield func(*article.Article, error) bool, docx bool) bool {
	a, err := lexisArticle(paras, name, ordinal, docx)
	if docx {
		// DOCX has no lines: errors say "file: article N: reason".
		if err != nil {
			err.Line = 0
		} else {
			a.Origin.Line = 0
		}
	}
	if err != nil {
		return yield(nil, err)
	}
	return yield(a, nil)
}

// lexisDate reads a date paragraph, which may go on with the edition, on
// its own lines or after the date ("December 10, 2019 Tuesday, Lucknow
// Edition", "November 5, 2002 Tuesday Final Edition").
func lexisDate(s string) (t parsedDate, ok bool) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	first, rest, _ := strings.Cut(s, "\n")
	words := strings.Fields(first)
	if len(words) > 12 {
		return parsedDate{}, false // a sentence, not a date line
	}
	for k := len(words); k >= 2; k-- {
		cand := strings.TrimRight(strings.Join(words[:k], " "), ",;")
		if d, lang, err := ParseDateText(cand); err == nil {
			ed := strings.Trim(collapseSpace(strings.Join(words[k:], " ")+" "+rest), " ,;")
			return parsedDate{d, lang, ed}, true
		}
	}
	return parsedDate{}, false
}

// lexisNote matches header notes of the DOCX layout.
var lexisNote = regexp.MustCompile(`(?i)^correction appended$`)

// lexisHeaderLine files a DOCX header paragraph between the date and the
// fields: the copyright, or a note.
func lexisHeaderLine(a *article.Article, t string, extra map[string]any) {
	t = collapseSpace(t)
	switch {
	case copyrightLine.MatchString(t):
		a.Copyright = t
	case t != "":
		if n, ok := extra["note"].(string); ok {
			t = n + "; " + t
		}
		extra["note"] = t
	}
}

// lexisArticle builds an article from its paragraphs. In the text and HTML
// layouts (docx false) paras[0] is the separator and the source, date and
// headline follow it; in the DOCX layout headline, source and date come
// first, possibly after the export's cover page.
func lexisArticle(paras []para, name string, ordinal int, docx bool) (*article.Article, *ParseError) {
	line := paras[0].n
	fail := func(reason string) *ParseError {
		return &ParseError{File: name, Line: line, Article: ordinal, Reason: reason}
	}
	if !docx {
		paras = paras[1:]
	}
	if len(paras) == 0 {
		return nil, fail("empty article")
	}
	a := &article.Article{Origin: article.Origin{File: name, Ordinal: ordinal, Line: line}}
	extra := map[string]any{}
	var date parsedDate
	i := 0
	if docx {
		// Headline, source, date, [notes], copyright, then the first field
		// or "Body". The date is looked for just above that point, so that
		// the export's cover page before the first article is passed over.
		// The header ends at the first field, or at the run of fields just
		// above "Body" when the first "field" is a headline such as
		// "Correction: ...": the date is looked for above the first of
		// these where one is found.
		kField, kBody := len(paras), len(paras)
		for j, p := range paras {
			if isLexisField(p.text) {
				kField = j
				break
			}
		}
		for j, p := range paras {
			if p.text == "Body" {
				kBody = j
				break
			}
		}
		if kBody == len(paras) {
			kBody = kField
		}
		for kBody > 0 && isLexisField(paras[kBody-1].text) {
			kBody--
		}
		var head []para
		d, k := -1, kBody
		for _, kk := range []int{kField, kBody} {
			for j := kk - 1; j >= 0 && j >= kk-5; j-- {
				if pd, ok := lexisDate(paras[j].text); ok {
					d, date, k = j, pd, kk
					break
				}
			}
			if d >= 0 {
				break
			}
		}
		if d >= 0 {
			head = paras[max(0, d-2):d]
			for _, p := range paras[d+1 : k] {
				lexisHeaderLine(a, p.text, extra)
			}
		} else {
			// No date in the export (some corrections): headline and
			// source are the two paragraphs above the notes and copyright.
			if kField >= 2 {
				k = kField
			}
			h := paras[max(0, k-4):k]
			for len(h) > 0 && (copyrightLine.MatchString(h[len(h)-1].text) || lexisNote.MatchString(h[len(h)-1].text)) {
				lexisHeaderLine(a, h[len(h)-1].text, extra)
				h = h[:len(h)-1]
			}
			head = h[max(0, len(h)-2):]
		}
		switch len(head) {
		case 2:
			a.Headline, a.Source = collapseSpace(head[0].text), collapseSpace(head[1].text)
			line = head[0].n
		case 1:
			a.Source = collapseSpace(head[0].text)
			line = head[0].n
		}
		a.Origin.Line = line
		i = k
	} else {
		// Source (possibly over several paragraphs), date [edition lines],
		// headline, then fields and the body.
		d := -1
		for j, p := range paras {
			if isLexisField(p.text) || j > 4 {
				break
			}
			if pd, ok := lexisDate(p.text); ok {
				d, date = j, pd
				break
			}
		}
		if d < 0 {
			return nil, fail("no date line after the source name")
		}
		var src []string
		for _, p := range paras[:d] {
			src = append(src, p.text)
		}
		a.Source = collapseSpace(strings.Join(src, " "))
		i = d + 1
		if i < len(paras) && !isLexisField(paras[i].text) {
			a.Headline = collapseSpace(paras[i].text)
			i++
		}
	}
	a.Date = date.Time
	if date.Rest != "" {
		a.Edition = date.Rest
	}
	if date.Lang != "" {
		extra["date_language"] = date.Lang
	}
	inBody, afterBody := false, false
	last := ""
	for ; i < len(paras); i++ {
		t := collapseSpace(paras[i].text)
		switch {
		case docx && t == "Body":
			inBody, afterBody = true, false
			continue
		case docx && t == "Classification":
			inBody, afterBody = false, true
			continue
		case t == "End of Document":
			continue
		}
		if m := lexisFieldRe.FindStringSubmatch(t); m != nil {
			key := strings.ToUpper(m[1])
			f, ok := lexisField(key)
			// Inside a DOCX body only the trailing fields end it (some
			// articles have no "Classification" line).
			if ok && docx && inBody && !lexisTrailer(key) {
				ok = false
			}
			if ok {
				if docx && inBody {
					inBody = false
				}
				last = key
				v := collapseSpace(strings.ReplaceAll(m[2], "\u00a0", " "))
				if err := setLexisField(a, f, key, v, extra); err != nil {
					return nil, fail(err.Error())
				}
				if len(a.Body) > 0 {
					afterBody = true
				}
				continue
			}
		}
		if copyrightLine.MatchString(t) && (len(a.Body) == 0 && !inBody || i == len(paras)-1) {
			a.Copyright = collapseSpace(t)
			continue
		}
		if docx && !inBody && !afterBody {
			lexisHeaderLine(a, t, extra) // header lines between the fields
			continue
		}
		if afterBody && last != "" {
			// The wrapped tail of the field above.
			if f, _ := lexisField(last); f == "" {
				key := strings.ToLower(last)
				extra[key] = collapseSpace(extra[key].(string) + " " + t)
			}
			continue
		}
		a.Body = append(a.Body, t)
	}
	if a.Date.IsZero() {
		// Some corrections carry no publication date: the day LexisNexis
		// loaded the article is the closest one, and is marked as such.
		for _, key := range []string{"load-date", "date-chargement"} {
			if v, ok := extra[key].(string); ok {
				if t, _, err := ParseDateText(v); err == nil {
					a.Date = t
					extra["date_source"] = key
					break
				}
			}
		}
	}
	if a.Headline == "" && len(a.Body) == 0 {
		return nil, fail("article has neither a headline nor a body")
	}
	a.Authors = BylineAuthors(a.Byline)
	if a.Language == "" && date.Lang != "" {
		a.Language = date.Lang
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	if a.WordCount == 0 {
		a.WordCount = CountWords(a.Body)
	}
	a.ID = article.StableID(a)
	return a, nil
}

// parsedDate is a date read from a date line, with the language of its
// month name (if only one language uses it) and the text after it.
type parsedDate struct {
	Time time.Time
	Lang string
	Rest string
}

// lexisTrailer reports the fields that follow the body.
func lexisTrailer(key string) bool {
	switch key {
	case "LOAD-DATE", "CORRECTION-DATE", "LANGUAGE", "PUBLICATION-TYPE", "GRAPHIC", "SUBJECT",
		"GEOGRAPHIC", "COMPANY", "ORGANIZATION", "PERSON", "INDUSTRY", "TICKER", "DOCUMENT-TYPE", "NOTES":
		return true
	}
	return false
}

func isLexisField(s string) bool {
	m := lexisFieldRe.FindStringSubmatch(collapseSpace(s))
	if m == nil {
		return false
	}
	_, ok := lexisField(strings.ToUpper(m[1]))
	return ok
}

// setLexisField stores the value v of the field key (mapped to f) in a.
func setLexisField(a *article.Article, f, key, v string, extra map[string]any) error {
	switch f {
	case "byline":
		a.Byline = v
	case "section":
		a.Section = v
		if m := lexisPage.FindStringSubmatchIndex(v); m != nil {
			a.Page = v[m[2]:m[3]]
			a.Section = strings.TrimSpace(v[:m[0]])
		}
	case "word_count":
		if m := lexisWords.FindStringSubmatch(strings.ToLower(v)); m != nil {
			a.WordCount, _ = strconv.Atoi(strings.NewReplacer(",", "", ".", "").Replace(m[1]))
		}
	case "language":
		a.Language = v
	case "subjects":
		a.Subjects = lexisTerms(v)
	case "regions":
		a.Regions = lexisTerms(v)
	case "companies":
		a.Companies = lexisTerms(v)
	case "organizations":
		a.Organizations = lexisTerms(v)
	case "people":
		a.People = lexisTerms(v)
	case "industries":
		a.Industries = lexisTerms(v)
	case "url":
		a.URL = v
	case "edition":
		a.Edition = v
	default:
		extra[strings.ToLower(key)] = v
	}
	return nil
}

// lexisTerms splits "ELECTIONS (90%); POLITICS (78%)" into its terms,
// dropping the relevance scores.
func lexisTerms(v string) []string {
	var out []string
	for _, t := range strings.Split(v, ";") {
		if t = collapseSpace(lexisPercent.ReplaceAllString(t, "")); t != "" {
			out = append(out, t)
		}
	}
	return out
}
