package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/newsdesk/newsdesk/article"
)

// Format names an input format.
type Format string

// Formats Parse and Read understand. The empty Format asks them to detect it.
const (
	FormatFactiva      Format = "factiva-text"    // Factiva plain-text export ("Full Article/Report")
	FormatFactivaCoded Format = "factiva-coded"   // Factiva "Full Article/Report plus Indexing": HD, PD, SN ... field codes
	FormatFactivaHTML  Format = "factiva-html"    // Factiva article view saved as HTML
	FormatFactivaXML   Format = "factiva-xml"     // Factiva XML (ppsarticle)
	FormatLexisText    Format = "lexis-text"      // LexisNexis Academic text ("1 of 250 DOCUMENTS")
	FormatLexisHTML    Format = "lexis-html"      // LexisNexis Academic / Nexis HTML
	FormatLexisDOCX    Format = "lexis-docx"      // Nexis Uni / Lexis Advance DOCX ("End of Document")
	FormatEuropresse   Format = "europresse-html" // Europresse HTML export
	FormatReuters      Format = "reuters-sgml"    // Reuters-21578 SGML
	FormatCSV          Format = "csv"             // CSV with a header row
	FormatJSONL        Format = "jsonl"           // JSON Lines, one article object per line
	FormatNewsML       Format = "newsml"          // IPTC NewsML-G2 (newsItem)
	FormatNITF         Format = "nitf"            // News Industry Text Format
	FormatRSS          Format = "rss"             // RSS 2.0, RSS 1.0 (RDF) and Atom feeds
	FormatZip          Format = "zip"             // zip archive of files in any of these formats
	// FormatHTML and FormatXML are detected for HTML and XML files whose
	// vendor shows only further in; the reader then decides from the whole
	// document (Factiva or LexisNexis HTML, Factiva XML).
	FormatHTML Format = "html"
	FormatXML  Format = "xml"
)

// Formats lists the formats a user can ask for, in the order help texts
// show them.
func Formats() []Format {
	return []Format{
		FormatFactiva, FormatFactivaCoded, FormatFactivaHTML, FormatFactivaXML,
		FormatLexisText, FormatLexisHTML, FormatLexisDOCX, FormatEuropresse, FormatReuters,
		FormatNewsML, FormatNITF, FormatRSS, FormatCSV, FormatJSONL, FormatZip, FormatHTML, FormatXML,
	}
}

// ParseFormat reads a format name as users type it: a name from Formats,
// "auto" or "" for detection (the empty Format), and a few synonyms
// ("factiva" for factiva-text, "sgml" for reuters-sgml, "docx" for
// lexis-docx, "ndjson" for jsonl).
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "auto":
		return "", nil
	case "factiva", "factiva-txt":
		return FormatFactiva, nil
	case "atom", "feed":
		return FormatRSS, nil
	case "newsml-g2", "g2":
		return FormatNewsML, nil
	case "sgml", "reuters":
		return FormatReuters, nil
	case "europresse":
		return FormatEuropresse, nil
	case "docx":
		return FormatLexisDOCX, nil
	case "ndjson":
		return FormatJSONL, nil
	case "lexis", "lexis-txt", "nexis":
		return FormatLexisText, nil
	}
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("%q is not a format; use auto, %s", s, strings.Join(names, ", "))
}

// StdinName is the file name events and errors use for standard input.
const StdinName = "<stdin>"

// ErrUnknownFormat is wrapped by the error for a named file whose format
// Detect cannot place; Options.Format names it.
var ErrUnknownFormat = errors.New("unknown format (not a news export newsdesk reads)")

// headSize is how much of a file Detect and the binary check look at.
const headSize = 8 << 10

var (
	// factivaMarker matches lines only Factiva plain-text exports have near their top.
	factivaMarker = regexp.MustCompile(`(?m)^(?:\d[\d,.]* words|Document\s+[A-Za-z0-9]{10,})\r?$`)
	// factivaCodedMarker matches the field-coded layout's tab-separated codes.
	factivaCodedMarker = regexp.MustCompile(`(?m)^[ \t]*(?:HD|SE|WC|PD|SN)\t`)
	// lexisMarker matches the separator of LexisNexis text exports.
	lexisMarker = regexp.MustCompile(`(?m)^\s*\d+ of \d+ DOCUMENTS\s*$`)
	// reutersMarker matches the start of a Reuters-21578 file or article.
	reutersMarker = regexp.MustCompile(`^(?:<!DOCTYPE lewis|<REUTERS\s)`)
	// xmlMarker and htmlMarker tell markup from text.
	xmlMarker     = regexp.MustCompile(`^<\?xml\b`)
	xmlRootMarker = regexp.MustCompile(`^<(?:rss|feed|nitf|newsMessage|newsItem|rdf:RDF)\b`)
	htmlMarker    = regexp.MustCompile(`(?i)^(?:<!DOCTYPE html|<html\b|<head\b|<meta\b|<!--)`)
)

// zipMagic opens every zip archive with members, DOCX files included;
// an empty archive is only its end record.
var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
)

func isZip(head []byte) bool {
	return bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, emptyZipMagic)
}

