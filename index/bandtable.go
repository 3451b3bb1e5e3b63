package index

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// The LSH band keys of the articles (dedup.Hasher.BandKeys) are read only
// by the writer's duplicate detection, to find the earlier articles that
// may be near duplicates of the ones being written. Up to layout 4 they
// were 16 indexed terms per article (FieldDupBands): almost every key is
// unique, and bleve pays for a unique term in every segment it builds and
// merges (dictionary entry, posting list, norms), which on Reuters-21578
// was about a tenth of the ingest's CPU and 4.6 MB of the index. From
// BandTableLayout on they live in a band table beside the index instead:
// an append-only file (bandTableFile) the writer reads into memory when it
// first writes, searched by binary search.
//
// The table is written before the bleve batch whose articles it lists, so
// it never misses a key the index holds; it may list more (a batch that
// failed after its keys were written, the keys of an older version of an
// article). Those extras cost nothing but a candidate more: every
// candidate is read back from the index and kept only when the
// fingerprint of its stored body shares a band key with the article
// compared, which is exactly the set the indexed terms gave.
//
// Each record also carries its article's publication date (blocks from
// bandBlockMagic on; older blocks have none). Near duplicates must be
// published within dedup.Params.Window of each other, so a lookup drops
// the entries dated outside the window of the article compared before
// any candidate is read back: on a million generated articles spread over
// years, reading back every article that shared a band key was half the
// CPU of an ingest. An entry of an older version of an article may carry
// another date than the indexed one, but the indexed version's own entry
// carries the indexed date, and without a band key of its own a candidate
// is dropped anyway: the window drops nothing the index would keep.

// bandTableFile is the name of the band table in the index folder.
const bandTableFile = "dup_bands.ndt"

// bandBlockMagic starts every block of the band table: one block per batch.
// Blocks of bandBlockMagicUndated, written before the records had dates,
// are read with every date unknown.
var (
	bandBlockMagic        = [4]byte{'N', 'D', 'B', '2'}
	bandBlockMagicUndated = [4]byte{'N', 'D', 'B', '1'}
)

// noBandDate is the date of a record whose article is undated, or whose
// date the table does not know: a candidate whatever the window.
const noBandDate = math.MinInt64

// bandKeyBytes is the size of a band key (dedup.BandKeys: 40 bits).
const bandKeyBytes = 5

// bandRecord is one article's band keys, as written to the table.
type bandRecord struct {
	id   string
	date int64    // publication time in Unix seconds, or noBandDate
	keys []uint64 // dedup band keys as numbers (bandKey)
}

// newBandRecord is the record of article id, published at date (Unix
// seconds, or noBandDate), with the band keys keys (dedup.Hasher.BandKeys).
func newBandRecord(id string, date int64, keys []string) (bandRecord, error) {
	r := bandRecord{id: id, date: date, keys: make([]uint64, len(keys))}
	for i, k := range keys {
		n, err := bandKey(k)
		if err != nil {
			return bandRecord{}, fmt.Errorf("article %s: %w", id, err)
		}
		r.keys[i] = n
	}
	return r, nil
}

// bandTable maps band keys to the ids of the articles that had them when
// written. Entries are kept in sorted runs, merged as they grow (like a
// log-structured merge tree), so adding a batch costs about its own size
// and a lookup one binary search per run.
type bandTable struct {
	path  string // the table file; "" for an index held in memory
	ids   []string
	dates []int64 // of each record, as ids
	runs  []bandRun
	// undated is set when the file has blocks of records without dates:
	// the writer dates them from the index and writes the table again
	// (banddates.go).
	undated bool
}

// bandRun is a sorted run of entries: keys[i] belongs to ids[ords[i]].
type bandRun struct {
	keys []uint64
	ords []uint32
}

// Len is the number of entries.
func (r bandRun) Len() int { return len(r.keys) }

// bandKey decodes a band key to a number.
func bandKey(k string) (uint64, error) {
	var buf [8]byte
	if base64.RawURLEncoding.DecodedLen(len(k)) != bandKeyBytes {
		return 0, fmt.Errorf("band key %q: not %d bytes of base64", k, bandKeyBytes)
	}
	n, err := base64.RawURLEncoding.Decode(buf[8-bandKeyBytes:], []byte(k))
	if err != nil || n != bandKeyBytes {
		return 0, fmt.Errorf("band key %q: not %d bytes of base64", k, bandKeyBytes)
	}
	return binary.BigEndian.Uint64(buf[:]), nil
}

