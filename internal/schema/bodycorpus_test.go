package schema_test

import (
	"bytes"
	stdflate "compress/flate"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/golang/snappy"
	kflate "github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// reutersDir is the Reuters-21578 corpus beside the worktree, absent where
// users run the tests.
const reutersDir = "../../../shared/corpus/reuters21578"

// readBodies returns the non-empty body texts, as the index stores them,
// of every article under dirs.
func readBodies(tb testing.TB, dirs ...string) []string {
	tb.Helper()
	var bodies []string
	for ev := range ingest.Read(context.Background(), dirs, ingest.Options{}) {
		if ev.Err != nil {
			tb.Logf("%s: %v", ev.File, ev.Err)
		}
		if ev.Article == nil {
			continue
		}
		if text := ev.Article.BodyText(); text != "" {
			bodies = append(bodies, text)
		}
	}
	if len(bodies) == 0 {
		tb.Fatalf("no article bodies in %v", dirs)
	}
	return bodies
}

// reutersBodies returns the Reuters bodies, or skips when the corpus is
// absent.
func reutersBodies(tb testing.TB) []string {
	tb.Helper()
	if _, err := os.Stat(reutersDir); err != nil {
		tb.Skipf("no Reuters corpus: %v", err)
	}
	return readBodies(tb, reutersDir)
}

// TestBodyCorpusRoundTrip checks that every body of the test articles (of
// every export format) and, when present, of Reuters-21578 reads back
// exactly as it was encoded, and is stored smaller than its text.
func TestBodyCorpusRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		bodies func(testing.TB) []string
	}{
		{"testdata", func(tb testing.TB) []string {
			return readBodies(tb, filepath.Join("..", "..", "testdata", "formats"), filepath.Join("..", "..", "testdata", "positional"))
		}},
		{"reuters", reutersBodies},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bodies := tc.bodies(t)
			var text, stored int
			for i, body := range bodies {
				enc := schema.EncodeBody(body)
				got, err := schema.DecodeBody(enc)
				if err != nil {
					t.Fatalf("body %d (%.40q): %v", i, body, err)
				}
				if got != body {
					t.Fatalf("body %d: read back %.60q, want %.60q", i, got, body)
				}
				text += len(body)
				stored += len(enc)
			}
			if stored >= text {
				t.Errorf("%d bodies stored in %d bytes, not less than their %d bytes of text", len(bodies), stored, text)
			}
			t.Logf("%d bodies, %d bytes of text stored in %d", len(bodies), text, stored)
		})
	}
}

