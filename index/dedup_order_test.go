package index_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/dedup"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/corpus"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// orderInputs are the test archives whose duplicate groups must not depend
// on the order they are ingested in: the labelled near-duplicates of
// testdata/dups (many groups, editions days apart) and the other archives.
var orderInputs = []string{"../testdata/dups", "../testdata/facets", "../testdata/archive", "../testdata/formats", "../testdata/eval"}

// readArticles reads paths in order, with ids filled in and each id once
// (the archives hold some articles twice, unchanged).
func readArticles(t testing.TB, paths ...string) []*article.Article {
	t.Helper()
	seen := map[string]bool{}
	var out []*article.Article
	for ev := range ingest.Read(context.Background(), paths, ingest.Options{}) {
		a := ev.Article
		if a == nil {
			continue // parse errors: the inputs hold files of other kinds
		}
		if a.ID == "" {
			a.ID = article.StableID(a)
		}
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no articles in %v", paths)
	}
	return out
}

// canonicalGroups is the definition of the duplicate groups, written
// independently of the index: articles are taken in lead order (dated
// before undated, earliest first, then lowest id); each joins the group of
// its most similar earlier article among those that share a band key or its
// exact digest and are confirmed duplicates (exact copies first, ties to
// the earliest), or leads a group of its own.
func canonicalGroups(t testing.TB, arts []*article.Article) map[string]string {
	t.Helper()
	h, err := dedup.NewHasher(dedup.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		a  *article.Article
		fp dedup.Fingerprint
	}
	items := make([]item, len(arts))
	for i, a := range arts {
		items[i] = item{a, h.Fingerprint(a.BodyText())}
	}
	slices.SortFunc(items, func(x, y item) int {
		if xz, yz := x.a.Date.IsZero(), y.a.Date.IsZero(); xz != yz {
			if xz {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(x.a.Date.Unix(), y.a.Date.Unix()), cmp.Compare(x.a.ID, y.a.ID))
	})
	groups := make([]string, len(items))
	byExact, byBand := map[string][]int{}, map[string][]int{}
	for i, it := range items {
		best, bestSim := -1, -1.0
		consider := func(j int, sim float64) {
			if sim > bestSim || (sim == bestSim && j < best) {
				best, bestSim = j, sim
			}
		}
		if it.fp.Exact != "" {
			for _, j := range byExact[it.fp.Exact] {
				consider(j, 2)
			}
		}
		for _, k := range it.fp.Bands {
			for _, j := range byBand[k] {
				c := items[j]
				if c.fp.Exact == it.fp.Exact || !h.Duplicate(it.fp.Sig, c.fp.Sig) || !h.Params().InWindow(it.a.Date, c.a.Date) {
					continue
				}
				sim, _ := dedup.Similarity(it.fp.Sig, c.fp.Sig)
				consider(j, sim)
			}
		}
		groups[i] = it.a.ID
		if best >= 0 {
			groups[i] = groups[best]
		}
		if it.fp.Exact != "" {
			byExact[it.fp.Exact] = append(byExact[it.fp.Exact], i)
		}
		for _, k := range it.fp.Bands {
			byBand[k] = append(byBand[k], i)
		}
	}
	out := make(map[string]string, len(items))
	for i, it := range items {
		out[it.a.ID] = groups[i]
	}
	return out
}

// groupPartition reads the dup_group of every article in ix.
func groupPartition(t testing.TB, ix *index.Index) map[string]string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for from := 0; ; {
		const page = 10000
		req := bleve.NewSearchRequestOptions(ix.ArticlesOnly(bleve.NewMatchAllQuery()), page, from, false)
		req.SortBy([]string{"_id"})
		res, err := ix.Bleve().SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		from += len(res.Hits)
		if len(res.Hits) < page {
			break
		}
	}
	out := make(map[string]string, len(ids))
	for chunk := range slices.Chunk(ids, 5000) {
		vals, err := ix.DocValues(ctx, chunk, schema.FieldDupGroup)
		if err != nil {
			t.Fatal(err)
		}
		for id, v := range vals {
			out[id] = v[0]
		}
	}
	return out
}

// comparePartitions reports every article whose group differs, up to a few.
func comparePartitions(t *testing.T, got, want map[string]string) {
	t.Helper()
	var diff []string
	for id, w := range want {
		if g, ok := got[id]; !ok {
			diff = append(diff, fmt.Sprintf("%s: missing from the index", id))
		} else if g != w {
			diff = append(diff, fmt.Sprintf("%s: dup_group %s, want %s", id, g, w))
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			diff = append(diff, fmt.Sprintf("%s: in the index, not in the input", id))
		}
	}
	slices.Sort(diff)
	if len(diff) > 0 {
		t.Errorf("%d of %d articles in another group than the canonical one, e.g.:\n%s", len(diff), len(want), fmt.Sprint(diff[:min(len(diff), 10)]))
	}
}

