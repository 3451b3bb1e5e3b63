package schema

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The stored body. Indexes of layout 5 and later keep the article's body,
// as the text its term offsets point into (paragraphs joined by a blank
// line), in FieldStoredBody, deflated with a preset dictionary of words
// news text repeats (EncodeBody); FieldBody itself is indexed, not stored.
// Older indexes stored the text in FieldBody, where bleve compresses it
// with snappy. On Reuters-21578 the 15.6 MB of body text took 12.2 MB with
// snappy, 8.2 MB deflated and 7.4 MB deflated with the dictionary.
//
// Every reader takes the body through Body (or PlainBody), which reads
// either form, so an index of either layout is searched and shown alike.

// bodyDict1 is the dictionary of body version 1. It must never change:
// indexes hold bodies deflated with it. Deflate codes a match near the end
// of its window more cheaply, so the most common words come last.
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

// bodyLevel is the deflate level of bodies: level 6 came 1% below level 4
// on Reuters; inflating costs the same at any level.
const bodyLevel = 6

var bodyCodec = &metaCodec{}

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
	w, _ := bodyCodec.writers.Get().(*flate.Writer)
	var buf bytes.Buffer
	buf.Grow(len(text)/2 + 16)
	buf.WriteByte(metaMarker)
	buf.WriteByte('1')
	if w == nil {
		// Only an invalid level fails, and bodyLevel is valid.
		w, _ = flate.NewWriterDict(&buf, bodyLevel, []byte(bodyDict1))
	} else {
		w.Reset(&buf)
	}
	// Writes to a bytes.Buffer do not fail.
	_, _ = io.WriteString(w, text)
	_ = w.Close()
	bodyCodec.writers.Put(w)
	return buf.String()
}

// DecodeBody returns the body text of a stored value of FieldStoredBody.
func DecodeBody(stored string) (string, error) {
	if stored == "" {
		return "", nil
	}
	if len(stored) < 2 || stored[0] != metaMarker || stored[1] != '1' {
		return "", fmt.Errorf("stored article body: unknown encoding %q (made by a newer newsdesk?)", stored[:min(len(stored), 2)])
	}
	src := strings.NewReader(stored[2:])
	r, _ := bodyCodec.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReaderDict(src, []byte(bodyDict1))
	} else if err := r.(flate.Resetter).Reset(src, []byte(bodyDict1)); err != nil {
		return "", fmt.Errorf("stored article body: %w", err)
	}
	// ReadFrom, not io.Copy: the inflater has no WriteTo, and io.Copy
	// would allocate 32 KB per body.
	var out bytes.Buffer
	// Room for the text (bodies inflate to about twice their stored size)
	// and for ReadFrom, which wants bytes.MinRead free before each read.
	out.Grow(len(stored)*3 + bytes.MinRead)
	_, err := out.ReadFrom(r)
	bodyCodec.readers.Put(r)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("truncated")
		}
		return "", fmt.Errorf("stored article body: %w", err)
	}
	return out.String(), nil
}

// Body returns the body text of an article from the stored fields of a hit
// that loaded StoredBodyFields or StoredArticleFields: FieldStoredBody
// inflated, or FieldBody as indexes before layout 5 stored it; "" when the
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
