package httpapi

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/newsdesk/newsdesk/query"
)

// ParseValues reads a search Request from URL parameters: those of
// ParseRequest, and the filters (source, source_code, section, lang, name;
// repeat a parameter for alternatives), facets (comma-separated),
// duplicates and cursor. Its error names the first bad parameter.
func ParseValues(v url.Values) (query.Request, error) {
	req, err := ParseRequest(v.Get)
	if err != nil {
		return req, err
	}
	req.Filters = filterValues(v)
	req.Facets = commaList(v["facets"])
	req.Duplicates = v.Get("duplicates")
	req.Cursor = v.Get("cursor")
	if err := checkDuplicates(req.Duplicates); err != nil {
		return req, err
	}
	return req, nil
}

// ParseTimeline reads a TimelineRequest from URL parameters: q (repeat it
// for several series), by, from, to, the filters and duplicates.
func ParseTimeline(v url.Values) (query.TimelineRequest, error) {
	base, err := ParseRequest(v.Get)
	if err != nil {
		return query.TimelineRequest{}, err
	}
	return query.TimelineRequest{
		Queries: v["q"], By: v.Get("by"), From: base.From, To: base.To,
		Filters: filterValues(v), Duplicates: v.Get("duplicates"),
	}, nil
}

func filterValues(v url.Values) query.Filters {
	return query.Filters{
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

// checkDuplicates names a duplicates mode the searcher would refuse, so
// that the request fails before it runs.
func checkDuplicates(mode string) error {
	switch strings.ToLower(mode) {
	case "", query.DupSimilar, query.DupIdentical, query.DupShow:
		return nil
	}
	return &query.RequestError{Param: "duplicates", Err: fmt.Errorf("%q is not a mode; use similar, identical or show", mode)}
}
