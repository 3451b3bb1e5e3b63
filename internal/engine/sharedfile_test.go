package engine

import (
	"reflect"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"
)

// TestSharedFileRoundTrip: a shared keys file reads back as it was
// written for its own stamp, as nothing for another, and as an error,
// never a panic, when cut short or changed anywhere.
func TestSharedFileRoundTrip(t *testing.T) {
	set := &sharedSet{keys: map[string]uint32{"GEN00001": 2, "GEN00007": 3}}
	for i, k := range []string{"GEN00001", "GEN00007", "GEN00001", "GEN00007", "GEN00007"} {
		num := uint64(3 + 40*i)
		set.members = append(set.members, bindex.NewIndexInternalID(nil, num))
		set.numbers = append(set.numbers, num)
		set.memberKeys = append(set.memberKeys, k)
	}
	const stamp = "true;00000003.zap:1234abcd:500:7"
	data := encodeShared(stamp, set)
	got, err := decodeShared(data, stamp)
	if err != nil || !reflect.DeepEqual(got, set) {
		t.Fatalf("read back: %+v, %v; want %+v", got, err, set)
	}
	if got, err := decodeShared(data, stamp+";00000004.zap:0:1:0"); got != nil || err != nil {
		t.Errorf("another stamp: %+v, %v; want nothing", got, err)
	}
	for n := range len(data) {
		if got, err := decodeShared(data[:n], stamp); got != nil || err == nil {
			t.Errorf("cut to %d bytes: %+v, %v", n, got, err)
		}
	}
	for i := range data {
		changed := append([]byte(nil), data...)
		changed[i] ^= 0x40
		if got, err := decodeShared(changed, stamp); got != nil || err == nil {
			t.Errorf("byte %d changed: %+v, %v", i, got, err)
		}
	}
}
