package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// peakHeap returns the most heap f had in use above what was in use
// before it, sampled every half millisecond (a sample can miss a short
// peak, never invent one).
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			if h := read(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-done:
				return
			case <-time.After(500 * time.Microsecond):
			}
		}
	}()
	f()
	close(done)
	<-stopped
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// TestParseCostHolds parses the most expensive documents found for each
// format parsed whole and checks that parseCost, from which the document
// limits derive, covers the peak heap they take per input byte.
func TestParseCostHolds(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes what parsing allocates")
	}
	const size = 1 << 20
	fill := func(head, unit, tail string) string {
		var b strings.Builder
		b.WriteString(head)
		for b.Len() < size {
			b.WriteString(unit)
		}
		b.WriteString(tail)
		return b.String()
	}
	formatting := "<b><i><u><s><em><strong><code><small><big><tt><font><nobr><a>"
	docx := func(body string) string {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.Create("word/document.xml")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "<w:document><w:body>%s</w:body></w:document>", body)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	for _, tc := range []struct {
		name   string
		format Format
		doc    string
		size   int // input bytes the cost is per: document.xml for DOCX
	}{
		{"HTML: re-opened formatting elements", FormatHTML, fill("<html><body><p>1 of 1 DOCUMENTS</p><p>The Guardian</p><p>January 1, 2020</p><p>Headline</p><p>LENGTH: 100 words</p>"+formatting, "<p>x", ""), 0},
		{"HTML: nested divisions", FormatHTML, fill(`<html><body><div class="article">`, "<div>x</div>", ""), 0},
		{"HTML: table cells", FormatHTML, fill("<html><body><table>", "<tr><td>x", ""), 0},
		{"RSS: description of re-opened formatting elements", FormatRSS, fill(`<?xml version="1.0"?><rss><channel><title>t</title><item><title>a</title><description><![CDATA[`+formatting, "<p>x", "]]></description></item></channel></rss>"), 0},
		{"RSS: empty elements", FormatRSS, fill(`<?xml version="1.0"?><rss><channel><title>t</title><item><title>a</title><description>`, "<a/>", "</description></item></channel></rss>"), 0},
		{"RSS: many items", FormatRSS, fill(`<?xml version="1.0"?><rss><channel><title>t</title>`, "<item><title>a</title><description>b</description></item>\n", "</channel></rss>"), 0},
		{"Factiva XML: codes", FormatFactivaXML, fill(`<?xml version="1.0"?><ppsarticle><article><accessionNo>X</accessionNo><headline><paragraph>h</paragraph></headline>`, `<region code="a"/>`, "</article></ppsarticle>"), 0},
		{"Factiva XML: paragraphs", FormatFactivaXML, fill(`<?xml version="1.0"?><ppsarticle><article><accessionNo>X</accessionNo><headline><paragraph>h</paragraph></headline><tailParagraphs>`, "<paragraph>x</paragraph>", "</tailParagraphs></article></ppsarticle>"), 0},
		{"DOCX: one-letter paragraphs", FormatLexisDOCX, docx(fill("", "<w:p><w:r><w:t>x</w:t></w:r></w:p>", "")), size},
		{"DOCX: articles", FormatLexisDOCX, docx(fill("", "<w:p><w:r><w:t>Source</w:t></w:r></w:p><w:p><w:r><w:t>1 January 2020</w:t></w:r></w:p><w:p><w:r><w:t>Headline</w:t></w:r></w:p><w:p><w:r><w:t>Body</w:t></w:r></w:p><w:p><w:r><w:t>word word</w:t></w:r></w:p><w:p><w:r><w:t>End of Document</w:t></w:r></w:p>", "")), size},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.size
			if n == 0 {
				n = len(tc.doc)
			}
			var tooLarge error
			peak := peakHeap(func() {
				for _, err := range ParseOptions(strings.NewReader(tc.doc), "x", Options{Format: tc.format, ParseMemory: 1 << 40}) {
					if errors.Is(err, ErrTooLarge) {
						tooLarge = err
					}
				}
			})
			if tooLarge != nil {
				t.Fatal(tooLarge)
			}
			perByte := float64(peak) / float64(n)
			t.Logf("peak heap %.1f bytes per input byte (cost %d)", perByte, parseCost[tc.format])
			if perByte > float64(parseCost[tc.format]) {
				t.Errorf("peak heap %.1f bytes per input byte, more than parseCost %d", perByte, parseCost[tc.format])
			}
		})
	}
}
