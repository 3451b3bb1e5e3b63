package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/query"
)

// OpenAPI describes the API in OpenAPI 3 (JSON), generated from Routes,
// the parameter tables and the Go types of the answers: what it says is
// what the handler does. docs/openapi.json is a copy, checked by a test.
func OpenAPI() ([]byte, error) {
	g := schemaGen{schemas: map[string]any{}, types: map[string]reflect.Type{}}
	errRef := g.ref(reflect.TypeOf(apiError{}))
	paths := map[string]any{}
	for _, r := range Routes() {
		op, err := g.operation(r, errRef)
		if err != nil {
			return nil, fmt.Errorf("openapi: %s %s: %w", r.Method, r.Path, err)
		}
		paths[r.Path] = map[string]any{strings.ToLower(r.Method): op}
	}
	if g.err != nil {
		return nil, fmt.Errorf("openapi: %w", g.err)
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "newsdesk",
			"version": "1",
			"description": "Search a news archive. Every answer is JSON but the page and its icon. " +
				"Errors are {\"error\": \"...\"} naming the bad parameter: 400 for a bad request, 403 for a host that is not allowed, " +
				"404 for an unknown article or endpoint, 503 for a search that took too long. " +
				fmt.Sprintf("The list endpoints (search, quotes, names) page alike: limit (1 to %d, default %d) and offset (0 to %d); ", query.MaxLimit, query.DefaultLimit, query.MaxOffset) +
				"search also pages by cursor (cursor=* for the first page, then the answer's next). " +
				"Repeatable parameters are given once per value (source=a&source=b).",
		},
		"paths":      paths,
		"components": map[string]any{"schemas": g.schemas},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return b.Bytes(), nil
}

// apiError is the answer of every failed request.
type apiError struct {
	Error string `json:"error"`
}

