package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The keys several articles share (sharedKeys) take one pass over every
// article's key to find: about 0.9 s of CPU on a million articles, most of
// a `newsdesk search` that browses them, paid again by every process. A
// read-only engine with Config.Dir keeps what it found in a file in the
// index folder, stamped with the segments it was found on (file, checksum,
// documents, deletions: a segment never loses a deletion, so the same
// stamp is the same set of articles, numbered the same way). A writer
// changes the segments, and with them the stamp: a file whose stamp
// differs is found again and written anew. Writing it is best effort: an
// index folder that cannot be written to only goes without.

// sharedFileMagic starts a shared keys file.
var sharedFileMagic = [4]byte{'N', 'D', 'S', '1'}

// sharedFileName is the file of the shared keys of field in the index
// folder.
func sharedFileName(dir, field string) string {
	return filepath.Join(dir, "shared_"+field+".nds")
}

// segmentsStamp identifies the segments r reads and their deletions, or
// is "" when one of them is not a segment file (nothing is kept then).
func segmentsStamp(r bindex.IndexReader, articleKind bool) string {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return ""
	}
	var b []byte
	b = strconv.AppendBool(b, articleKind)
	for _, ss := range snap.Segments() {
		seg, ok := ss.Segment().(interface {
			Path() string
			CRC() uint32
		})
		if !ok || seg.Path() == "" {
			return ""
		}
		deleted := uint64(0)
		if d := ss.Deleted(); d != nil {
			deleted = d.GetCardinality()
		}
		b = fmt.Appendf(b, ";%s:%08x:%d:%d", filepath.Base(seg.Path()), seg.CRC(), ss.Count(), deleted)
	}
	return string(b)
}

// encodeShared writes set with its stamp: the stamp, each key with its
// count, then each member's number and the ordinal of its key; a CRC-32C
// of all of it last.
func encodeShared(stamp string, set *sharedSet) []byte {
	out := append([]byte(nil), sharedFileMagic[:]...)
	out = binary.AppendUvarint(out, uint64(len(stamp)))
	out = append(out, stamp...)
	ords := make(map[string]uint64, len(set.keys))
	out = binary.AppendUvarint(out, uint64(len(set.keys)))
	for k, n := range set.keys {
		ords[k] = uint64(len(ords))
		out = binary.AppendUvarint(out, uint64(len(k)))
		out = append(out, k...)
		out = binary.AppendUvarint(out, uint64(n))
	}
	out = binary.AppendUvarint(out, uint64(len(set.members)))
	for i, num := range set.numbers {
		out = binary.AppendUvarint(out, num)
		out = binary.AppendUvarint(out, ords[set.memberKeys[i]])
	}
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, crcTable))
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errSharedFile is any fault of a shared keys file: it is found again.
var errSharedFile = errors.New("shared keys file damaged")

// decodeShared reads a shared keys file, or returns nil when its stamp is
// not stamp.
func decodeShared(data []byte, stamp string) (*sharedSet, error) {
	if len(data) < len(sharedFileMagic)+4 || !bytes.Equal(data[:4], sharedFileMagic[:]) {
		return nil, errSharedFile
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return nil, errSharedFile
	}
	p := body[4:]
	next := func() uint64 {
		n, w := binary.Uvarint(p)
		if w <= 0 {
			p = nil
			return 0
		}
		p = p[w:]
		return n
	}
	bytesOf := func() (string, bool) {
		n := next()
		if n > uint64(len(p)) {
			return "", false
		}
		s := string(p[:n])
		p = p[n:]
		return s, true
	}
	if got, ok := bytesOf(); !ok || got != stamp {
		return nil, nil
	}
	nkeys := next()
	if nkeys > uint64(len(p)) {
		return nil, errSharedFile
	}
	set := &sharedSet{keys: make(map[string]uint32, nkeys)}
	keys := make([]string, nkeys)
	for i := range keys {
		k, ok := bytesOf()
		if !ok {
			return nil, errSharedFile
		}
		keys[i] = k
		set.keys[k] = uint32(next())
	}
	nmembers := next()
	if nmembers > uint64(len(p)) {
		return nil, errSharedFile
	}
	for range nmembers {
		num, ord := next(), next()
		if ord >= nkeys {
			return nil, errSharedFile
		}
		set.members = append(set.members, bindex.NewIndexInternalID(nil, num))
		set.numbers = append(set.numbers, num)
		set.memberKeys = append(set.memberKeys, keys[ord])
	}
	if len(p) != 0 {
		return nil, errSharedFile
	}
	return set, nil
}

// loadShared returns the shared keys of field kept in dir for the index
// state stamp, or nil when none are.
func loadShared(dir, field, stamp string) *sharedSet {
	data, err := os.ReadFile(sharedFileName(dir, field))
	if err != nil {
		return nil
	}
	set, err := decodeShared(data, stamp)
	if err != nil {
		return nil
	}
	return set
}

// storeShared keeps set in dir for the index state stamp, replacing the
// file whole; a folder that cannot be written to keeps nothing.
func storeShared(dir, field, stamp string, set *sharedSet) {
	f, err := os.CreateTemp(dir, ".shared-*")
	if err != nil {
		return
	}
	_, err = f.Write(encodeShared(stamp, set))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), sharedFileName(dir, field))
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// KeepSharedKeys finds the articles that share a key of field, as the
// first search collapsing on field would, and keeps them for this engine's
// searches and, with Config.Dir, in the index folder for the next process
// (or reads them from there when a process before kept them for the same
// segments). An engine that does not cache a read-only index keeps
// nothing and does nothing.
func (e *Engine) KeepSharedKeys(ctx context.Context, field string) error {
	_, err := e.sharedKeys(ctx, field)
	return err
}

// keptSharedKeys finds the keys of field several articles share, or reads
// them from the file a process before kept them in for the same state of
// the index.
func (e *Engine) keptSharedKeys(ctx context.Context, field string) (*sharedSet, error) {
	if e.dir == "" {
		return e.findSharedKeys(ctx, field)
	}
	r, err := e.reader()
	if err != nil {
		return nil, err
	}
	stamp := segmentsStamp(r, e.articleKind)
	if err := r.Close(); err != nil {
		return nil, err
	}
	if stamp == "" {
		return e.findSharedKeys(ctx, field)
	}
	if set := loadShared(e.dir, field, stamp); set != nil {
		return set, nil
	}
	set, err := e.findSharedKeys(ctx, field)
	if err == nil {
		storeShared(e.dir, field, stamp, set)
	}
	return set, err
}
