package ingest

import (
	"errors"
	"fmt"
	"io"
)

// DefaultParseMemory is the memory one document parsed whole may take when
// Options.ParseMemory is 0.
const DefaultParseMemory = 2 << 30

// ErrTooLarge is wrapped by the error reported for a document larger than
// its format's limit (see Options.DocumentLimit); the document is skipped
// and reading goes on with the next file or archive member.
var ErrTooLarge = errors.New("too large to parse whole")

// parseCost is the heap one input byte takes, at worst, when a format is
// parsed whole: the largest peak heap per byte measured on hostile inputs
// (re-opened formatting elements in HTML: 119; an RSS description full of
// them: 118; a code element per 18 bytes of Factiva XML: 18; one-letter
// paragraphs in DOCX: 13, tiny articles in DOCX: 18 on a loaded machine),
// with a margin; TestParseCostHolds checks it and
// docs/memory.md has the figures. Real exports cost far less (7–12 bytes
// per byte of HTML). Formats read as a stream are bounded per line and per
// article instead, and have no entry.
var parseCost = map[Format]int64{
	FormatHTML:        160, // golang.org/x/net/html builds the whole DOM
	FormatFactivaHTML: 160,
	FormatLexisHTML:   160,
	FormatEuropresse:  160,
	FormatNewsML:      160, // element tree, and RSS descriptions parsed as HTML
	FormatNITF:        160,
	FormatRSS:         160,
	FormatFactivaXML:  24, // text held whole, articles decoded one at a time
	FormatLexisDOCX:   24, // word/document.xml streamed, paragraphs kept
	FormatZip:         4,  // an archive inside an archive, or on standard input, held in memory (read in doubling steps) while its members are parsed
}

// DocumentLimit returns the largest input of format f that is parsed whole
// (HTML, XML, the word/document.xml of a DOCX, an archive held in memory):
// ParseMemory divided by the most memory f was measured to take per input
// byte. It returns 0 for formats read as a stream (their memory is bounded
// per line and per article, whatever the file's size). For the generic
// FormatXML it returns the limit of the XML format that allows most; the
// limit of the vocabulary found then applies.
func (o Options) DocumentLimit(f Format) int64 {
	mem := o.ParseMemory
	if mem <= 0 {
		mem = DefaultParseMemory
	}
	if f == FormatXML {
		return max(o.DocumentLimit(FormatFactivaXML), o.DocumentLimit(FormatNewsML))
	}
	c := parseCost[f]
	if c == 0 {
		return 0
	}
	return max(mem/c, 1)
}

// tooLarge is the error for a document of format f over its limit.
func tooLarge(name string, f Format, limit int64) *ParseError {
	what, cost := string(f), parseCost[f]
	switch f {
	case FormatHTML:
		what = "HTML"
	case FormatXML:
		what, cost = "XML", parseCost[FormatFactivaXML] // the format allowing most
	case FormatLexisDOCX:
		what = "DOCX (word/document.xml)"
	case FormatZip:
		what = "archive held in memory (inside another archive, or on standard input)"
	}
	return &ParseError{
		File: name,
		Reason: fmt.Sprintf("%s larger than %s, the most newsdesk parses whole (parsing takes up to %d bytes of memory per byte); split it, or raise the parse memory limit",
			what, byteSize64(limit), cost),
		Err: ErrTooLarge,
	}
}

// byteSize64 formats a size for messages: "16 MiB", "12.8 MiB", "25.6 KiB", "100 bytes".
func byteSize64(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// capReader reads at most limit bytes of r; past them it fails with
// ErrTooLarge, so that a decoder streaming from it stops there.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a document of exactly limit bytes from a larger one.
		var one [1]byte
		if n, _ := io.ReadFull(c.r, one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, ErrTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// readWhole reads all of r if it holds at most limit bytes; otherwise it
// returns the first limit+1 bytes and ErrTooLarge.
func readWhole(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return b, ErrTooLarge
	}
	return b, nil
}