func (h *handler) openapi(w http.ResponseWriter, r *http.Request) {
	doc, err := OpenAPI()
	if err != nil {
		h.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(doc)
}

// operation describes one route; its parameters carry the values of the
// route's Example.
func (g *schemaGen) operation(r Route, errRef map[string]any) (map[string]any, error) {
	u, err := url.Parse(r.Example)
	if err != nil {
		return nil, fmt.Errorf("example %q: %w", r.Example, err)
	}
	example := u.Query()
	known := map[string]bool{}
	var params []any
	for _, p := range r.PathParams {
		v, ok := pathValue(r.Path, u.Path, p.Name)
		if !ok {
			return nil, fmt.Errorf("example %q has no {%s}", r.Example, p.Name)
		}
		params = append(params, map[string]any{"name": p.Name, "in": "path", "required": true, "description": p.Help,
			"schema": map[string]any{"type": "string"}, "example": v})
	}
	for _, p := range r.Params {
		known[p.Name] = true
		s := map[string]any{"type": "string"}
		switch p.Type {
		case "int":
			s = map[string]any{"type": "integer"}
		case "stringArray":
			s = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
		}
		if p.Default != "" {
			if p.Type == "int" {
				n, err := strconv.Atoi(p.Default)
				if err != nil {
					return nil, fmt.Errorf("parameter %s: default %q: %w", p.Name, p.Default, err)
				}
				s["default"] = n
			} else {
				s["default"] = p.Default
			}
		}
		param := map[string]any{"name": p.Name, "in": "query", "description": p.Help, "schema": s}
		if p.Type == "stringArray" {
			param["style"], param["explode"] = "form", true
		}
		if vs, ok := example[p.Name]; ok {
			switch p.Type {
			case "stringArray":
				param["example"] = vs
			case "int":
				n, err := strconv.Atoi(vs[0])
				if err != nil {
					return nil, fmt.Errorf("example %q: %s: %w", r.Example, p.Name, err)
				}
				param["example"] = n
			default:
				param["example"] = vs[0]
			}
		}
		params = append(params, param)
	}
	for k := range example {
		if !known[k] {
			return nil, fmt.Errorf("example %q gives %s, which is not a parameter", r.Example, k)
		}
	}
	body := map[string]any{"schema": map[string]any{"type": "string"}}
	if r.ContentType == jsonType {
		body = map[string]any{"schema": map[string]any{"type": "object"}}
		if r.Response != nil {
			body = map[string]any{"schema": g.ref(reflect.TypeOf(r.Response))}
		}
	}
	errBody := map[string]any{"content": map[string]any{jsonType: map[string]any{"schema": errRef}}}
	responses := map[string]any{
		"200": map[string]any{"description": r.Summary, "content": map[string]any{r.ContentType: body}},
		"403": withDescription(errBody, "the request is addressed to a host that is not allowed"),
	}
	if len(r.Params) > 0 {
		responses["400"] = withDescription(errBody, "a parameter is wrong; the error names it")
	}
	if len(r.PathParams) > 0 {
		responses["404"] = withDescription(errBody, "no such article")
	}
	op := map[string]any{"summary": r.Summary, "operationId": operationID(r), "responses": responses}
	if params != nil {
		op["parameters"] = params
	}
	if r.Paged {
		op["description"] = "Paged with limit and offset, as every list endpoint is."
	}
	return op, nil
}

func withDescription(m map[string]any, d string) map[string]any {
	out := map[string]any{"description": d}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// operationID names a route: getApiArticlesId for GET /api/articles/{id}.
func operationID(r Route) string {
	id := strings.ToLower(r.Method)
	for _, part := range strings.FieldsFunc(r.Path, func(c rune) bool { return !('a' <= c && c <= 'z' || '0' <= c && c <= '9') }) {
		id += strings.ToUpper(part[:1]) + part[1:]
	}
	if r.Path == "/" {
		id += "Page"
	}
	return id
}

// pathValue is the value of {name} of pattern in path.
func pathValue(pattern, path, name string) (string, bool) {
	ps, vs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(vs) {
		return "", false
	}
	for i, p := range ps {
		if p == "{"+name+"}" {
			v, err := url.PathUnescape(vs[i])
			return v, err == nil && v != ""
		}
	}
	return "", false
}

// schemaGen derives JSON schemas from Go types, by their json tags; named
// structs go into components, by name.
type schemaGen struct {
	schemas map[string]any
	types   map[string]reflect.Type
	err     error
}

var (
	timeType    = reflect.TypeOf(time.Time{})
	articleType = reflect.TypeOf(article.Article{})
)

// ref is the schema of t, a reference for a named struct.
func (g *schemaGen) ref(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType {
		return g.schema(t)
	}
	name := t.Name()
	if prev, ok := g.types[name]; ok {
		if prev != t && g.err == nil {
			g.err = fmt.Errorf("two types named %s: %s and %s", name, prev, t)
		}
	} else {
		g.types[name] = t
		g.schemas[name] = map[string]any{} // a recursive type refers to it
		g.schemas[name] = g.schema(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == articleType:
		return g.articleSchema()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schema(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.ref(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.ref(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if !f.IsExported() || tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			props[name] = g.ref(f.Type)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if required != nil {
			s["required"] = required
		}
		return s
	}
	if g.err == nil {
		g.err = fmt.Errorf("no JSON schema for %s", t)
	}
	return map[string]any{}
}

// articleSchema is the JSON form of an article (article.Article's
// MarshalJSON): the fields of the article schema, then names, quotations,
// extra keys and origin.
func (g *schemaGen) articleSchema() map[string]any {
	props := map[string]any{}
	var required []string
	for f := range article.FieldsSeq() {
		var s map[string]any
		switch f.Kind {
		case article.List, article.Paragraphs:
			s = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
		case article.Count:
			s = map[string]any{"type": "integer"}
		case article.Date:
			s = map[string]any{"type": "string", "description": "YYYY-MM-DD, or RFC 3339 with a time of day"}
		default:
			s = map[string]any{"type": "string"}
		}
		props[f.Name] = s
		if f.Required {
			required = append(required, f.Name)
		}
	}
	props["names"] = map[string]any{"type": "array", "items": g.ref(reflect.TypeOf(article.Name{}))}
	props["quotes"] = map[string]any{"type": "array", "items": g.ref(reflect.TypeOf(article.Quote{}))}
	props["extra"] = map[string]any{"type": "object", "description": "input keys without a field of their own"}
	props["origin"] = g.ref(reflect.TypeOf(article.Origin{}))
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}
