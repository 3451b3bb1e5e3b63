package nercorpus

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/extract/tagger"
)

// names renders a sentence's names as "TYPE:tokens" joined by " | ".
func names(s tagger.Sentence) string {
	var parts []string
	for _, e := range tagger.Entities(s.Labels) {
		parts = append(parts, string(e.Type)+":"+strings.Join(s.Tokens[e.Start:e.End], " "))
	}
	return strings.Join(parts, " | ")
}

func TestReadGMB(t *testing.T) {
	// Invented sentences in the file's layout: Windows-1252 (0x92 is a
	// right single quote), CRLF, CSV quoting, IOB2 tags; the last sentence
	// is cut short as the real file's is.
	csv := "Sentence #,Word,POS,Tag\r\n" +
		"Sentence: 1,Kenyan,JJ,B-gpe\r\n,President,NNP,B-per\r\n,Uhuru,NNP,I-per\r\n,Kenyatta,NNP,I-per\r\n,met,VBD,O\r\n" +
		",Mr.,NNP,B-per\r\n,O\x92Brien,NNP,I-per\r\n,at,IN,O\r\n,the,DT,O\r\n,World,NNP,B-org\r\n,Bank,NNP,I-org\r\n,in,IN,O\r\n,Nairobi,NNP,B-geo\r\n,.,.,O\r\n" +
		"Sentence: 2,\"\"\"\",``,O\r\n,Prime,NNP,B-per\r\n,Minister,NNP,I-per\r\n,spoke,VBD,O\r\n,\"10,000\",CD,O\r\n,times,NNS,I-geo\r\n,.,.,O\r\n" +
		"Sentence: 3,Troops,NNS,O\r\n,said,VBD,O\r\n,they,PRP,O\r\n"
	sents, err := ReadGMB(strings.NewReader(csv), "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ tokens, names string }{
		{"Kenyan President Uhuru Kenyatta met Mr. O’Brien at the World Bank in Nairobi .",
			"PERSON:Uhuru Kenyatta | PERSON:O’Brien | ORGANIZATION:World Bank | LOCATION:Nairobi"},
		// A title without a name is no name; a stray I tag starts one.
		{`" Prime Minister spoke 10,000 times .`, "LOCATION:times"},
	}
	if len(sents) != len(want) {
		t.Fatalf("%d sentences, want %d (the cut last one dropped)", len(sents), len(want))
	}
	for i, w := range want {
		if got := strings.Join(sents[i].Tokens, " "); got != w.tokens {
			t.Errorf("sentence %d: tokens %q, want %q", i+1, got, w.tokens)
		}
		if got := names(sents[i]); got != w.names {
			t.Errorf("sentence %d: names %q, want %q", i+1, got, w.names)
		}
	}
	for _, bad := range []string{"", "a,b\r\n", "Sentence #,Word,POS,Tag\r\n,orphan,NN,O\r\n", "Sentence #,Word,POS,Tag\r\nSentence: 1,x,NN\r\n"} {
		if _, err := ReadGMB(strings.NewReader(bad), "bad.csv"); err == nil {
			t.Errorf("ReadGMB(%q): no error", bad)
		}
	}
}

func TestReadGUM(t *testing.T) {
	data, err := os.ReadFile("testdata/invented.conllu")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadGUM(bytes.NewReader(data), "invented.conllu")
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "GUM_news_invented" || doc.Genre != "news" || len(doc.Sentences) != 3 {
		t.Fatalf("doc %q genre %q with %d sentences", doc.ID, doc.Genre, len(doc.Sentences))
	}
	want := []string{
		// "chief" heads the person mention: the flat name under it, both
		// words flat under "chief" as GUM has them, is the core. "President" is stripped; the 's-possessor is a place of its
		// own inside the organisation, whose core is "Bank Eastport".
		"ORGANIZATION:Harbour Authority | PERSON:Mara Velton | PERSON:Ilo Dunmore | LOCATION:Norland | ORGANIZATION:Bank Eastport",
		// "The Velton family" is headed by a common noun: only the nested
		// "Velton" counts. "Bank of Eastport" keeps its "of" complement;
		// "Islanders" is a group, not a person.
		"PERSON:Velton | ORGANIZATION:Bank of Eastport",
		// GUM splits hyphenated words; Tokenize does not.
		"PERSON:Tam Kwok-wing",
	}
	for i, w := range want {
		if got := names(doc.Sentences[i]); got != w {
			t.Errorf("sentence %d:\n got %s\nwant %s", i+1, got, w)
		}
	}
	for _, bad := range []string{
		"# newdoc id = x\n1\tA\ta\tX\tX\t_\t0\troot\t_\n",             // 9 columns
		"# newdoc id = x\n2\tA\ta\tX\tX\t_\t0\troot\t_\t_\n",          // id out of order
		"# newdoc id = x\n1\tA\ta\tX\tX\t_\tz\troot\t_\t_\n",          // bad head
		"1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n",                           // no newdoc
		"# newdoc id = x\n1\tA\ta\tX\tX\t_\t0\troot\t_\tEntity=(1)\n", // no type
		"# newdoc id = x\n1\tA\ta\tX\tX\t_\t0\troot\t_\tEntity=(1-person\n" + // unterminated close
			"2\tB\tb\tX\tX\t_\t1\tflat\t_\tEntity=1\n",
	} {
		if _, err := ReadGUM(strings.NewReader(bad), "bad.conllu"); err == nil {
			t.Errorf("ReadGUM(%q): no error", bad)
		}
	}
}

func TestSplitGMB(t *testing.T) {
	var sents []tagger.Sentence
	for i := range 40 {
		w := string(rune('a' + i%26))
		if i == 39 {
			w = "a" // a held-out duplicate of a training sentence
		}
		sents = append(sents, tagger.Sentence{Tokens: []string{w, strings.Repeat("x", i/26)}, Labels: make([]tagger.Label, 2)})
	}
	sents[39].Tokens = sents[0].Tokens
	train, test, err := SplitGMB(sents, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Blocks 9 and 19 (sentences 18, 19, 38, 39) are held out; 39 is
	// sentence 0 again and is dropped.
	if len(train) != 36 || len(test) != 3 {
		t.Errorf("%d training and %d held-out sentences, want 36 and 3", len(train), len(test))
	}
	if _, _, err := SplitGMB(sents[:5], 2); err == nil {
		t.Error("a split with an empty held-out part: no error")
	}
}
