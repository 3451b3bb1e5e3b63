package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
)

// The page's icon must load under the page's own Content-Security-Policy
// (images from 'self'): the browser test sees the violation, this test
// the reason without a browser.
func TestPageIconIsServedNotInlined(t *testing.T) {
	h := httpapi.NewHandler(testSearcher(t), nil)
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost"+path, nil))
		return rec
	}
	page := get("/")
	icon := regexp.MustCompile(`<link rel="icon" href="([^"]+)"`).FindStringSubmatch(page.Body.String())
	if icon == nil {
		t.Fatal("the page links no icon (the browser then asks for /favicon.ico, a 404)")
	}
	if csp := page.Header().Get("Content-Security-Policy"); strings.Contains(csp, "data:") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q: images must stay 'self'", csp)
	}
	rec := get("/" + icon[1])
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "<svg") {
		t.Fatalf("icon %s: %d %.40q, want 200 and an SVG", icon[1], rec.Code, rec.Body.String())
	}
	for _, tt := range []struct{ header, want string }{
		{"Content-Type", "image/svg+xml"},
		{"X-Content-Type-Options", "nosniff"},
		{"Content-Security-Policy", "default-src 'none'"},
	} {
		if got := rec.Header().Get(tt.header); got != tt.want {
			t.Errorf("icon %s: %s %q, want %q", icon[1], tt.header, got, tt.want)
		}
	}
}
