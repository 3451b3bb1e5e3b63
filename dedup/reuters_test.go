package dedup_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/internal/corpus"
)

// TestReutersNearDuplicates runs the detector over Reuters-21578 in memory
// (LSH buckets, Match to confirm, each article joining its best earlier
// match, as the index does) and prints the groups it finds with a sample of
// pairs to check by eye. It asserts nothing about the counts: there is no
// gold standard for Reuters. Run: go test ./dedup -run ReutersNear -v
func TestReutersNearDuplicates(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("prints a report; run with -v")
	}
	arts, _, err := corpus.Reuters(0)
	if errors.Is(err, corpus.ErrAbsent) {
		t.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Date.Before(arts[j].Date) })
	def := dedup.DefaultParams()
	for _, lsh := range [][2]int{{16, 2}, {24, 2}, {32, 3}, {20, 3}} {
		p := def
		p.Bands, p.Rows = lsh[0], lsh[1]
		t.Run(fmt.Sprintf("bands=%d,rows=%d", p.Bands, p.Rows), func(t *testing.T) {
			reutersReport(t, p, arts, p == def)
		})
	}
}

func reutersReport(t *testing.T, p dedup.Params, arts []*article.Article, sample bool) {
	h, err := dedup.NewHasher(p)
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	fps := make([]dedup.Fingerprint, len(arts))
	group := make([]int, len(arts))
	buckets := map[string][]int{}
	exact := map[string]int{}
	type pair struct {
		a, b int
		j, c float64
	}
	var pairs []pair
	for i, a := range arts {
		fps[i] = h.Fingerprint(a.BodyText())
		group[i] = i
		best, bestJ := -1, -1.0
		seen := map[int]bool{}
		if k, ok := exact[fps[i].Exact]; ok && fps[i].Exact != "" {
			best, bestJ = k, 2
		}
		for _, key := range fps[i].Bands {
			for _, k := range buckets[key] {
				if seen[k] {
					continue
				}
				seen[k] = true
				compared++
				if h.Match(fps[i], fps[k]) && (fps[i].Exact == fps[k].Exact || h.Params().InWindow(a.Date, arts[k].Date)) {
					j, _ := dedup.Similarity(fps[i].Sig, fps[k].Sig)
					if j > bestJ {
						best, bestJ = k, j
					}
				}
			}
		}
		if best >= 0 {
			group[i] = group[best]
			j, c := dedup.Similarity(fps[i].Sig, fps[best].Sig)
			pairs = append(pairs, pair{best, i, j, c})
		}
		if _, ok := exact[fps[i].Exact]; !ok {
			exact[fps[i].Exact] = i
		}
		for _, key := range fps[i].Bands {
			buckets[key] = append(buckets[key], i)
		}
	}
	sizes := map[int]int{}
	for i := range arts {
		sizes[group[i]]++
	}
	hist := map[int]int{}
	groups, inGroups, exactPairs, sameDay := 0, 0, 0, 0
	for _, n := range sizes {
		if n > 1 {
			groups++
			inGroups += n
			hist[n]++
		}
	}
	for _, p := range pairs {
		if fps[p.a].Exact == fps[p.b].Exact {
			exactPairs++
		}
		if arts[p.a].Date.Equal(arts[p.b].Date) {
			sameDay++
		}
	}
	t.Logf("%d candidate pairs compared (%.2f per article)", compared, float64(compared)/float64(len(arts)))
	t.Logf("%d articles: %d joined an earlier article (%d with the same exact digest); %d groups of 2 or more holding %d articles; %d of the joins on the same day",
		len(arts), len(pairs), exactPairs, groups, inGroups, sameDay)
	var ns []int
	for n := range hist {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	for _, n := range ns {
		t.Logf("  groups of %d: %d", n, hist[n])
	}
	if !sample {
		return
	}
	r := rand.New(rand.NewPCG(1, 2))
	t.Log("20 near (not exact) joins drawn at random, to check by eye:")
	shown := 0
	for _, k := range r.Perm(len(pairs)) {
		p := pairs[k]
		if fps[p.a].Exact == fps[p.b].Exact {
			continue
		}
		if shown++; shown > 20 {
			break
		}
		a, b := arts[p.a], arts[p.b]
		t.Logf("  J %.2f C %.2f  %s %s %q\n                     %s %s %q", p.j, p.c,
			a.ID, a.Date.Format("01-02"), trim(a.Headline), b.ID, b.Date.Format("01-02"), trim(b.Headline))
	}
}

func trim(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		return s[:60]
	}
	return s
}
