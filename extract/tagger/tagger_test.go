package tagger_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string // tokens joined by |
	}{
		{"Kenya's President met U.S. officials.", "Kenya|'s|President|met|U.S.|officials|."},
		{`Mr. Smith said: "We won't go."`, `Mr.|Smith|said|:|"|We|wo|n't|go|.|"`},
		{"al-Qaida's leader, Dr. J. Doe, paid $10,000.50 -- a record.", "al-Qaida|'s|leader|,|Dr.|J.|Doe|,|paid|$|10,000.50|--|a|record|."},
		{"O'Neill (Reuters) — the Jones' house", "O'Neill|(|Reuters|)|—|the|Jones|'|house"},
		{"“Curly quotes,” she said…", "“|Curly|quotes|,|”|she|said|…"},
		{"It rose 3.5% to 4.2 in 2009.", "It|rose|3.5|%|to|4.2|in|2009|."},
		{"", ""},
	} {
		toks := tagger.Tokenize(tc.text)
		var got []string
		for _, tok := range toks {
			if tc.text[tok.Start:tok.End] != tok.Text {
				t.Errorf("%q: token %q has offsets %d-%d, which hold %q", tc.text, tok.Text, tok.Start, tok.End, tc.text[tok.Start:tok.End])
			}
			got = append(got, tok.Text)
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", tc.text, g, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"Mr. Smith arrived. He left.", 2},
		{`He said "No." Then he left!`, 2},
		{"The U.S. economy grew. Prices fell 2.5 percent.", 2},
		{"It ended. and went on", 1},
		{"One sentence without end", 1},
	} {
		if got := len(tagger.Sentences(tagger.Tokenize(tc.text))); got != tc.want {
			t.Errorf("Sentences(%q): %d, want %d", tc.text, got, tc.want)
		}
	}
}

