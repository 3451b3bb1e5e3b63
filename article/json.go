package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// articleJSON is the wire form of Article: the date as text, the body as an
// array, and Origin left out when unknown.
type articleJSON struct {
	ID            string         `json:"id"`
	Headline      string         `json:"headline"`
	Byline        string         `json:"byline,omitempty"`
	Authors       []string       `json:"authors,omitempty"`
	Section       string         `json:"section,omitempty"`
	Source        string         `json:"source,omitempty"`
	SourceCode    string         `json:"source_code,omitempty"`
	Date          string         `json:"date,omitempty"`
	Edition       string         `json:"edition,omitempty"`
	Page          string         `json:"page,omitempty"`
	Language      string         `json:"language,omitempty"`
	WordCount     int            `json:"word_count,omitempty"`
	Copyright     string         `json:"copyright,omitempty"`
	Body          []string       `json:"body"`
	URL           string         `json:"url,omitempty"`
	Subjects      []string       `json:"subjects,omitempty"`
	Regions       []string       `json:"regions,omitempty"`
	Companies     []string       `json:"companies,omitempty"`
	Industries    []string       `json:"industries,omitempty"`
	People        []string       `json:"people,omitempty"`
	Organizations []string       `json:"organizations,omitempty"`
	Names         []Name         `json:"names,omitempty"`
	Quotes        []Quote        `json:"quotes,omitempty"`
	Extra         map[string]any `json:"extra,omitempty"`
	Origin        *Origin        `json:"origin,omitempty"`
}

// MarshalJSON writes the article in the JSON Lines input form: date as
// YYYY-MM-DD when it is midnight UTC, else RFC 3339; body as an array of
// paragraphs; keys without a field under "extra"; origin only when known.
func (a Article) MarshalJSON() ([]byte, error) {
	j := articleJSON{
		ID: a.ID, Headline: a.Headline, Byline: a.Byline, Authors: a.Authors,
		Section: a.Section, Source: a.Source, SourceCode: a.SourceCode,
		Date: FormatDate(a.Date), Edition: a.Edition, Page: a.Page,
		Language: a.Language, WordCount: a.WordCount, Copyright: a.Copyright,
		Body: a.Body, URL: a.URL, Extra: a.Extra,
		Subjects: a.Subjects, Regions: a.Regions, Companies: a.Companies,
		Industries: a.Industries, People: a.People, Organizations: a.Organizations,
		Names: a.Names, Quotes: a.Quotes,
	}
	if j.Body == nil {
		j.Body = []string{} // always an array, never null
	}
	if a.Origin != (Origin{}) {
		o := a.Origin
		j.Origin = &o
	}
	return json.Marshal(j)
}

// FormatDate formats t as MarshalJSON does: "2006-01-02" for midnight UTC,
// RFC 3339 otherwise, and "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// jsonDateLayouts are the date forms accepted in JSON input, most usual first.
var jsonDateLayouts = [...]string{
	time.DateOnly, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00", "2006-01-02T15:04",
}

// ParseDate parses a date as JSON input writes it (RFC 3339 or YYYY-MM-DD;
// a time without zone is taken as UTC) and returns it in UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range jsonDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unparseable date %q (want RFC 3339 or YYYY-MM-DD)", s)
}

// UnmarshalJSON reads an article object. It accepts more than MarshalJSON
// writes: the body as one string with paragraphs separated by blank lines,
// the page as a number, a single author as a string, and keys it has no
// field for, which go into Extra (decoded as encoding/json decodes into any,
// so numbers are float64). Errors name the offending key.
func (a *Article) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return fmt.Errorf("want a JSON object, got %s", ute.Value)
		}
		return err
	}
	*a = Article{}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// "extra" first, so that a top-level key of the same name wins.
	if i := slices.Index(keys, "extra"); i > 0 {
		keys = append(append([]string{"extra"}, keys[:i]...), keys[i+1:]...)
	}
	for _, k := range keys {
		if err := a.setKey(k, raw[k]); err != nil {
			return fmt.Errorf("key %q: %w", k, err)
		}
	}
	return nil
}

