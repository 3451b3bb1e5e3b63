package main

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/internal/engine"
	"github.com/newsdesk/newsdesk/internal/schema"
)

// cmdRobust measures what the README's Reliability section (and
// docs/reliability.md) states, with the real newsdesk binary in child
// processes:
//
//   - kills: ingest the corpus again and again, each run killed with SIGKILL
//     at a random moment; after every kill the index must open read-only, and
//     a final uninterrupted ingest must hold exactly the articles (ids,
//     content digests, duplicate groups) of a clean reference ingest;
//   - load: many clients at once against `newsdesk serve` on the reference
//     index, a mix of searches, facets, timelines, names, quotations,
//     articles and bad requests; every reply must have its expected status;
//   - worst inputs: generated hostile files (a zip bomb beside a good member,
//     a huge field, deep markup) ingested one by one, with the peak RSS of
//     each ingest and whether the good articles went in.
func cmdRobust(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("robust", flag.ContinueOnError)
	corpusPath := fs.String("corpus", "../../shared/corpus/reuters21578", "corpus file or folder")
	work := fs.String("work", "", "work folder (default: a temporary one, removed afterwards)")
	kills := fs.Int("kills", 18, "ingests killed with SIGKILL (0: skip)")
	killMax := fs.Duration("kill-max", 0, "latest moment of a kill after the ingest starts (default: the reference ingest's wall time, so kills land in every phase, the final merge included)")
	clients := fs.Int("clients", 32, "concurrent HTTP clients (0: skip the load)")
	requests := fs.Int("requests", 9000, "HTTP requests in all")
	bombMiB := fs.Int("bomb-mib", 1000, "uncompressed size of the zip bomb's HTML member, MiB (0: skip the worst inputs)")
	hugeMiB := fs.Int("huge-mib", 200, "size of the one huge JSON Lines field among the worst inputs, MiB")
	seed := fs.Uint64("seed", 1, "seed of the kill moments and the request mix")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*corpusPath); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w", *corpusPath, errNoCorpus)
	}
	c, err := openCorpus(*corpusPath)
	if err != nil {
		return err
	}
	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsdesk-robust-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	bin := filepath.Join(dir, "newsdesk")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/newsdesk/newsdesk/cmd/newsdesk")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build newsdesk: %w", err)
	}
	rng := rand.New(rand.NewPCG(*seed, 0))

	// Every part runs even when an earlier one failed; the failures are
	// reported together. The worst inputs come first, while this process
	// is small: a child's peak RSS as Linux reports it is never below its
	// parent's RSS when it was started.
	var errs []error
	if *bombMiB > 0 {
		errs = append(errs, robustWorst(ctx, bin, filepath.Join(dir, "worst"), *bombMiB, *hugeMiB))
	}
	ref := filepath.Join(dir, "ref")
	var refState indexState
	if *kills > 0 || *clients > 0 {
		if refState, err = referenceIngest(ctx, bin, ref, c.files); err != nil {
			return errors.Join(append(errs, err)...)
		}
		if *killMax <= 0 {
			*killMax = refState.took
		}
	}
	if *kills > 0 {
		errs = append(errs, robustKills(ctx, bin, filepath.Join(dir, "killed"), c.files, refState, *kills, *killMax, rng))
	}
	if *clients > 0 {
		errs = append(errs, robustLoad(ctx, bin, ref, refState, *clients, *requests, rng))
	}
	return errors.Join(errs...)
}

// referenceIngest ingests the corpus once, uninterrupted.
func referenceIngest(ctx context.Context, bin, ref string, files []string) (indexState, error) {
	start := time.Now()
	if out, err := runIngest(ctx, bin, ref, files); err != nil {
		return indexState{}, fmt.Errorf("reference ingest: %w\n%s", err, out)
	}
	st, err := readState(ref)
	if err != nil {
		return indexState{}, err
	}
	st.took = time.Since(start)
	fmt.Printf("\nreference ingest: %d articles, %d duplicate groups with more than one member, %.1f s\n",
		len(st.hash), st.groups(), st.took.Seconds())
	return st, nil
}

// runIngest runs `newsdesk ingest` to completion. Exit status 2 (some input
// could not be read) is not a failure here: the corpus has such articles.
func runIngest(ctx context.Context, bin, idx string, files []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"ingest", "--quiet", "--index", idx}, files...)...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 2 {
		err = nil
	}
	return out, err
}

// indexState is what an index holds, article by article.
type indexState struct {
	hash  map[string]string // id -> content digest
	group map[string]string // id -> duplicate group
	took  time.Duration     // how long the ingest that made it took
}

func (s indexState) groups() int {
	size := map[string]int{}
	for _, g := range s.group {
		size[g]++
	}
	n := 0
	for _, k := range size {
		if k > 1 {
			n++
		}
	}
	return n
}

