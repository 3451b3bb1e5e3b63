package index

import (
	"fmt"
	"testing"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// TestDupKeysHoldEveryKeyAdded adds keys past the capacity of several
// layers: every key added must be found (a key missed would lose a
// duplicate), and few keys never added may be.
func TestDupKeysHoldEveryKeyAdded(t *testing.T) {
	for _, n := range []int{0, 1, bloomFirst - 1, bloomFirst + 1, 5 * bloomFirst} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			k := newDupKeys()
			for i := range n {
				k.add(schema.FieldDupBands, fmt.Sprintf("band%d", i))
			}
			for i := range n {
				if !k.mayHold(schema.FieldDupBands, fmt.Sprintf("band%d", i)) {
					t.Fatalf("key %d of %d added is not found", i, n)
				}
			}
			const others = 20000
			found := 0
			for i := range others {
				// The same term in the other field, and terms never added.
				if k.mayHold(schema.FieldDupExact, fmt.Sprintf("band%d", i)) {
					found++
				}
				if k.mayHold(schema.FieldDupBands, fmt.Sprintf("other%d", i)) {
					found++
				}
			}
			if rate := float64(found) / (2 * others); rate > 0.01 {
				t.Errorf("%d keys added: %.2f%% of keys not added are found, want at most 1%%", n, 100*rate)
			}
		})
	}
}
