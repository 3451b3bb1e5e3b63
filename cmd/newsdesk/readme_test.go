package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeCommand matches a README line that runs newsdesk on an index:
// "$ bin/newsdesk search turkey --limit 1" or "bin/newsdesk kwic x  # why".
var readmeCommand = regexp.MustCompile(`^(?:\$ )?bin/newsdesk ((?:search|timeline|kwic|names|quotes|export|show) .*)$`)

// TestReadmeExamplesFindSomething runs every search-side example of the
// README on the bundled sample archive: each must succeed and find
// something, or a reader trying it learns nothing.
func TestReadmeExamplesFindSomething(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "factiva")); err == nil {
		t.Fatal("the sample's broken article was not reported")
	}
	n := 0
	for _, line := range strings.Split(string(readme), "\n") {
		m := readmeCommand.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		args, err := readmeWords(m[1])
		if err != nil {
			t.Errorf("README line %q: %v", line, err)
			continue
		}
		n++
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := run(t, "", append([]string{"--index", ix}, args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, none := range []string{"No articles match", "No occurrences", "No quotations match"} {
				if strings.Contains(out, none) {
					t.Errorf("finds nothing on the sample archive:\n%s", out)
				}
			}
			if strings.Contains(out, `"total": 0,`) {
				t.Errorf("finds nothing on the sample archive:\n%s", out)
			}
			if strings.TrimSpace(out) == "" || strings.TrimSpace(out) == "id,date,source" {
				t.Errorf("printed nothing")
			}
		})
	}
	if n < 10 {
		t.Errorf("found %d example commands in the README, want the quick tour's and the command table's", n)
	}
}

// readmeWords splits a README command line as a POSIX shell would for the
// forms the README uses: words, '…' and "…" quoting, and it stops at a
// comment or an output redirection.
func readmeWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, errors.New("unclosed quotation mark")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case (c == '#' || c == '>' || c == '|') && !inWord:
			return words, nil
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