func TestTitleEnd(t *testing.T) {
	for _, tc := range []struct {
		name string
		want int
	}{
		{"Uhuru Kenyatta", 0},
		{"President Uhuru Kenyatta", 1},
		{"Mr. Bush", 1},
		{"Prime Minister Tony Blair", 2},
		{"Energy Minister Sergei Shmatko", 2},
		{"Secretary of State Condoleezza Rice", 3},
		{"Prime Minister General Pervez Musharraf", 3},
		{"Information Minister Sheikh Abdullah", 3},
		{"King Abdullah", 1},
		{"Martin Luther King", 0},
		{"Khalid Sheikh Mohammed", 0},
		{"Osama bin Laden", 0},
		{"President", 1},
		{"Prime Minister", 2},
		{"U.S. Senator", 2},
		{"Tory shadow local government secretary Caroline Spelman", 5},
	} {
		toks := strings.Fields(tc.name)
		if got := tagger.TitleEnd(toks); got != tc.want {
			t.Errorf("TitleEnd(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestLabelsEntities(t *testing.T) {
	ents := []tagger.Entity{{Start: 1, End: 3, Type: tagger.Person}, {Start: 3, End: 4, Type: tagger.Person}, {Start: 5, End: 6, Type: tagger.Location}}
	labels, err := tagger.Labels(6, ents)
	if err != nil {
		t.Fatal(err)
	}
	want := []tagger.Label{tagger.O, tagger.BPerson, tagger.IPerson, tagger.BPerson, tagger.O, tagger.BLocation}
	if !slices.Equal(labels, want) {
		t.Fatalf("Labels = %v, want %v", labels, want)
	}
	if got := tagger.Entities(labels); !slices.Equal(got, ents) {
		t.Errorf("Entities(Labels(e)) = %v, want %v", got, ents)
	}
	for _, bad := range [][]tagger.Entity{
		{{Start: 0, End: 7, Type: tagger.Person}},
		{{Start: 0, End: 2, Type: tagger.Person}, {Start: 1, End: 3, Type: tagger.Location}},
		{{Start: 0, End: 1, Type: "MISC"}},
	} {
		if _, err := tagger.Labels(6, bad); err == nil {
			t.Errorf("Labels(6, %v): no error", bad)
		}
	}
}

// names renders the names of text as "TYPE:text" joined by " | ".
func names(m *tagger.Model, text string) string {
	var parts []string
	for _, n := range m.Find(text) {
		if text[n.Start:n.End] != n.Text {
			return fmt.Sprintf("offsets %d-%d do not hold %q", n.Start, n.End, n.Text)
		}
		parts = append(parts, string(n.Type)+":"+n.Text)
	}
	return strings.Join(parts, " | ")
}

// The shipped model on invented sentences: names found, titles left out of
// person names, types right. These are sentences a usable English news
// tagger must get right, not a measure of quality (see TestHeldOut).
func TestDefaultModel(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text, want string
	}{
		{"Kenyan President Uhuru Kenyatta met officials of the World Bank in Nairobi.",
			"PERSON:Uhuru Kenyatta | ORGANIZATION:World Bank | LOCATION:Nairobi"},
		{"Congolese Minister Jose Endundo arrived in Kinshasa on Monday.",
			"PERSON:Jose Endundo | LOCATION:Kinshasa"},
		{"Prime Minister Tony Blair told the BBC he would resign.",
			"PERSON:Tony Blair | ORGANIZATION:BBC"},
		{"The United Nations says fighting in Somalia has displaced thousands.",
			"ORGANIZATION:United Nations | LOCATION:Somalia"},
		{"Fatima Okonkwo, a nurse in Lagos, said the hospital had no power. Okonkwo said patients waited for days.",
			"PERSON:Fatima Okonkwo | LOCATION:Lagos | PERSON:Okonkwo"},
	} {
		if got := names(m, tc.text); got != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}

// sent reads "word/TAG" pairs: BP, IP (person), BL (location), else O.
func sent(s string) tagger.Sentence {
	var out tagger.Sentence
	for _, w := range strings.Fields(s) {
		word, tag, _ := strings.Cut(w, "/")
		out.Tokens = append(out.Tokens, word)
		l := tagger.O
		switch tag {
		case "BP":
			l = tagger.BPerson
		case "IP":
			l = tagger.IPerson
		case "BL":
			l = tagger.BLocation
		}
		out.Labels = append(out.Labels, l)
	}
	return out
}

// A model written and read back tags as before, and training is
// deterministic: the same data and options give the same bytes.
func TestTrainWriteLoad(t *testing.T) {
	var data []tagger.Sentence
	for range 3 {
		data = append(data,
			sent("Anna/BP Berg/IP lives/O in/O Oslo/BL ./O"),
			sent("Ivan/BP Petrov/IP lives/O in/O Sofia/BL ./O"),
			sent("Berg/BP said/O Oslo/BL is/O cold/O ./O"),
		)
	}
	opts := tagger.TrainOptions{Epochs: 3, Seed: 1, MinCount: 1, Prune: 0.01}
	var bufs [2]bytes.Buffer
	var m *tagger.Model
	for i := range bufs {
		var err error
		if m, err = tagger.Train(data, opts); err != nil {
			t.Fatal(err)
		}
		if _, err := m.WriteTo(&bufs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(bufs[0].Bytes(), bufs[1].Bytes()) {
		t.Fatal("two trainings on the same data wrote different models")
	}
	back, err := tagger.Load(bytes.NewReader(bufs[0].Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range data[:3] {
		if got, want := back.Tag(s.Tokens), m.Tag(s.Tokens); !slices.Equal(got, want) {
			t.Errorf("%v: loaded model tags %v, trained one %v", s.Tokens, got, want)
		}
		if got := back.Tag(s.Tokens); !slices.Equal(got, s.Labels) {
			t.Errorf("%v: tagged %v, trained on %v", s.Tokens, got, s.Labels)
		}
	}
	if _, err := tagger.Train([]tagger.Sentence{{Tokens: []string{"a"}, Labels: []tagger.Label{tagger.IPerson}}}, opts); err == nil {
		t.Error("Train accepted an I label at a sentence start")
	}
}

// The document pass: the surname of a full name is a person where it
// stands alone, not inside a run of capitalised words.
func TestTagDocument(t *testing.T) {
	var data []tagger.Sentence
	for range 3 {
		data = append(data,
			sent("Anna/BP Berg/IP spoke/O ./O"),
			sent("Berg/O said/O so/O ./O"),
			sent("Berg/O Street/O is/O long/O ./O"),
		)
	}
	m, err := tagger.Train(data, tagger.TrainOptions{Epochs: 5, Seed: 1, MinCount: 1, Prune: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	doc := [][]string{
		strings.Fields("Anna Berg spoke ."),
		strings.Fields("Berg said so ."),
		strings.Fields("Mr. Berg said so ."),
		strings.Fields("Berg Street is long ."),
	}
	want := [][]tagger.Label{
		{tagger.BPerson, tagger.IPerson, tagger.O, tagger.O},
		{tagger.BPerson, tagger.O, tagger.O, tagger.O},
		{tagger.O, tagger.BPerson, tagger.O, tagger.O, tagger.O},
		{tagger.O, tagger.O, tagger.O, tagger.O, tagger.O},
	}
	for i, s := range doc {
		if got := m.Tag(s); i > 0 && got[0] != tagger.O {
			t.Fatalf("%v: the sentence tagger already finds %v; the test needs O", s, got)
		}
	}
	got := m.TagDocument(doc)
	for i := range doc {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("%v: %v, want %v", doc[i], got[i], want[i])
		}
	}
}

// The gazetteer: a model trained with one carries it (through WriteTo and
// Load) and tags a place it has never seen by it; WithGazetteer replaces
// it (nil: off).
func TestGazetteer(t *testing.T) {
	places := []string{"Sofia", "Oslo", "Quito", "Lima", "Oslo"}
	// Every name occurs once, so MinCount 2 drops the word features and
	// only the gazetteer tells places from persons; persons outnumber
	// places, so without it an unknown name is a person.
	var data []tagger.Sentence
	for _, p := range []string{"Oslo", "Sofia", "Lima"} {
		data = append(data, sent("They/O went/O to/O "+p+"/BL ./O"))
	}
	for _, p := range []string{"Anna", "Boris", "Carla", "Dmitri", "Elena", "Pavel", "Ruth", "Tomas", "Nadia"} {
		data = append(data, sent("They/O went/O to/O "+p+"/BP ./O"))
	}
	m, err := tagger.Train(data, tagger.TrainOptions{Epochs: 10, Seed: 1, MinCount: 2, Prune: 0.01, Places: places})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	loaded, err := tagger.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := loaded.Places(), []string{"Lima", "Oslo", "Quito", "Sofia"}; !slices.Equal(got, want) {
		t.Errorf("Places() = %q, want %q", got, want)
	}
	toks := strings.Fields("They went to Quito .")
	if got := loaded.Tag(toks)[3]; got != tagger.BLocation {
		t.Errorf("with its gazetteer, Quito is %v, want B-LOCATION", got)
	}
	if got := loaded.WithGazetteer(nil).Tag(toks)[3]; got == tagger.BLocation {
		t.Errorf("without the gazetteer, Quito is %v: the test does not show the gazetteer at work", got)
	}
	ecuador := func(s string) bool { return s == "Quito" || s == "Cuenca" }
	if got := loaded.WithGazetteer(ecuador).Tag(strings.Fields("They went to Cuenca ."))[3]; got != tagger.BLocation {
		t.Errorf("with another gazetteer, Cuenca is %v, want B-LOCATION", got)
	}
}

func TestLoadErrors(t *testing.T) {
	var good bytes.Buffer
	m, _ := tagger.Default()
	if _, err := m.WriteTo(&good); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"empty":     nil,
		"not gzip":  []byte("hello"),
		"truncated": good.Bytes()[:good.Len()/2],
	} {
		if _, err := tagger.Load(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: Load succeeded", name)
		}
	}
}

// BenchmarkTag reports the tagging speed of the shipped model in tokens/s
// on invented news text.
func BenchmarkTag(b *testing.B) {
	m, err := tagger.Default()
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Kenyan President Uhuru Kenyatta met officials of the World Bank in Nairobi on Tuesday, "+
		"and Finance Minister Henry Rotich said the talks on a $2 billion loan went well. ", 20)
	var sents [][]string
	n := 0
	for _, s := range tagger.Sentences(tagger.Tokenize(text)) {
		var words []string
		for _, t := range s {
			words = append(words, t.Text)
		}
		sents = append(sents, words)
		n += len(words)
	}
	b.ResetTimer()
	for b.Loop() {
		m.TagDocument(sents)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// FindParagraphs: names per paragraph with offsets in that paragraph,
// sentences cut at paragraph breaks, and sentences whose only capital
// starts them left untagged unless that word is no common word
// ("Sharapova is", not "Officials said").
func TestFindParagraphs(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	paras := []string{
		"",
		"Kenyan President Uhuru Kenyatta arrived in Nairobi on Monday",
		"talks went on. Officials said nothing.",
		"The deal was signed by Omar al-Bashir.",
		"Sharapova is the latest of several players to withdraw. The talks went on.",
	}
	want := [][]string{
		nil,
		{"Uhuru Kenyatta/PERSON", "Nairobi/LOCATION"},
		nil,
		{"Omar al-Bashir/PERSON"},
		{"Sharapova/PERSON"},
	}
	got := m.FindParagraphs(paras)
	if len(got) != len(paras) {
		t.Fatalf("%d paragraphs of names, want %d", len(got), len(paras))
	}
	for i, names := range got {
		var s []string
		for _, n := range names {
			if paras[i][n.Start:n.End] != n.Text {
				t.Errorf("paragraph %d: %q at %d:%d is %q", i, n.Text, n.Start, n.End, paras[i][n.Start:n.End])
			}
			s = append(s, n.Text+"/"+string(n.Type))
		}
		if !slices.Equal(s, want[i]) {
			t.Errorf("paragraph %d: %v, want %v", i, s, want[i])
		}
	}
}
