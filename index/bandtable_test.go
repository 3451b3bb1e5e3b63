package index_test

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/index"
)

// TestBandTableGroupsMatchIndexedBands is the differential test of the
// band table: the test archives, then changed versions of some of their
// articles (new bodies, so the table also holds keys of bodies the index
// no longer has), are ingested in several ingests of small batches, each
// through a handle of its own, once with the band keys in the band table
// and once as indexed terms (as layout 4 kept them). After every ingest
// both indexes must hold the same groups, and those must be the
// canonical ones.
func TestBandTableGroupsMatchIndexedBands(t *testing.T) {
	all := readArticles(t, orderInputs...)
	changed := edited(t, all, 11)
	for _, tc := range []struct {
		name  string
		batch int
		runs  [][]*article.Article
	}{
		{"three ingests in date order", 5, [][]*article.Article{byDate(all, false)[:len(all)/2], byDate(all, false)[len(all)/2:], changed}},
		{"two ingests shuffled, then edits", 7, [][]*article.Article{shuffled(all, 3)[:len(all)/3], shuffled(all, 3)[len(all)/3:], changed}},
		{"reverse date order, one ingest, then edits", 3, [][]*article.Article{byDate(all, true), changed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			paths := map[bool]string{false: filepath.Join(dir, "table"), true: filepath.Join(dir, "indexed")}
			current := map[string]*article.Article{}
			for i, run := range tc.runs {
				for _, a := range run {
					current[a.ID] = a
				}
				got := map[bool]map[string]string{}
				for _, indexed := range []bool{false, true} {
					ix, err := index.OpenOrCreate(paths[indexed])
					if err != nil {
						t.Fatal(err)
					}
					if indexed {
						index.KeepBandsInIndex(ix)
					}
					ingestRun{arts: run, opt: index.Options{BatchSize: tc.batch}}.do(t, ix)
					got[indexed] = groupPartition(t, ix)
					if err := ix.Close(); err != nil {
						t.Fatal(err)
					}
				}
				if !maps.Equal(got[false], got[true]) {
					t.Errorf("after ingest %d the groups differ:\nband table %v\nindexed    %v", i+1, got[false], got[true])
				}
				comparePartitions(t, got[false], canonicalGroups(t, slicesOf(current)))
			}
			if _, err := os.Stat(filepath.Join(paths[true], index.BandTableFile)); err == nil {
				t.Error("the index with indexed band keys has a band table")
			}
		})
	}
}

func slicesOf(m map[string]*article.Article) []*article.Article {
	out := make([]*article.Article, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	return out
}

// TestBandTableDamagedEnd: a band table whose last block was cut short or
// damaged (a crash while it was written, before its batch reached the
// index) loses that block only: the next writer cuts it off and appends
// after the good blocks, so a third ingest still finds the near duplicates
// of the articles of the first two.
func TestBandTableDamagedEnd(t *testing.T) {
	arts := byDate(readArticles(t, "../testdata/dups"), false)
	var parts [3][]*article.Article
	for i, a := range arts {
		parts[i%3] = append(parts[i%3], a)
	}
	for _, tc := range []struct {
		name string
		junk []byte
	}{
		{"cut-short header", []byte("NDB")},
		{"block longer than the file", []byte("NDB1\xff\xff\x00\x00\x00\x00\x00\x00abc")},
		{"bad checksum", []byte("NDB1\x03\x00\x00\x00\x01\x02\x03\x04abc")},
		{"not a block", []byte("garbage")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ix")
			table := filepath.Join(path, index.BandTableFile)
			for i, part := range parts {
				ix, err := index.OpenOrCreate(path)
				if err != nil {
					t.Fatal(err)
				}
				ingestRun{arts: part, opt: index.Options{BatchSize: 4}}.do(t, ix)
				if err := ix.Close(); err != nil {
					t.Fatal(err)
				}
				if i > 0 {
					continue
				}
				good, err := os.ReadFile(table)
				if err != nil || len(good) == 0 {
					t.Fatalf("band table after the first ingest: %d bytes, %v", len(good), err)
				}
				if err := os.WriteFile(table, append(good, tc.junk...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ix, err := index.OpenReadOnly(path)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			comparePartitions(t, groupPartition(t, ix), canonicalGroups(t, arts))
		})
	}
}

// TestUndatedBandTableIsDated: a band table written before its records had
// dates is dated from the index by the next writer and written again
// (every record of a dated article gets the article's date), and near
// duplicates are still found across the ingests before and after.
func TestUndatedBandTableIsDated(t *testing.T) {
	arts := byDate(readArticles(t, "../testdata/dups"), false)
	var parts [2][]*article.Article
	for i, a := range arts {
		parts[i%2] = append(parts[i%2], a)
	}
	path := filepath.Join(t.TempDir(), "ix")
	for i, part := range parts {
		ix, err := index.OpenOrCreate(path)
		if err != nil {
			t.Fatal(err)
		}
		ingestRun{arts: part, opt: index.Options{BatchSize: 4}}.do(t, ix)
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			break
		}
		if err := index.UndateBandTable(path); err != nil {
			t.Fatal(err)
		}
		dates, undated, err := index.BandTableDates(path)
		if err != nil || !undated {
			t.Fatalf("the band table made undated: undated %v, %v", undated, err)
		}
		for id, d := range dates {
			if d != index.NoBandDate {
				t.Fatalf("the band table made undated has the date %d for %s", d, id)
			}
		}
	}
	dates, undated, err := index.BandTableDates(path)
	if err != nil {
		t.Fatal(err)
	}
	if undated {
		t.Error("the band table still has blocks without dates after a writer opened it")
	}
	dated := 0
	for _, a := range arts {
		d, ok := dates[a.ID]
		want := a.Date.Unix()
		if a.Date.IsZero() {
			want = index.NoBandDate
		}
		if ok && d != want {
			t.Errorf("article %s: band table date %d, want %d", a.ID, d, want)
		}
		if ok && !a.Date.IsZero() {
			dated++
		}
	}
	if dated < len(arts)/2 {
		t.Errorf("only %d of %d articles have a date in the band table", dated, len(arts))
	}
	ix, err := index.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	comparePartitions(t, groupPartition(t, ix), canonicalGroups(t, arts))
}
