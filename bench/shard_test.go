package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
)

func TestYearOf(t *testing.T) {
	tests := []struct{ date, want string }{
		{"2014-09-19", "2014"},
		{"1995-01-07T10:00:00Z", "1995"},
		{"", undatedShard},
		{"19", undatedShard},
		{"n.d.", undatedShard},
		{"0000-01-01", undatedShard},
	}
	for _, tt := range tests {
		if got := yearOf(tt.date); got != tt.want {
			t.Errorf("yearOf(%q) = %q, want %q", tt.date, got, tt.want)
		}
	}
}

func TestSplitByYear(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    map[string]string // shard -> its file
		wantErr string
	}{
		{
			name: "years and undated, bytes kept, last line without newline",
			input: `{"id":"a","date":"2001-03-04","headline":"One"}` + "\n" +
				`{"id":"b","date":"2002-01-01","headline":"Two"}` + "\n\n" +
				`{"id":"c","headline":"No date"}` + "\n" +
				`{"id":"d","date":"2001-12-31","headline":"Three"}`,
			want: map[string]string{
				"2001":       `{"id":"a","date":"2001-03-04","headline":"One"}` + "\n" + `{"id":"d","date":"2001-12-31","headline":"Three"}` + "\n",
				"2002":       `{"id":"b","date":"2002-01-01","headline":"Two"}` + "\n",
				undatedShard: `{"id":"c","headline":"No date"}` + "\n",
			},
		},
		{
			name:    "a line that is not JSON is named",
			input:   `{"id":"a","date":"2001-03-04"}` + "\n" + `not json` + "\n",
			wantErr: "line 2",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.jsonl")
			if err := os.WriteFile(in, []byte(tt.input), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			names, err := splitByYear(context.Background(), in, out)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(names) != len(tt.want) {
				t.Errorf("shards = %v, want %d", names, len(tt.want))
			}
			for name, want := range tt.want {
				got, err := os.ReadFile(filepath.Join(out, name+".jsonl"))
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != want {
					t.Errorf("shard %s =\n%s\nwant\n%s", name, got, want)
				}
			}
		})
	}
}

