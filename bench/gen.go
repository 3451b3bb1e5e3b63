package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// cmdGen writes a generated archive as JSON Lines.
func cmdGen(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	n := fs.Int("n", 10000, "number of articles")
	seed := fs.Uint64("seed", 1, "seed: the same seed and corpus give the same archive, byte for byte")
	out := fs.String("out", "", "JSON Lines file to write (- for standard output)")
	corpusPath := fs.String("corpus", defaultCorpus(), "real corpus whose paragraphs and headlines are re-sampled")
	from := fs.Int("from", 1995, "first year of the archive")
	to := fs.Int("to", 2024, "last year of the archive")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("gen: -out is required")
	}
	if *n < 0 || *from > *to {
		return fmt.Errorf("gen: want -n >= 0 and -from <= -to")
	}
	c, err := openCorpus(*corpusPath)
	if err != nil {
		return err
	}
	g, err := newGenerator(ctx, c, *seed, *from, *to)
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		defer f.Close()
		w = f
	}
	if err := g.write(ctx, w, *n); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		return f.Close()
	}
	return nil
}

// generator makes articles from a pool of real paragraphs, headlines and
// sentences, with invented sources, people and organisations. Article i
// depends only on the pool, the seed and i, so the archive streams in
// constant memory and any article can be made again (that is how duplicates
// are made).
type generator struct {
	seed       uint64
	paragraphs []string
	headlines  []string
	sentences  []string
	people     []person
	reporters  []string
	from, to   int
	yearCum    []float64 // cumulative weights of the years
	sourceCum  []float64
}

// person is someone quoted in the news, with a fixed role.
type person struct{ name, role string }

// genSource is an invented publication.
type genSource struct{ name, code string }

var genSources = []genSource{
	{"The Harbour Courier", "HBRC"}, {"Midland Daily Ledger", "MDLG"}, {"Capital Wire Service", "CAPW"},
	{"Northern Business Review", "NBRV"}, {"Evening Chronicle", "EVCH"}, {"Pacific Trade Journal", "PTJL"},
	{"The Weekly Observer", "WKOB"}, {"Metro Gazette", "MGZT"}, {"Continental Finance", "CTFN"},
	{"Riverside Times", "RVST"}, {"Valley Herald", "VLHR"}, {"The Coastal Post", "CSTP"},
	{"Prairie Examiner", "PRXM"}, {"Commodities Daily", "CMDY"}, {"The Morning Dispatch", "MRND"},
	{"Energy Markets Weekly", "ENMW"},
}

var genSections = []string{"Business", "Markets", "World", "Economy", "Energy", "Commodities", "Companies", "Politics"}

// Name parts for invented people: common given names and surnames from many
// countries, combined at random.
var (
	givenNames = strings.Fields(`James Maria Wei Aisha Carlos Olga Kenji Fatima John Anna Rahul Sofia
		Ahmed Elena Daniel Yuki Thomas Chiara Peter Ngozi Michael Ingrid David Priya Robert Lucia Hans Amara
		Richard Mei Paul Ewa Andrew Leila Mark Sarah Jose Hannah Luis Emma Ivan Grace Tariq Julia Pierre Nadia
		Stefan Laura Kwame Marta George Claire Ali Ines Jonathan Rosa Samuel Alice Mohammed Irene Victor Helen`)
	surnames = strings.Fields(`Smith Garcia Wang Okafor Muller Rossi Tanaka Kowalski Silva Johnson Ivanova
		Nguyen Haddad Schmidt Fernandez Kim Brown Dubois Patel Jensen Costa Murphy Lopez Novak Yamamoto Adeyemi
		Williams Kruger Moreau Hansen Chen Oliveira Taylor Romano Nakamura Eriksson Mendes Walker Fischer Ali
		Kumar Popescu Lindqvist Herrera Mensah Campbell Bauer Santos Clarke Vogel Ortiz Reyes Sato Horvat
		Petrov Okonkwo Morgan Duarte Keller Hughes Laurent Singh Berg`)
	orgFirst = strings.Fields(`Northgate Meridian Harbourview Bluestone Crestline Ironwood Silverlake Redfield
		Eastbrook Westmark Oakridge Summit Pinecrest Goldcoast Brightwater Stonebridge Highland Riverton Lakeshore Granite`)
	orgSecond = strings.Fields(`Holdings Capital Bank Group Energy Foods Motors Mining Shipping Insurance`)
	countries = strings.Fields(`Brazil Canada Japan Nigeria Norway Mexico India Kenya Chile Poland Egypt Australia Indonesia Turkey`)
	roleForms = []string{"chief executive of %s", "a spokeswoman for %s", "a spokesman for %s", "an analyst at %s",
		"chairman of %s", "chief economist at %s", "finance director of %s", "a senior trader at %s"}
	ministerForms = []string{"%s's finance minister", "%s's trade minister", "governor of %s's central bank", "%s's energy minister"}
)

