package query

import (
	"net/url"
	"strings"
)

// ParseValues reads a search Request from URL parameters: those of
// ParseRequest, and the filters (source, source_code, section, lang, name;
// repeat a parameter for alternatives), facets (comma-separated),
// duplicates and cursor. Its error names the first bad parameter.
func ParseValues(v url.Values) (Request, error) {
	req, err := ParseRequest(v.Get)
	if err != nil {
		return req, err
	}
	req.Filters = filterValues(v)
	req.Facets = commaList(v["facets"])
	req.Duplicates = v.Get("duplicates")
	req.Cursor = v.Get("cursor")
	if _, err := dupField(req.Duplicates); err != nil {
		return req, err
	}
	return req, nil
}

// ParseTimeline reads a TimelineRequest from URL parameters: q (repeat it
// for several series), by, from, to, the filters and duplicates.
func ParseTimeline(v url.Values) (TimelineRequest, error) {
	base, err := ParseRequest(v.Get)
	if err != nil {
		return TimelineRequest{}, err
	}
	return TimelineRequest{
		Queries: v["q"], By: v.Get("by"), From: base.From, To: base.To,
		Filters: filterValues(v), Duplicates: v.Get("duplicates"),
	}, nil
}

func filterValues(v url.Values) Filters {
	return Filters{
		Sources:     nonEmpty(v["source"]),
		SourceCodes: nonEmpty(v["source_code"]),
		Sections:    nonEmpty(v["section"]),
		Languages:   nonEmpty(append(v["lang"], v["language"]...)),
		Names:       nonEmpty(v["name"]),
	}
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, s := range vs {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// commaList splits comma-separated values.
func commaList(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, nonEmpty(strings.Split(v, ","))...)
	}
	return out
}
