// Package corpus finds the team's shared corpora (../shared/corpus beside
// the repository) for benchmarks and reads them with package ingest. It is
// not part of newsdesk's API.
package corpus

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/newsdesk/newsdesk/article"
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

// Reuters reads up to n (all when n <= 0) Reuters-21578 articles that have
// a body, with their text size in bytes. It uses ingest's SGML reader, so
// that benchmarks index what users get.
func Reuters(n int) ([]*article.Article, int64, error) {
	dir := SharedDir()
	if dir == "" {
		return nil, 0, ErrAbsent
	}
	files, _ := filepath.Glob(filepath.Join(dir, "corpus", "reuters21578", "reut2-*.sgm"))
	if len(files) == 0 {
		return nil, 0, ErrAbsent
	}
	var out []*article.Article
	var size int64
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			return nil, 0, err
		}
		for a, err := range ingest.Parse(r, f, ingest.FormatReuters) {
			if err != nil || len(a.Body) == 0 {
				continue // the collection has one empty article; briefs have no body
			}
			size += int64(len(a.Headline) + len(a.BodyText()))
			out = append(out, a)
			if len(out) == n {
				r.Close()
				return out, size, nil
			}
		}
		r.Close()
	}
	return out, size, nil
}
