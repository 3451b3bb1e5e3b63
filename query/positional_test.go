package query

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/testarchive"
)

// positionalArticles are the invented articles of
// testdata/positional/positional-2020.txt, by short name. Their body
// positions (1 for the body's first word; ¶ a paragraph, | a sentence):
//
//	P01 hd "Kovrin report"        ¶ kovrin1 delmar2 tassik3 bruvel4 ostrel5 ¶ pell6 varnak7 quillon8 zemba9 morrit10
//	P02 hd "Delmar news"          ¶ delmar1 tassik2 bruvel3 ostrel4 pell5 kovrin6 ¶ zemba7 morrit8
//	P03 hd "Border words"         ¶ tassik1 bruvel2 ostrel3 pell4 kovrin5 ¶ delmar6 zemba7
//	P04 hd "Sentences apart"      ¶ kovrin1 tassik2 bruvel3 | ostrel4 delmar5 pell6 ¶ varnak7 zemba8 morrit9 quillon10
//	P05 hd "Kovrin again"         ¶ kovrin1 tassik2 bruvel3 ostrel4 pell5 varnak6 quillon7 zemba8 morrit9 delmar10
//	                              ¶ morrit11 zemba12 quillon13 varnak14 ostrel15 pell16 kovrin17 kovrin18
//	P06 hd "Women engineers"      ¶ women1 engineers2 met3 the4 woman5 ¶ tassik6 bruvel7
//	P07 hd "Talks at the border"  ¶ officials1 from2 Turkey3 met4 in5 Ankara6
//	P08 hd "Holiday dinner"       ¶ they1 ate2 roast3 turkey4 at5 home6
//	P09 hd "Lead and later"       ¶ quillon1 zemba2 ¶ morrit3 varnak4 ¶ ostrel5 pell6 tassik7
//	P10 hd "Ostrel"               ¶ zemba1 quillon2 ¶ varnak3 ¶ bruvel4 delmar5 kovrin6
//	P11 hd "Phrase gaps"          ¶ bruvel1 of2 ostrel3 pell4
//
// Each body's first word, and Delmar in P03's second paragraph, are
// capitalised; so are the headlines' first words. Dates run from
// 2020-01-05 (P01) to 2020-11-11 (P11), one a month (P01 5 Jan, P02 10
// Feb, P03 15 Mar, P04 20 Apr, P05 25 May, P06 1 Jun, P07 4 Jul, P08 8
// Aug, P09 9 Sep, P10 10 Oct, P11 11 Nov); word counts P01 10, P02 8,
// P03 7, P04 10, P05 18, P06 7, P07 6, P08 6, P09 7, P10 6, P11 4.
var positionalArticles = map[string]string{
	"P01": "PTST000020200105eg1500001", "P02": "PTST000020200210eg2a00002", "P03": "PTST000020200315eg3f00003",
	"P04": "PTST000020200420eg4k00004", "P05": "PTST000020200525eg5p00005", "P06": "PTST000020200601eg6100006",
	"P07": "PTST000020200704eg7400007", "P08": "PTST000020200808eg8800008", "P09": "PTST000020200909eg9900009",
	"P10": "PTST000020201010egaa00010", "P11": "PTST000020201111egbb00011",
}

