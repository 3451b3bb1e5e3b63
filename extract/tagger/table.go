package tagger

// featTable is the model's feature index as an open-addressing hash table
// with each feature's weights beside its hash: one cache line per feature
// looked up, where a Go map and a separate weight row cost two or three
// misses. Tagging spends most of its time here (docs/names-tagger.md,
// "Speed and size").
type featTable struct {
	slots []featSlot
	mask  uint64
}

type featSlot struct {
	key  uint64
	w    [numLabels]int16
	used bool
}

// newFeatTable builds the table of index (feature hash → row of weights),
// at most three quarters full (smaller is faster: the table is read at random).
func newFeatTable(index map[uint64]int32, weights []int16) featTable {
	n := 16
	for n < len(index)+len(index)/3 {
		n <<= 1
	}
	t := featTable{slots: make([]featSlot, n), mask: uint64(n - 1)}
	for k, r := range index {
		i := mix(k) & t.mask
		for t.slots[i].used {
			i = (i + 1) & t.mask
		}
		s := &t.slots[i]
		s.key, s.used = k, true
		copy(s.w[:], weights[int(r)*numLabels:(int(r)+1)*numLabels])
	}
	return t
}

// get returns the weights of feature k, nil when the model lacks it.
func (t *featTable) get(k uint64) *[numLabels]int16 {
	for i := mix(k) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if !s.used {
			return nil
		}
		if s.key == k {
			return &s.w
		}
	}
}

// mix spreads the bits of an FNV hash over the low bits the table uses.
func mix(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	return k
}

// prefetch reads the first slot of each of keys, which get will read, and
// returns their keys' XOR for the caller to keep. The reads do not depend
// on one another, so the processor overlaps their cache misses, where
// get's probing, which branches on each, waits for them one at a time.
func (t *featTable) prefetch(keys []uint64) uint64 {
	var x uint64
	for _, k := range keys {
		x ^= t.slots[mix(k)&t.mask].key
	}
	return x
}
