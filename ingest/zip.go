package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// parseZip reads a zip archive in place: a DOCX (it has word/document.xml)
// as a Nexis Uni export, any other archive member by member, each detected
// by its content. Member articles name their member in Origin.File
// ("archive.zip/folder/file.txt").
func parseZip(src io.Reader, br *bufio.Reader, name string, opt Options, f Format, yield func(*article.Article, error) bool) {
	zr, err := openZip(src, br, opt)
	if errors.Is(err, ErrTooLarge) {
		yield(nil, tooLarge(name, FormatZip, opt.DocumentLimit(FormatZip)))
		return
	}
	if err != nil {
		yield(nil, &ParseError{File: name, Reason: "zip: " + err.Error(), Err: err})
		return
	}
	if zipHas(zr, "word/document.xml") {
		parseDOCX(zr, name, opt.DocumentLimit(FormatLexisDOCX), yield)
		return
	}
	if f == FormatLexisDOCX {
		yield(nil, &ParseError{File: name, Reason: "not a DOCX file: no word/document.xml"})
		return
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for _, zf := range files {
		base := path.Base(zf.Name)
		if zf.FileInfo().IsDir() || strings.HasPrefix(base, ".") || strings.HasPrefix(zf.Name, "__MACOSX/") {
			continue
		}
		if !parseZipMember(zf, name+"/"+zf.Name, opt, yield) {
			return
		}
	}
}

// parseZipMember parses one member; it returns false when yield asked to stop.
func parseZipMember(zf *zip.File, name string, opt Options, yield func(*article.Article, error) bool) bool {
	rc, err := zf.Open()
	if err != nil {
		return yield(nil, &ParseError{File: name, Reason: "open: " + err.Error(), Err: err})
	}
	defer rc.Close()
	mbr := bufio.NewReaderSize(rc, 64<<10)
	head, err := mbr.Peek(headSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return yield(nil, &ParseError{File: name, Reason: "read: " + err.Error(), Err: err})
	}
	if looksBinary(head) && !isZip(head) {
		return true // images and the like beside the exports
	}
	mf := opt.Format
	if mf == "" || mf == FormatZip {
		if mf = Detect(zf.Name, head); mf == "" {
			return true // as in folders: files of no known format are skipped
		}
	}
	mopt := opt
	mopt.Format = mf
	stop := false
	for a, err := range parseInput(mbr, mbr, name, mopt) {
		if errors.Is(err, errNotAnExport) {
			return true // as in folders: markup of no known vendor is skipped
		}
		if !yield(a, err) {
			stop = true
			break
		}
	}
	return !stop
}

// openZip opens the archive from src in place when it is a file, and
// from memory otherwise (up to opt.DocumentLimit(FormatZip), as zip needs
// random access).
func openZip(src io.Reader, br *bufio.Reader, opt Options) (*zip.Reader, error) {
	// An *os.File, or a file of an fs.FS that reads at offsets (embed.FS).
	if f, ok := src.(interface {
		io.ReaderAt
		Stat() (fs.FileInfo, error)
	}); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return zip.NewReader(f, fi.Size())
		}
	}
	b, err := readWhole(br, opt.DocumentLimit(FormatZip))
	if err != nil {
		return nil, err
	}
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}

func zipHas(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// parseDOCX reads a Nexis Uni / Lexis Advance DOCX export: its paragraphs
// are cut at "End of Document" and each piece read as a LexisNexis article.
// encoding/xml streams word/document.xml; no DOCX library is needed for
// plain paragraph text.
//
// word/document.xml is read up to limit bytes; a larger one is skipped.
func parseDOCX(zr *zip.Reader, name string, limit int64, yield func(*article.Article, error) bool) {
	paras, err := docxParagraphs(zr, limit)
	if errors.Is(err, ErrTooLarge) {
		yield(nil, tooLarge(name, FormatLexisDOCX, limit))
		return
	}
	if err != nil {
		yield(nil, &ParseError{File: name, Reason: "docx: " + err.Error(), Err: err})
		return
	}
	start, ordinal := 0, 0
	for i, p := range paras {
		if p.text != "End of Document" {
			continue
		}
		ordinal++
		if !lexisYield(paras[start:i+1], name, ordinal, yield, true) {
			return
		}
		start = i + 1
	}
	rest := paras[start:]
	for _, p := range rest {
		if strings.TrimSpace(p.text) != "" {
			ordinal++
			if ordinal == 1 {
				yield(nil, &ParseError{File: name, Reason: `not a Nexis Uni export: no "End of Document" paragraph`, Err: errNotAnExport})
				return
			}
			lexisYield(rest, name, ordinal, yield, true)
			return
		}
	}
}

// docxParagraphs returns the non-empty paragraphs of word/document.xml,
// numbered from 1 in document order (empty ones count too).
func docxParagraphs(zr *zip.Reader, limit int64) ([]para, error) {
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(&capReader{r: rc, left: limit})
	var (
		out  []para
		buf  strings.Builder
		n    int
		inT  bool
		inP  bool
		pend bool
	)
	for {
		// RawToken: no namespace resolution, which costs a quarter of the
		// time and is not needed to tell w:p from w:t.
		tok, err := dec.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				inP, pend = true, true
				n++
				buf.Reset()
			case "t":
				inT = true
			case "tab":
				buf.WriteByte('\t')
			case "br", "cr":
				buf.WriteByte(' ')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				if inP && pend {
					if s := strings.TrimSpace(article.CleanText(buf.String())); s != "" {
						out = append(out, para{s, n})
					}
				}
				inP, pend = false, false
			}
		case xml.CharData:
			if inT {
				buf.Write(t)
			}
		}
	}
}
