package httpapi

import (
	"errors"
	"net/url"
	"testing"

	"github.com/newsdesk/newsdesk/query"
)

// TestSyntaxParam: syntax= selects how the query is read; an unknown one
// is a RequestError naming the parameter.
func TestSyntaxParam(t *testing.T) {
	tests := []struct {
		value   string
		want    query.Syntax
		wantErr bool
	}{
		{"", query.SyntaxNewsdesk, false},
		{"newsdesk", query.SyntaxNewsdesk, false},
		{"factiva", query.SyntaxFactiva, false},
		{"Nexis", query.SyntaxNexis, false},
		{"westlaw", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			r, err := Parse(SearchParams(), url.Values{"q": {"a w/5 b"}, "syntax": {tt.value}})
			var re *query.RequestError
			if tt.wantErr {
				if !errors.As(err, &re) || re.Param != "syntax" {
					t.Fatalf("error = %v, want a RequestError naming syntax", err)
				}
				return
			}
			if err != nil || r.Syntax != tt.want {
				t.Fatalf("Syntax = %v, %v; want %v", r.Syntax, err, tt.want)
			}
		})
	}
}
