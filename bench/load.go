package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

// cmdLoad measures newsdesk under load: many clients at once send the
// mixed requests of loadMix (searches, phrases, faceted searches listing
// the top loadFacetSize values of each facet, prefixes, timelines, names,
// quotations, article fetches, the search page and bad requests) to the HTTP handler `newsdesk serve` runs, in this process, on
// an index made earlier (by `bench -keep`, `bench scale -keep` or
// `newsdesk ingest`). It reports requests and searches per second, latency
// percentiles per kind of request and every reply without its expected
// status.
func cmdLoad(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var cf commonFlags
	cf.register(fs, engNewsdesk)
	dir := fs.String("index", "", "newsdesk index folder")
	clients := fs.Int("clients", 32, "concurrent HTTP clients")
	requests := fs.Int("requests", 20000, "HTTP requests in all, after a warm-up of one request of each kind per client")
	seed := fs.Uint64("seed", 1, "seed of the request mix")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed requests to this file")
	alone := fs.Int("alone", 50, "after the load, requests of each kind sent one at a time from one client, to measure each kind's CPU per request (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("load: -index is required")
	}
	if *clients < 1 || *requests < 1 || *alone < 0 {
		return fmt.Errorf("load: -clients and -requests must be at least 1, -alone at least 0")
	}
	ix, err := index.OpenReadOnly(*dir)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer ix.Close()
	s := query.NewSearcher(ix)
	s.Cache = true // as newsdesk serve runs it
	var ids []string
	err = s.Each(ctx, query.Request{Duplicates: query.DupShow, Sort: query.SortOldest}, func(h query.Hit, _ *article.Article) error {
		ids = append(ids, h.ID)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load: list articles: %w", err)
	}
	if len(ids) == 0 {
		return fmt.Errorf("load: %s has no article", *dir)
	}
	httpapi.TuneGCForServing() // as newsdesk serve runs
	srv := httptest.NewServer(httpapi.NewHandler(s, nil))
	defer srv.Close()
	mix := loadMix(ids)
	rng := rand.New(rand.NewPCG(*seed, 0))
	// Warm-up: every kind once per client, so that what a server builds
	// on first use (duplicate keys, facet bitmaps) is not timed.
	var warm []loadPlan
	for range *clients {
		for _, m := range mix {
			warm = append(warm, loadPlan{m.kind, m.path(rng), m.status})
		}
	}
	if r := runLoad(ctx, srv.URL, warm, *clients); r.failed > 0 {
		return fmt.Errorf("load: warm-up: %d unexpected replies, the first: %s", r.failed, r.bad[0])
	}
	plans := make([]loadPlan, *requests)
	for i := range plans {
		m := mix[rng.IntN(len(mix))]
		plans[i] = loadPlan{m.kind, m.path(rng), m.status}
	}
	fmt.Fprintf(os.Stderr, "bench: %d requests from %d clients on %s (%d articles)...\n", *requests, *clients, *dir, len(ids))
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("-cpuprofile: %w", err)
		}
	}
	r := runLoad(ctx, srv.URL, plans, *clients)
	pprof.StopCPUProfile() // a no-op without -cpuprofile
	if *alone > 0 {
		// One kind at a time from one client, so that the process's CPU
		// time over the run is that kind's alone.
		r.aloneCPU, r.aloneN = map[string]time.Duration{}, *alone
		for _, m := range mix {
			one := make([]loadPlan, *alone)
			for i := range one {
				one[i] = loadPlan{m.kind, m.path(rng), m.status}
			}
			a := runLoad(ctx, srv.URL, one, 1)
			if a.failed > 0 {
				return fmt.Errorf("load: %s alone: %d unexpected replies, the first: %s", m.kind, a.failed, a.bad[0])
			}
			r.aloneCPU[m.kind] = a.cpu / time.Duration(*alone)
		}
	}
	md := r.markdown(*clients, len(ids))
	fmt.Print(md)
	if cf.out != "" {
		if err := cf.writeSection("load", md); err != nil {
			return err
		}
	}
	if r.failed > 0 {
		return fmt.Errorf("load: %d unexpected replies", r.failed)
	}
	return nil
}

// loadPlan is one request of a load run, with the status it must get.
type loadPlan struct {
	kind, path string
	status     int
}

// loadResult is what a load run measured.
type loadResult struct {
	wall time.Duration
	// cpu is the CPU time of the whole process over the run: server,
	// clients and garbage collection together.
	cpu    time.Duration
	byKind map[string][]time.Duration
	all    []time.Duration
	failed int
	bad    []string // the first few unexpected replies
	// aloneCPU is the CPU time per request of each kind sent alone, one
	// at a time (-alone); nil when not measured.
	aloneCPU map[string]time.Duration
	aloneN   int // requests of each kind sent alone
}

