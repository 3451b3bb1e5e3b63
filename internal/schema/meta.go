package schema

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// The stored form of FieldMeta. The article's metadata is JSON of about a
// kilobyte, most of it keys, name types and other words every article
// repeats; bleve compresses each document's stored fields on their own
// with snappy, which finds little to share within one document. Deflated
// with a preset dictionary of those words it takes half the space: on
// Reuters-21578, 19.2 MB of metadata took 13.9 MB with snappy alone and
// 7.1 MB so. The index shrank less, from 75.4 to 70.8 MB: snappy had also
// found the quotations of the metadata again in the body stored beside it.
//
// An encoded value starts with a zero byte, which JSON never does, then the
// version of the dictionary; metadata written as plain JSON (by newsdesk
// before this, or by a test) reads back as it is.

// metaMarker starts an encoded metadata value.
const metaMarker = 0

// metaDict1 is the dictionary of version 1. It must never change: indexes
// hold values deflated with it. A better dictionary is a new version.
// Deflate reaches back 32 KB and codes near matches more cheaply, so the
// most common words come last.
const metaDict1 = `"slugline":"","exchanges":"","credit":"","copy":"","rubric":"","publisher":"","notes":"","date_language":"","date_source":"","code_names":"",` +
	`"format":"factiva-text","format":"factiva-coded","format":"factiva-html","format":"factiva-xml","format":"lexis-text","format":"lexis-html",` +
	`"format":"lexis-docx","format":"europresse-html","format":"csv","format":"jsonl","format":"newsml","format":"nitf","format":"rss","format":"html","format":"xml",` +
	`"extra":{"cgi_split":"TRAINING-SET","dateline":"","has_topics":"YES","has_topics":"NO","lewis_split":"TRAIN","lewis_split":"TEST","new_id":"","old_id":""},` +
	`"byline":"By ","authors":[""],"section":"","source_code":"","edition":"","page":"","copyright":"","url":"https://www.",` +
	`"subjects":[""],"regions":[""],"companies":[""],"industries":[""],"people":[""],"organizations":[""],` +
	`"quotes":[{"text":"","speaker":"","paragraph":1},{"text":"","speaker":"","paragraph":2},{"text":"","paragraph":` +
	`{"name":"","type":"other","mentions":1},{"name":"","type":"place","mentions":1},{"name":"","type":"person","mentions":2,"role":""},` +
	`{"name":"","type":"organization","mentions":1},{"name":"","type":"person","mentions":1},` +
	`{"id":"","headline":"","source":"","date":"T00:00:00Z","language":"en","word_count":,"body":[],"names":[{"name":"","type":"organization","mentions":1},` +
	`"origin":{"file":"","ordinal":,"line":,"format":"reuters-sgml"}}`

// metaCodec deflates and inflates metadata. Its pools hold scratch
// compressors (a deflate writer allocates about a megabyte), not state.
type metaCodec struct {
	writers sync.Pool // *kflate.Writer
	readers sync.Pool // io.ReadCloser that is a flate.Resetter
}

// metaLevel is the deflate level of klauspost's deflate, which writes the
// standard format (read here with the standard library's) at over twice
// the standard library's speed: on Reuters' metadata its level 5 took
// 6.86 MB where the standard library's level 4, within 2% of its level
// 9, took 6.97 MB (BenchmarkMeta: 13 against 30 µs an article); level 1
// ignores most of the dictionary.
const metaLevel = 5

var codec = &metaCodec{}

// EncodeMeta returns the stored form of an article's metadata JSON.
func EncodeMeta(js []byte) string {
	w, _ := codec.writers.Get().(*kflate.Writer)
	var buf bytes.Buffer
	buf.Grow(len(js)/2 + 16)
	buf.WriteByte(metaMarker)
	buf.WriteByte('1')
	if w == nil {
		// Only an invalid level fails, and metaLevel is valid.
		w, _ = kflate.NewWriterDict(&buf, metaLevel, []byte(metaDict1))
	} else {
		w.Reset(&buf)
	}
	// Writes to a bytes.Buffer do not fail.
	_, _ = w.Write(js)
	_ = w.Close()
	codec.writers.Put(w)
	return buf.String()
}

// DecodeMeta returns the metadata JSON of a stored value of FieldMeta,
// written by EncodeMeta or, by older newsdesk, as plain JSON.
func DecodeMeta(stored string) ([]byte, error) {
	if stored == "" || stored[0] != metaMarker {
		return []byte(stored), nil
	}
	if len(stored) < 2 || stored[1] != '1' {
		return nil, fmt.Errorf("stored article metadata: unknown encoding %q (made by a newer newsdesk?)", stored[:min(len(stored), 2)])
	}
	src := bytes.NewReader([]byte(stored[2:]))
	r, _ := codec.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReaderDict(src, []byte(metaDict1))
	} else if err := r.(flate.Resetter).Reset(src, []byte(metaDict1)); err != nil {
		return nil, fmt.Errorf("stored article metadata: %w", err)
	}
	out, err := io.ReadAll(r)
	codec.readers.Put(r)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("truncated")
		}
		return nil, fmt.Errorf("stored article metadata: %w", err)
	}
	return out, nil
}
