package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/ingest"
)

// zipMember is one file of an archive built by zipBytes.
type zipMember struct {
	name   string
	data   io.Reader
	stored bool // no compression
}

// zipBytes builds a zip archive in memory; members are streamed in, so a
// bomb of hundreds of MiB costs only its compressed size.
func zipBytes(t *testing.T, members ...zipMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		if m.stored {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// repeatReader yields head, then s over and over, whole, until at least n
// bytes in all.
func repeatReader(head, s string, n int64) io.Reader {
	reps := (n - int64(len(head)) + int64(len(s)) - 1) / int64(len(s))
	return io.MultiReader(strings.NewReader(head), io.LimitReader(&cycle{s: s}, max(reps, 0)*int64(len(s))))
}

type cycle struct {
	s   string
	off int
}

func (c *cycle) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], c.s[c.off:])
		n += k
		c.off = (c.off + k) % len(c.s)
	}
	return n, nil
}

// allocated returns the bytes f allocates on the heap: an upper bound of
// the peak heap it needs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const goodJSONL = `{"id":"GOOD1","headline":"Good article after the bomb","body":"It is read."}` + "\n"

// TestZipBombMember: an HTML member far larger than HTML's limit (the
// issue's bomb was 1,000 MiB; this one is 24 MiB, over the 12.8 MiB
// default limit) is skipped with an error naming the archive and the member,
// without parsing it, and the JSON Lines member after it is read.
func TestZipBombMember(t *testing.T) {
	const bombSize = 24 << 20
	opt := ingest.Options{}
	if limit := opt.DocumentLimit(ingest.FormatHTML); limit >= bombSize {
		t.Fatalf("HTML limit %d is not below the bomb's %d bytes", limit, bombSize)
	}
	bomb := zipBytes(t,
		zipMember{name: "a-bomb.html", data: repeatReader("<html><body>", "<p>x", bombSize)},
		zipMember{name: "b-good.jsonl", data: strings.NewReader(goodJSONL)},
	)
	dir := t.TempDir()
	path := filepath.Join(dir, "bomb.zip")
	if err := os.WriteFile(path, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		paths []string
		stdin io.Reader
		file  string // archive name in errors and origins
	}{
		{"file", []string{path}, nil, path},
		{"stdin", []string{"-"}, bytes.NewReader(bomb), ingest.StdinName},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ids []string
			var errs []error
			mem := allocated(func() {
				opt := opt
				opt.Stdin = tc.stdin
				for ev := range ingest.Read(context.Background(), tc.paths, opt) {
					if ev.Article != nil {
						ids = append(ids, ev.Article.ID+" "+ev.Article.Origin.File)
					}
					if ev.Err != nil {
						errs = append(errs, ev.Err)
					}
				}
			})
			if want := "GOOD1 " + tc.file + "/b-good.jsonl"; len(ids) != 1 || ids[0] != want {
				t.Errorf("articles %q, want [%q]", ids, want)
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one for the bomb", errs)
			}
			if !errors.Is(errs[0], ingest.ErrTooLarge) || !strings.HasPrefix(errs[0].Error(), tc.file+"/a-bomb.html: HTML larger than 12.8 MiB") {
				t.Errorf("error %q, want ErrTooLarge naming %s/a-bomb.html and the limit", errs[0], tc.file)
			}
			// Reading the member up to the limit allocates about twice
			// the limit; parsing 24 MiB of HTML takes over 700 MiB.
			if limit := uint64(opt.DocumentLimit(ingest.FormatHTML)); mem > 4*limit && !ingest.RaceEnabled {
				t.Errorf("allocated %d MiB, want at most %d MiB", mem>>20, 4*limit>>20)
			}
		})
	}
}

