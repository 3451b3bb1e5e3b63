package article_test

import (
	"reflect"
	"testing"

	"github.com/newsdesk/newsdesk/article"
)

func TestMakeValidUTF8(t *testing.T) {
	a := &article.Article{
		ID: "A\xff1", Headline: "caf\xc3 au lait", Source: "Le Monde", Body: []string{"ok", "bad \xe2\x80\xff end"},
		Authors: []string{"Zoë", "\xffAnn"}, Subjects: []string{"econ"},
	}
	article.MakeValidUTF8(a)
	want := &article.Article{
		ID: "A\uFFFD1", Headline: "caf\uFFFD au lait", Source: "Le Monde", Body: []string{"ok", "bad \uFFFD end"},
		Authors: []string{"Zoë", "\uFFFDAnn"}, Subjects: []string{"econ"},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
}
