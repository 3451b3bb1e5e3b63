package index

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestBandTableCandidates writes batches of generated records (few key
// values, so keys are shared, and ids written again) to a band table in
// memory and on disk, and compares every lookup with a map of all keys,
// before and after the file is read back: the runs merge as they grow, so
// each batch size exercises other merges.
func TestBandTableCandidates(t *testing.T) {
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
			want := map[string]map[string]bool{}
			for b := range tc.batches {
				recs := make([]bandRecord, tc.batch)
				for i := range recs {
					id := fmt.Sprintf("a%d", r.IntN(tc.batches*tc.batch/2+1))
					var keys []string
					for range r.IntN(17) {
						k := key()
						keys = append(keys, k)
						if want[k] == nil {
							want[k] = map[string]bool{}
						}
						want[k][id] = true
					}
					if recs[i], err = newBandRecord(id, keys); err != nil {
						t.Fatal(err)
					}
				}
				for _, tb := range []*bandTable{mem, disk} {
					if err := tb.write(recs); err != nil {
						t.Fatalf("batch %d: %v", b, err)
					}
				}
			}
			again, err := openBandTable(dir)
			if err != nil {
				t.Fatal(err)
			}
			for name, tb := range map[string]*bandTable{"memory": mem, "disk": disk, "read back": again} {
				for k, ids := range want {
					got, err := tb.candidates([]string{k})
					if err != nil {
						t.Fatal(err)
					}
					if w := slices.Sorted(maps.Keys(ids)); !slices.Equal(got, w) {
						t.Errorf("%s: key %s: candidates %v, want %v", name, k, got, w)
					}
				}
				if n := len(tb.runs); n > 2*bitsLen(len(want)*17*tc.batches) {
					t.Errorf("%s: %d runs", name, n)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, bandTableFile)); err != nil {
				t.Error(err)
			}
		})
	}
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
