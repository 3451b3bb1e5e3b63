package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/newsdesk/newsdesk/query"
)

// filterFlags are the filter flags of search, timeline, export and kwic.
// A flag repeated is OR (--source a --source b); different flags are AND.
type filterFlags struct {
	f query.Filters
}

func (ff *filterFlags) add(f *pflag.FlagSet) {
	f.StringArrayVar(&ff.f.Sources, "source", nil, "only this source (name or words of it; repeat for several)")
	f.StringArrayVar(&ff.f.SourceCodes, "source-code", nil, "only this Factiva source code, e.g. NYTF (repeat for several)")
	f.StringArrayVar(&ff.f.Sections, "section", nil, "only this section (name or words of it; repeat for several)")
	f.StringArrayVar(&ff.f.Languages, "lang", nil, "only this language: code or name (repeat for several)")
	f.StringArrayVar(&ff.f.Names, "name", nil, "only articles naming this person, organisation or place (full name or surname; repeat for several)")
}

// commaFlag splits a comma-separated flag value into trimmed items.
func commaFlag(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
