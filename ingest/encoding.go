package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/article"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names the character encoding an input was decoded from.
type Encoding string

// Encodings DecodeText recognises.
const (
	UTF8        Encoding = "utf-8"
	UTF8BOM     Encoding = "utf-8-bom"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
	Windows1252 Encoding = "windows-1252"
)

// MaxLineBytes is the longest input line the parsers accept. Longer lines
// are reported as errors and skipped rather than exhausting memory.
const MaxLineBytes = 64 << 20

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// DecodeText turns the raw bytes of a text export into clean UTF-8: it strips
// a UTF-8 byte order mark, decodes UTF-16 with a byte order mark, decodes
// lines that are not valid UTF-8 as Windows-1252 (the usual encoding of
// exports saved on Windows; its five undefined bytes become U+FFFD), turns CRLF and lone CR into LF, drops control
// characters other than newline and tab, and normalises to NFC.
//
// The returned Encoding is the one detected; Windows1252 means at least one
// line needed the fallback. Deciding line by line keeps files that mix UTF-8
// and Windows-1252 (concatenated exports) readable.
func DecodeText(b []byte) (string, Encoding, error) {
	enc := UTF8
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b, enc = b[len(bomUTF8):], UTF8BOM
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		var err error
		if b, enc, err = decodeUTF16(b); err != nil {
			return "", enc, err
		}
	}
	if !utf8.Valid(b) {
		lines := bytes.Split(b, []byte{'\n'})
		var buf bytes.Buffer
		buf.Grow(len(b) + len(b)/8)
		for i, l := range lines {
			if i > 0 {
				buf.WriteByte('\n')
			}
			s, fellBack := decodeLine(l)
			if fellBack {
				enc = Windows1252
			}
			buf.WriteString(s)
		}
		return article.CleanText(buf.String()), enc, nil
	}
	return article.CleanText(string(b)), enc, nil
}

// decodeUTF16 decodes b, which starts with a UTF-16 byte order mark, to UTF-8.
func decodeUTF16(b []byte) ([]byte, Encoding, error) {
	enc, endian := UTF16LE, xunicode.LittleEndian
	if bytes.HasPrefix(b, bomUTF16BE) {
		enc, endian = UTF16BE, xunicode.BigEndian
	}
	out, _, err := transform.Bytes(xunicode.UTF16(endian, xunicode.ExpectBOM).NewDecoder(), b)
	if err != nil {
		return nil, enc, fmt.Errorf("decode %s: %w", enc, err)
	}
	return out, enc, nil
}

// decodeLine returns l as a string, decoding it as Windows-1252 when it is
// not valid UTF-8; fellBack reports whether it did.
func decodeLine(l []byte) (s string, fellBack bool) {
	if utf8.Valid(l) {
		return string(l), false
	}
	// The Windows-1252 decoder maps every byte to a rune, so it cannot fail.
	out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), l)
	if err != nil {
		return strings.ToValidUTF8(string(l), "\uFFFD"), true
	}
	return string(out), true
}

// errLineTooLong is wrapped by the errors reported for over-long lines.
var errLineTooLong = errors.New("line too long")

// lineReader reads decoded, cleaned lines from an input stream. It applies
// DecodeText's rules one line at a time so that large inputs are not held in
// memory. Lone CRs split lines, so line numbers match what editors show.
type lineReader struct {
	br      *bufio.Reader
	enc     Encoding
	max     int
	n       int      // line number of the last line returned
	pending []string // lines split off at lone CRs, not yet returned
	eof     bool
}

// newLineReader sniffs r for a byte order mark and prepares to read lines of
// at most max bytes (MaxLineBytes if max <= 0).
func newLineReader(r io.Reader, max int) *lineReader {
	if max <= 0 {
		max = MaxLineBytes
	}
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	lr := &lineReader{br: br, enc: UTF8, max: max}
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(len(bomUTF8))
		lr.enc = UTF8BOM
	case bytes.HasPrefix(head, bomUTF16LE):
		lr.enc = UTF16LE
		lr.br = bufio.NewReaderSize(transform.NewReader(br,
			xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()), 64<<10)
	case bytes.HasPrefix(head, bomUTF16BE):
		lr.enc = UTF16BE
		lr.br = bufio.NewReaderSize(transform.NewReader(br,
			xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()), 64<<10)
	}
	return lr
}

// next returns the next line without its terminator and its 1-based number.
// At the end of input it returns io.EOF. A line longer than the limit yields
// an error wrapping errLineTooLong; reading may continue after it.
func (lr *lineReader) next() (string, int, error) {
	if len(lr.pending) > 0 {
		s := lr.pending[0]
		lr.pending = lr.pending[1:]
		lr.n++
		return s, lr.n, nil
	}
	if lr.eof {
		return "", lr.n, io.EOF
	}
	raw, tooLong, err := lr.readRaw()
	if err == io.EOF {
		lr.eof = true
		if raw == nil && !tooLong {
			return "", lr.n, io.EOF
		}
	} else if err != nil {
		return "", lr.n, err
	}
	if tooLong {
		lr.n++
		return "", lr.n, fmt.Errorf("line longer than %s: %w", byteSize(lr.max), errLineTooLong)
	}
	raw = bytes.TrimSuffix(raw, []byte{'\r'})
	s, fellBack := decodeLine(raw)
	if fellBack {
		lr.enc = Windows1252
	}
	if strings.IndexByte(s, '\r') >= 0 {
		parts := strings.Split(s, "\r")
		for i := range parts {
			parts[i] = article.CleanText(parts[i])
		}
		lr.pending = parts[1:]
		s = parts[0]
	} else {
		s = article.CleanText(s)
	}
	lr.n++
	return s, lr.n, nil
}

// readRaw reads up to and excluding the next '\n'. It returns nil at the end
// of input. A line over the limit is consumed and reported by tooLong.
func (lr *lineReader) readRaw() (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > lr.max+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
			return buf, tooLong, io.EOF
		case err != nil:
			return nil, false, err
		}
		return bytes.TrimSuffix(buf, []byte{'\n'}), tooLong, nil
	}
}

// byteSize formats a limit for messages: "64 MiB", or "100 bytes".
func byteSize(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// looksBinary reports whether head, the first bytes of a file, is not text:
// it holds NUL bytes (outside UTF-16) or mostly control characters.
func looksBinary(head []byte) bool {
	if len(head) == 0 || bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
		return false
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*10 > len(head)
}
