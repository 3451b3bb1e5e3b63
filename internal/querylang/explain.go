package querylang

import (
	"fmt"
	"strings"
)

// Explain renders n as an indented tree, one node a line: an operator
// line with its operands indented under it, and words, phrases and other
// leaves in their String form (what newsdesk search --explain prints).
func Explain(n Node) string {
	var b strings.Builder
	explain(&b, n, 0)
	return b.String()
}

func explain(b *strings.Builder, n Node, depth int) {
	line := func(s string) { fmt.Fprintf(b, "%s%s\n", strings.Repeat("  ", depth), s) }
	kids := func(head string, ns ...Node) {
		line(head)
		for _, c := range ns {
			explain(b, c, depth+1)
		}
	}
	switch n := n.(type) {
	case And:
		kids("AND", n...)
	case Or:
		kids("OR", n...)
	case Not:
		kids("NOT", n.Node)
	case Near:
		op := map[Scope]string{ScopeSentence: "w/s (same sentence)", ScopeParagraph: "same (same paragraph)"}[n.Scope]
		if n.Scope == ScopeWords {
			op = fmt.Sprintf("near%d (within %d words, either order)", n.Within, n.Within)
			if n.Ordered {
				op = fmt.Sprintf("adj%d (within %d words, in this order)", n.Within, n.Within)
			}
		}
		kids(op, n.Left, n.Right)
	case AtLeast:
		kids(fmt.Sprintf("atleast%d (at least %d times)", n.Times, n.Times), n.Node)
	case Lead:
		if n.Headline {
			kids(fmt.Sprintf("hlp= (headline or the first %d paragraphs)", LeadParagraphs), n.Node)
		} else {
			kids(fmt.Sprintf("lp= (the first %d paragraphs)", LeadParagraphs), n.Node)
		}
	case First:
		kids(fmt.Sprintf("/f%d/ (headline or the first %d words)", n.Words, n.Words), n.Node)
	default:
		line(fmt.Sprint(n))
	}
}
