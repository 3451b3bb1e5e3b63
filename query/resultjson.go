package query

import (
	"math"
	"slices"
	"strconv"

	"github.com/newsdesk/newsdesk/article"
)

// AppendJSON appends the JSON form of r to b: byte for byte what
// encoding/json writes for it with HTML escaping off, as the API serves
// it, but without reflection (a faceted result can list thousands of
// values). ok is false, and b returned as it was, for a result that
// encoding/json refuses: a score or time that is not a finite number.
func (r *Result) AppendJSON(b []byte) (out []byte, ok bool) {
	start := len(b)
	if !finite(r.TookMS) {
		return b, false
	}
	b = append(b, `{"query":`...)
	b = article.AppendJSONString(b, r.Query, false)
	b = append(b, `,"total":`...)
	b = strconv.AppendUint(b, r.Total, 10)
	b = append(b, `,"took_ms":`...)
	b = appendJSONFloat(b, r.TookMS)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, int64(r.Offset), 10)
	b = append(b, `,"hits":`...)
	if r.Hits == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Hits {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = r.Hits[i].appendJSON(b); !ok {
				return b[:start], false
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"total_articles":`...)
	b = strconv.AppendUint(b, r.TotalArticles, 10)
	b = append(b, `,"duplicates":`...)
	b = article.AppendJSONString(b, r.Duplicates, false)
	if len(r.Facets) > 0 {
		b = append(b, `,"facets":{`...)
		names := make([]string, 0, len(r.Facets))
		for n := range r.Facets {
			names = append(names, n)
		}
		slices.Sort(names) // encoding/json sorts map keys
		for i, n := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = article.AppendJSONString(b, n, false)
			b = append(b, ':')
			vs := r.Facets[n]
			if vs == nil {
				b = append(b, "null"...)
				continue
			}
			b = append(b, '[')
			for j, v := range vs {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"value":`...)
				b = article.AppendJSONString(b, v.Value, false)
				b = append(b, `,"count":`...)
				b = strconv.AppendUint(b, v.Count, 10)
				b = append(b, `,"filter":`...)
				b = article.AppendJSONString(b, v.Filter, false)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	if r.Next != "" {
		b = append(b, `,"next":`...)
		b = article.AppendJSONString(b, r.Next, false)
	}
	return append(b, '}'), true
}

// appendJSON appends the JSON form of h to b (see Result.AppendJSON).
func (h *Hit) appendJSON(b []byte) ([]byte, bool) {
	if !finite(h.Score) {
		return b, false
	}
	b = append(b, `{"id":`...)
	b = article.AppendJSONString(b, h.ID, false)
	b = append(b, `,"score":`...)
	b = appendJSONFloat(b, h.Score)
	b = append(b, `,"headline":`...)
	b = article.AppendJSONString(b, h.Headline, false)
	for _, f := range []struct{ key, v string }{
		{`,"source":`, h.Source}, {`,"source_code":`, h.SourceCode}, {`,"section":`, h.Section},
		{`,"date":`, h.Date}, {`,"byline":`, h.Byline},
	} {
		if f.v != "" { // omitempty
			b = append(b, f.key...)
			b = article.AppendJSONString(b, f.v, false)
		}
	}
	b = append(b, `,"snippets":`...)
	b = appendJSONStrings(b, h.Snippets)
	if len(h.Duplicates) > 0 {
		b = append(b, `,"duplicates":`...)
		b = appendJSONStrings(b, h.Duplicates)
	}
	return append(b, '}'), true
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// appendJSONStrings appends a list of strings as encoding/json does (nil
// is null).
func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = article.AppendJSONString(b, s, false)
	}
	return append(b, ']')
}

// appendJSONFloat appends a finite float64 as encoding/json does: like %g,
// with its own exponent cutoffs and exponents not padded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