// loadPool reads the corpus into the pools the generator samples from.
func newGenerator(ctx context.Context, c *corpus, seed uint64, from, to int) (*generator, error) {
	g := &generator{seed: seed, from: from, to: to}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for ev := range c.events(ctx) {
		a := ev.Article
		if a == nil {
			continue
		}
		if h := cleanText(tickers.ReplaceAllString(a.Headline, "")); len(h) >= 8 {
			g.headlines = append(g.headlines, sentenceCase(h))
		}
		for _, p := range a.Body {
			p = cleanText(p)
			if len(p) < 40 {
				continue // "Reuter", datelines, table scraps
			}
			g.paragraphs = append(g.paragraphs, p)
			for _, s := range strings.SplitAfter(p, ". ") {
				s = strings.TrimSpace(s)
				if n := len(strings.Fields(s)); n >= 8 && n <= 30 && strings.HasSuffix(s, ".") {
					g.sentences = append(g.sentences, strings.TrimSuffix(s, "."))
				}
			}
		}
	}
	if len(g.paragraphs) == 0 || len(g.headlines) == 0 || len(g.sentences) == 0 {
		return nil, fmt.Errorf("gen: corpus %s has too little text to sample from", c.path)
	}
	// The cast: people with fixed roles, and reporters, drawn from the seed.
	r := rand.New(rand.NewPCG(seed, math.MaxUint64))
	name := func() string {
		n := givenNames[r.IntN(len(givenNames))] + " "
		if r.IntN(5) == 0 {
			n += string(rune('A'+r.IntN(26))) + ". "
		}
		return n + surnames[r.IntN(len(surnames))]
	}
	org := func() string { return orgFirst[r.IntN(len(orgFirst))] + " " + orgSecond[r.IntN(len(orgSecond))] }
	for range 5000 {
		role := fmt.Sprintf(roleForms[r.IntN(len(roleForms))], org())
		if r.IntN(6) == 0 {
			role = fmt.Sprintf(ministerForms[r.IntN(len(ministerForms))], countries[r.IntN(len(countries))])
		}
		g.people = append(g.people, person{name: name(), role: role})
	}
	for range 20 * len(genSources) {
		g.reporters = append(g.reporters, name())
	}
	// Archives grow: later years have more articles. Large sources publish
	// more (weights 1/rank).
	sum := 0.0
	for y := from; y <= to; y++ {
		sum += 1 + 0.15*float64(y-from)
		g.yearCum = append(g.yearCum, sum)
	}
	sum = 0
	for i := range genSources {
		sum += 1 / float64(i+1)
		g.sourceCum = append(g.sourceCum, sum)
	}
	return g, nil
}

// pick returns an index drawn with the cumulative weights cum.
func pick(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// tickers matches Reuters' stock symbols in headlines ("<MRK>").
var tickers = regexp.MustCompile(`\s*<[^>]*>`)

// cleanText drops control characters (Reuters' &#3; end marks) and a
// trailing "Reuter" sign-off, and folds spaces.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimSuffix(strings.TrimSuffix(s, " Reuter"), " REUTER")
	return s
}