// TestDocumentLimits: every format parsed whole is capped at
// Options.DocumentLimit, in a plain file, in an archive member and on
// standard input; a document within its limit is read.
func TestDocumentLimits(t *testing.T) {
	opt := ingest.Options{ParseMemory: 4 << 20}
	sample := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(formatsDir, p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// pad makes a document over limit bytes with a comment at its end.
	pad := func(doc []byte, limit int64) []byte {
		return append(append([]byte{}, doc...), "<!--"+strings.Repeat("x", int(limit))+"-->"...)
	}
	docx := func(document []byte) []byte {
		return zipBytes(t,
			zipMember{name: "[Content_Types].xml", data: strings.NewReader(`<?xml version="1.0"?><Types/>`)},
			zipMember{name: "word/document.xml", data: bytes.NewReader(document)},
		)
	}
	docxDocument := func() []byte {
		zr, err := zip.NewReader(bytes.NewReader(sample("lexis-docx/nexis-uni.docx")), int64(len(sample("lexis-docx/nexis-uni.docx"))))
		if err != nil {
			t.Fatal(err)
		}
		rc, err := zr.Open("word/document.xml")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}()
	innerZip := func(extra int64) []byte {
		return zipBytes(t,
			zipMember{name: "good.jsonl", data: strings.NewReader(goodJSONL)},
			zipMember{name: "padding.bin", data: repeatReader("", "\x00", extra), stored: true},
		)
	}
	for _, tc := range []struct {
		name   string
		format ingest.Format
		good   []byte // read whole: within its limit
		big    []byte // over the limit
		file   string
		what   string // the error's name for the format
	}{
		{"lexis-html", ingest.FormatLexisHTML, sample("lexis-html/academic.html"), pad(sample("lexis-html/academic.html"), opt.DocumentLimit(ingest.FormatHTML)), "x.html", "HTML"},
		{"europresse", ingest.FormatEuropresse, sample("europresse/export.html"), pad(sample("europresse/export.html"), opt.DocumentLimit(ingest.FormatHTML)), "x.html", "HTML"},
		{"rss", ingest.FormatRSS, sample("rss/feed.rss"), pad(sample("rss/feed.rss"), opt.DocumentLimit(ingest.FormatRSS)), "x.xml", "rss"},
		{"rss over any XML limit", ingest.FormatRSS, sample("rss/feed.rss"), pad(sample("rss/feed.rss"), opt.DocumentLimit(ingest.FormatXML)), "x.xml", "rss"},
		{"newsml", ingest.FormatNewsML, sample("newsml/newsitem.xml"), pad(sample("newsml/newsitem.xml"), opt.DocumentLimit(ingest.FormatNewsML)), "x.xml", "newsml"},
		{"factiva-xml", ingest.FormatFactivaXML, sample("factiva-xml/export.xml"), pad(sample("factiva-xml/export.xml"), opt.DocumentLimit(ingest.FormatFactivaXML)), "x.xml", "factiva-xml"},
		{"docx", ingest.FormatLexisDOCX, docx(docxDocument), docx(pad(docxDocument, opt.DocumentLimit(ingest.FormatLexisDOCX))), "x.docx", "DOCX"},
		{"zip in zip", ingest.FormatZip, innerZip(0), innerZip(opt.DocumentLimit(ingest.FormatZip)), "inner.zip", "archive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limit := opt.DocumentLimit(tc.format)
			if limit <= 0 || int64(len(tc.good)) > limit {
				t.Fatalf("limit %d, good document %d bytes", limit, len(tc.good))
			}
			dir := t.TempDir()
			outer := filepath.Join(dir, "outer.zip")
			if err := os.WriteFile(outer, zipBytes(t,
				zipMember{name: "a/" + tc.file, data: bytes.NewReader(tc.big)},
				zipMember{name: "b/" + tc.file, data: bytes.NewReader(tc.good)},
			), 0o644); err != nil {
				t.Fatal(err)
			}
			plainBig, plainGood := filepath.Join(dir, "big-"+tc.file), filepath.Join(dir, "good-"+tc.file)
			for p, b := range map[string][]byte{plainBig: tc.big, plainGood: tc.good} {
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, in := range []struct {
				name      string
				paths     []string
				stdin     io.Reader
				bad, good string // file names of the error and of the good articles
			}{
				{"files", []string{plainBig, plainGood}, nil, plainBig, plainGood},
				{"zip members", []string{outer}, nil, outer + "/a/" + tc.file, outer + "/b/" + tc.file},
				{"stdin", []string{"-", plainGood}, bytes.NewReader(tc.big), ingest.StdinName, plainGood},
			} {
				if tc.format == ingest.FormatZip && in.name == "files" {
					continue // an archive in a file is read in place, not held in memory
				}
				t.Run(in.name, func(t *testing.T) {
					o := opt
					o.Stdin = in.stdin
					var tooLarge []string
					arts := 0
					for ev := range ingest.Read(context.Background(), in.paths, o) {
						if errors.Is(ev.Err, ingest.ErrTooLarge) {
							tooLarge = append(tooLarge, ev.Err.Error())
						} else if ev.Err != nil && strings.HasPrefix(ev.Err.Error(), in.bad+": ") {
							t.Errorf("error %q, want only the one of ErrTooLarge", ev.Err)
						}
						if ev.Article != nil {
							arts++
							if f := ev.Article.Origin.File; f != in.good && !strings.HasPrefix(f, in.good+"/") {
								t.Errorf("article from %s, want only from %s", f, in.good)
							}
						}
					}
					if arts == 0 {
						t.Errorf("no article from %s", in.good)
					}
					if len(tooLarge) != 1 || !strings.HasPrefix(tooLarge[0], in.bad+": ") {
						t.Errorf("ErrTooLarge errors %q, want one naming %s", tooLarge, in.bad)
					} else if !strings.HasPrefix(tooLarge[0], in.bad+": "+tc.what+" ") {
						t.Errorf("error %q does not name the format: want %s", tooLarge[0], tc.what)
					}
				})
			}
		})
	}
}

// TestXMLTreeBounded: an XML document's tree costs memory in proportion
// to the document, however deep it nests (the text of an element was once
// copied into every ancestor: 64 KiB of nested RSS took 3.7 GB), and
// nesting deeper than any news vocabulary needs is an error, not a crash.
func TestXMLTreeBounded(t *testing.T) {
	const depth, runs = 200, 50000
	doc := `<?xml version="1.0"?><rss><channel><title>T</title><item><title>Deep</title><description>` +
		strings.Repeat("<a>", depth) + strings.Repeat("x<b/>", runs) + strings.Repeat("</a>", depth) +
		`</description></item></channel></rss>`
	var arts, errs int
	mem := allocated(func() {
		for a, err := range ingest.Parse(strings.NewReader(doc), "deep.rss", "") {
			if a != nil {
				arts++
			}
			if err != nil {
				errs++
				t.Errorf("error %v", err)
			}
		}
	})
	if arts != 1 || errs != 0 {
		t.Errorf("%d articles, %d errors; want 1, 0", arts, errs)
	}
	if perByte := mem / uint64(len(doc)); perByte > 128 {
		t.Fatalf("allocated %d bytes per input byte, want at most 128", perByte)
	}

	tooDeep := `<?xml version="1.0"?><rss><channel><item><title>` + strings.Repeat("<a>x", 600)
	var got []error
	for _, err := range ingest.Parse(strings.NewReader(tooDeep), "too-deep.rss", "") {
		if err != nil {
			got = append(got, err)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0].Error(), "nested more than 512 deep") {
		t.Errorf("errors %v, want one about the nesting", got)
	}
}

// TestArticleLimitStreamed: the formats read as a stream keep at most
// 64 MiB of one article, so that a file with no article separators cannot
// exhaust memory: the article is reported and the next one read.
func TestArticleLimitStreamed(t *testing.T) {
	const over = 65 << 20
	line := strings.Repeat("word ", 1<<18) + "\n" // 1.25 MiB lines: fast to read
	for _, tc := range []struct {
		name, file string
		input      io.Reader
		wantErr    string
		wantIDs    int
	}{
		{"lexis-text", "x.txt", io.MultiReader(
			strings.NewReader("1 of 2 DOCUMENTS\n\nThe Valley Courier\n\nMay 30, 2019 Thursday\n\nHeadline\n\n"),
			repeatReader("", line, over),
			strings.NewReader("\n2 of 2 DOCUMENTS\n\nThe Valley Courier\n\nMay 31, 2019 Friday\n\nSecond headline\n\nLENGTH: 3 words\n\nA short body.\n"),
		), "x.txt:1: article longer than 64 MiB", 1},
		{"factiva-coded", "x.txt", io.MultiReader(
			strings.NewReader(" HD\tFirst\n WC\t3 words\n PD\t12 March 2019\n SN\tThe Coastal Herald\n TD\t"),
			repeatReader("", line, over),
			strings.NewReader(" AN\tDocument A1\n HD\tSecond\n WC\t3 words\n PD\t12 March 2019\n SN\tThe Coastal Herald\n TD\tA short body.\n AN\tDocument CSTHLD0020190312ef3c0000b\n"),
		), "x.txt:1: article longer than 64 MiB", 1},
		{"csv", "x.csv", io.MultiReader(
			strings.NewReader("headline,body\nFirst,A short body.\nSecond,\""),
			repeatReader("", line, over),
		), "x.csv: article 2: record longer than 64 MiB", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs []string
			ids := 0
			for a, err := range ingest.Parse(tc.input, tc.file, ingest.Format(tc.name)) {
				if err != nil {
					errs = append(errs, err.Error())
				}
				if a != nil {
					ids++
				}
			}
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tc.wantErr) {
				t.Errorf("errors %q, want one starting %q", errs, tc.wantErr)
			}
			if ids != tc.wantIDs {
				t.Errorf("%d articles, want %d", ids, tc.wantIDs)
			}
		})
	}
}
