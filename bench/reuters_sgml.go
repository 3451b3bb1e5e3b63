package main

// TEMPORARY: a minimal Reuters-21578 SGML reader, used only while package
// ingest has no SGML parser (the `formats` branch adds one). openCorpus
// switches to ingest.Read by itself as soon as ingest.Detect recognises the
// .sgm files, and this file can then be deleted. It mirrors the rough reader
// in internal/corpus (which another module cannot import): articles without
// a BODY are skipped, paragraphs split on Reuters' four-space indent.

import (
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/ingest"
)

var (
	sgmlDoc   = regexp.MustCompile(`(?s)<REUTERS.*?</REUTERS>`)
	sgmlTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	sgmlBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
	sgmlID    = regexp.MustCompile(`NEWID="(\d+)"`)
	sgmlDate  = regexp.MustCompile(`<DATE>\s*(\d{1,2}-[A-Za-z]{3}-\d{4})`)
)

// readReutersSGML calls yield with each article of one reut2-*.sgm file that
// has a body, until yield returns false.
func readReutersSGML(path string, yield func(*ingest.Article) bool) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	for _, doc := range sgmlDoc.FindAllString(string(raw), -1) {
		body := sgmlBody.FindStringSubmatch(doc)
		id := sgmlID.FindStringSubmatch(doc)
		if body == nil || id == nil {
			continue
		}
		a := &ingest.Article{ID: "REUT" + id[1], Source: "Reuters", SourceCode: "LBA", Language: "en"}
		if d := sgmlDate.FindStringSubmatch(doc); d != nil {
			a.Date, _ = time.Parse("2-Jan-2006", d[1]) // month names match case-insensitively
		}
		if t := sgmlTitle.FindStringSubmatch(doc); t != nil {
			a.Headline = html.UnescapeString(t[1])
		}
		for _, p := range strings.Split(html.UnescapeString(body[1]), "\n    ") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				a.Body = append(a.Body, p)
			}
		}
		if !yield(a) {
			return nil
		}
	}
	return nil
}
