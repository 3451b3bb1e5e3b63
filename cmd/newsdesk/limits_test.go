package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRepeatedPrefixRefused: "s* OR s* OR …" 250 times expands s* once per
// repeat; every command that runs a query refuses it with an error that
// says why, instead of searching for seconds.
func TestRepeatedPrefixRefused(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	q := strings.TrimSuffix(strings.Repeat("s* OR ", 250), " OR ")
	for _, args := range [][]string{
		{"search", q},
		{"search", q, "--facets", "source", "--duplicates", "show"},
		{"export", q},
		{"kwic", "turkey", q},
		{"timeline", q},
		{"names", q},
		{"quotes", q},
	} {
		t.Run(args[0], func(t *testing.T) {
			_, _, err := run(t, "", append([]string{"--index", ix}, args...)...)
			if err == nil || !strings.HasPrefix(err.Error(), "query: the query expands to more than 10000 index terms") {
				t.Errorf("%s: err = %v, want the query's expansion named", strings.Join(args[:1], " "), err)
			}
		})
	}
}

// TestServeAllowsOnlyKnownHosts: serve answers requests addressed to
// loopback names and to --allow-host names, and refuses others (a page
// on another site reaching it through DNS rebinding) with a 403 that says
// which flag allows them; a client's own mistakes are answered without
// the command line's flags.
func TestServeAllowsOnlyKnownHosts(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	cmd := newRootCmd()
	cmd.SetArgs([]string{"--index", ix, "serve", "--addr", "127.0.0.1:0", "--allow-host", "news.example.org", "--allow-host", "archive.example.net:8080"})
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(errOut.String()); m != nil {
			base = "http://" + m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve did not start: %s", errOut.String())
	}
	for _, tt := range []struct {
		host   string
		status int
	}{
		{"", http.StatusOK}, // the address itself, 127.0.0.1:port
		{"localhost", http.StatusOK},
		{"news.example.org", http.StatusOK},
		{"archive.example.net", http.StatusOK},
		{"attacker.example", http.StatusForbidden},
		{"example.org", http.StatusForbidden},
	} {
		req, err := http.NewRequest("GET", base+"/api/search?q=returnees", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.host != "" {
			req.Host = tt.host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("Host %q: %d %s, want %d", tt.host, res.StatusCode, body, tt.status)
		}
		if tt.status == http.StatusForbidden && !strings.Contains(string(body), "--allow-host "+tt.host) {
			t.Errorf("Host %q: the 403 does not say how to allow it: %s", tt.host, body)
		}
	}
	// A client's own mistakes are answered in the API's words (its URL
	// parameters): the client cannot use the command line's flags.
	for _, tt := range []struct {
		path   string
		status int
		want   string
	}{
		{"/api/quotes?q=source:reuters", http.StatusBadRequest, "speaker="},
		{"/api/search?q=flood&limit=x", http.StatusBadRequest, "limit"},
	} {
		res, err := http.Get(base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %d %s, want %d and %q", tt.path, res.StatusCode, body, tt.status, tt.want)
		}
		if strings.Contains(string(body), "--") {
			t.Errorf("%s: the %d names a command-line flag: %s", tt.path, res.StatusCode, body)
		}
	}
}

func TestListenHosts(t *testing.T) {
	tests := []struct {
		addr  string
		allow []string
		want  string
	}{
		{"127.0.0.1:8080", nil, "127.0.0.1"},
		{"news.lan:8080", []string{"a.example"}, "news.lan a.example"},
		{"[fe80::1]:8080", nil, "fe80::1"},
		{"0.0.0.0:8080", []string{"a.example"}, "a.example"},
		{"[::]:8080", nil, ""},
		{":8080", nil, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(listenHosts(tt.addr, tt.allow), " "); got != tt.want {
			t.Errorf("listenHosts(%q, %q) = %q, want %q", tt.addr, tt.allow, got, tt.want)
		}
	}
}