// setKey decodes the value v of key k into a.
func (a *Article) setKey(k string, v json.RawMessage) error {
	var err error
	switch k {
	case "id":
		a.ID, err = jsonString(v)
	case "headline":
		a.Headline, err = jsonString(v)
	case "byline":
		a.Byline, err = jsonString(v)
	case "authors":
		a.Authors, err = jsonStrings(v)
	case "section":
		a.Section, err = jsonString(v)
	case "source":
		a.Source, err = jsonString(v)
	case "source_code":
		a.SourceCode, err = jsonString(v)
	case "date":
		var s string
		if s, err = jsonString(v); err == nil && s != "" {
			a.Date, err = ParseDate(s)
		}
	case "edition":
		a.Edition, err = jsonString(v)
	case "page":
		a.Page, err = jsonStringOrNumber(v)
	case "language":
		a.Language, err = jsonString(v)
	case "word_count":
		a.WordCount, err = jsonInt(v)
	case "copyright":
		a.Copyright, err = jsonString(v)
	case "body":
		a.Body, err = jsonBody(v)
	case "url":
		a.URL, err = jsonString(v)
	case "subjects":
		a.Subjects, err = jsonStrings(v)
	case "regions":
		a.Regions, err = jsonStrings(v)
	case "companies":
		a.Companies, err = jsonStrings(v)
	case "industries":
		a.Industries, err = jsonStrings(v)
	case "people":
		a.People, err = jsonStrings(v)
	case "organizations":
		a.Organizations, err = jsonStrings(v)
	case "names":
		if !isNull(v) {
			err = json.Unmarshal(v, &a.Names)
		}
	case "quotes":
		if !isNull(v) {
			err = json.Unmarshal(v, &a.Quotes)
		}
	case "origin":
		if !isNull(v) {
			err = json.Unmarshal(v, &a.Origin)
		}
	case "extra":
		var m map[string]any
		if err = json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("want an object, got %s", describe(v))
		}
		for ek, ev := range m {
			a.setExtra(ek, ev)
		}
	default:
		var x any
		if err = json.Unmarshal(v, &x); err == nil {
			a.setExtra(k, x)
		}
	}
	return err
}

func (a *Article) setExtra(k string, v any) {
	if a.Extra == nil {
		a.Extra = make(map[string]any)
	}
	a.Extra[k] = v
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

// describe shortens a JSON value for an error message.
func describe(v json.RawMessage) string {
	s := string(bytes.TrimSpace(v))
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "..."
	}
	return s
}

func jsonString(v json.RawMessage) (string, error) {
	if isNull(v) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("want a string, got %s", describe(v))
	}
	return s, nil
}

func jsonStringOrNumber(v json.RawMessage) (string, error) {
	if t := bytes.TrimSpace(v); len(t) > 0 && (t[0] == '-' || (t[0] >= '0' && t[0] <= '9')) {
		var n json.Number
		if err := json.Unmarshal(t, &n); err == nil {
			return n.String(), nil
		}
	}
	s, err := jsonString(v)
	if err != nil {
		return "", fmt.Errorf("want a string or number, got %s", describe(v))
	}
	return s, nil
}

func jsonInt(v json.RawMessage) (int, error) {
	if isNull(v) {
		return 0, nil
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil {
		return 0, fmt.Errorf("want an integer, got %s", describe(v))
	}
	i, err := strconv.Atoi(strings.ReplaceAll(n.String(), ",", ""))
	if err != nil || i < 0 {
		return 0, fmt.Errorf("want a non-negative integer, got %s", describe(v))
	}
	return i, nil
}

// jsonStrings reads an array of strings, or one string as a single element.
func jsonStrings(v json.RawMessage) ([]string, error) {
	if isNull(v) {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(v, &one); err == nil {
		if one = strings.TrimSpace(one); one == "" {
			return nil, nil
		}
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(v, &many); err != nil {
		return nil, fmt.Errorf("want an array of strings, got %s", describe(v))
	}
	var out []string
	for _, s := range many {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// jsonBody reads the body as one string or an array of paragraph strings.
// Either way the text is cleaned and then split at blank lines, so that Body never
// holds a paragraph that BodyText and SplitParagraphs would not give
// back (cleaning can leave an edge space or an empty paragraph).
func jsonBody(v json.RawMessage) ([]string, error) {
	if isNull(v) {
		return nil, nil
	}
	var text string
	if err := json.Unmarshal(v, &text); err == nil {
		return SplitParagraphs(CleanText(text)), nil
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(v, &parts); err != nil {
		return nil, fmt.Errorf("want a string or an array of strings, got %s", describe(v))
	}
	var out []string
	for i, p := range parts {
		s, err := jsonString(p)
		if err != nil {
			return nil, fmt.Errorf("paragraph %d: %w", i+1, err)
		}
		out = append(out, SplitParagraphs(CleanText(s))...)
	}
	return out, nil
}