// BenchmarkBodyReuters measures the stored body on Reuters' real bodies:
// per body, the time to decode (what a shown hit pays) and to encode (what
// ingest pays), and the total stored size. One op is one body.
func BenchmarkBodyReuters(b *testing.B) {
	bodies := reutersBodies(b)
	b.Run("decode", func(b *testing.B) {
		enc := make([]string, len(bodies))
		for i, body := range bodies {
			enc[i] = schema.EncodeBody(body)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := schema.DecodeBody(enc[i%len(enc)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("encode", func(b *testing.B) {
		var stored int
		for _, body := range bodies {
			stored += len(schema.EncodeBody(body))
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			schema.EncodeBody(bodies[i%len(bodies)])
			i++
		}
		// After the loop: b.Loop's first call clears reported metrics.
		b.ReportMetric(float64(stored)/1e6, "stored-MB")
	})
}

// bodyCodec is a candidate compression of stored bodies.
type bodyCodec struct {
	name   string
	encode func([]byte) []byte
	decode func([]byte) ([]byte, error)
}

// candidateCodecs are the codecs weighed for layout 5's stored body
// (docs/index.md), each with its coders reused as the index would.
func candidateCodecs(b *testing.B) []bodyCodec {
	dict := []byte(schema.BodyDict1)
	codecs := []bodyCodec{{"snappy", func(p []byte) []byte { return snappy.Encode(nil, p) }, func(p []byte) ([]byte, error) { return snappy.Decode(nil, p) }}}
	stdR := stdflate.NewReaderDict(bytes.NewReader(nil), dict)
	stdW, err := stdflate.NewWriterDict(nil, 6, dict)
	if err != nil {
		b.Fatal(err)
	}
	codecs = append(codecs, bodyCodec{"deflate-6-dict", func(p []byte) []byte {
		var buf bytes.Buffer
		stdW.Reset(&buf)
		_, _ = stdW.Write(p)
		_ = stdW.Close()
		return buf.Bytes()
	}, func(p []byte) ([]byte, error) {
		if err := stdR.(stdflate.Resetter).Reset(bytes.NewReader(p), dict); err != nil {
			return nil, err
		}
		var out bytes.Buffer
		out.Grow(len(p)*3 + bytes.MinRead)
		_, err := out.ReadFrom(stdR)
		return out.Bytes(), err
	}})
	for _, level := range []int{1, 6} {
		r := kflate.NewReaderDict(bytes.NewReader(nil), dict)
		w, err := kflate.NewWriterDict(nil, level, dict)
		if err != nil {
			b.Fatal(err)
		}
		codecs = append(codecs, bodyCodec{fmt.Sprintf("klauspost-flate-%d-dict", level), func(p []byte) []byte {
			var buf bytes.Buffer
			w.ResetDict(&buf, dict)
			_, _ = w.Write(p)
			_ = w.Close()
			return buf.Bytes()
		}, func(p []byte) ([]byte, error) {
			if err := r.(kflate.Resetter).Reset(bytes.NewReader(p), dict); err != nil {
				return nil, err
			}
			var out bytes.Buffer
			out.Grow(len(p)*3 + bytes.MinRead)
			_, err := out.ReadFrom(r)
			return out.Bytes(), err
		}})
	}
	for _, level := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression} {
		for _, withDict := range []bool{true, false} {
			eopts := []zstd.EOption{zstd.WithEncoderLevel(level), zstd.WithEncoderCRC(false), zstd.WithSingleSegment(true)}
			var dopts []zstd.DOption
			name := fmt.Sprintf("zstd-%s", level)
			if withDict {
				eopts = append(eopts, zstd.WithEncoderDictRaw(0, dict))
				dopts = append(dopts, zstd.WithDecoderDictRaw(0, dict))
				name += "-dict"
			}
			enc, err := zstd.NewWriter(nil, eopts...)
			if err != nil {
				b.Fatal(err)
			}
			dec, err := zstd.NewReader(nil, dopts...)
			if err != nil {
				b.Fatal(err)
			}
			codecs = append(codecs, bodyCodec{name, func(p []byte) []byte { return enc.EncodeAll(p, nil) }, func(p []byte) ([]byte, error) {
				return dec.DecodeAll(p, make([]byte, 0, len(p)*3))
			}})
		}
	}
	s2d := s2.MakeDict(dict, nil)
	codecs = append(codecs,
		bodyCodec{"s2-better-dict", func(p []byte) []byte { return s2d.EncodeBetter(nil, p) }, func(p []byte) ([]byte, error) { return s2d.Decode(nil, p) }},
		bodyCodec{"s2-best-dict", func(p []byte) []byte { return s2d.EncodeBest(nil, p) }, func(p []byte) ([]byte, error) { return s2d.Decode(nil, p) }})
	return codecs
}

// BenchmarkBodyCodecsReuters compares the candidate codecs of the stored
// body on Reuters' bodies: stored-MB is the total size, one op one body.
func BenchmarkBodyCodecsReuters(b *testing.B) {
	bodies := reutersBodies(b)
	raw := make([][]byte, len(bodies))
	for i, body := range bodies {
		raw[i] = []byte(body)
	}
	for _, c := range candidateCodecs(b) {
		enc := make([][]byte, len(raw))
		var stored int
		for i, p := range raw {
			enc[i] = bytes.Clone(c.encode(p))
			stored += len(enc[i])
			if got, err := c.decode(enc[i]); err != nil || !bytes.Equal(got, p) {
				b.Fatalf("%s: body %d does not round-trip (%v)", c.name, i, err)
			}
		}
		b.Run(c.name+"/decode", func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := c.decode(enc[i%len(enc)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(stored)/1e6, "stored-MB")
		})
		b.Run(c.name+"/encode", func(b *testing.B) {
			i := 0
			for b.Loop() {
				c.encode(raw[i%len(raw)])
				i++
			}
		})
	}
}
