package extract

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
)

func TestNamesHardCases(t *testing.T) {
	e := New(nil)
	tests := []struct {
		body string
		want []string // "name/type"
	}{
		{"Lt. Gen. Kenneth F. McKenzie Jr., the director, spoke. Gen. McKenzie left.", []string{"Kenneth F. McKenzie Jr./person"}},
		{"Mike Pompeo spoke in Paris. Later Mr. Pompeo's aides left.", []string{"Mike Pompeo/person", "Paris/place"}},
		{"The move was backed by Gilles de Kerchove, the official.", []string{"Gilles de Kerchove/person"}},
		{"Fighters of the ISIS group and ISIL members left.", []string{"Islamic State/organization"}},
		{"They went to Şanlıurfa and then Sanliurfa again.", []string{"Sanliurfa/place"}},
		{"Despite this, American officials met Europol staff.", []string{"Europol/organization"}},
		{"It ended England's Euro 2016 run, as exports from Japan 1987 fell.", []string{"England/place", "Euro 2016/other", "Japan/place"}},
	}
	for _, tt := range tests {
		a := &article.Article{Body: []string{tt.body}}
		var got []string
		for _, n := range e.Names(a) {
			got = append(got, n.Name+"/"+string(n.Type))
		}
		if strings.Join(got, ";") != strings.Join(tt.want, ";") {
			t.Errorf("%q:\n got %v\nwant %v", tt.body, got, tt.want)
		}
	}
}

func TestParseAliasesError(t *testing.T) {
	_, err := ParseAliases(strings.NewReader("# ok\nplanet: Mars = Red Planet\n"), "a.txt")
	if err == nil || !strings.Contains(err.Error(), "a.txt:2") {
		t.Fatalf("err = %v, want one naming a.txt:2", err)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Şanlıurfa", "sanliurfa"},
		{"  Peter   NEUMANN ", "peter neumann"},
		{"Thórdís Einarsdóttir", "thordis einarsdottir"},
		{"Kraków Łódź", "krakow lodz"},
		{"already folded", "already folded"},
		{"O’Connor", "o'connor"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadlines(t *testing.T) {
	e := New(nil)
	tests := []struct {
		headline, body string
		want           []string
	}{
		// Capitals: "IS" is a verb; Japan comes from the gazetteer.
		{"JAPAN TRADE SURPLUS IS SAID TO WIDEN", "Officials spoke on Monday.", []string{"Japan"}},
		// Headline case: words are names only when the body has them.
		{"Fighters Are Not Flooding Back as Pompeo Warns", "Mike Pompeo spoke.", []string{"Mike Pompeo"}},
		{"ISIS Fighters Return", "The Islamic State lost ground.", []string{"Islamic State"}},
	}
	for _, tt := range tests {
		var got []string
		for _, n := range e.Names(&article.Article{Headline: tt.headline, Body: []string{tt.body}}) {
			got = append(got, n.Name)
		}
		if strings.Join(got, ";") != strings.Join(tt.want, ";") {
			t.Errorf("%q: got %v, want %v", tt.headline, got, tt.want)
		}
	}
}

// TestNamesTitlesAndTypes: with the tagger, titles and roles are not part
// of person names but are kept as their role, names joined by a particle
// stay one, and names the rules could not type get the tagger's type.
func TestNamesTitlesAndTypes(t *testing.T) {
	e := New(nil)
	tests := []struct {
		body string
		want []string // "name/type/role"
	}{
		{"Kenyan President Uhuru Kenyatta arrived on Monday. Kenyatta met aid groups.",
			[]string{"Uhuru Kenyatta/person/Kenyan President"}},
		{"The deal was signed by Sudanese President Omar al Bashir in Khartoum.",
			[]string{"Omar al Bashir/person/Sudanese President", "Khartoum/place/"}},
		{"Congolese Minister Jose Endundo spoke to reporters in Kinshasa.",
			[]string{"Jose Endundo/person/Congolese Minister", "Kinshasa/place/"}},
		{"Malawi's president, Bingu wa Mutharika, won the vote. Mutharika thanked voters.",
			[]string{"Malawi/place/", "Bingu wa Mutharika/person/"}},
		{"The talks were chaired by Tory shadow local government secretary Caroline Spelman.",
			[]string{"Tory/other/", "Caroline Spelman/person/Tory shadow local government secretary"}},
		// Not Pará: a sentence-initial word only the tagger took for a place.
		{"Para one has ''quotes''. Para two — Zürich.", []string{"Zürich/place/"}},
		{"Ochieng Ogot joined the ministry in 2004.",
			[]string{"Ochieng Ogot/person/"}},
		// A sentence whose only capital starts it is tagged when that word
		// is no common word.
		{"Sharapova is the latest of several players to withdraw.",
			[]string{"Sharapova/person/"}},
		// A said-verb beside a name the tagger read and declined is no
		// person cue.
		{"A spokesman for the Taleban says members of the group have killed four kidnapped foreigners.",
			[]string{"Taleban/other/"}},
		// A family-name particle the tagger began a person's name with
		// stays in it.
		{"Officials said terrorists may be carrying out attacks independent of bin Laden.",
			[]string{"bin Laden/person/"}},
	}
	for _, tt := range tests {
		a := &article.Article{Language: "en", Body: []string{tt.body}}
		var got []string
		for _, n := range e.Names(a) {
			got = append(got, n.Name+"/"+string(n.Type)+"/"+n.Role)
		}
		if strings.Join(got, ";") != strings.Join(tt.want, ";") {
			t.Errorf("%q:\n got %v\nwant %v", tt.body, got, tt.want)
		}
	}
}
