package extract

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
)

// FuzzExtract checks that no text makes extraction panic or return spans
// outside the text: it runs on every article ingested.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"THE HAGUE -- ''We're not seeing a 'flood','' said Lt. Gen. Kenneth F. McKenzie Jr.\n\n''Some of them,'' he said.",
		"“Open quote with no end\n\n“and on”, she said.",
		"‘single’ 'quotes' don't close",
		"Mr. Ş. al-Ö's ''''\"\"'' de van bin",
		"NEW YORK/LONDON, Nov 9 (Reuters) - A",
		"'' '' '' said",
		"ALL CAPS PARAGRAPH WITH NO LOWER CASE AT ALL",
	} {
		f.Add(s)
	}
	e := New(nil)
	f.Fuzz(func(t *testing.T, s string) {
		parts := strings.Split(s, "\n\n")
		a := &article.Article{Headline: parts[0], Body: parts[1:]}
		if len(parts) == 1 {
			a.Body = parts
		}
		paras := paragraphs(a)
		names, quotes := e.Extract(a)
		for _, n := range names {
			if n.Mentions != len(n.Spans) || n.Name == "" {
				t.Fatalf("name %+v", n)
			}
			for _, sp := range n.Spans {
				if sp.Paragraph < 0 || sp.Paragraph >= len(paras) || sp.Start < 0 || sp.End > len(paras[sp.Paragraph]) || sp.Start > sp.End {
					t.Fatalf("span %+v out of its paragraph", sp)
				}
			}
		}
		for _, q := range quotes {
			if q.Paragraph < 1 || q.Paragraph >= len(paras) || q.EndParagraph < q.Paragraph {
				t.Fatalf("quote %+v", q)
			}
		}
	})
}
