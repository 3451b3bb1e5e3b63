package schema

import (
	"fmt"
	"strconv"
	"strings"
)

// FieldLengths counts the analysed tokens of an article's text fields, the
// "document length" of BM25.
type FieldLengths map[string]int

// String writes lengths compactly for the stored field: "body=700 headline=9".
func (l FieldLengths) String() string {
	var b strings.Builder
	for _, f := range fieldTables().lengths {
		if n := l[f.Name]; n > 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s=%d", f.Name, n)
		}
	}
	return b.String()
}

// ParseFieldLengths reads what FieldLengths.String wrote.
func ParseFieldLengths(s string) FieldLengths {
	l := FieldLengths{}
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		if n, err := strconv.Atoi(v); err == nil {
			l[k] = n
		}
	}
	return l
}
