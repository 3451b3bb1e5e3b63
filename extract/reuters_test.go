package extract

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/corpus"
)

// reutersLabels reads the PEOPLE, ORGS and PLACES labels of the
// Reuters-21578 articles by NEWID. A minimal reader: the product's SGML
// parser lives in package ingest.
func reutersLabels(t *testing.T) map[string]map[string][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpus.SharedDir(), "corpus", "reuters21578", "reut2-*.sgm"))
	doc := regexp.MustCompile(`(?s)<REUTERS[^>]*NEWID="(\d+)".*?</REUTERS>`)
	field := map[string]*regexp.Regexp{}
	for _, k := range []string{"PEOPLE", "ORGS", "PLACES"} {
		field[k] = regexp.MustCompile(`(?s)<` + k + `>(.*?)</` + k + `>`)
	}
	d := regexp.MustCompile(`<D>(.*?)</D>`)
	out := map[string]map[string][]string{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range doc.FindAllStringSubmatch(string(raw), -1) {
			labels := map[string][]string{}
			for k, re := range field {
				if fm := re.FindStringSubmatch(m[0]); fm != nil {
					for _, v := range d.FindAllStringSubmatch(fm[1], -1) {
						labels[k] = append(labels[k], v[1])
					}
				}
			}
			out["REUT"+m[1]] = labels
		}
	}
	return out
}

// placeCodes spells out the Reuters place codes that are not names.
var placeCodes = map[string]string{
	"usa": "united states", "uk": "united kingdom", "ussr": "soviet union", "uae": "united arab emirates",
	"west-germany": "west germany", "east-germany": "east germany", "south-korea": "south korea",
	"hong-kong": "hong kong", "new-zealand": "new zealand", "saudi-arabia": "saudi arabia",
}

// initials are the capitals of a name's words ("International Coffee
// Organization" -> "ico").
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if connectors[strings.ToLower(w)] {
			continue
		}
		b.WriteString(strings.ToLower(w[:1]))
	}
	return b.String()
}

// TestReutersLabelRecall measures how many of the people, organisations and
// places Reuters-21578 labels an article with are among the names found in
// it. The labels are topic codes ("usa", "reagan", "ico-coffee"), not
// spans: a label is found when a name, its last word, its initials or its
// alias matches the code. Places are labelled by what a story is about,
// often without naming them (a dateline city stands for its country), so
// their recall is a floor. Skipped when ../shared is absent.
func TestReutersLabelRecall(t *testing.T) {
	arts, _, err := corpus.Reuters(0)
	if errors.Is(err, corpus.ErrAbsent) {
		t.Skip("../shared/corpus/reuters21578 is not here")
	}
	if err != nil {
		t.Fatal(err)
	}
	labels := reutersLabels(t)
	e := New(nil)
	found := map[string]int{}
	total := map[string]int{}
	start := time.Now()
	var bytes int
	for _, a := range arts {
		bytes += len(a.Headline) + len(a.BodyText())
		lab := labels[a.ID]
		if len(lab) == 0 {
			continue
		}
		keys := map[string]bool{}
		for _, n := range e.Names(a) {
			f := e.NormName(n.Name)
			keys[f] = true
			keys[initials(n.Name)] = true
			if ws := strings.Fields(f); len(ws) > 1 {
				keys[ws[len(ws)-1]] = true
			}
		}
		for class, codes := range lab {
			for _, c := range codes {
				total[class]++
				cand := []string{strings.ReplaceAll(c, "-", " "), strings.SplitN(c, "-", 2)[0]}
				if p, ok := placeCodes[c]; ok {
					cand = append(cand, p)
				}
				if canon, ok := e.aliases.Canonical(strings.ToUpper(c)); ok {
					cand = append(cand, e.NormName(canon))
				}
				if class == "PEOPLE" {
					ws := strings.Split(c, "-")
					cand = append(cand, ws[len(ws)-1])
				}
				for _, k := range cand {
					if keys[k] {
						found[class]++
						break
					}
				}
			}
		}
	}
	elapsed := time.Since(start)
	for _, class := range []string{"PEOPLE", "ORGS", "PLACES"} {
		t.Logf("Reuters-21578 %s labels found among extracted names: %d of %d (recall %.3f)", class, found[class], total[class], ratio(found[class], total[class]))
	}
	t.Logf("names of %d articles (%.1f MB) in %s: %.0f articles/s (provisional: shared machine)", len(arts), float64(bytes)/1e6, elapsed.Round(time.Millisecond), float64(len(arts))/elapsed.Seconds())
	// 0.931 with the rules alone, 0.985 with the tagger.
	if r := ratio(found["PEOPLE"], total["PEOPLE"]); total["PEOPLE"] > 0 && r < 0.95 {
		t.Errorf("people recall %.3f < 0.95", r)
	}
}
