package index_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

const plantedFile = "../testdata/dups/planted-factiva.txt"

// The planted file: three copies of one wire story (one retyped), two
// editions of another (the later one first in the file, edited, with a
// paragraph added), and three controls (one on a similar subject).
var plantedGroups = map[string]string{
	"IWS0000020210314eh3e000b9": "CSTP000020210314eh3e0007x", // same date: lowest id leads
	"NRTHC00020210314eh3e0002k": "CSTP000020210314eh3e0007x",
	"CSTP000020210314eh3e0007x": "CSTP000020210314eh3e0007x",
	"ESTR000020210315eh3f0001c": "ESTR000020210314eh3e0004d", // the earlier edition leads
	"ESTR000020210314eh3e0004d": "ESTR000020210314eh3e0004d",
	"NRTHC00020210314eh3e0003m": "NRTHC00020210314eh3e0003m",
	"CSTP000020210315eh3f0002a": "CSTP000020210315eh3f0002a",
	"IWS0000020210315eh3f000c1": "IWS0000020210315eh3f000c1",
}

func readPlanted(t *testing.T) []*article.Article {
	t.Helper()
	var arts []*article.Article
	for ev := range ingest.Read(context.Background(), []string{plantedFile}, ingest.Options{}) {
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
		if ev.Article != nil {
			arts = append(arts, ev.Article)
		}
	}
	if len(arts) != len(plantedGroups) {
		t.Fatalf("%s: %d articles, want %d", plantedFile, len(arts), len(plantedGroups))
	}
	return arts
}

func dupValues(t *testing.T, ix *index.Index, ids []string) map[string][]string {
	t.Helper()
	vals, err := engine.DocValues(context.Background(), ix.Bleve(), ids, schema.FieldDupExact, schema.FieldDupGroup)
	if err != nil {
		t.Fatal(err)
	}
	return vals
}

func TestPlantedDuplicatesGroupInAnyIngestOrder(t *testing.T) {
	arts := readPlanted(t)
	reversed := slices.Clone(arts)
	slices.Reverse(reversed)
	orders := []struct {
		name    string
		batches [][]*article.Article
	}{
		{"one batch, file order", [][]*article.Article{arts}},
		{"one batch, reversed", [][]*article.Article{reversed}},
		{"one article per batch, file order", split(arts)},
		{"one article per batch, reversed", split(reversed)},
		{"controls and later copies first", [][]*article.Article{{arts[0], arts[1], arts[3], arts[5]}, {arts[2], arts[4], arts[6], arts[7]}}},
	}
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			ix := memoryIndex(t)
			ctx := context.Background()
			for _, b := range o.batches {
				if _, err := ix.Put(ctx, clones(b)...); err != nil {
					t.Fatal(err)
				}
			}
			var ids []string
			for id := range plantedGroups {
				ids = append(ids, id)
			}
			vals := dupValues(t, ix, ids)
			for id, want := range plantedGroups {
				if got := vals[id][1]; got != want {
					t.Errorf("%s: dup_group = %q, want %q", id, got, want)
				}
			}
			// The three copies share one exact digest; the editions do not.
			copies := []string{"IWS0000020210314eh3e000b9", "NRTHC00020210314eh3e0002k", "CSTP000020210314eh3e0007x"}
			for _, id := range copies[1:] {
				if vals[id][0] != vals[copies[0]][0] || vals[id][0] == "" {
					t.Errorf("%s: dup_exact %q, want the same as %s (%q)", id, vals[id][0], copies[0], vals[copies[0]][0])
				}
			}
			if vals["ESTR000020210315eh3f0001c"][0] == vals["ESTR000020210314eh3e0004d"][0] {
				t.Error("the two editions have the same dup_exact")
			}
		})
	}
}

func split(arts []*article.Article) [][]*article.Article {
	var out [][]*article.Article
	for _, a := range arts {
		out = append(out, []*article.Article{a})
	}
	return out
}

// clones copies the articles: Put may fill in ids.
func clones(arts []*article.Article) []*article.Article {
	out := make([]*article.Article, len(arts))
	for i, a := range arts {
		c := *a
		out[i] = &c
	}
	return out
}

func TestDuplicateStatsAndReingest(t *testing.T) {
	arts := readPlanted(t)
	ix := memoryIndex(t)
	ctx := context.Background()
	// The later edition alone first, then the rest: the earlier edition
	// takes over the group and the later one is rewritten.
	var later *article.Article
	var rest []*article.Article
	for _, a := range arts {
		if a.ID == "ESTR000020210315eh3f0001c" {
			later = a
		} else {
			rest = append(rest, a)
		}
	}
	steps := []struct {
		name                  string
		put                   []*article.Article
		duplicates, regrouped int
	}{
		{"later edition", []*article.Article{later}, 0, 0},
		{"the rest", rest, 2, 1}, // two wire copies join; the later edition is rewritten
		{"all again, unchanged", arts, 0, 0},
	}
	for _, s := range steps {
		st, err := ix.Put(ctx, clones(s.put)...)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if st.Duplicates != s.duplicates || st.Regrouped != s.regrouped {
			t.Errorf("%s: duplicates %d, regrouped %d; want %d, %d", s.name, st.Duplicates, st.Regrouped, s.duplicates, s.regrouped)
		}
	}
	vals := dupValues(t, ix, []string{later.ID})
	if got := vals[later.ID][1]; got != plantedGroups[later.ID] {
		t.Errorf("later edition: dup_group %q, want %q", got, plantedGroups[later.ID])
	}
	// The rewritten article is whole: still found by its words.
	a, err := ix.Article(ctx, later.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Headline != later.Headline || strings.Join(a.Body, "\n") != strings.Join(later.Body, "\n") {
		t.Errorf("rewritten article changed: %q", a.Headline)
	}
	// It keeps its names and quotations, in the stored article and in the
	// name fields: the same as an index that never rewrote it.
	fresh, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.Put(ctx, clones([]*article.Article{later})...); err != nil {
		t.Fatal(err)
	}
	want, err := fresh.Article(ctx, later.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Names) == 0 {
		t.Fatal("the later edition has no names: the check below would prove nothing")
	}
	if fmt.Sprint(a.Names, a.Quotes) != fmt.Sprint(want.Names, want.Quotes) {
		t.Errorf("rewritten article's names and quotes = %v %v\nwant %v %v", a.Names, a.Quotes, want.Names, want.Quotes)
	}
	for _, n := range want.Names {
		q := bleve.NewTermQuery(n.Name)
		q.SetField(schema.FieldNames)
		res, err := ix.Bleve().Search(bleve.NewSearchRequest(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery([]string{later.ID}))))
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 {
			t.Errorf("rewritten article not found by its name %q", n.Name)
		}
	}
}

