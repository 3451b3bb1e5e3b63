package extract

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// Aliases maps the folded names of an entity to its canonical name and,
// where declared, its type. It is read once and then only read.
type Aliases struct {
	canon map[string]string           // folded alias -> canonical name
	exact map[string]string           // acronym alias, case kept ("WHO", "IS") -> canonical name
	typ   map[string]article.NameType // canonical name -> declared type
}

// DefaultAliases returns the alias table shipped with newsdesk
// (extract/aliases.txt).
func DefaultAliases() *Aliases {
	a, err := ParseAliases(strings.NewReader(defaultAliasesTxt), "aliases.txt")
	if err != nil {
		panic(err) // the embedded file is tested; this is a programming error
	}
	return a
}

// LoadAliases reads an alias file (see ParseAliases for the format).
func LoadAliases(path string) (*Aliases, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("alias file: %w", err)
	}
	defer f.Close()
	return ParseAliases(f, path)
}

// ParseAliases reads an alias table: one entity a line, its names separated
// by "=", the first name canonical, an optional "type:" prefix (person,
// organization, place, other), "#" comments and blank lines ignored.
//
//	organization: Islamic State = ISIS = ISIL = Daesh
func ParseAliases(r io.Reader, name string) (*Aliases, error) {
	a := &Aliases{canon: map[string]string{}, exact: map[string]string{}, typ: map[string]article.NameType{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.Index(text, "#"); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		var typ article.NameType
		if head, rest, ok := strings.Cut(text, ":"); ok && !strings.Contains(head, "=") {
			typ = article.NameType(strings.ToLower(strings.TrimSpace(head)))
			switch typ {
			case article.Person, article.Organization, article.Place, article.Other:
			default:
				return nil, fmt.Errorf("%s:%d: unknown type %q (want person, organization, place or other)", name, line, head)
			}
			text = rest
		}
		parts := strings.Split(text, "=")
		canon := strings.TrimSpace(parts[0])
		if canon == "" {
			return nil, fmt.Errorf("%s:%d: empty canonical name", name, line)
		}
		for _, p := range parts {
			p = strings.TrimSpace(p)
			switch {
			case p == "":
			case isAcronym(p):
				// Acronyms match only in capitals: "WHO" is not "who".
				a.exact[p] = canon
			default:
				a.canon[Fold(p)] = canon
			}
		}
		if typ != "" {
			a.typ[canon] = typ
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

// Canonical returns the canonical form of name and whether it is an alias
// (or the canonical name) declared in the table.
func (a *Aliases) Canonical(name string) (string, bool) {
	if a == nil {
		return name, false
	}
	if c, ok := a.exact[name]; ok {
		return c, true
	}
	c, ok := a.canon[Fold(name)]
	if !ok {
		return name, false
	}
	return c, true
}

// canonical is Canonical for a name already folded.
func (a *Aliases) canonical(name, folded string) (string, bool) {
	if a == nil {
		return name, false
	}
	if c, ok := a.exact[name]; ok {
		return c, true
	}
	if c, ok := a.canon[folded]; ok {
		return c, true
	}
	return name, false
}

// Type returns the declared type of a canonical name, or "".
func (a *Aliases) Type(canon string) article.NameType {
	if a == nil {
		return ""
	}
	return a.typ[canon]
}

// isAcronym reports whether s is written in capitals and dots only ("ISIS",
// "U.N."), with at least two letters.
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r == '.' || r == '&':
		default:
			return false
		}
	}
	return letters >= 2
}