// sentenceCase turns an all-capitals wire headline into "Sentence case".
func sentenceCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	s = strings.ToLower(s)
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// genArticle is one article in newsdesk's JSON Lines schema.
type genArticle struct {
	ID         string   `json:"id"`
	Headline   string   `json:"headline"`
	Byline     string   `json:"byline,omitempty"`
	Section    string   `json:"section"`
	Source     string   `json:"source"`
	SourceCode string   `json:"source_code"`
	Date       string   `json:"date"`
	Language   string   `json:"language"`
	Body       []string `json:"body"`
}

// popular draws an index in [0, n) where low indexes are far more likely,
// so some people are in the news all the time and most rarely.
func popular(r *rand.Rand, n int) int {
	u := r.Float64()
	return min(int(float64(n)*u*u*u), n-1)
}

// base makes the original form of article i.
func (g *generator) base(i int) genArticle {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	src := genSources[pick(r, g.sourceCum)]
	year := g.from + pick(r, g.yearCum)
	day := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
	a := genArticle{
		ID: fmt.Sprintf("GEN%d-%08d", g.seed, i), Source: src.name, SourceCode: src.code,
		Section: genSections[r.IntN(len(genSections))], Date: day.Format("2006-01-02"), Language: "en",
	}
	cast := []person{g.people[popular(r, len(g.people))], g.people[popular(r, len(g.people))], g.people[popular(r, len(g.people))]}
	a.Headline = g.headlines[r.IntN(len(g.headlines))]
	if r.IntN(6) == 0 {
		a.Headline = cast[0].name + ": " + a.Headline
	}
	if r.IntN(10) < 7 {
		srcIdx := 0
		for k := range genSources {
			if genSources[k] == src {
				srcIdx = k
			}
		}
		a.Byline = "By " + g.reporters[srcIdx*20+r.IntN(20)]
	}
	for range 3 + r.IntN(10) {
		a.Body = append(a.Body, g.paragraphs[r.IntN(len(g.paragraphs))])
	}
	// Weave in quotes from the cast, in the forms news agencies use.
	for range r.IntN(4) {
		p := cast[r.IntN(len(cast))]
		s := g.sentences[r.IntN(len(g.sentences))]
		var q string
		switch r.IntN(4) {
		case 0:
			q = fmt.Sprintf("\"%s,\" said %s, %s.", s, p.name, p.role)
		case 1:
			q = fmt.Sprintf("%s, %s, said: \u201c%s.\u201d", p.name, p.role, s)
		case 2:
			q = fmt.Sprintf("\u201c%s,\u201d %s told reporters.", s, p.name)
		default:
			q = fmt.Sprintf("According to %s, %s, \u201c%s.\u201d", p.name, p.role, s)
		}
		at := r.IntN(len(a.Body) + 1)
		a.Body = append(a.Body[:at], append([]string{q}, a.Body[at:]...)...)
	}
	return a
}

// article makes article i: usually its base form; about 3% are the same
// story re-published by another source a few days later, lightly edited
// (near-duplicates for duplicate detection).
func (g *generator) article(i int) genArticle {
	r := rand.New(rand.NewPCG(g.seed^0x9e3779b97f4a7c15, uint64(i)))
	if i == 0 || r.IntN(100) >= 3 {
		return g.base(i)
	}
	j := i - 1 - r.IntN(min(i, 500))
	a := g.base(j)
	a.ID = fmt.Sprintf("GEN%d-%08d", g.seed, i)
	src := genSources[r.IntN(len(genSources))]
	a.Source, a.SourceCode = src.name, src.code
	if d, err := time.Parse("2006-01-02", a.Date); err == nil {
		a.Date = d.AddDate(0, 0, r.IntN(3)).Format("2006-01-02")
	}
	if len(a.Body) > 3 && r.IntN(2) == 0 {
		a.Body = a.Body[:len(a.Body)-1] // trimmed to fit
	}
	a.Byline = ""
	return a
}

// write streams n articles as JSON Lines.
func (g *generator) write(ctx context.Context, w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range n {
		if i%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := enc.Encode(g.article(i)); err != nil {
			return fmt.Errorf("gen: article %d: %w", i, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