// positionalQueries are queries of every operator, precedence, nesting and
// edge case over the positional articles, each with the exact set of
// articles it finds, worked out from the texts above (not by running the
// code). Positions count every word, stop words included, and run on
// across a paragraph break (near ignores paragraphs; same and w/s do not).
var positionalQueries = []struct {
	syntax Syntax
	q      string
	want   string // short names, space-separated; "" for none
}{
	// kovrin-delmar: P01 1 apart, P02 5 (delmar first), P03 1 across a
	// paragraph break, P04 4 across a sentence break, P05 9 (and 7, 8
	// with delmar first), P10 1 (delmar first).
	{SyntaxNewsdesk, `kovrin near1 delmar`, "P01 P03 P10"},
	{SyntaxNewsdesk, `delmar near1 kovrin`, "P01 P03 P10"},
	{SyntaxNewsdesk, `KOVRIN NEAR1 DELMAR`, "P01 P03 P10"},
	{SyntaxNewsdesk, `kovrin near4 delmar`, "P01 P03 P04 P10"},
	{SyntaxNewsdesk, `kovrin near5 delmar`, "P01 P02 P03 P04 P10"},
	{SyntaxNewsdesk, `kovrin w/5 delmar`, "P01 P02 P03 P04 P10"},
	{SyntaxNewsdesk, `kovrin /n5/ delmar`, "P01 P02 P03 P04 P10"},
	{SyntaxNewsdesk, `kovrin near6 delmar`, "P01 P02 P03 P04 P10"},
	{SyntaxNewsdesk, `kovrin near7 delmar`, "P01 P02 P03 P04 P05 P10"},
	{SyntaxNewsdesk, `kovrin near9 delmar`, "P01 P02 P03 P04 P05 P10"},
	{SyntaxNewsdesk, `kovrin adj1 delmar`, "P01 P03"},
	{SyntaxNewsdesk, `kovrin adj delmar`, "P01 P03"},
	{SyntaxNewsdesk, `kovrin adj4 delmar`, "P01 P03 P04"},
	{SyntaxNewsdesk, `delmar adj5 kovrin`, "P02 P10"},
	{SyntaxNewsdesk, `delmar pre/7 kovrin`, "P02 P05 P10"},
	{SyntaxNewsdesk, `kovrin pre/9 delmar`, "P01 P03 P04 P05"},
	{SyntaxNewsdesk, `kovrin same delmar`, "P01 P02 P04 P05 P10"},
	{SyntaxNewsdesk, `kovrin w/p delmar`, "P01 P02 P04 P05 P10"},
	{SyntaxNewsdesk, `kovrin w/s delmar`, "P01 P02 P05 P10"},
	{SyntaxNewsdesk, `kovrin /s delmar`, "P01 P02 P05 P10"},
	// Prefixes, patterns, phrases and OR groups as operands.
	{SyntaxNewsdesk, `kovr* near1 del*`, "P01 P03 P10"},
	{SyntaxNewsdesk, `kovr! near1 delmar`, "P01 P03 P10"},
	{SyntaxNewsdesk, `kovrin near2 (delmar OR zemba)`, "P01 P02 P03 P10"},
	{SyntaxNewsdesk, `kovrin near1 "delmar tassik"`, "P01"},
	{SyntaxNewsdesk, `"bruvel ostrel" near1 pell`, "P01 P02 P03 P05"},
	{SyntaxNewsdesk, `"bruvel of ostrel" near1 pell`, "P11"},
	{SyntaxNewsdesk, `(kovrin OR ostrel) near1 (delmar OR pell)`, "P01 P02 P03 P04 P05 P09 P10 P11"},
	{SyntaxNewsdesk, `ostr?l near1 pell`, "P01 P02 P03 P05 P09 P11"},
	{SyntaxNewsdesk, `wom?n near4 engineer*`, "P06"},
	// Nesting: a pair measured as a whole.
	{SyntaxNewsdesk, `(kovrin near1 delmar) near2 tassik`, "P01"},
	{SyntaxNewsdesk, `(kovrin near1 delmar) near4 tassik`, "P01 P03"},
	{SyntaxNewsdesk, `kovrin near1 delmar same tassik`, "P01"},
	{SyntaxNewsdesk, `kovrin w/s delmar w/s tassik`, "P01 P02 P05"},
	{SyntaxNewsdesk, `tassik near1 bruvel same kovrin`, "P01 P02 P03 P04 P05"},
	{SyntaxNewsdesk, `tassik near1 bruvel w/s ostrel`, "P01 P02 P03 P05"},
	// Repeated words and overlapping pairs: the later kovrin of P05.
	{SyntaxNewsdesk, `kovrin near1 pell`, "P02 P03 P05"},
	{SyntaxNewsdesk, `pell adj1 kovrin`, "P02 P03 P05"},
	{SyntaxNewsdesk, `kovrin adj1 pell`, ""},
	{SyntaxNewsdesk, `bruvel near1 ostrel`, "P01 P02 P03 P04 P05"},
	{SyntaxNewsdesk, `bruvel near2 ostrel`, "P01 P02 P03 P04 P05 P11"},
	{SyntaxNewsdesk, `bruvel w/s ostrel`, "P01 P02 P03 P05 P11"},
	{SyntaxNewsdesk, `morrit near1 varnak`, "P09"},
	{SyntaxNewsdesk, `varnak same quillon`, "P01 P04 P05"},
	{SyntaxNewsdesk, `varnak near2 quillon`, "P01 P05 P10"},
	// Frequency, headline and body together.
	{SyntaxNewsdesk, `atleast1 kovrin`, "P01 P02 P03 P04 P05 P10"},
	{SyntaxNewsdesk, `atleast2 kovrin`, "P01 P05"},
	{SyntaxNewsdesk, `atleast3 kovrin`, "P05"},
	{SyntaxNewsdesk, `ATLEAST4 kovrin`, "P05"},
	{SyntaxNewsdesk, `atleast5 kovrin`, ""},
	{SyntaxNewsdesk, `atleast2 ostrel`, "P05"},
	{SyntaxNewsdesk, `atleast2 "bruvel ostrel"`, ""},
	{SyntaxNewsdesk, `atleast2 zemb*`, "P05"},
	{SyntaxNewsdesk, `atleast2 kovrin delmar`, "P01 P05"},
	// Position: the lead (2 paragraphs), the headline, the first N words.
	{SyntaxNewsdesk, `lp=ostrel`, "P01 P02 P03 P04 P05 P11"},
	{SyntaxNewsdesk, `hlp=ostrel`, "P01 P02 P03 P04 P05 P10 P11"},
	{SyntaxNewsdesk, `lp=tassik`, "P01 P02 P03 P04 P05 P06"},
	{SyntaxNewsdesk, `lp=bruvel`, "P01 P02 P03 P04 P05 P06 P11"},
	{SyntaxNewsdesk, `hlp=bruvel`, "P01 P02 P03 P04 P05 P06 P11"},
	{SyntaxNewsdesk, `hlp=kovrin`, "P01 P02 P03 P04 P05"},
	{SyntaxNewsdesk, `lp=(kovrin same delmar)`, "P01 P02 P04 P05"},
	{SyntaxNewsdesk, `hlp=(varnak near2 quillon)`, "P01 P05 P10"},
	{SyntaxNewsdesk, `/f1/ kovrin`, "P01 P04 P05"},
	{SyntaxNewsdesk, `kovrin/f5/`, "P01 P03 P04 P05"},
	{SyntaxNewsdesk, `/f6/ kovrin`, "P01 P02 P03 P04 P05 P10"},
	{SyntaxNewsdesk, `/F3/ delmar`, "P01 P02"},
	{SyntaxNewsdesk, `/f2/ (kovrin near1 delmar)`, "P01"},
	// Capitals.
	{SyntaxNewsdesk, `turkey`, "P07 P08"},
	{SyntaxNewsdesk, `caps(Turkey)`, "P07"},
	{SyntaxNewsdesk, `caps(turkey)`, "P07"},
	{SyntaxNewsdesk, `caps(Kovrin)`, "P01 P04 P05"},
	{SyntaxNewsdesk, `caps(Delmar)`, "P02 P03"},
	{SyntaxNewsdesk, `caps(Delmar) near1 kovrin`, "P03"},
	{SyntaxNewsdesk, `caps(kovrin) adj1 delmar`, "P01"},
	// A prefix or pattern in caps(): its capitalised expansions only
	// (kovr! and delm?r alone match all six articles).
	{SyntaxNewsdesk, `caps(Kovr*)`, "P01 P04 P05"},
	{SyntaxNewsdesk, `caps(kovr!)`, "P01 P04 P05"},
	{SyntaxNewsdesk, `caps(Delm?r)`, "P02 P03"},
	{SyntaxNewsdesk, `caps(Delm?r) near1 kovr*`, "P03"},
	// Wildcards.
	{SyntaxNewsdesk, `wom?n`, "P06"},
	{SyntaxNewsdesk, `engineer$3`, "P06"},
	{SyntaxNewsdesk, `kovr!`, "P01 P02 P03 P04 P05 P10"},
	{SyntaxNewsdesk, `ostr?l`, "P01 P02 P03 P04 P05 P09 P10 P11"},
	// Precedence with and, or, not.
	{SyntaxNewsdesk, `kovrin near1 delmar OR turkey`, "P01 P03 P07 P08 P10"},
	{SyntaxNewsdesk, `turkey or kovrin adj1 delmar`, "P01 P03 P07 P08"},
	{SyntaxNewsdesk, `kovrin near1 delmar NOT varnak`, "P03"},
	{SyntaxNewsdesk, `kovrin near1 delmar and not varnak`, "P03"},
	{SyntaxNewsdesk, `-kovrin near1 delmar`, "P02 P04 P05 P06 P07 P08 P09 P11"},
	{SyntaxNewsdesk, `tassik kovrin near1 delmar`, "P01 P03"},
	{SyntaxNewsdesk, `kovrin w/s delmar OR kovrin same delmar`, "P01 P02 P04 P05 P10"},
	{SyntaxNewsdesk, `kovrin same delmar NOT (kovrin w/s delmar)`, "P04"},
	{SyntaxNewsdesk, `"kovrin near5 delmar"`, ""},
	{SyntaxNewsdesk, `kovrin delmar`, "P01 P02 P03 P04 P05 P10"},
	{SyntaxFactiva, `kovrin delmar`, "P01 P03"},
	{SyntaxFactiva, `hd=kovrin report`, "P01"},
	{SyntaxNexis, `turkey or kovrin w/1 delmar`, "P01 P03 P10"},
	{SyntaxNexis, `kovrin delmar and not varnak`, "P03"},
	{SyntaxNexis, `kovrin w/5 delmar w/s tassik`, "P01 P02"},
	// Field tags, counts and dates as Factiva writes them.
	{SyntaxNewsdesk, `hd=kovrin`, "P01 P05"},
	{SyntaxNewsdesk, `hd=kovrin near1 report`, "P01"},
	{SyntaxNewsdesk, `kovrin near1 hd=report`, "P01"},
	{SyntaxNewsdesk, `wc>7 kovrin`, "P01 P02 P04 P05"},
	{SyntaxNewsdesk, `wc<7`, "P07 P08 P10 P11"},
	{SyntaxNewsdesk, `wc>=7 AND wc<=8`, "P02 P03 P06 P09"},
	{SyntaxNewsdesk, `date after 2020-09`, "P10 P11"},
	{SyntaxNewsdesk, `date before 2020-02`, "P01"},
	{SyntaxNewsdesk, `date from 2020-03-15 to 2020-05-25`, "P03 P04 P05"},
	{SyntaxNewsdesk, `date is 2020-07-04`, "P07"},
	{SyntaxNewsdesk, `date after 2020-06-01 turkey`, "P07 P08"},
	{SyntaxNewsdesk, `kovrin near5 delmar date before 2020-04`, "P01 P02 P03"},
}

