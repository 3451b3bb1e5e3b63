package tagger_test

import (
	"fmt"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

func ExampleModel_Find() {
	m, err := tagger.Default()
	if err != nil {
		panic(err)
	}
	text := "Kenyan President Uhuru Kenyatta met officials of the World Bank in Nairobi. Kenyatta said talks went well."
	for _, n := range m.Find(text) {
		fmt.Printf("%-12s %-15s %d-%d\n", n.Type, n.Text, n.Start, n.End)
	}
	// Output:
	// PERSON       Uhuru Kenyatta  17-31
	// ORGANIZATION World Bank      53-63
	// LOCATION     Nairobi         67-74
	// PERSON       Kenyatta        76-84
}
