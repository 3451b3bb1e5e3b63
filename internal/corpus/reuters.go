// Package corpus reads the team's shared corpora (../shared/corpus beside
// the repository) for benchmarks. It is not part of newsdesk's API, and it
// is a rough reader: the product's parsers live in package ingest.
package corpus

import (
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/ingest"
)

// ErrAbsent is returned when the shared corpora are not beside the
// repository, as on a user's machine; benchmarks skip then.
var ErrAbsent = errors.New("../shared/corpus is not here")

// SharedDir finds ../shared from a package directory of this module, or
// $NEWSDESK_SHARED.
func SharedDir() string {
	if d := os.Getenv("NEWSDESK_SHARED"); d != "" {
		return d
	}
	for _, up := range []string{"..", filepath.Join("..", ".."), filepath.Join("..", "..", "..")} {
		d := filepath.Join(up, "..", "shared")
		if _, err := os.Stat(filepath.Join(d, "corpus")); err == nil {
			if _, err := os.Stat(filepath.Join(up, "go.mod")); err == nil {
				return d
			}
		}
	}
	return ""
}

var (
	reutersDoc   = regexp.MustCompile(`(?s)<REUTERS.*?</REUTERS>`)
	reutersTitle = regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	reutersBody  = regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
	reutersID    = regexp.MustCompile(`NEWID="(\d+)"`)
	reutersDate  = regexp.MustCompile(`<DATE>\s*(\d{1,2}-[A-Za-z]{3}-\d{4})`)
)

// Reuters reads up to n (all when n <= 0) Reuters-21578 articles that have
// a body, with their text size in bytes.
func Reuters(n int) ([]*ingest.Article, int64, error) {
	dir := SharedDir()
	if dir == "" {
		return nil, 0, ErrAbsent
	}
	files, _ := filepath.Glob(filepath.Join(dir, "corpus", "reuters21578", "reut2-*.sgm"))
	if len(files) == 0 {
		return nil, 0, ErrAbsent
	}
	var out []*ingest.Article
	var size int64
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, 0, err
		}
		for _, doc := range reutersDoc.FindAllString(string(raw), -1) {
			body := reutersBody.FindStringSubmatch(doc)
			if body == nil {
				continue
			}
			id, _ := strconv.Atoi(reutersID.FindStringSubmatch(doc)[1])
			a := &ingest.Article{ID: "REUT" + strconv.Itoa(id), Source: "Reuters", SourceCode: "LBA", Language: "en"}
			if d := reutersDate.FindStringSubmatch(doc); d != nil {
				a.Date, _ = time.Parse("2-Jan-2006", d[1]) // month names match case-insensitively
			}
			if t := reutersTitle.FindStringSubmatch(doc); t != nil {
				a.Headline = html.UnescapeString(t[1])
			}
			for _, p := range strings.Split(html.UnescapeString(body[1]), "\n    ") {
				if p = strings.Join(strings.Fields(p), " "); p != "" {
					a.Body = append(a.Body, p)
				}
			}
			size += int64(len(a.Headline) + len(a.BodyText()))
			out = append(out, a)
			if len(out) == n {
				return out, size, nil
			}
		}
	}
	return out, size, nil
}
