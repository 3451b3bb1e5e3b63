package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/newsdesk/newsdesk/httpapi"
)

// requestFlags binds the parameters of a request R (a table of httpapi:
// SearchParams, QuoteParams, TimelineParams) to a command's flags, so that
// a flag reads its value exactly as the API reads the URL parameter of the
// same name. Filters are repeatable: a flag repeated is OR (--source a
// --source b); different flags are AND.
type requestFlags[R any] struct {
	params []httpapi.Param[R]
	values []*paramValue
}

// flagUse changes, for one command, a parameter's default (its own, as
// export's --duplicates show) or its help; "" keeps the table's.
type flagUse struct {
	def, help string
}

// bindRequest adds a flag to f for each parameter of params that has one;
// uses changes some of them by URL key. Parameters the command does not
// take are left out by naming them in skip.
func bindRequest[R any](f *pflag.FlagSet, params []httpapi.Param[R], uses map[string]flagUse, skip ...string) *requestFlags[R] {
	rf := &requestFlags[R]{}
	for _, p := range params {
		if p.Flag == "" || contains(skip, p.Key) {
			continue
		}
		if u, ok := uses[p.Key]; ok {
			if u.def != "" {
				p.Default = u.def
			}
			if u.help != "" {
				p.Help = u.help
			}
		}
		v := &paramValue{typ: p.Type, repeat: p.Repeat, def: p.Default}
		f.VarP(v, p.Flag, p.Short, p.Help)
		rf.params = append(rf.params, p)
		rf.values = append(rf.values, v)
	}
	return rf
}

// read sets every bound parameter on r, from its flag or its default; its
// error names the flag.
func (rf *requestFlags[R]) read(r *R) error {
	for i, p := range rf.params {
		if err := p.Apply(r, rf.values[i].given); err != nil {
			return fmt.Errorf("--%s: %w", p.Flag, err)
		}
	}
	return nil
}

// paramValue is a flag's pflag.Value: it keeps the values given, as
// strings, for Param.Apply to read. A repeatable one is a
// pflag.SliceValue (countingFlags repeats each of its values).
type paramValue struct {
	typ    string // "int", "string" or "stringArray", as the help names it
	repeat bool
	def    string
	given  []string
}

func (v *paramValue) Set(s string) error {
	if v.repeat {
		v.given = append(v.given, s)
	} else {
		v.given = []string{s} // the last one given counts
	}
	return nil
}

func (v *paramValue) String() string {
	if v.repeat {
		if len(v.given) == 0 {
			return "" // help shows no default
		}
		return "[" + strings.Join(v.given, ",") + "]"
	}
	if len(v.given) == 0 {
		if v.def == "" && v.typ == "int" {
			return "0"
		}
		return v.def
	}
	return v.given[0]
}

func (v *paramValue) Type() string { return v.typ }

// Append, Replace and GetSlice make a repeatable value a pflag.SliceValue.
func (v *paramValue) Append(s string) error { return v.Set(s) }

func (v *paramValue) Replace(s []string) error {
	v.given = append([]string(nil), s...)
	return nil
}

func (v *paramValue) GetSlice() []string { return v.given }

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