// TestPositionalQueries runs positionalQueries over the positional
// articles.
func TestPositionalQueries(t *testing.T) {
	s := positionalSearcher(t)
	byID := map[string]string{}
	for short, id := range positionalArticles {
		byID[id] = short
	}
	for _, tt := range positionalQueries {
		t.Run(tt.syntax.String()+"/"+tt.q, func(t *testing.T) {
			res, err := s.Search(t.Context(), Request{Query: tt.q, Syntax: tt.syntax, Limit: MaxLimit, Duplicates: DupShow, Snippets: -1})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, byID[h.ID])
			}
			slices.Sort(got)
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("%s: got [%s], want [%s]", tt.q, g, tt.want)
			}
		})
	}
}

// TestPositionalQueriesParse: every query of the table parses and builds
// (with its engine values), so the table is ready for the searchers.
func TestPositionalQueriesParse(t *testing.T) {
	if len(positionalQueries) < 80 {
		t.Errorf("%d positional queries, want at least 80", len(positionalQueries))
	}
	for _, tt := range positionalQueries {
		if _, err := ParseAs(tt.q, tt.syntax); err != nil {
			t.Errorf("%v %q: %v", tt.syntax, tt.q, err)
		}
		for _, s := range strings.Fields(tt.want) {
			if positionalArticles[s] == "" {
				t.Errorf("%q: unknown article %s", tt.q, s)
			}
		}
	}
}

