package index

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBandTableCandidates writes batches of generated records (few key
// values, so keys are shared, ids written again, and dates a few days
// apart or unknown) to a band table in memory and on disk, and compares
// every lookup, through a window of dates, with a map of all entries,
// before and after the file is read back: the runs merge as they grow,
// so each batch size exercises other merges. Half of the disk table's
// blocks are written in the format before dates, which reads back with
// every date unknown.
func TestBandTableCandidates(t *testing.T) {
	const day = 24 * 60 * 60
	for _, tc := range []struct {
		name           string
		batches, batch int
		values         int // distinct key values
	}{
		{"one batch", 1, 50, 40},
		{"many small batches", 60, 3, 30},
		{"growing table", 25, 40, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(tc.batches), uint64(tc.batch)))
			key := func() string {
				var buf [8]byte
				binary.BigEndian.PutUint64(buf[:], uint64(r.IntN(tc.values))*0x9E3779B97F)
				return base64.RawURLEncoding.EncodeToString(buf[8-bandKeyBytes:])
			}
			dir := t.TempDir()
			mem, err := openBandTable("")
			if err != nil {
				t.Fatal(err)
			}
			disk, err := openBandTable(dir)
			if err != nil {
				t.Fatal(err)
			}
			// The entries of each key, per table: id and date.
			type entry struct {
				id   string
				date int64
			}
			want := map[string]map[string][]entry{"memory": {}, "disk": {}}
			for b := range tc.batches {
				undated := b%2 == 1 // on disk only
				recs := make([]bandRecord, tc.batch)
				for i := range recs {
					id := fmt.Sprintf("a%d", r.IntN(tc.batches*tc.batch/2+1))
					date := int64(r.IntN(20)) * day
					if r.IntN(5) == 0 {
						date = noBandDate
					}
					var keys []string
					for range r.IntN(17) {
						keys = append(keys, key())
					}
					for table, m := range want {
						d := date
						if table == "disk" && undated {
							d = noBandDate
						}
						for _, k := range keys {
							m[k] = append(m[k], entry{id, d})
						}
					}
					if recs[i], err = newBandRecord(id, date, keys); err != nil {
						t.Fatal(err)
					}
				}
				if err := mem.write(recs); err != nil {
					t.Fatalf("batch %d: %v", b, err)
				}
				if undated {
					err = writeUndatedBlock(disk, recs)
				} else {
					err = disk.write(recs)
				}
				if err != nil {
					t.Fatalf("batch %d: %v", b, err)
				}
			}
			again, err := openBandTable(dir)
			if err != nil {
				t.Fatal(err)
			}
			for name, tb := range map[string]*bandTable{"memory": mem, "disk": disk, "read back": again} {
				entries := want["memory"]
				if name != "memory" {
					entries = want["disk"]
				}
				for k, es := range entries {
					for _, center := range []int64{0, 10 * day, 19 * day} {
						near := func(d int64) bool { return d >= center-3*day && d <= center+3*day }
						got, err := tb.candidates([]string{k}, near)
						if err != nil {
							t.Fatal(err)
						}
						ids := map[string]bool{}
						for _, e := range es {
							if e.date == noBandDate || near(e.date) {
								ids[e.id] = true
							}
						}
						if w := slices.Sorted(maps.Keys(ids)); !slices.Equal(got, w) {
							t.Errorf("%s: key %s, dates near %d: candidates %v, want %v", name, k, center, got, w)
						}
					}
				}
				if n := len(tb.runs); n > 2*bitsLen(len(entries)*17*tc.batches) {
					t.Errorf("%s: %d runs", name, n)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, bandTableFile)); err != nil {
				t.Error(err)
			}
		})
	}
}

// writeUndatedBlock appends recs to t's file and memory as the band table
// wrote them before records had dates (bandBlockMagicUndated).
func writeUndatedBlock(t *bandTable, recs []bandRecord) error {
	block := make([]byte, 12)
	copy(block, bandBlockMagicUndated[:])
	var buf [8]byte
	undated := make([]bandRecord, len(recs))
	for i, r := range recs {
		block = binary.AppendUvarint(block, uint64(len(r.id)))
		block = append(block, r.id...)
		block = binary.AppendUvarint(block, uint64(len(r.keys)))
		for _, k := range r.keys {
			binary.BigEndian.PutUint64(buf[:], k)
			block = append(block, buf[8-bandKeyBytes:]...)
		}
		undated[i] = r
		undated[i].date = noBandDate
	}
	binary.LittleEndian.PutUint32(block[4:], uint32(len(block)-12))
	binary.LittleEndian.PutUint32(block[8:], crc32.Checksum(block[12:], crcTable))
	f, err := os.OpenFile(t.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(block); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	t.add(undated)
	return nil
}

func bitsLen(n int) int {
	b := 1
	for n > 1 {
		n /= 2
		b++
	}
	return b
}

// TestBandKeyRejectsBadKeys: a key that is not 5 bytes of base64 is an
// error naming it, never a panic.
func TestBandKeyRejectsBadKeys(t *testing.T) {
	for _, k := range []string{"", "abc", "AAAAAAAA", "!!!!!!!"} {
		if _, err := bandKey(k); err == nil {
			t.Errorf("bandKey(%q): no error", k)
		}
	}
	if _, err := bandKey("AAAAAAA"); err != nil {
		t.Errorf("bandKey of a 7-character key: %v", err)
	}
}

// TestSortRunOrdersByKey compares the radix sort of band runs with a
// stable sort of the pairs, on 40-bit keys of which many repeat.
func TestSortRunOrdersByKey(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 2, 255, 256, 5000} {
		var run bandRun
		for i := range n {
			k := r.Uint64() >> 24 // 40 bits
			if i > 0 && r.IntN(3) == 0 {
				k = run.keys[r.IntN(i)]
			}
			run.keys, run.ords = append(run.keys, k), append(run.ords, uint32(i))
		}
		type pair struct {
			key uint64
			ord uint32
		}
		want := make([]pair, n)
		for i := range want {
			want[i] = pair{run.keys[i], run.ords[i]}
		}
		slices.SortStableFunc(want, func(a, b pair) int { return cmp.Compare(a.key, b.key) })
		got := sortRun(run)
		for i := range want {
			if got.keys[i] != want[i].key || got.ords[i] != want[i].ord {
				t.Fatalf("%d entries: entry %d is (%x, %d), want (%x, %d)", n, i, got.keys[i], got.ords[i], want[i].key, want[i].ord)
			}
		}
	}
}

// TestBandTableFromANewerNewsdesk: a whole block of a newer format is an
// error naming the table, and the table is left as it was, not cut off
// as a damaged end.
func TestBandTableFromANewerNewsdesk(t *testing.T) {
	dir := t.TempDir()
	tb, err := openBandTable(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := newBandRecord("a1", 0, []string{"AAAAAAA"})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.write([]bandRecord{rec}); err != nil {
		t.Fatal(err)
	}
	newer := encodeBandBlock([]bandRecord{rec})
	newer[3] = bandBlockMagic[3] + 1
	f, err := os.OpenFile(tb.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(newer); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(tb.path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = openBandTable(dir)
	if err == nil || !strings.Contains(err.Error(), "newer newsdesk") || !strings.Contains(err.Error(), tb.path) {
		t.Errorf("a table with a block of a newer format: %v", err)
	}
	if after, _ := os.ReadFile(tb.path); !bytes.Equal(after, before) {
		t.Errorf("the table changed from %d to %d bytes", len(before), len(after))
	}
}
