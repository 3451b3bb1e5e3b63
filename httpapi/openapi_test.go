package httpapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/httpapi"
)

var update = flag.Bool("update", false, "rewrite docs/openapi.json")

// openapiDoc is the part of an OpenAPI description the tests read.
type openapiDoc struct {
	Paths      map[string]map[string]openapiOp `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

type openapiOp struct {
	Parameters []struct {
		Name    string `json:"name"`
		In      string `json:"in"`
		Example any    `json:"example"`
		Schema  struct {
			Type string `json:"type"`
		} `json:"schema"`
	} `json:"parameters"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func generatedOpenAPI(t *testing.T) (raw []byte, doc openapiDoc) {
	t.Helper()
	raw, err := httpapi.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the description is not JSON: %v", err)
	}
	return raw, doc
}

// TestOpenAPIFileIsCurrent checks that docs/openapi.json is what the
// handler serves at /api/openapi.json (go test ./httpapi -run
// TestOpenAPIFileIsCurrent -update rewrites it).
func TestOpenAPIFileIsCurrent(t *testing.T) {
	raw, _ := generatedOpenAPI(t)
	path := filepath.Join("..", "docs", "openapi.json")
	if *update {
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, raw) {
		t.Errorf("%s differs from the handler's description: go test ./httpapi -run TestOpenAPIFileIsCurrent -update", path)
	}
	srv := httptest.NewServer(httpapi.NewHandler(testSearcher(t), nil))
	defer srv.Close()
	status, _, body := fetch(t, srv.URL+"/api/openapi.json")
	if status != http.StatusOK || !bytes.Equal(body, raw) {
		t.Errorf("/api/openapi.json: status %d, %d bytes; want 200 and the description (%d bytes)", status, len(body), len(raw))
	}
}

// badValues are values that each parameter of these names refuses.
var badValues = map[string]string{
	"limit": "0", "offset": "-1", "from": "2017-13", "to": "someday", "sort": "sideways",
	"duplicates": "some", "by": "fortnight", "facets": "colour",
}

// TestOpenAPIDescribesTheHandler asks every documented path its
// documented example and checks the status, the content type and the
// answer against the documented schema (no key missing, none more, each
// of its type); each documented 400 with a bad value of each parameter
// that has one, each 404 with an unknown id. And the handler serves no
// path that is not documented.
func TestOpenAPIDescribesTheHandler(t *testing.T) {
	_, doc := generatedOpenAPI(t)
	srv := httptest.NewServer(httpapi.NewHandler(testSearcher(t), nil))
	defer srv.Close()
	if len(doc.Paths) != len(httpapi.Routes()) {
		t.Errorf("%d paths documented, %d routes", len(doc.Paths), len(httpapi.Routes()))
	}
	for path, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok || len(ops) != 1 {
			t.Errorf("%s: operations %v, want get alone", path, keys(ops))
			continue
		}
		t.Run(path, func(t *testing.T) {
			u, q := path, url.Values{}
			for _, p := range op.Parameters {
				if p.Example == nil {
					continue
				}
				switch p.In {
				case "path":
					u = strings.Replace(u, "{"+p.Name+"}", url.PathEscape(fmt.Sprint(p.Example)), 1)
				case "query":
					if list, ok := p.Example.([]any); ok {
						for _, v := range list {
							q.Add(p.Name, fmt.Sprint(v))
						}
					} else {
						q.Set(p.Name, fmt.Sprint(p.Example))
					}
				}
			}
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			status, ctype, body := fetch(t, srv.URL+u)
			ok200, documented := op.Responses["200"]
			if status != http.StatusOK || !documented {
				t.Fatalf("GET %s: status %d, want the documented 200 (documented: %v): %s", u, status, documented, body)
			}
			for want, c := range ok200.Content {
				if !strings.HasPrefix(ctype, want) {
					t.Errorf("GET %s: content type %q, documented %q", u, ctype, want)
				}
				if want == "application/json" {
					var v any
					if err := json.Unmarshal(body, &v); err != nil {
						t.Fatalf("GET %s: not JSON: %v", u, err)
					}
					if err := conforms(v, c.Schema, doc, "answer"); err != nil {
						t.Errorf("GET %s: %v", u, err)
					}
				}
			}
			if _, ok := op.Responses["400"]; ok {
				tried := 0
				for _, p := range op.Parameters {
					bad, ok := badValues[p.Name]
					if !ok || p.In != "query" {
						continue
					}
					tried++
					bq := url.Values{}
					for k, v := range q {
						bq[k] = v
					}
					bq.Set(p.Name, bad)
					checkError(t, doc, op, srv.URL+path+"?"+bq.Encode(), http.StatusBadRequest, p.Name)
				}
				if tried == 0 {
					t.Errorf("400 is documented, but no parameter has a bad value to try")
				}
			}
			if _, ok := op.Responses["404"]; ok {
				checkError(t, doc, op, srv.URL+strings.Replace(path, "{id}", "NOSUCHARTICLE", 1), http.StatusNotFound, "NOSUCHARTICLE")
			}
		})
	}
	// Paths next to the documented ones are not served.
	for _, p := range []string{"/api", "/api/", "/api/article/" + seedID, "/api/searches", "/api/stats/x", "/index.html", "/openapi.json"} {
		if status, _, body := fetch(t, srv.URL+p); status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404 for an undocumented path: %s", p, status, body)
		}
	}
}

func checkError(t *testing.T, doc openapiDoc, op openapiOp, u string, status int, names string) {
	t.Helper()
	got, _, body := fetch(t, u)
	var v any
	if err := json.Unmarshal(body, &v); err != nil || got != status {
		t.Fatalf("GET %s: status %d (%v), want %d: %s", u, got, err, status, body)
	}
	if err := conforms(v, op.Responses[fmt.Sprint(status)].Content["application/json"].Schema, doc, "error"); err != nil {
		t.Errorf("GET %s: %v", u, err)
	}
	if msg, _ := v.(map[string]any)["error"].(string); !strings.Contains(msg, names) {
		t.Errorf("GET %s: error %q does not name %s", u, msg, names)
	}
}

func fetch(t *testing.T, u string) (int, string, []byte) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

// conforms checks v against a JSON schema of the OpenAPI description:
// $ref, type, properties, required and additionalProperties.
func conforms(v, schema any, doc openapiDoc, at string) error {
	s, _ := schema.(map[string]any)
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		target, ok := doc.Components.Schemas[name]
		if !ok {
			return fmt.Errorf("%s: no schema %s", at, ref)
		}
		return conforms(v, target, doc, at)
	}
	typ, _ := s["type"].(string)
	switch typ {
	case "":
		return nil
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s: no %s, which is required", at, r)
			}
		}
		for k, kv := range m {
			ps, ok := props[k]
			if !ok {
				ps = s["additionalProperties"]
				if ps == false {
					return fmt.Errorf("%s: %s is not documented", at, k)
				}
			}
			if err := conforms(kv, ps, doc, at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		for i, e := range a {
			if err := conforms(e, s["items"], doc, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
	case "integer", "number":
		f, ok := v.(float64)
		if !ok || typ == "integer" && f != float64(int64(f)) {
			return fmt.Errorf("%s: %v, want an %s", at, v, typ)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	default:
		return fmt.Errorf("%s: schema type %q unknown to the test", at, typ)
	}
	return nil
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