func TestEmptyBodiesNeverGroup(t *testing.T) {
	ix := memoryIndex(t)
	ctx := context.Background()
	short := "Entries are open for the flower show."
	tests := []struct {
		id, body  string
		wantGroup string
	}{
		{"E1", "", "E1"},
		{"E2", "", "E2"},
		{"E3", "...", "E3"},
		{"S1", short, "S1"},
		{"S2", short, "S1"}, // too short for MinHash, but an exact copy
	}
	var arts []*article.Article
	var ids []string
	for _, tt := range tests {
		var body []string
		if tt.body != "" {
			body = []string{tt.body}
		}
		arts = append(arts, newArticle(tt.id, "Headline "+tt.id, body...))
		ids = append(ids, tt.id)
	}
	if _, err := ix.Put(ctx, arts...); err != nil {
		t.Fatal(err)
	}
	vals := dupValues(t, ix, ids)
	for _, tt := range tests {
		if got := vals[tt.id][1]; got != tt.wantGroup {
			t.Errorf("%s: dup_group %q, want %q", tt.id, got, tt.wantGroup)
		}
		if tt.id[0] == 'E' && vals[tt.id][0] != tt.id {
			t.Errorf("%s: dup_exact %q, want its own id", tt.id, vals[tt.id][0])
		}
	}
}

func TestChangedLeadReleasesItsGroup(t *testing.T) {
	arts := readPlanted(t)
	byID := map[string]*article.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	const lead, copy1, copy2 = "CSTP000020210314eh3e0007x", "IWS0000020210314eh3e000b9", "NRTHC00020210314eh3e0002k"
	ctx := context.Background()
	tests := []struct {
		name   string
		change func(a *article.Article)
		want   map[string]string
	}{
		{"lead corrected, still the same story",
			func(a *article.Article) {
				a.Body = append(slices.Clone(a.Body), "Correction: the bridge was built in 1823.")
			},
			map[string]string{lead: lead, copy1: lead, copy2: lead}},
		{"lead replaced by another story",
			func(a *article.Article) { a.Body = slices.Clone(byID["CSTP000020210315eh3f0002a"].Body) },
			// The copies form their own group, led by the lower id. The old
			// lead now has the council story's body and, dated a day
			// earlier, leads the council story's group.
			map[string]string{lead: lead, copy1: copy1, copy2: copy1, "CSTP000020210315eh3f0002a": lead}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := memoryIndex(t)
			if _, err := ix.Put(ctx, clones(arts)...); err != nil {
				t.Fatal(err)
			}
			changed := *byID[lead]
			tt.change(&changed)
			if _, err := ix.Put(ctx, &changed); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for id := range tt.want {
				ids = append(ids, id)
			}
			vals := dupValues(t, ix, ids)
			for id, want := range tt.want {
				if got := vals[id][1]; got != want {
					t.Errorf("%s: dup_group %q, want %q", id, got, want)
				}
			}
		})
	}
}

// TestLabelledPairsThroughTheIndex ingests the labelled evaluation set
// (testdata/dups, see package dedup) and scores "same dup_group" on its
// pairs: the detector as the index applies it, with single assignment to
// groups and leads chosen by date.
func TestLabelledPairsThroughTheIndex(t *testing.T) {
	ctx := context.Background()
	ix := memoryIndex(t)
	st, err := ix.Ingest(ctx, ingest.Read(ctx, []string{"../testdata/dups/articles.jsonl"}, ingest.Options{}), index.Options{BatchSize: 100})
	if err != nil || st.ErrorCount > 0 {
		t.Fatalf("ingest: %v %v", err, st.Errors)
	}
	raw, err := os.ReadFile("../testdata/dups/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")[1:]
	idSet := map[string]bool{}
	type pair struct {
		a, b string
		dup  bool
	}
	var pairs []pair
	for _, l := range lines {
		f := strings.Split(l, "\t")
		pairs = append(pairs, pair{f[0], f[1], f[2] == "true"})
		idSet[f[0]], idSet[f[1]] = true, true
	}
	var ids []string
	for id := range idSet {
		ids = append(ids, id)
	}
	vals := dupValues(t, ix, ids)
	var tp, fp, fn int
	for _, p := range pairs {
		same := vals[p.a][1] != "" && vals[p.a][1] == vals[p.b][1]
		switch {
		case same && p.dup:
			tp++
		case same:
			fp++
		case p.dup:
			fn++
		}
	}
	precision, recall := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	t.Logf("%d pairs: same group precision %.3f, recall %.3f (tp %d, fp %d, fn %d)", len(pairs), precision, recall, tp, fp, fn)
	// Measured: precision 1.000, recall 0.974 (341 of 350); floors a little
	// below, so a regression fails.
	if precision < 0.98 || recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.98, 0.95", precision, recall)
	}
}
