package index

import (
	"fmt"
	"hash/maphash"
	"strings"
)

// Duplicate detection looks up, per article, its exact digest in the index
// (groupPass.lookup; the LSH band keys are in the band table, bandtable.go,
// but in the test mode that indexes them, bandsInIndex): every lookup walks
// the term dictionary of every segment, and almost every key has no
// posting at all. On Reuters-21578 those lookups were 6% of the ingest's
// CPU, more as the index grows. A handle that saw its index empty knows
// every key written since, so it keeps them in a Bloom filter and skips the
// lookups of keys it never wrote. A false positive costs only the lookup;
// a key missing from the filter would lose a duplicate, so every key is
// added before its batch is written, and a handle that first saw its index
// with articles in it keeps no filter (it would have to read every key of
// the index first).

// dupKeys is a growing Bloom filter of duplicate keys (field and term): a
// list of filters, each twice the capacity of the one before, the last one
// taking new keys.
type dupKeys struct {
	seed   maphash.Seed
	layers []*bloomLayer
}

// bloomLayer is one Bloom filter of bloomHashes bits per key, for up to
// capacity keys at bloomBitsPerKey bits each: about 0.24% false positives
// when full.
type bloomLayer struct {
	bits     []uint64
	keys     int
	capacity int
}

const (
	bloomBitsPerKey = 16
	bloomHashes     = 4
	// bloomFirst is the capacity of the first layer: 128 KiB, 65,536 keys.
	bloomFirst = 1 << 16
)

func newDupKeys() *dupKeys {
	return &dupKeys{seed: maphash.MakeSeed()}
}

// hash is the 64-bit hash of field and term, split into the two halves of
// the double hashing the layers use.
func (k *dupKeys) hash(field, term string) (uint32, uint32) {
	var h maphash.Hash
	h.SetSeed(k.seed)
	h.WriteString(field)
	h.WriteByte(0)
	h.WriteString(term)
	s := h.Sum64()
	return uint32(s), uint32(s>>32) | 1 // odd: steps through every bit
}

// add records that the index may hold term in field.
func (k *dupKeys) add(field, term string) {
	if len(k.layers) == 0 || k.layers[len(k.layers)-1].keys >= k.layers[len(k.layers)-1].capacity {
		c := bloomFirst
		if len(k.layers) > 0 {
			c = 2 * k.layers[len(k.layers)-1].capacity
		}
		k.layers = append(k.layers, &bloomLayer{bits: make([]uint64, c*bloomBitsPerKey/64), capacity: c})
	}
	h1, h2 := k.hash(field, term)
	l := k.layers[len(k.layers)-1]
	n := uint32(len(l.bits) * 64)
	for i := range uint32(bloomHashes) {
		b := (h1 + i*h2) % n
		l.bits[b/64] |= 1 << (b % 64)
	}
	l.keys++
}

// addAll records each space-separated term of terms (a dup_bands value).
func (k *dupKeys) addAll(field, terms string) {
	for t := range strings.FieldsSeq(terms) {
		k.add(field, t)
	}
}

// mayHold reports whether term in field may have been added: false means
// it was not.
func (k *dupKeys) mayHold(field, term string) bool {
	h1, h2 := k.hash(field, term)
	for _, l := range k.layers {
		n := uint32(len(l.bits) * 64)
		all := true
		for i := range uint32(bloomHashes) {
			b := (h1 + i*h2) % n
			if l.bits[b/64]&(1<<(b%64)) == 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// checkDupKeys starts ix's filter of duplicate keys if ix has not written
// yet and its index is empty. ix.writeMu must be held.
func (ix *Index) checkDupKeys() error {
	if ix.dupKeysChecked {
		return nil
	}
	n, err := ix.b.DocCount()
	if err != nil {
		return fmt.Errorf("count documents: %w", err)
	}
	ix.dupKeysChecked = true
	if n == 0 && ix.dedup == dedupFull {
		ix.dupKeys = newDupKeys()
	}
	return nil
}
