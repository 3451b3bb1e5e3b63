package extract_test

import (
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/extract"
)

func ExampleExtractor_Extract() {
	a := &article.Article{
		Headline: "Fighters trickle home",
		Body: []string{
			"THE HAGUE -- Officials met on Monday.",
			"''There won't be a 'flood' of returnees,'' said Peter Neumann, director of the International Center for the Study of Radicalization.",
			"''Most are stuck in Turkey,'' Mr. Neumann said.",
		},
	}
	names, quotes := extract.New(nil).Extract(a)
	for _, n := range names {
		fmt.Println(n.Name, n.Type, n.Mentions)
	}
	for _, q := range quotes {
		fmt.Printf("%d %s: %s\n", q.Paragraph, q.Speaker, q.Text)
	}
	// Output:
	// The Hague place 1
	// Peter Neumann person 2
	// International Center for the Study of Radicalization organization 1
	// Turkey place 1
	// 2 Peter Neumann: There won't be a 'flood' of returnees
	// 3 Peter Neumann: Most are stuck in Turkey
}

func ExampleParseAliases() {
	a, err := extract.ParseAliases(strings.NewReader("organization: Islamic State = ISIS = ISIL = Daesh\n"), "aliases.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range []string{"ISIL", "daesh", "Isis", "Europol"} {
		canon, ok := a.Canonical(n)
		fmt.Printf("%s -> %q %v %q\n", n, canon, ok, a.Type(canon))
	}
	// Output:
	// ISIL -> "Islamic State" true "organization"
	// daesh -> "Islamic State" true "organization"
	// Isis -> "Isis" false ""
	// Europol -> "Europol" false ""
}