// openBandTable reads the band table of the index at dir ("" for none: an
// empty table held in memory only). A block cut short or damaged (a
// crash while it was written) ends the table: it and what follows are cut
// off, and the articles of that batch were never written to the index
// either, since the table is written first.
func openBandTable(dir string) (*bandTable, error) {
	t := &bandTable{}
	if dir == "" {
		return t, nil
	}
	t.path = filepath.Join(dir, bandTableFile)
	data, err := os.ReadFile(t.path)
	if errors.Is(err, os.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read band table: %w", err)
	}
	// One run of every entry, sorted once: a million articles' table is
	// read without a string per key. The blocks are counted first, so
	// that 16 million entries are not copied as their slices grow.
	type block struct {
		payload []byte
		dated   bool
	}
	var blocks []block
	good, ids, keys := 0, 0, 0
	for good < len(data) {
		payload, version, next, ok := nextBandBlock(data, good)
		if !ok {
			break
		}
		if version > bandBlockMagic[3] {
			// Cutting it off as damaged would lose what a newer
			// newsdesk wrote.
			return nil, fmt.Errorf("band table %s: written by a newer newsdesk (block format %c at byte %d); use that version", t.path, version, good)
		}
		dated := version == bandBlockMagic[3]
		ni, nk := 0, 0
		err := walkBandBlock(payload, dated, func(_ []byte, _ int64, k []byte) {
			ni, nk = ni+1, nk+len(k)/bandKeyBytes
		})
		if err != nil || ids+ni > 1<<32-1 {
			break
		}
		blocks = append(blocks, block{payload, dated})
		ids, keys, good = ids+ni, keys+nk, next
	}
	t.ids, t.dates = make([]string, 0, ids), make([]int64, 0, ids)
	run := bandRun{keys: make([]uint64, 0, keys), ords: make([]uint32, 0, keys)}
	var buf [8]byte
	for _, b := range blocks {
		_ = walkBandBlock(b.payload, b.dated, func(id []byte, date int64, keys []byte) {
			ord := uint32(len(t.ids))
			t.ids, t.dates = append(t.ids, string(id)), append(t.dates, date)
			for ; len(keys) > 0; keys = keys[bandKeyBytes:] {
				copy(buf[8-bandKeyBytes:], keys[:bandKeyBytes])
				run.keys, run.ords = append(run.keys, binary.BigEndian.Uint64(buf[:])), append(run.ords, ord)
			}
		})
		t.undated = t.undated || !b.dated
	}
	if good < len(data) {
		if err := os.Truncate(t.path, int64(good)); err != nil {
			return nil, fmt.Errorf("band table %s: cut off its damaged end at byte %d: %w", t.path, good, err)
		}
	}
	if run.Len() > 0 {
		t.runs = []bandRun{sortRun(run)}
	}
	return t, nil
}

// nextBandBlock returns the payload of the block at off, the version of
// its format (the last byte of its magic: bandBlockMagicUndated,
// bandBlockMagic or a newer one) and the offset after it, or false when
// there is no whole, undamaged block there.
func nextBandBlock(data []byte, off int) (payload []byte, version byte, next int, ok bool) {
	const head = 12 // magic, length, CRC-32C
	if len(data)-off < head || !bytes.Equal(data[off:off+3], bandBlockMagic[:3]) {
		return nil, 0, 0, false
	}
	version = data[off+3]
	n := int(binary.LittleEndian.Uint32(data[off+4:]))
	sum := binary.LittleEndian.Uint32(data[off+8:])
	if version < bandBlockMagicUndated[3] || n > len(data)-off-head {
		return nil, 0, 0, false
	}
	payload = data[off+head : off+head+n]
	if crc32.Checksum(payload, crcTable) != sum {
		return nil, 0, 0, false
	}
	return payload, version, off + head + n, true
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// encodeBandBlock writes recs as one block: per article, the length of its
// id, the id, its date (a signed varint), the number of keys and the keys
// as bytes.
func encodeBandBlock(recs []bandRecord) []byte {
	out := make([]byte, 12, 12+len(recs)*(30+16*bandKeyBytes))
	copy(out, bandBlockMagic[:])
	var buf [8]byte
	for _, r := range recs {
		out = binary.AppendUvarint(out, uint64(len(r.id)))
		out = append(out, r.id...)
		out = binary.AppendVarint(out, r.date)
		out = binary.AppendUvarint(out, uint64(len(r.keys)))
		for _, k := range r.keys {
			binary.BigEndian.PutUint64(buf[:], k)
			out = append(out, buf[8-bandKeyBytes:]...)
		}
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-12))
	binary.LittleEndian.PutUint32(out[8:], crc32.Checksum(out[12:], crcTable))
	return out
}

