package schema

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The stored body. Indexes of layout 5 and later keep the article's body,
// as the text its term offsets point into (paragraphs joined by a blank
// line), in FieldStoredBody, compressed with zstd and a raw dictionary of
// words news text repeats (EncodeBody); FieldBody itself is indexed, not
// stored. Older indexes stored the text in FieldBody, where bleve
// compresses it with snappy. On Reuters-21578 the 15.6 MB of body text
// takes 12.2 MB with snappy, 8.1 MB with zstd and the dictionary, and
// 7.4 MB deflated with it; zstd was chosen over deflate because a shown
// hit reads its body back in about half the time (docs/index.md).
//
// Every reader takes the body through Body (or PlainBody), which reads
// either form, so an index of either layout is searched and shown alike.

// bodyDict1 is the dictionary of body version 1. It must never change:
// indexes hold bodies compressed with it. zstd, like deflate, codes a
// match near the end of the dictionary more cheaply, so the most common
// words come last.
const bodyDict1 = ` according to the in an interview on condition of anonymity a spokesman for the a spokeswoman said ` +
	`told reporters in a statement the government the company the ministry officials said analysts said ` +
	`the report the agreement the meeting the committee the president the minister the chairman chief ` +
	`executive executive officer board of directors shareholders the central bank interest rates the ` +
	`dollar the yen the mark the pound the economy economic growth inflation unemployment the budget ` +
	`deficit the trade deficit the trade surplus exports and imports the European Community the United ` +
	`States Washington London Tokyo New York the Federal Reserve the Treasury the stock exchange the ` +
	`market market share stock market bond market prices rose prices fell per cent billion million ` +
	`dollars shares per share a share common stock net income net profit net loss operating profit ` +
	`revenues revenue sales earnings dividend quarter first quarter second quarter third quarter fourth ` +
	`quarter fiscal year the year last year this year next year a year earlier compared with against ` +
	`from about which would could should there their they have has been had been will be would be was ` +
	`were that the at the by the with the from the she said they said it was it is is expected to are ` +
	`expected to expected Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February ` +
	`March April May June July August September October November December government company companies ` +
	`corporation industry production output crude oil oil prices barrels per day OPEC gold wheat corn ` +
	`grain tonnes exchange rate foreign exchange investment investors acquisition merger takeover offer ` +
	`bid agreed to acquire subsidiary unit group Inc Corp Co Ltd plc International National American ` +
	`President Minister officials spokesman statement announced reported increase decrease rise rose ` +
	`fell down up higher lower than more than less than because however also including after before ` +
	`during between under over into while where when since until other some only new last first second ` +
	`two three four five six seven eight nine ten Reuters  the company said  the company said it  a ` +
	`spokesman said  the official said  year ago         the first half  the first six months  the ` +
	`government said  the ministry said  prime minister  finance minister  trade minister  Japan  West ` +
	`Germany  Britain  France  Canada  China  Soviet Union  Europe  in March  in April  in February  in ` +
	`May  the agency said  the bank said  banks  debt  loans  credit  futures  trading  traders said  ` +
	`dealers said  sources said  of the  in the  to the  for the  on the  and the  said the  said it  it ` +
	`said  he said  said that pct mln dlrs mln dlrs billion dlrs percent Reuter  `

// bodyVersion follows metaMarker in a stored body: '1' is a zstd frame
// made with bodyDict1 as a raw dictionary. A new dictionary or codec is a
// new version, so that DecodeBody can tell the bodies of older indexes.
const bodyVersion = '1'

// bodyMaxSize bounds the text DecodeBody makes from one stored body, so a
// damaged frame claiming a huge size is an error, not an allocation of it.
const bodyMaxSize = 1 << 30

// bodyCoders are the zstd encoder and decoder of stored bodies. Both are
// safe for concurrent use (EncodeAll and DecodeAll take one of their
// internal coders each, GOMAXPROCS of them) and hold only scratch state.
type bodyCoders struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

// bodyWindow is the farthest back (in the dictionary and the body) a
// match of the encoder reaches. Each of the encoder's internal coders
// (GOMAXPROCS of them, taken in turn) keeps a history buffer of the window
// and a block: with zstd's default window for SpeedFastest, 4 MiB, the
// coders held 9.7 MiB on 2 CPUs, against 1.7 MiB with this window and its
// lower-memory mode (TestBodyEncoderMemory); at GOGC=400 ingest's peak
// memory is about five times its live heap. Frames
// are single-segment, so the window is not written in them: a body of up
// to about 250 KiB (nearly every news article) is encoded to the same
// bytes as with the default window, and a longer one may take a little
// more room. Decoding does not depend on it.
const bodyWindow = 256 << 10

