package main

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
)

// TestServeHelpListsEveryEndpoint checks serve --help against the
// handler's routes (it listed four of seven).
func TestServeHelpListsEveryEndpoint(t *testing.T) {
	out, _, err := run(t, "", "serve", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range httpapi.Routes() {
		if !strings.Contains(out, "  "+r.Method+" "+r.Path+"\n") {
			t.Errorf("serve --help does not list %s %s:\n%s", r.Method, r.Path, out)
		}
	}
}
