package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/query"
)

// Route is one endpoint the handler serves, as NewHandler registers it,
// OpenAPI describes it and `newsdesk serve --help` lists it: the one list
// of all three.
type Route struct {
	Method string // GET
	Path   string // as net/http patterns write it: /api/articles/{id}
	// Summary says in one line what the endpoint answers.
	Summary string
	// Params are the URL query parameters, from the endpoint's parameter
	// table; PathParams the {name} parts of Path.
	Params     []ParamDoc
	PathParams []ParamDoc
	// Paged endpoints list results a page at a time with limit and
	// offset (search also with cursor).
	Paged bool
	// Example is a request (path and query) answered with status 200 on
	// the bundled sample archive (testdata/archive).
	Example string
	// ContentType is the 200 answer's type; Response, for JSON, a value
	// of the answer's Go type (its JSON schema is derived from it).
	ContentType string
	Response    any
}

// ParamDoc describes one parameter for people and for OpenAPI.
type ParamDoc struct {
	Name    string
	Type    string // int, string or stringArray (repeatable)
	Help    string
	Default string
}

// docParams describes a parameter table.
func docParams[R any](params []Param[R]) []ParamDoc {
	out := make([]ParamDoc, 0, len(params))
	for _, p := range params {
		typ := p.Type
		if p.Repeat {
			typ = "stringArray"
		}
		out = append(out, ParamDoc{Name: p.Key, Type: typ, Help: p.Help, Default: p.Default})
	}
	return out
}

// route is a Route and the function that serves it.
type route struct {
	Route
	serve http.HandlerFunc
}

const jsonType = "application/json"

// exampleID is an article of the bundled sample archive.
const exampleID = "NYTF000020171023edan00046"

// routes lists the endpoints of h. Routes calls it on a zero handler for
// the descriptions alone.
func (h *handler) routes() []route {
	return []route{
		{Route{Method: "GET", Path: "/api/search", Summary: "Search articles: ranked hits with highlighted snippets, facet counts, duplicates collapsed",
			Params: docParams(SearchParams()), Paged: true, Example: "/api/search?q=said&limit=2&facets=source,year",
			ContentType: jsonType, Response: query.Result{}}, h.search},
		{Route{Method: "GET", Path: "/api/timeline", Summary: "Count the articles of one or more queries by year, month, week or day",
			Params: docParams(TimelineParams()), Example: "/api/timeline?q=said&q=ferry&by=year",
			ContentType: jsonType, Response: query.Timeline{}}, h.timeline},
		{Route{Method: "GET", Path: "/api/articles/{id}", Summary: "One whole article, with its names and quotations",
			PathParams: []ParamDoc{{Name: "id", Type: "string", Help: "the article's id"}}, Example: "/api/articles/" + exampleID,
			ContentType: jsonType, Response: article.Article{}}, h.article},
		{Route{Method: "GET", Path: "/api/quotes", Summary: "Search quotations: who said what, with the speakers quoted most",
			Params: docParams(QuoteParams()), Paged: true, Example: "/api/quotes?q=said&limit=2",
			ContentType: jsonType, Response: query.QuoteResult{}}, h.quotes},
		{Route{Method: "GET", Path: "/api/names", Summary: "The names mentioned in most articles of a search, and the speakers quoted in most",
			Params: docParams(NamesParams()), Paged: true, Example: "/api/names?q=said&limit=5",
			ContentType: jsonType, Response: query.NamesResult{}}, h.names},
		{Route{Method: "GET", Path: "/api/stats", Summary: "What the archive holds: articles, sources, dates, languages, index size and layout",
			Example: "/api/stats", ContentType: jsonType, Response: Stats{}}, h.stats},
		{Route{Method: "GET", Path: "/api/openapi.json", Summary: "This API described in OpenAPI 3",
			Example: "/api/openapi.json", ContentType: jsonType}, h.openapi},
		{Route{Method: "GET", Path: "/healthz", Summary: "Whether the server is up, and its article count",
			Example: "/healthz", ContentType: jsonType, Response: Health{}}, h.health},
		{Route{Method: "GET", Path: "/", Summary: "The search page", Example: "/", ContentType: "text/html"}, h.page},
		{Route{Method: "GET", Path: "/favicon.svg", Summary: "The search page's icon", Example: "/favicon.svg", ContentType: "image/svg+xml"}, h.icon},
	}
}

// Routes lists every endpoint the handler serves, in the order of the
// documentation.
func Routes() []Route {
	var out []Route
	for _, r := range (&handler{}).routes() {
		out = append(out, r.Route)
	}
	return out
}

// pattern is r's net/http pattern: "/" alone matches only itself.
func (r Route) pattern() string {
	if r.Path == "/" {
		return r.Method + " /{$}"
	}
	return r.Method + " " + r.Path
}

// Endpoints lists the routes for a help text: each method and path, then
// its summary and URL parameters, wrapped to fit 80 columns.
func Endpoints() string {
	var b strings.Builder
	for _, r := range Routes() {
		fmt.Fprintf(&b, "  %s %s\n", r.Method, r.Path)
		wrap(&b, "      ", r.Summary)
		if len(r.Params) > 0 {
			var keys []string
			for _, p := range r.Params {
				keys = append(keys, p.Name)
			}
			wrap(&b, "      ", "parameters: "+strings.Join(keys, ", "))
		}
	}
	return b.String()
}

// wrap writes text in lines of at most 78 columns, each after indent.
func wrap(b *strings.Builder, indent, text string) {
	line := indent
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > 78 {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
}

// Health is the answer of GET /healthz.
type Health struct {
	Status   string `json:"status"`
	Articles uint64 `json:"articles"`
}

// errOffset is the error of an offset out of range.
func errOffset(n int) error {
	return fmt.Errorf("must be between 0 and %d, got %d", query.MaxOffset, n)
}