// readState opens an index read-only and reads every article's digest and
// duplicate group.
func readState(path string) (indexState, error) {
	ix, err := index.OpenReadOnly(path)
	if err != nil {
		return indexState{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer ix.Close()
	st := indexState{hash: map[string]string{}, group: map[string]string{}}
	const page = 5000
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(engine.AllArticles(false), page, 0, false)
		// Sorting by them reads the keyword fields' doc values into h.Sort.
		req.SortBy([]string{"_id", schema.FieldHash, schema.FieldDupGroup})
		req.Score = "none"
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := ix.Bleve().Search(req)
		if err != nil {
			return indexState{}, fmt.Errorf("read %s: %w", path, err)
		}
		for _, h := range res.Hits {
			if len(h.Sort) == 3 {
				st.hash[h.ID], st.group[h.ID] = h.Sort[1], h.Sort[2]
			}
		}
		if len(res.Hits) < page {
			return st, nil
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}

// compare counts the articles of want missing from got or different in it.
func (want indexState) compare(got indexState) (missing, changed, regrouped, extra int) {
	for id, h := range want.hash {
		g, ok := got.hash[id]
		switch {
		case !ok:
			missing++
		case g != h:
			changed++
		case got.group[id] != want.group[id]:
			regrouped++
		}
	}
	for id := range got.hash {
		if _, ok := want.hash[id]; !ok {
			extra++
		}
	}
	return
}

// robustKills kills ingests of the corpus at random moments. Each kill is
// followed by a read-only open of the index, which must succeed and hold no
// fewer articles than before. An ingest that ends before its kill has made
// the index complete: it is compared with the reference and removed, so the
// next kills interrupt real writes and the final merge again. A last
// uninterrupted ingest must then give the reference exactly.
func robustKills(ctx context.Context, bin, idx string, files []string, ref indexState, kills int, latest time.Duration, rng *rand.Rand) error {
	fmt.Printf("\nkills: %d ingests killed with SIGKILL at a random moment up to %.1f s\n", kills, latest.Seconds())
	prev, inMerge, complete := 0, 0, 0
	check := func(what string) error {
		got, err := readState(idx)
		if err != nil {
			return err
		}
		missing, changed, regrouped, extra := ref.compare(got)
		fmt.Printf("  %s: %d articles; against the clean ingest: %d missing, %d changed, %d extra, %d in another duplicate group\n",
			what, len(got.hash), missing, changed, extra, regrouped)
		if missing+changed+extra+regrouped > 0 {
			return fmt.Errorf("kills: %s: the index differs from a clean ingest", what)
		}
		return nil
	}
	for i := 1; i <= kills; i++ {
		// Every third kill aims at the final merge: it lands at a random
		// moment of the second after `ingest` says it is merging.
		aimAtMerge := i%3 == 0
		cmd := exec.CommandContext(ctx, bin, append([]string{"ingest", "--index", idx}, files...)...)
		merging := make(chan struct{})
		stderr, err := cmd.StderrPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return err
		}
		go watchMerge(stderr, merging)
		// At least 200 ms in, so the ingest has started; a small corpus's
		// reference ingest may be shorter than that.
		at := 200*time.Millisecond + time.Duration(rng.Int64N(int64(max(latest-200*time.Millisecond, time.Millisecond))))
		timer := time.After(at)
		if aimAtMerge {
			timer = nil
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		finished := false
	wait:
		for {
			select {
			case <-merging:
				merging = nil
				if aimAtMerge {
					at = time.Duration(rng.Int64N(int64(time.Second)))
					timer = time.After(at)
				}
			case <-timer:
				_ = cmd.Process.Signal(syscall.SIGKILL)
				<-done
				break wait
			case <-done:
				finished = true // the ingest ended before the kill
				break wait
			}
		}
		ix, err := index.OpenReadOnly(idx)
		if err != nil {
			return fmt.Errorf("after kill %d at %.2f s: %w", i, at.Seconds(), err)
		}
		pending, perr := ix.MergePending()
		n, cerr := ix.Count()
		ix.Close()
		if err := errors.Join(perr, cerr); err != nil {
			return fmt.Errorf("after kill %d: %w", i, err)
		}
		note := ""
		when := fmt.Sprintf("at %5.2f s", at.Seconds())
		if aimAtMerge {
			when = fmt.Sprintf("%.2f s into the merge", at.Seconds())
		}
		if pending {
			note = "  (killed in the final merge)"
			inMerge++
		}
		if finished {
			note = "  (finished before the kill)"
		}
		fmt.Printf("  kill %2d %s: index opens, %d documents%s\n", i, when, n, note)
		if int(n) < prev {
			return fmt.Errorf("kill %d: the index went from %d to %d documents", i, prev, n)
		}
		prev = int(n)
		if finished {
			complete++
			if err := check("complete"); err != nil {
				return err
			}
			if err := os.RemoveAll(idx); err != nil {
				return err
			}
			prev = 0
		}
	}
	if out, err := runIngest(ctx, bin, idx, files); err != nil {
		return fmt.Errorf("ingest after the kills: %w\n%s", err, out)
	}
	ix, err := index.OpenReadOnly(idx)
	if err != nil {
		return err
	}
	pending, err := ix.MergePending()
	ix.Close()
	if err != nil {
		return err
	}
	if pending {
		return errors.New("kills: the ingest after the kills left a merge pending")
	}
	fmt.Printf("  %d kills, %d of them in the final merge; %d ingests ended before their kill and were checked\n", kills, inMerge, complete)
	return check("after one more ingest")
}

// watchMerge reads an ingest's standard error and closes merging when it
// says it is merging its segments.
func watchMerge(stderr io.Reader, merging chan<- struct{}) {
	br := bufio.NewReader(stderr)
	said := false
	for {
		line, err := br.ReadString('\n') // progress lines end in \r: read on
		if !said && strings.Contains(line, "merging ") {
			close(merging)
			said = true
		}
		if err != nil {
			return
		}
	}
}

// loadRequest is one kind of request in the mix, with the status it must get.
type loadRequest struct {
	kind   string
	path   func(rng *rand.Rand) string
	status int
}

// loadFacetSize is the facet_size of the mix's faceted searches: the 12
// values of each keyword facet a panel of the search page or the terminal
// shows, not every value (thousands of names on Reuters).
const loadFacetSize = 12

func loadMix(ids []string) []loadRequest {
	words := []string{"oil", "bank", "trade", "dollar", "wheat", "coffee", "japan", "opec", "rates", "profit", "strike", "merger", "tonnes", "growth"}
	word := func(rng *rand.Rand) string { return words[rng.IntN(len(words))] }
	q := url.QueryEscape
	return []loadRequest{
		{"search", func(r *rand.Rand) string { return "/api/search?q=" + q(word(r)+" "+word(r)) }, 200},
		{"phrase", func(r *rand.Rand) string { return "/api/search?q=" + q(`"`+word(r)+` prices"`) }, 200},
		{"facets", func(r *rand.Rand) string {
			return "/api/search?q=" + q(word(r)) + "&facets=source,month,name&facet_size=" + fmt.Sprint(loadFacetSize) + "&duplicates=similar"
		}, 200},
		{"prefix", func(r *rand.Rand) string { return "/api/search?q=" + q(word(r)[:3]+"*") }, 200},
		{"timeline", func(r *rand.Rand) string { return "/api/timeline?q=" + q(word(r)) + "&by=month" }, 200},
		{"names", func(r *rand.Rand) string { return "/api/names?q=" + q(word(r)) }, 200},
		{"quotes", func(r *rand.Rand) string { return "/api/quotes?q=" + q(word(r)) }, 200},
		{"article", func(r *rand.Rand) string { return "/api/articles/" + url.PathEscape(ids[r.IntN(len(ids))]) }, 200},
		{"page", func(r *rand.Rand) string { return "/?q=" + q(word(r)) }, 200},
		{"bad query", func(r *rand.Rand) string { return "/api/search?q=" + q("("+word(r)) }, 400},
		{"bad parameter", func(r *rand.Rand) string { return "/api/search?q=oil&limit=-" + word(r) }, 400},
		{"missing article", func(r *rand.Rand) string { return "/api/articles/no-such-" + word(r) }, 404},
	}
}

func robustLoad(ctx context.Context, bin, idx string, ref indexState, clients, requests int, rng *rand.Rand) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	srv := exec.CommandContext(ctx, bin, "serve", "--index", idx, "--addr", addr)
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	base := "http://" + addr
	for deadline := time.Now().Add(60 * time.Second); ; {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			return errors.New("load: newsdesk serve did not answer /healthz within 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	ids := make([]string, 0, len(ref.hash))
	for id := range ref.hash {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	mix := loadMix(ids)
	plans := make([]loadPlan, requests)
	for i := range plans {
		m := mix[rng.IntN(len(mix))]
		plans[i] = loadPlan{m.kind, m.path(rng), m.status}
	}
	r := runLoad(ctx, base, plans, clients)
	for _, bad := range r.bad {
		fmt.Println("  unexpected reply:", bad)
	}
	failed := r.failed
	fmt.Printf("\nload: %d requests from %d clients in %.1f s: %.0f req/s, %d unexpected replies; latency p50 %.1f ms, p99 %.1f ms\n",
		requests, clients, r.wall.Seconds(), float64(requests)/r.wall.Seconds(), failed, percentile(r.all, .5), percentile(r.all, .99))
	kinds := make([]string, 0, len(r.byKind))
	for k := range r.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("  %-16s %5d requests  p50 %7.1f ms  p99 %7.1f ms\n", k, len(r.byKind[k]), percentile(r.byKind[k], .5), percentile(r.byKind[k], .99))
	}
	if failed > 0 {
		return fmt.Errorf("load: %d unexpected replies", failed)
	}
	return nil
}

// worstInput is one hostile file and what must be found in the index after
// ingesting it.
type worstInput struct {
	name string
	make func(path string) error
	good int // articles that must go in
}

func robustWorst(ctx context.Context, bin, dir string, bombMiB, hugeMiB int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	inputs := []worstInput{
		{fmt.Sprintf("zip bomb: a %d MiB HTML member beside a good JSON Lines member", bombMiB), func(p string) error { return writeBomb(p, bombMiB) }, 1},
		{fmt.Sprintf("one JSON Lines article with a %d MiB body, then a good one", hugeMiB), func(p string) error { return writeHugeField(p, hugeMiB) }, 1},
		{"one JSON Lines article with a 32 MiB body (under the line limit), then a good one", func(p string) error { return writeHugeField(p, 32) }, 1},
		{"HTML nested 1,000,000 elements deep", writeDeepHTML, 0},
		{"JSON Lines nested 1,000,000 arrays deep, then a good article", writeDeepJSON, 1},
	}
	fmt.Printf("worst inputs: one ingest each, peak RSS of the ingest process (at least this process's %.1f MB, which a child starts from)\n", float64(selfMaxRSS())/1e6)
	failed := 0
	for i, in := range inputs {
		path := filepath.Join(dir, fmt.Sprintf("input-%d%s", i, map[bool]string{true: ".zip", false: ""}[strings.HasPrefix(in.name, "zip")]))
		if err := in.make(path); err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		idx := filepath.Join(dir, fmt.Sprintf("index-%d", i))
		cmd := exec.CommandContext(ctx, bin, "ingest", "--quiet", "--index", idx, path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		t := time.Now()
		err = cmd.Run()
		status := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			status = ee.ExitCode()
		} else if err != nil {
			return err
		}
		got := 0
		if st, err := readState(idx); err == nil {
			got = len(st.hash)
		}
		verdict := "ok"
		if got < in.good || status > 2 {
			verdict = "FAILED"
			failed++
		}
		first, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		fmt.Printf("  %-70s file %7.1f MB  peak RSS %7.1f MB  %5.1f s  exit %d  %d articles in (want %d)  %s\n      %.160s\n",
			in.name, float64(fi.Size())/1e6, float64(maxRSS(cmd.ProcessState))/1e6, time.Since(t).Seconds(), status, got, in.good, verdict, first)
		os.Remove(path)
		os.RemoveAll(idx)
	}
	if failed > 0 {
		return fmt.Errorf("worst inputs: %d of %d failed", failed, len(inputs))
	}
	return nil
}

const goodArticle = `{"id":"GOOD-1","headline":"Harbour reopens","source":"Test Wire","date":"2020-01-02","body":["The harbour reopened on Thursday."]}` + "\n"

func writeBomb(path string, mib int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, err := zw.Create("huge.html")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("<html><head><title>bomb</title></head><body>")
	chunk := []byte(strings.Repeat("<p>lorem ipsum dolor sit amet</p>", 1024))
	for written := 0; written < mib<<20; written += len(chunk) {
		if _, err := bw.Write(chunk); err != nil {
			return err
		}
	}
	bw.WriteString("</body></html>")
	if err := bw.Flush(); err != nil {
		return err
	}
	g, err := zw.Create("good.jsonl")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(g, goodArticle); err != nil {
		return err
	}
	return zw.Close()
}

func writeHugeField(path string, mib int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString(`{"id":"HUGE-1","headline":"Huge","source":"Test Wire","date":"2020-01-01","body":["`)
	word := []byte("word ")
	for n := 0; n < mib<<20; n += len(word) {
		bw.Write(word)
	}
	bw.WriteString("\"]}\n")
	bw.WriteString(goodArticle)
	return bw.Flush()
}

func writeDeepHTML(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	bw.WriteString("<html><body>")
	for range 1_000_000 {
		bw.WriteString("<div>")
	}
	bw.WriteString("deep")
	return bw.Flush()
}

func writeDeepJSON(path string) error {
	deep := strings.Repeat("[", 1_000_000)
	line, err := json.Marshal(map[string]any{"id": "DEEP-1", "headline": "Deep", "source": "Test Wire", "date": "2020-01-01", "body": []string{"x"}})
	if err != nil {
		return err
	}
	bad := strings.Replace(string(line), `["x"]`, deep, 1)
	return os.WriteFile(path, []byte(bad+"\n"+goodArticle), 0o644)
}
