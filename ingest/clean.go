package ingest

import (
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// dropControls removes the control characters isJunkControl reports (C0
// other than newline and tab, DEL, C1, stray byte order marks) from s, and
// the space this leaves at its edges.
func dropControls(s string) string {
	if strings.IndexFunc(s, article.IsJunkControl) < 0 {
		return s
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if article.IsJunkControl(r) {
			return -1
		}
		return r
	}, s))
}

// cleanArticle drops control characters from every string of a: its
// fields (every text of the schema, article.Fields), the items of its code lists and authors (dropping items left
// empty), its names and quotations, and the keys and values of Extra at any
// depth. Every reader's articles pass through it (see parseInput), so that
// no input, however its text was escaped (a JSON "\u001b", an XML or HTML
// "&#27;" decoded after the text was cleaned), can put escape sequences into
// the index and from there onto a terminal. Origin.File is left as it is:
// it names the file the article came from, and is escaped where shown.
func cleanArticle(a *article.Article) {
	for f := range article.FieldsSeq() {
		switch p := f.Ptr(a).(type) {
		case *string:
			*p = dropControls(*p)
		case *[]string:
			if f.Kind != article.Paragraphs {
				*p = cleanList(*p)
				continue
			}
			paras := (*p)[:0]
			for _, para := range *p {
				if c := dropControls(para); c != "" || para == "" { // drop what held only control characters
					paras = append(paras, c)
				}
			}
			*p = paras
		}
	}
	if a.ID == "" {
		a.ID = article.StableID(a) // the id was control characters only
	}
	for i := range a.Names {
		a.Names[i].Name = dropControls(a.Names[i].Name)
		a.Names[i].Type = article.NameType(dropControls(string(a.Names[i].Type)))
	}
	for i := range a.Quotes {
		a.Quotes[i].Text = dropControls(a.Quotes[i].Text)
		a.Quotes[i].Speaker = dropControls(a.Quotes[i].Speaker)
	}
	if a.Extra != nil {
		a.Extra = cleanMap(a.Extra, cleanValue)
	}
}

// cleanList cleans the items of a list, dropping those left empty; a list
// needing no change is returned as it is.
func cleanList(list []string) []string {
	dirty := false
	for _, s := range list {
		if strings.IndexFunc(s, article.IsJunkControl) >= 0 {
			dirty = true
			break
		}
	}
	if !dirty {
		return list
	}
	out := list[:0]
	for _, s := range list {
		if s = dropControls(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// cleanValue cleans the strings of an Extra value: JSON Lines input gives
// strings, numbers, booleans, []any and map[string]any; the readers also
// store []string and map[string]string.
func cleanValue(v any) any {
	switch v := v.(type) {
	case string:
		return dropControls(v)
	case []string:
		for i, s := range v {
			v[i] = dropControls(s)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = cleanValue(x)
		}
		return v
	case map[string]string:
		return cleanMap(v, dropControls)
	case map[string]any:
		return cleanMap(v, cleanValue)
	}
	return v
}

// cleanMap cleans m's values with clean, in place, and its keys: a map
// with a key holding control characters is copied under the cleaned keys.
func cleanMap[V any](m map[string]V, clean func(V) V) map[string]V {
	if !dirtyKeys(m) {
		for k, x := range m {
			m[k] = clean(x)
		}
		return m
	}
	out := make(map[string]V, len(m))
	for k, x := range m {
		out[dropControls(k)] = clean(x)
	}
	return out
}

// dirtyKeys reports whether a key of m holds a control character.
func dirtyKeys[V any](m map[string]V) bool {
	for k := range m {
		if strings.IndexFunc(k, article.IsJunkControl) >= 0 {
			return true
		}
	}
	return false
}
