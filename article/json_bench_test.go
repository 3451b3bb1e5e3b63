package article_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
)

// benchArticle is an article with every field set, as indexing marshals
// one per article (the stored metadata) and JSON Lines input unmarshals.
func benchArticle() article.Article {
	return article.Article{
		ID: "NYTF000020171023edan0001", Headline: "Turkey <and> Syria: returnees face trial", Byline: "By Jane Doe and James O'Connor",
		Authors: []string{"Jane Doe", "James O'Connor"}, Section: "World", Source: "The New York Times", SourceCode: "NYTF",
		Date: time.Date(2017, 10, 23, 8, 15, 0, 0, time.UTC), Edition: "Late Edition", Page: "A12", Language: "en",
		WordCount: 812, Copyright: "© 2017 The New York Times", URL: "https://www.nytimes.com/2017/10/23/world/turkey.html",
		Body:     []string{"ISTANBUL — The first paragraph.", "A second \"quoted\" paragraph, with ünïcode."},
		Subjects: []string{"gcat", "gvio"}, Regions: []string{"turk", "syria"}, Companies: []string{"nytco"},
		Industries: []string{"i9741"}, People: []string{"erdogan"}, Organizations: []string{"un"},
		Names:  []article.Name{{Name: "Jane Doe", Type: article.Person, Mentions: 2}},
		Quotes: []article.Quote{{Text: "We will not go back", Speaker: "Jane Doe", Paragraph: 2}},
		Extra:  map[string]any{"load_date": "2017-10-24"},
		Origin: article.Origin{File: "a.txt", Ordinal: 1, Line: 3, Format: "factiva"},
	}
}

func BenchmarkMarshalJSON(b *testing.B) {
	a := benchArticle()
	for i := 0; i < b.N; i++ {
		if _, err := json.Marshal(&a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalJSON(b *testing.B) {
	a := benchArticle()
	data, err := json.Marshal(&a)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		var x article.Article
		if err := x.UnmarshalJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