// nonLeads counts the articles of ids that are in another article's group.
func nonLeads(groups map[string]string, ids []string) int {
	n := 0
	for _, id := range ids {
		if g, ok := groups[id]; ok && g != id {
			n++
		}
	}
	return n
}

func shuffled(arts []*article.Article, seed uint64) []*article.Article {
	out := slices.Clone(arts)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func byDate(arts []*article.Article, reverse bool) []*article.Article {
	out := slices.Clone(arts)
	slices.SortStableFunc(out, func(a, b *article.Article) int { return a.Date.Compare(b.Date) })
	if reverse {
		slices.Reverse(out)
	}
	return out
}

// edited returns changed versions of some of arts: the leads of groups
// with members first (the hardest case: their members must find another
// lead), and some others. Each gets a new body (another article's, a
// paragraph of its own, or none) or a date outside the duplicate window.
func edited(t testing.TB, arts []*article.Article, seed uint64) []*article.Article {
	groups := canonicalGroups(t, arts)
	members := map[string]int{}
	for id, g := range groups {
		if g != id {
			members[g]++
		}
	}
	var leads, others []*article.Article
	for _, a := range arts {
		if members[a.ID] > 0 {
			leads = append(leads, a)
		} else {
			others = append(others, a)
		}
	}
	r := rand.New(rand.NewPCG(seed, seed))
	pick := append(shuffled(leads, seed)[:min(len(leads), 30)], shuffled(others, seed)[:min(len(others), 15)]...)
	out := make([]*article.Article, len(pick))
	for i, a := range pick {
		c := *a
		switch i % 4 {
		case 0:
			c.Body = slices.Clone(arts[r.IntN(len(arts))].Body)
		case 1:
			c.Body = slices.Clone(c.Body[:min(len(c.Body), 1)])
		case 2:
			c.Date = c.Date.AddDate(0, 0, 10)
		case 3:
			c.Body = nil
		}
		out[i] = &c
	}
	return out
}

func ids(arts []*article.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

// ingestRun is one ingest: the articles given, or paths read with the
// given number of parsing workers in arrival order. Names and quotations
// are left out unless entities is set: they do not change the groups, and
// cost most of the time.
type ingestRun struct {
	arts     []*article.Article
	paths    []string
	read     int // ingest.Options.Workers
	opt      index.Options
	entities bool
}

func (r ingestRun) do(t *testing.T, ix *index.Index) (index.Stats, []string) {
	t.Helper()
	ctx := context.Background()
	var events <-chan ingest.Event
	written := ids(r.arts)
	if r.paths != nil {
		written = ids(readArticles(t, r.paths...))
		events = ingest.Read(ctx, r.paths, ingest.Options{Workers: r.read, Unordered: true})
	} else {
		ch := make(chan ingest.Event)
		go func() {
			defer close(ch)
			for _, a := range clones(r.arts) {
				ch <- ingest.Event{Article: a}
			}
		}()
		events = ch
	}
	opt := r.opt
	opt = index.WithoutEntities(opt, !r.entities)
	st, err := ix.Ingest(ctx, events, opt)
	if err != nil {
		t.Fatal(err)
	}
	return st, written
}

// TestDuplicateGroupsDoNotDependOnOrder ingests the test archives in many
// orders, batch sizes, worker counts and splits into incremental runs, and
// compares every article's group with the canonical partition
// (canonicalGroups) of the articles indexed so far, after every run; the
// counts the ingest reports must agree with that partition too.
func TestDuplicateGroupsDoNotDependOnOrder(t *testing.T) {
	all := readArticles(t, orderInputs...)
	jsonl := readArticles(t, "../testdata/dups/articles.jsonl")
	inJSONL := map[string]bool{}
	for _, a := range jsonl {
		inJSONL[a.ID] = true
	}
	var rest []*article.Article
	for _, a := range all {
		if !inJSONL[a.ID] {
			rest = append(rest, a)
		}
	}
	mixed := shuffled(all, 7)
	third := len(mixed) / 3
	tests := []struct {
		name string
		runs []ingestRun
	}{
		{"file order, one run", []ingestRun{{arts: all}}},
		{"date order, batches of 50", []ingestRun{{arts: byDate(all, false), opt: index.Options{BatchSize: 50}}}},
		{"reverse date order, batches of 50", []ingestRun{{arts: byDate(all, true), opt: index.Options{BatchSize: 50}}}},
		{"reverse date order, batches of 1", []ingestRun{{arts: byDate(all, true)[:150], opt: index.Options{BatchSize: 1}}}},
		{"shuffled (1), one batch", []ingestRun{{arts: shuffled(all, 1)}}},
		{"shuffled (2), batches of 7", []ingestRun{{arts: shuffled(all, 2), opt: index.Options{BatchSize: 7}}}},
		{"shuffled (3), batches of 64, 1 worker", []ingestRun{{arts: shuffled(all, 3), opt: index.Options{BatchSize: 64, Workers: 1}}}},
		{"labelled set, then the rest", []ingestRun{{arts: jsonl}, {arts: rest}}},
		{"the rest, then the labelled set", []ingestRun{{arts: rest}, {arts: jsonl}}},
		{"shuffled thirds, three runs", []ingestRun{{arts: mixed[:third], opt: index.Options{BatchSize: 10}, entities: true}, {arts: mixed[third : 2*third], entities: true}, {arts: mixed[2*third:], opt: index.Options{BatchSize: 3}, entities: true}}},
		{"the same thirds, last first", []ingestRun{{arts: mixed[2*third:]}, {arts: mixed[third : 2*third], opt: index.Options{BatchSize: 10}}, {arts: mixed[:third], opt: index.Options{BatchSize: 3}}}},
		{"all, then edited versions of some", []ingestRun{{arts: all}, {arts: edited(t, all, 5), opt: index.Options{BatchSize: 9}, entities: true}}},
		{"edited versions first, then all, then edited again", []ingestRun{{arts: edited(t, all, 5)}, {arts: all, opt: index.Options{BatchSize: 40}}, {arts: edited(t, all, 5), opt: index.Options{BatchSize: 1}}}},
		{"folders read by 1 worker", []ingestRun{{paths: orderInputs, read: 1, opt: index.Options{BatchSize: 13, Workers: 1}}}},
		{"folders read by 4 workers", []ingestRun{{paths: orderInputs, read: 4, opt: index.Options{BatchSize: 13, Workers: 3}}}},
		{"folders backwards, two runs", []ingestRun{{paths: orderInputs[2:], read: 2}, {paths: orderInputs[:2], read: 3, opt: index.Options{BatchSize: 100}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := memoryIndex(t)
			latest := map[string]*article.Article{} // by id: the version indexed
			before := map[string]string{}
			for i, run := range tt.runs {
				st, written := run.do(t, ix)
				if run.paths != nil {
					run.arts = readArticles(t, run.paths...)
				}
				for _, a := range run.arts {
					latest[a.ID] = a
				}
				var sofar []*article.Article
				for _, a := range latest {
					sofar = append(sofar, a)
				}
				want := canonicalGroups(t, sofar)
				got := groupPartition(t, ix)
				comparePartitions(t, got, want)
				// The ingest's counts describe the partition after it: the
				// articles it wrote that repeat an earlier one, and the
				// articles indexed before it, and not written by it, whose
				// group changed.
				regrouped := 0
				for id, g := range before {
					if got[id] != g && !slices.Contains(written, id) {
						regrouped++
					}
				}
				if d := nonLeads(want, written); st.Duplicates != d || st.Regrouped != regrouped {
					t.Errorf("run %d: Duplicates %d, Regrouped %d; want %d, %d", i+1, st.Duplicates, st.Regrouped, d, regrouped)
				}
				before = got
			}
		})
	}
}

// TestDuplicateGroupsReutersOrders does the same on Reuters-21578, when the
// shared corpus is beside the repository: in file order, and shuffled in
// three incremental runs.
func TestDuplicateGroupsReutersOrders(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests Reuters-21578 twice")
	}
	arts, _, err := corpus.Reuters(0)
	if errors.Is(err, corpus.ErrAbsent) {
		t.Skip("Reuters-21578 not found under ../shared/corpus; skipping")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := canonicalGroups(t, arts)
	mixed := shuffled(arts, 11)
	third := len(mixed) / 3
	opt := index.Options{}
	for _, tt := range []struct {
		name string
		runs []ingestRun
	}{
		{"file order", []ingestRun{{arts: arts, opt: opt}}},
		{"shuffled, three runs", []ingestRun{{arts: mixed[2*third:], opt: opt}, {arts: mixed[:third], opt: opt}, {arts: mixed[third : 2*third], opt: opt}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := memoryIndex(t)
			var st index.Stats
			for _, run := range tt.runs {
				st, _ = run.do(t, ix)
			}
			comparePartitions(t, groupPartition(t, ix), want)
			d := nonLeads(want, ids(arts))
			if len(tt.runs) == 1 && st.Duplicates != d {
				t.Errorf("Duplicates %d, want %d", st.Duplicates, d)
			}
			t.Logf("%d articles, %d repeat an earlier one", len(arts), d)
		})
	}
}