// walkBandBlock calls fn with each record of a block's payload: the
// article's id, its date (noBandDate for all unless dated) and its keys,
// bandKeyBytes each. fn must not keep id or keys.
func walkBandBlock(p []byte, dated bool, fn func(id []byte, date int64, keys []byte)) error {
	for len(p) > 0 {
		n, w := binary.Uvarint(p)
		if w <= 0 || n > uint64(len(p)-w) {
			return errors.New("bad id length")
		}
		id := p[w : w+int(n)]
		p = p[w+int(n):]
		date := int64(noBandDate)
		if dated {
			if date, w = binary.Varint(p); w <= 0 {
				return errors.New("bad date")
			}
			p = p[w:]
		}
		nk, w := binary.Uvarint(p)
		if w <= 0 || nk > uint64((len(p)-w)/bandKeyBytes) {
			return errors.New("bad key count")
		}
		keys := p[w : w+int(nk)*bandKeyBytes]
		p = p[w+len(keys):]
		fn(id, date, keys)
	}
	return nil
}

// write appends recs to the table: to its file first (synced, before the
// index batch that holds them is written), then to memory.
func (t *bandTable) write(recs []bandRecord) error {
	if len(recs) == 0 {
		return nil
	}
	if len(t.ids)+len(recs) > 1<<32-1 {
		return errors.New("band table: more than 4,294,967,295 articles written; make a new index")
	}
	if t.path != "" {
		block := encodeBandBlock(recs)
		f, err := os.OpenFile(t.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return fmt.Errorf("band table: %w", err)
		}
		_, err = f.Write(block)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write band table %s: %w", t.path, err)
		}
	}
	t.add(recs)
	return nil
}

// add puts recs into the in-memory runs.
func (t *bandTable) add(recs []bandRecord) {
	var run bandRun
	for _, r := range recs {
		ord := uint32(len(t.ids))
		t.ids, t.dates = append(t.ids, r.id), append(t.dates, r.date)
		for _, k := range r.keys {
			run.keys = append(run.keys, k)
			run.ords = append(run.ords, ord)
		}
	}
	if len(run.keys) == 0 {
		return
	}
	t.runs = append(t.runs, sortRun(run))
	// Merge while the newest run is at least half the one before: at most
	// about log2(entries) runs, each entry merged about log2 times.
	for len(t.runs) > 1 {
		a, b := t.runs[len(t.runs)-2], t.runs[len(t.runs)-1]
		if 2*b.Len() < a.Len() {
			break
		}
		t.runs = append(t.runs[:len(t.runs)-2], mergeRuns(a, b))
	}
}

// sortRun sorts r's entries by key, equal keys in the order they came: a
// radix sort of the 40-bit keys, a byte a pass. Reading the table of a
// million generated articles (16 million keys, 93 MB) took 22 s with a
// stable sort of the two slices through sort.Interface and 4.8 s sorting
// them as pairs; in a 1M ingest's profile the pair sort was still 4.7 s of
// the 10.8 s that reading the table took.
func sortRun(r bandRun) bandRun {
	n := r.Len()
	keys, ords := r.keys, r.ords
	tmpKeys, tmpOrds := make([]uint64, n), make([]uint32, n)
	for shift := 0; shift < 8*bandKeyBytes; shift += 8 {
		var start [257]int
		for _, k := range keys {
			start[(k>>shift)&0xff+1]++
		}
		for d := 1; d < len(start); d++ {
			start[d] += start[d-1]
		}
		for i, k := range keys {
			d := (k >> shift) & 0xff
			tmpKeys[start[d]], tmpOrds[start[d]] = k, ords[i]
			start[d]++
		}
		keys, tmpKeys = tmpKeys, keys
		ords, tmpOrds = tmpOrds, ords
	}
	return bandRun{keys: keys, ords: ords}
}

// mergeRuns merges two sorted runs, a's entries first among equal keys.
func mergeRuns(a, b bandRun) bandRun {
	out := bandRun{keys: make([]uint64, 0, a.Len()+b.Len()), ords: make([]uint32, 0, a.Len()+b.Len())}
	i, j := 0, 0
	for i < a.Len() || j < b.Len() {
		if j == b.Len() || (i < a.Len() && a.keys[i] <= b.keys[j]) {
			out.keys, out.ords = append(out.keys, a.keys[i]), append(out.ords, a.ords[i])
			i++
		} else {
			out.keys, out.ords = append(out.keys, b.keys[j]), append(out.ords, b.ords[j])
			j++
		}
	}
	return out
}

// candidates returns, sorted and once each, the ids of the articles
// written with any of keys whose date near accepts (those of unknown date
// always).
func (t *bandTable) candidates(keys []string, near func(date int64) bool) ([]string, error) {
	var ids []string
	for _, k := range keys {
		n, err := bandKey(k)
		if err != nil {
			return nil, err
		}
		for _, r := range t.runs {
			i, _ := slices.BinarySearch(r.keys, n)
			for ; i < len(r.keys) && r.keys[i] == n; i++ {
				if d := t.dates[r.ords[i]]; d == noBandDate || near(d) {
					ids = append(ids, t.ids[r.ords[i]])
				}
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
