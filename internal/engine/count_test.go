package engine

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
)

// TestAddMembersCountsAsValueAndDone compares Counter.addMembers with the
// hit-by-hit count it replaces (value, then done, for each member) on
// random members of random shared keys: the same groups, hits, total of
// groups and extra hits.
func TestAddMembersCountsAsValueAndDone(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 50 {
		shared := map[string]uint32{}
		var keys []string
		for k := range 1 + rng.IntN(40) {
			key := fmt.Sprintf("k%d", k)
			size := 2 + rng.IntN(4)
			shared[key] = uint32(size)
			for range size {
				keys = append(keys, key)
			}
		}
		var members []int
		for m := range keys {
			if rng.IntN(3) > 0 {
				members = append(members, m)
			}
		}
		want := newCounter(nil, "dup")
		want.shared, want.restricted = shared, true
		for _, m := range members {
			want.value("dup", []byte(keys[m]))
			if err := want.done(); err != nil {
				t.Fatal(err)
			}
		}
		got := newCounter(nil, "dup")
		got.shared, got.restricted = shared, true
		got.addMembers(keys, members)
		total := uint64(len(keys) + rng.IntN(100))
		if !maps.Equal(got.groups, want.groups) || got.hits != want.hits || got.GroupCount(total) != want.GroupCount(total) || got.Extra() != want.Extra() {
			t.Errorf("case %d: groups %v, %d hits, %d groups of %d, %d extra; want %v, %d, %d, %d", n,
				got.groups, got.hits, got.GroupCount(total), total, got.Extra(), want.groups, want.hits, want.GroupCount(total), want.Extra())
		}
	}
}