// TestPositionalHighlights: a positional query's snippets mark the words
// of the spans that satisfied it, not every occurrence of its words. In
// P05 (kovrin1 … delmar10 ¶ … kovrin17 kovrin18) only kovrin17 is within 7
// words after delmar10; a plain AND of the same words marks all three.
func TestPositionalHighlights(t *testing.T) {
	s := positionalSearcher(t)
	for _, tt := range []struct {
		q                string
		kovrins, delmars int
	}{
		{"delmar pre/7 kovrin", 1, 1},
		{"delmar near7 kovrin", 1, 1},
		{"delmar near8 kovrin", 2, 1},
		{"kovrin pre/9 delmar", 1, 1},
		{"delmar kovrin", 3, 1},
	} {
		res, err := s.Search(t.Context(), Request{Query: tt.q, Limit: MaxLimit, Snippets: 10, SnippetSize: 1000})
		if err != nil {
			t.Fatal(err)
		}
		marked, found := map[string]int{}, false
		for _, h := range res.Hits {
			if h.ID != positionalArticles["P05"] {
				continue
			}
			found = true
			for _, f := range h.Fragments {
				for _, m := range f.Marks {
					marked[strings.ToLower(f.Text[m.Start:m.End])]++
				}
			}
		}
		if !found {
			t.Fatalf("%s: P05 not found", tt.q)
		}
		if marked["kovrin"] != tt.kovrins || marked["delmar"] != tt.delmars {
			t.Errorf("%s: marked %v, want kovrin %d times and delmar %d", tt.q, marked, tt.kovrins, tt.delmars)
		}
	}
}

// positionalSearcher searches the positional articles in memory.
func positionalSearcher(t *testing.T) *Searcher {
	t.Helper()
	ix, _, err := testarchive.Memory(filepath.Join("..", "testdata", "positional"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return NewSearcher(ix)
}
