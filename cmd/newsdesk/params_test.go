package main

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/query"
)

// paramSamples are values each request parameter is tried with, by URL
// key: good ones, edge cases and bad ones. A parameter added to a table of
// httpapi needs samples here, or TestFlagsParseAsURLParameters fails.
var paramSamples = map[string][][]string{
	"limit":       {{"5"}, {"0"}, {"-3"}, {""}, {"abc"}, {"0x10"}, {"2.5"}},
	"offset":      {{"7"}, {"x"}},
	"sort":        {{"date"}, {"-date"}, {"relevance"}},
	"from":        {{"2017"}, {"2017-10"}, {"2017-10-23"}, {""}, {"soon"}, {"2017-13"}},
	"to":          {{"2017"}, {"2017-10"}, {"2017-10-23"}, {"soon"}},
	"source":      {{"guardian"}, {" The Times ", "reuters"}, {" "}},
	"source_code": {{"NYTF"}, {"NYTF", "GRDN"}},
	"section":     {{"World"}, {"World", ""}},
	"lang":        {{"en"}, {"english", "de"}},
	"name":        {{"neumann"}, {"Peter Neumann", "Islamic State"}},
	"facets":      {{"source,month"}, {"source", "year"}, {" source , ,lang"}},
	"facet_size":  {{"12"}, {"0"}, {""}, {"100000"}, {"100001"}, {"-1"}, {"ten"}, {"1.5"}},
	"duplicates":  {{"show"}, {"identical"}, {"similar"}, {"SHOW"}, {"twice"}},
	"cursor":      {{"*"}, {"abc"}},
	"speaker":     {{"neumann"}, {"Peter Neumann"}},
	"by":          {{"year"}, {"week"}},
	"syntax":      {{"nexis"}, {"Factiva"}, {"newsdesk"}, {""}, {"westlaw"}},
}

// TestFlagsParseAsURLParameters: every parameter that has a flag reads a
// value given as --flag the same as the API reads it given as key=: the
// same request, or an error for both, naming the flag or the parameter.
func TestFlagsParseAsURLParameters(t *testing.T) {
	differential(t, httpapi.SearchParams())
	differential(t, httpapi.QuoteParams())
	differential(t, httpapi.TimelineParams())
}

func differential[R any](t *testing.T, params []httpapi.Param[R]) {
	t.Helper()
	for _, p := range params {
		if p.Flag == "" {
			continue
		}
		samples, ok := paramSamples[p.Key]
		if !ok {
			t.Errorf("%s: no sample values in paramSamples", p.Key)
			continue
		}
		for _, values := range samples {
			if len(values) > 1 && !p.Repeat {
				t.Fatalf("%s takes one value, sample %q has %d", p.Key, values, len(values))
			}
			fromURL, urlErr := httpapi.Parse(params, url.Values{p.Key: values})

			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			bound := bindRequest(fs, params, nil)
			var args []string
			for _, v := range values {
				args = append(args, "--"+p.Flag+"="+v)
			}
			var fromFlags R
			flagErr := fs.Parse(args)
			if flagErr == nil {
				flagErr = bound.read(&fromFlags)
			}

			name := p.Key + "=" + strings.Join(values, "&")
			if (urlErr == nil) != (flagErr == nil) {
				t.Errorf("%T %s: URL error %v, flag error %v", fromFlags, name, urlErr, flagErr)
				continue
			}
			if urlErr != nil {
				var re *query.RequestError
				if !errors.As(urlErr, &re) || re.Param != p.Key {
					t.Errorf("%s: URL error %v does not name %s", name, urlErr, p.Key)
				}
				if !strings.Contains(flagErr.Error(), "--"+p.Flag+":") {
					t.Errorf("%s: flag error %v does not name --%s", name, flagErr, p.Flag)
				}
				continue
			}
			if !reflect.DeepEqual(fromURL, fromFlags) {
				t.Errorf("%T %s:\n URL   %+v\n flags %+v", fromFlags, name, fromURL, fromFlags)
			}
		}
	}
}

// TestCommandsBindTheirParameters: each command's flags are those of its
// table, under the names they have always had, reading values as the
// table does.
func TestCommandsBindTheirParameters(t *testing.T) {
	filters := []string{"source", "source-code", "section", "lang", "name"}
	tests := []struct {
		cmd   *cobra.Command
		flags []string
	}{
		{newSearchCmd(&options{}), append([]string{"limit", "offset", "sort", "from", "to", "facets", "facet-size", "duplicates", "cursor"}, filters...)},
		{newKwicCmd(&options{}), append([]string{"sort", "from", "to", "duplicates"}, filters...)},
		{newExportCmd(&options{}), append([]string{"sort", "from", "to", "duplicates"}, filters...)},
		{newQuotesCmd(&options{}), []string{"speaker", "limit", "offset", "from", "to", "duplicates"}},
		{newTimelineCmd(&options{}), append([]string{"by", "from", "to", "duplicates"}, filters...)},
	}
	for _, tt := range tests {
		for _, name := range tt.flags {
			f := tt.cmd.Flags().Lookup(name)
			if f == nil {
				t.Errorf("%s: no --%s", tt.cmd.Name(), name)
				continue
			}
			if _, ok := f.Value.(*paramValue); !ok {
				t.Errorf("%s --%s is not read through its parameter table", tt.cmd.Name(), name)
			}
		}
	}
	if f := newSearchCmd(&options{}).Flags().ShorthandLookup("n"); f == nil || f.Name != "limit" {
		t.Errorf("search -n is %v, want --limit", f)
	}
}
