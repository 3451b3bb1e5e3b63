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

// MarshalJSON writes the article in the JSON Lines input form: the fields
// of the schema (Fields) in its order, each under its name and left out
// when empty (but id, headline and body); the date as YYYY-MM-DD when it is
// midnight UTC, else RFC 3339; body as an array of paragraphs; then names,
// quotations, keys without a field under "extra", and origin when known.
// Strings are escaped as encoding/json escapes them.
func (a Article) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 512+len(a.Headline)+bodyLen(a.Body))
	b = append(b, '{')
	for _, f := range schema().fields {
		if !f.Required && f.IsZero(&a) {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, f.Name, true)
		b = append(b, ':')
		switch p := f.ptr(&a).(type) {
		case *string:
			b = AppendJSONString(b, *p, true)
		case *[]string:
			b = append(b, '[')
			for i, s := range *p {
				if i > 0 {
					b = append(b, ',')
				}
				b = AppendJSONString(b, s, true)
			}
			b = append(b, ']')
		case *time.Time:
			b = AppendJSONString(b, FormatDate(*p), true)
		case *int:
			b = strconv.AppendInt(b, int64(*p), 10)
		}
	}
	var err error
	member := func(key string, v any) {
		if err != nil {
			return
		}
		var j []byte
		if j, err = json.Marshal(v); err == nil {
			b = append(append(AppendJSONString(append(b, ','), key, true), ':'), j...)
		}
	}
	if len(a.Names) > 0 {
		member("names", a.Names)
	}
	if len(a.Quotes) > 0 {
		member("quotes", a.Quotes)
	}
	if len(a.Extra) > 0 {
		member("extra", a.Extra)
	}
	if a.Origin != (Origin{}) {
		member("origin", &a.Origin)
	}
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func bodyLen(body []string) int {
	n := 0
	for _, p := range body {
		n += len(p) + 3
	}
	return n
}

// AppendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it (U+2028 and U+2029 too; invalid UTF-8 as U+FFFD), with <, >
// and & escaped when escapeHTML is set as json.Marshal does, and left as
// they are otherwise as an Encoder with SetEscapeHTML(false) does.
func AppendJSONString(dst []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(dst, s[start:]...), '"')
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

// setKey decodes the value v of key k into a: a field of the schema
// by its kind, names, quotes, origin and extra, or else a key of Extra.
func (a *Article) setKey(k string, v json.RawMessage) error {
	if f, ok := FieldByName(k); ok {
		return f.setJSON(a, v)
	}
	var err error
	switch k {
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

// setJSON decodes the JSON value v of the field into a, by its kind.
func (f Field) setJSON(a *Article, v json.RawMessage) error {
	var err error
	switch p := f.ptr(a).(type) {
	case *string:
		if f.NumberText {
			*p, err = jsonStringOrNumber(v)
		} else {
			*p, err = jsonString(v)
		}
	case *[]string:
		if f.Kind == Paragraphs {
			*p, err = jsonBody(v)
		} else {
			*p, err = jsonStrings(v)
		}
	case *time.Time:
		var s string
		if s, err = jsonString(v); err == nil && s != "" {
			*p, err = ParseDate(s)
		}
	case *int:
		*p, err = jsonInt(v)
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