// bodyEncoderOptions are the options of the body encoder. SpeedFastest
// came smallest of zstd's levels with this dictionary on Reuters (8.08 MB,
// the default level 8.11 MB) and encodes a body about three times faster
// than deflate; no checksum (4 bytes a body; bleve's snappy bodies had
// none), and a single segment, which leaves the window size out of each
// frame. The lower-memory mode allocates the encoder's block buffers as
// bodies need them rather than for the largest block.
func bodyEncoderOptions() []zstd.EOption {
	return []zstd.EOption{
		zstd.WithEncoderLevel(zstd.SpeedFastest),
		// Dictionary ID 0 is not written into the frames, saving a byte or
		// more per body; the version byte says which dictionary to use.
		zstd.WithEncoderDictRaw(0, []byte(bodyDict1)),
		zstd.WithEncoderCRC(false),
		zstd.WithSingleSegment(true),
		zstd.WithWindowSize(bodyWindow),
		zstd.WithLowerEncoderMem(true),
	}
}

// newBodyCoders builds the coders of body version 1.
func newBodyCoders() (*bodyCoders, error) {
	dict := []byte(bodyDict1)
	enc, err := zstd.NewWriter(nil, bodyEncoderOptions()...)
	if err != nil {
		return nil, fmt.Errorf("stored body encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil,
		zstd.WithDecoderDictRaw(0, dict),
		zstd.WithDecoderMaxMemory(bodyMaxSize))
	if err != nil {
		return nil, fmt.Errorf("stored body decoder: %w", err)
	}
	return &bodyCoders{enc: enc, dec: dec}, nil
}

// theBodyCoders returns the process's body coders, built on first use
// (with one encoder and decoder used they took 5.3 MB of heap on 2 CPUs
// before bodyWindow, which a process that never reads or writes a body
// should not pay). It
// is read-only state: the value never changes after it is built, and the
// coders keep nothing from one body to the next.
var theBodyCoders = sync.OnceValues(newBodyCoders)

// StoredArticleFields are the stored fields to load for an article with its
// body, in an index of any layout: FieldMeta, FieldStoredBody and FieldBody
// (which older indexes stored). A field an index lacks is not returned.
func StoredArticleFields() []string {
	return []string{FieldMeta, FieldStoredBody, FieldBody}
}

// StoredBodyFields are the stored fields to load for an article's body
// alone, in an index of any layout (see Body).
func StoredBodyFields() []string {
	return []string{FieldStoredBody, FieldBody}
}

// EncodeBody returns the stored form of an article's body text, the value
// of FieldStoredBody ("" for an empty body).
func EncodeBody(text string) string {
	if text == "" {
		return ""
	}
	c, err := theBodyCoders()
	if err != nil {
		// The options are constants, so this is a bug in newsdesk, not in
		// anything a user can give it.
		panic(err)
	}
	return c.encode(text)
}

// encode is EncodeBody with these coders.
func (c *bodyCoders) encode(text string) string {
	dst := make([]byte, 2, len(text)/2+32)
	dst[0], dst[1] = metaMarker, bodyVersion
	return string(c.enc.EncodeAll([]byte(text), dst))
}

// DecodeBody returns the body text of a stored value of FieldStoredBody.
func DecodeBody(stored string) (string, error) {
	if stored == "" {
		return "", nil
	}
	if len(stored) < 2 || stored[0] != metaMarker || stored[1] != bodyVersion {
		return "", fmt.Errorf("stored article body: unknown encoding %q (made by a newer newsdesk?)", stored[:min(len(stored), 2)])
	}
	c, err := theBodyCoders()
	if err != nil {
		return "", err
	}
	// Bodies decompress to about twice their stored size; DecodeAll grows
	// the buffer when that is not enough.
	out, err := c.dec.DecodeAll([]byte(stored[2:]), make([]byte, 0, len(stored)*3))
	if err != nil {
		return "", fmt.Errorf("stored article body: %w", err)
	}
	return string(out), nil
}

// Body returns the body text of an article from the stored fields of a hit
// that loaded StoredBodyFields or StoredArticleFields: FieldStoredBody
// decoded, or FieldBody as indexes before layout 5 stored it; "" when the
// hit has neither (an article without body text).
func Body(fields map[string]interface{}) (string, error) {
	if stored, ok := fields[FieldStoredBody].(string); ok {
		return DecodeBody(stored)
	}
	text, _ := fields[FieldBody].(string)
	return text, nil
}

// PlainBody rewrites the stored fields of a hit so that FieldBody holds the
// body text (Body) and FieldStoredBody is gone, the form that code reading
// FieldBody as text (engine.ArticleFromFields) expects.
func PlainBody(fields map[string]interface{}) error {
	if _, ok := fields[FieldStoredBody]; !ok {
		return nil
	}
	text, err := Body(fields)
	if err != nil {
		return err
	}
	delete(fields, FieldStoredBody)
	fields[FieldBody] = text
	return nil
}