// runLoad sends plans to base from clients goroutines, each taking the
// next request as it finishes one (keep-alive connections), and times
// every request to the end of its reply.
func runLoad(ctx context.Context, base string, plans []loadPlan, clients int) loadResult {
	type outcome struct {
		d   time.Duration
		bad string // "" when the reply was as expected
	}
	results := make([]outcome, len(plans))
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	n := 0
	var wg sync.WaitGroup
	cpu0 := selfCPU()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := n
				n++
				mu.Unlock()
				if i >= len(plans) {
					return
				}
				p := plans[i]
				t := time.Now()
				results[i] = outcome{bad: fetch(ctx, client, base+p.path, p.status)}
				results[i].d = time.Since(t)
			}
		}()
	}
	wg.Wait()
	r := loadResult{wall: time.Since(start), cpu: selfCPU() - cpu0, byKind: map[string][]time.Duration{}}
	for i, o := range results {
		k := plans[i].kind
		r.byKind[k] = append(r.byKind[k], o.d)
		r.all = append(r.all, o.d)
		if o.bad != "" {
			if len(r.bad) < 5 {
				r.bad = append(r.bad, o.bad)
			}
			r.failed++
		}
	}
	return r
}

// fetch GETs url and reads the reply; it returns "" when the status is
// want and the body is a whole reply of its type (replyError), else what
// went wrong.
func fetch(ctx context.Context, client *http.Client, url string, want int) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		return err.Error()
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch {
	case err != nil:
		return err.Error()
	case resp.StatusCode != want:
		return fmt.Sprintf("%s: status %d, want %d: %.200s", url, resp.StatusCode, want, body)
	}
	if msg := replyError(resp.Header.Get("Content-Type"), body); msg != "" {
		return fmt.Sprintf("%s: %s: %.200s", url, msg, body)
	}
	return ""
}

// replyError checks that body is a whole reply of content type ct: valid
// JSON for JSON (json.Valid scans it without building values, a tenth of
// what decoding costs), a page that ends for HTML. It returns "" when it
// is, else what is wrong.
func replyError(ct string, body []byte) string {
	mt, _, _ := strings.Cut(ct, ";")
	switch {
	case len(body) == 0:
		return "empty reply"
	case mt == "application/json":
		if !json.Valid(body) {
			return "invalid JSON"
		}
	case mt == "text/html":
		if !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) {
			return "HTML page cut short"
		}
	default:
		return fmt.Sprintf("unexpected content type %q", ct)
	}
	return ""
}

// searchKinds are the kinds of loadMix that are searches (GET /api/search
// answered with hits).
var searchKinds = map[string]bool{"search": true, "phrase": true, "facets": true, "prefix": true}

// markdown reports r as a section of BENCHMARKS.md.
func (r loadResult) markdown(clients, articles int) string {
	var b strings.Builder
	searches := 0
	for k, d := range r.byKind {
		if searchKinds[k] {
			searches += len(d)
		}
	}
	secs := r.wall.Seconds()
	fmt.Fprintf(&b, "### Load: %d clients, mixed requests\n\n", clients)
	fmt.Fprintf(&b, "Measured %s on %s with `%s`: %s articles, the HTTP handler of `newsdesk serve` in the bench process on a read-only index (caching and garbage-collector settings as serve runs: httpapi.TuneGCForServing), %d clients sending the next request as each reply ends (keep-alive), after a warm-up of every kind of request once per client. Faceted searches count source, month and name and list the top %d values of each keyword facet (facet_size=%[6]d), as a panel shows them. Every reply is checked for its status and for a whole body (valid JSON, or a page that ends). CPU ms/request is the process's user and system time over the run per request: server, clients and garbage collection together; unlike req/s it hardly depends on what else the shared machine runs.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), commandLine(), commas(fmt.Sprint(articles)), clients, loadFacetSize)
	table(&b, []string{"requests", "wall s", "req/s", "searches/s", "p50 ms", "p99 ms", "CPU ms/request", "unexpected replies"},
		[][]string{{commas(fmt.Sprint(len(r.all))), f1(secs), f0(float64(len(r.all)) / secs), f0(float64(searches) / secs),
			f1(percentile(r.all, .5)), f1(percentile(r.all, .99)), f2(r.cpu.Seconds() * 1000 / float64(len(r.all))), fmt.Sprint(r.failed)}})
	kinds := make([]string, 0, len(r.byKind))
	for k := range r.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var rows [][]string
	var sumAlone time.Duration
	for _, k := range kinds {
		d := r.byKind[k]
		row := []string{k, commas(fmt.Sprint(len(d))), f1(percentile(d, .5)), f1(percentile(d, .99))}
		if r.aloneCPU != nil {
			row = append(row, f2(r.aloneCPU[k].Seconds()*1000))
			sumAlone += r.aloneCPU[k]
		}
		rows = append(rows, row)
	}
	head := []string{"kind", "requests", "p50 ms", "p99 ms"}
	b.WriteString("\nBy kind of request (searches/s counts search, phrase, facets and prefix)")
	if r.aloneCPU != nil {
		head = append(head, "CPU ms/request alone", "share of the mix's CPU")
		for i, k := range kinds {
			rows[i] = append(rows[i], f0(100*r.aloneCPU[k].Seconds()/sumAlone.Seconds())+"%")
		}
		fmt.Fprintf(&b, "; CPU ms/request alone is the process's CPU time per request over %d requests of that kind sent one at a time from one client after the load (server, client and collector together), and its share is that kind's part of the mix's CPU, the kinds being equally frequent", r.aloneN)
	}
	b.WriteString(":\n\n")
	table(&b, head, rows)
	for _, bad := range r.bad {
		fmt.Fprintf(&b, "\nUnexpected reply: %s\n", bad)
	}
	return b.String()
}