// shardFixture generates 2,000 articles from the Reuters corpus in
// ../shared, ingests them into one index and into one index per year, and
// opens both. It skips when ../shared is absent.
func shardFixture(t *testing.T) (*shardSet, corpusInfo) {
	t.Helper()
	if testing.Short() {
		t.Skip("ingests 2,000 articles twice")
	}
	ctx := context.Background()
	c, err := openCorpus(defaultCorpus())
	if errors.Is(err, errNoCorpus) {
		t.Skipf("no shared corpus: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	g, err := newGenerator(ctx, c, 1, 1995, 2024)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "gen.jsonl")
	if err := genFile(ctx, g, file, 2000); err != nil {
		t.Fatal(err)
	}
	gc, err := openCorpus(file)
	if err != nil {
		t.Fatal(err)
	}
	tl := newTally()
	if err := ingestNewsdesk(ctx, filepath.Join(dir, "single"), "", gc.events(ctx), tl); err != nil {
		t.Fatal(err)
	}
	res, err := tl.result(engNewsdesk, filepath.Join(dir, "single"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingestByYear(ctx, file, filepath.Join(dir, "by-year"), newTally()); err != nil {
		t.Fatal(err)
	}
	s, err := openShardSet(filepath.Join(dir, "single"), filepath.Join(dir, "by-year"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.close() })
	if len(s.shards) < 20 {
		t.Fatalf("%d shards, want one per year of 1995–2024", len(s.shards))
	}
	return s, res.Info
}

// TestShards builds one index and the year shards of the same 2,000
// generated articles once, for the checks below.
func TestShards(t *testing.T) {
	s, ci := shardFixture(t)
	t.Run("scores", func(t *testing.T) { testShardScores(t, s, ci) })
	t.Run("local df", func(t *testing.T) { testShardLocalDF(t, s, ci) })
}

// testShardScores checks, for every search query of the set, that the
// alias of the year shards with the whole collection's statistics and
// document frequencies returns the one index's top 10, scores included;
// and that the plain alias (statistics only) matches the same articles but
// scores them differently.
func testShardScores(t *testing.T, s *shardSet, ci corpusInfo) {
	ctx := context.Background()
	if !s.statsEqual() {
		t.Fatalf("summed shard statistics (%d articles) differ from the one index's (%d)", s.shardStats.Docs, s.singleStats.Docs)
	}
	withHits, dated, plainDiffers := 0, 0, 0
	for _, i := range searchQueries() {
		q := benchQueries[i]
		want, _, err := s.search(ctx, varSingle, q, ci, shardTopHits)
		if err != nil {
			t.Fatal(err)
		}
		wide, _, err := s.search(ctx, varSingle, q, ci, shardCheckHits)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Hits) > 0 {
			withHits++
		}
		for _, v := range shardVariants[1:] {
			got, ok, err := s.search(ctx, v, q, ci, shardTopHits)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			if v == varRoutedDF {
				dated++
			}
			d := compareTop(want, wide, got)
			if !d.sameTotal {
				t.Errorf("%s, %s: %d hits, the one index %d", q, v, got.Total, want.Total)
			}
			switch v {
			case varAliasDF, varRoutedDF:
				if !d.same {
					t.Errorf("%s, %s: top hits differ from the one index's:\n got %s\nwant %s", q, v, hitList(got), hitList(want))
				}
			case varAlias:
				if !d.same {
					plainDiffers++
				}
			}
		}
	}
	if withHits < 30 {
		t.Errorf("only %d queries found anything: the check proves little", withHits)
	}
	if dated == 0 {
		t.Error("no date-filtered query was routed")
	}
	// If bleve starts sharing document frequencies across an alias, this
	// fails, and the global-df wrapper can go.
	if plainDiffers == 0 {
		t.Error("the plain alias ranked every query as the one index does: is the global-df wrapper still needed?")
	}
}

// testShardLocalDF shows why the plain alias scores differ: each hit's
// score is exactly the one index's score for that article when each term's
// document frequency is counted in the hit's own shard only.
func testShardLocalDF(t *testing.T, s *shardSet, ci corpusInfo) {
	ctx := context.Background()
	checked := 0
	for _, i := range searchQueries() {
		q := benchQueries[i]
		got, _, err := s.search(ctx, varAlias, q, ci, shardTopHits)
		if err != nil {
			t.Fatal(err)
		}
		from, to, _ := ci.window(q)
		cq, err := s.comp.Compile(newsdeskQuery(q, ci), from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range got.Hits {
			own := shardOf(t, s, h.ID)
			one := bleve.NewBooleanQuery()
			one.AddMust(cq)
			one.AddFilter(bleve.NewDocIDQuery([]string{h.ID}))
			df := engine.NewDocFreqs([]bleve.Index{own.ix.Bleve()})
			res, err := s.single.Bleve().SearchInContext(statsContext(ctx, s.singleStats, s.fields),
				bleve.NewSearchRequestOptions(engine.WithDocFreqs(one, df), 1, 0, false))
			df.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 || res.Hits[0].Score != h.Score {
				t.Errorf("%s: %s in shard %s: alias score %v, one index with the shard's df: %s", q, h.ID, own.name, h.Score, hitList(res))
			}
			checked++
		}
	}
	if checked < 200 {
		t.Errorf("only %d hits checked", checked)
	}
}

// shardOf is the shard that holds article id.
func shardOf(t *testing.T, s *shardSet, id string) shard {
	t.Helper()
	for _, sh := range s.shards {
		if _, err := sh.ix.Article(context.Background(), id); err == nil {
			return sh
		} else if !errors.Is(err, index.ErrNotFound) {
			t.Fatal(err)
		}
	}
	t.Fatalf("%s is in no shard", id)
	return shard{}
}

// hitList renders hits as id=score for failure messages.
func hitList(r *bleve.SearchResult) string {
	var b strings.Builder
	for _, h := range r.Hits {
		b.WriteString(h.ID + "=" + strconv.FormatFloat(h.Score, 'g', -1, 64) + " ")
	}
	return b.String()
}