// Detect guesses the format of an input from its name and its first bytes.
// Content wins over the name: zip archives (DOCX included) by their magic
// number, JSON Lines by a leading '{', Reuters SGML, XML and HTML by their
// first tags, and the text exports by their marker lines (Factiva's field
// codes, "N words" and "Document" lines; LexisNexis's "N of M DOCUMENTS").
// Otherwise the extension decides (.jsonl, .csv, .txt, .html, .xml, .sgm,
// .docx, .zip). It returns "" when it cannot tell.
func Detect(name string, head []byte) Format {
	if isZip(head) {
		if strings.EqualFold(filepath.Ext(name), ".docx") {
			return FormatLexisDOCX
		}
		return FormatZip
	}
	if bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
		if len(head)%2 == 1 {
			head = head[:len(head)-1] // cut mid-character
		}
		if b, _, err := decodeUTF16(head); err == nil {
			head = b
		}
	}
	head = bytes.TrimPrefix(head, bomUTF8)
	t := bytes.TrimLeft(head, " \t\r\n\f")
	if len(t) > 0 && t[0] == '{' {
		return FormatJSONL
	}
	switch {
	case reutersMarker.Match(t):
		return FormatReuters
	case xmlMarker.Match(t), xmlRootMarker.Match(t):
		if bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<HTML")) {
			return FormatHTML
		}
		return FormatXML
	case htmlMarker.Match(t):
		return FormatHTML
	case factivaCodedMarker.Match(head):
		return FormatFactivaCoded
	case lexisMarker.Match(head):
		return FormatLexisText
	case factivaMarker.Match(head):
		return FormatFactiva
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		// Text without a Factiva or LexisNexis marker in its head (a word
		// count line, a closing Document line) is a note or a README, not
		// an export: unknown, so that it is skipped in a folder and named
		// as "not a news export" when given on its own. A blank one is
		// read, and reported as empty.
		if len(t) == 0 {
			return FormatFactiva
		}
	case ".jsonl", ".ndjson", ".json", ".jsonlines":
		return FormatJSONL
	case ".csv", ".tsv":
		return FormatCSV
	case ".html", ".htm":
		return FormatHTML
	case ".xml", ".rss", ".atom", ".nitf":
		return FormatXML
	case ".sgm", ".sgml":
		return FormatReuters
	}
	return ""
}

// Parse reads every article of one input, calling yield with each article or
// with the error (usually a *ParseError) that made it skip one; returning
// false from yield stops it. name is used in Origin and in errors. With the
// empty Format it detects the format from name and the first bytes of r.
// The sequence reads r as it goes, so it can be ranged over only once.
// An input that holds no article and gives no error (an empty file, white
// space, an export of no articles) yields one error wrapping ErrNoArticles,
// which Read reports as a warning.
func Parse(r io.Reader, name string, f Format) iter.Seq2[*article.Article, error] {
	return ParseOptions(r, name, Options{Format: f})
}

// ParseOptions is Parse with the options of Read that apply to one input
// (Format and Map).
func ParseOptions(r io.Reader, name string, opt Options) iter.Seq2[*article.Article, error] {
	return parseInput(r, nil, name, opt)
}

// parseInput parses src, or br when it is set (a buffered reader over src
// whose first bytes are already peeked). Zip archives read src directly
// when it is a file, so that they are not loaded into memory.
func parseInput(src io.Reader, br *bufio.Reader, name string, opt Options) iter.Seq2[*article.Article, error] {
	return func(yield func(*article.Article, error) bool) {
		if br == nil {
			br = bufio.NewReaderSize(src, 64<<10)
		}
		f := opt.Format
		if f == "" {
			head, err := br.Peek(headSize)
			if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
				yield(nil, &ParseError{File: name, Reason: "read: " + err.Error(), Err: err})
				return
			}
			if f = Detect(name, head); f == "" {
				yield(nil, &ParseError{File: name, Reason: ErrUnknownFormat.Error(), Err: ErrUnknownFormat})
				return
			}
		}
		// Every article records the format it was read as (zip members
		// set their own), has its control characters dropped, and has its
		// language label, which readers keep as the export wrote it, mapped
		// to a code, here, in one place whatever the reader.
		found := false // an article, an error or a warning: the input is not silent
		tag := func(a *article.Article, err error) bool {
			found = true
			if a != nil {
				if a.Origin.Format == "" {
					a.Origin.Format = string(f)
				}
				cleanArticle(a)
				normalizeLanguage(a)
			}
			return yield(a, err)
		}
		head, _ := br.Peek(headSize)
		empty, blank := len(head) == 0, len(head) < headSize && isBlank(head)
		switch f {
		case FormatFactiva:
			parseFactiva(br, name, 0, tag)
		case FormatFactivaCoded:
			parseFactivaCoded(br, name, tag)
		case FormatJSONL:
			parseJSONL(br, name, 0, tag)
		case FormatReuters:
			parseReuters(br, name, tag)
		case FormatCSV:
			parseCSV(br, name, opt.Map, tag)
		case FormatLexisText:
			parseLexisText(br, name, tag)
		case FormatZip, FormatLexisDOCX:
			parseZip(src, br, name, opt, f, tag)
		case FormatHTML, FormatFactivaHTML, FormatLexisHTML, FormatEuropresse, FormatXML, FormatFactivaXML, FormatNewsML, FormatNITF, FormatRSS:
			parseMarkup(br, name, f, opt, tag)
		default:
			tag(nil, &ParseError{File: name, Reason: fmt.Sprintf("unknown format %q", f)})
		}
		if !found {
			yield(nil, noArticles(name, empty, blank))
		}
	}
}

// yieldArticle adapts yield to a parser's (*Article, *ParseError) result,
// so that a nil *ParseError does not become a non-nil error.
func yieldArticle(yield func(*article.Article, error) bool) func(*article.Article, *ParseError) bool {
	return func(a *article.Article, err *ParseError) bool {
		if err != nil {
			return yield(nil, err)
		}
		return yield(a, nil)
	}
}
