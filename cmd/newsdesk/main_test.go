package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/index"
)

const seedID = "NYTF000020171023edan00046"

var archiveDir = filepath.Join("..", "..", "testdata", "archive")

// run executes newsdesk in-process with args and returns what it printed.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetIn(strings.NewReader(stdin))
	err = cmd.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

func TestIngestSearchShow(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")

	// The archive has one broken article: it is reported and skipped, the
	// rest go in, and the exit status says something was skipped.
	out, errOut, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "factiva"))
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Fatalf("ingest: err = %v, want exit status 2", err)
	}
	if !strings.Contains(errOut, `mixed-2019.txt:60: unparseable date "31 Septober 2019"`) {
		t.Errorf("ingest stderr does not name the broken article: %q", errOut)
	}
	if !strings.Contains(out, "36 articles read: 36 added, 0 updated, 0 unchanged, 1 skipped") {
		t.Errorf("ingest summary = %q", out)
	}

	// Re-ingesting, from the Factiva files or their JSON Lines copy, changes nothing.
	out, _, _ = run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "factiva"))
	if !strings.Contains(out, "0 added, 0 updated, 36 unchanged") {
		t.Errorf("re-ingest summary = %q", out)
	}
	out, _, err = run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl"))
	if err != nil || !strings.Contains(out, "0 added, 0 updated, 36 unchanged, 0 skipped") {
		t.Errorf("JSON Lines re-ingest: %v %q", err, out)
	}

	// A corrected article arrives on stdin.
	fixed := `{"id":"` + seedID + `","headline":"Corrected headline","source":"The New York Times","date":"2017-10-23","body":["New body about returnees."]}` + "\n"
	out, _, err = run(t, fixed, "--index", ix, "ingest", "-")
	if err != nil || !strings.Contains(out, "1 article read: 0 added, 1 updated") {
		t.Errorf("stdin update: %v %q", err, out)
	}
	out, _, err = run(t, "", "--index", ix, "show", seedID)
	if err != nil || !strings.Contains(out, "Corrected headline") || !strings.Contains(out, "New body about returnees.") {
		t.Errorf("show after update: %v %q", err, out)
	}
	// And back.
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "factiva", "nyt-2017-10-23.txt")); err != nil {
		t.Fatal(err)
	}

	out, _, err = run(t, "", "--index", ix, "search", "returnees", "Turkey")
	if err != nil {
		t.Fatal(err)
	}
	first := regexp.MustCompile(`(?s)  1\. (.*?)\n\n`).FindString(out)
	for _, want := range []string{"2017-10-23 · The New York Times", "ISIS Fighters Are Not Flooding", "«returnees»", "«Turkey»", seedID} {
		if !strings.Contains(first, want) {
			t.Errorf("first hit lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("output to a non-terminal has ANSI escapes")
	}

	out, _, err = run(t, "", "--index", ix, "search", "--json", "election", "--sort", "date", "--limit", "2")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			ID   string `json:"id"`
			Date string `json:"date"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if res.Total != 5 || len(res.Hits) != 2 || res.Hits[0].Date != "2019-06-24" || res.Hits[1].Date[:4] != "2018" {
		t.Errorf("election newest first, limit 2: %+v", res)
	}

	out, _, err = run(t, "", "--index", ix, "search", "election", "--from", "2016", "--to", "2016", "--snippets", "0")
	// One hit of three lines (meta, headline, byline and id): no snippets.
	if err != nil || !strings.Contains(out, "1 result for") || strings.Count(out, "\n     ") != 2 {
		t.Errorf("--from/--to 2016 with no snippets: %v\n%s", err, out)
	}

	out, _, err = run(t, "", "--index", ix, "show", "--json", seedID)
	if err != nil {
		t.Fatal(err)
	}
	var art struct {
		Headline string   `json:"headline"`
		Body     []string `json:"body"`
		Page     string   `json:"page"`
	}
	if err := json.Unmarshal([]byte(out), &art); err != nil {
		t.Fatal(err)
	}
	if art.Page != "6" || len(art.Body) != 28 || !strings.HasSuffix(art.Body[27], "DAVE THOMPSON/GETTY IMAGES)") {
		t.Errorf("show --json: page %q, %d paragraphs", art.Page, len(art.Body))
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"search without an index", []string{"--index", ix, "search", "x"}, "no newsdesk index"},
		{"show without an index", []string{"--index", ix, "show", "x"}, "no newsdesk index"},
		{"missing input", []string{"--index", ix, "ingest", filepath.Join(dir, "nope.txt")}, "nothing to ingest: stat " + filepath.Join(dir, "nope.txt")},
		{"bad --format", []string{"--index", ix, "ingest", "--format", "pdf", "x"}, `--format: "pdf" is not a format`},
		{"bad --from", []string{"--index", ix, "search", "x", "--from", "soon"}, "--from"},
		{"--limit 0", []string{"--index", ix, "search", "x", "--limit", "0"}, "--limit: must be between 1 and 1000, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := run(t, "", tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(ix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an ingest of a missing file left an index folder behind: %v", err)
	}
	if _, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "jsonl")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "a (b"}, `column 3: "(" is not closed`},
		{[]string{"search", "foo:bar"}, `unknown field "foo"`},
		{[]string{"show", "NOPE"}, "no article has the id NOPE in " + ix},
		{[]string{"search", "-brazil"}, `goes after --`},
	} {
		_, _, err := run(t, "", append([]string{"--index", ix}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
	out, _, _ := run(t, "", "search", "--help")
	if !strings.Contains(out, "Query syntax") || !strings.Contains(out, `"fighters europe"~5`) {
		t.Errorf("search --help does not document the syntax:\n%s", out)
	}
}

// syncBuffer is a bytes.Buffer safe to read while a server goroutine writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoServes runs `newsdesk demo` on a free port and searches it.
func TestDemoServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	cmd := newRootCmd()
	cmd.SetArgs([]string{"demo", "--addr", "127.0.0.1:0"})
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()

	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(errOut.String()); m != nil {
			base = "http://" + m[1]
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("demo did not start serving: %s %s", out.String(), errOut.String())
	}
	res, err := http.Get(base + "/api/search?q=returnees+Turkey")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"id":"`+seedID+`"`) {
		t.Errorf("demo search: %d %s", res.StatusCode, body)
	}
	if !strings.Contains(out.String(), "36 articles read: 36 added") {
		t.Errorf("demo summary = %q", out.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("demo exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("demo did not stop when cancelled")
	}
}

var formatsDir = filepath.Join("..", "..", "testdata", "formats")

// TestIngestFormats ingests the folder of every layout (zip included),
// checks the per-format report and searches the code lists.
func TestIngestFormats(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	out, errOut, err := run(t, "", "--index", ix, "ingest", formatsDir)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Fatalf("ingest: err = %v, want exit status 2 for the planted unreadable Lexis document", err)
	}
	if !strings.Contains(errOut, "academic.html: article 2: no date line") {
		t.Errorf("stderr = %q", errOut)
	}
	want := "formats: factiva-text 1 · factiva-coded 4 · factiva-html 3 · factiva-xml 2 · lexis-text 2 · lexis-html 1 · lexis-docx 4 · europresse-html 2 · reuters-sgml 3 · newsml 1 · nitf 1 · rss 2 · csv 6"
	if !strings.Contains(out, want) {
		t.Errorf("report = %q, want it to contain %q", out, want)
	}
	for q, id := range map[string]string{
		"ns:genv":                  "CSTHLD0020190312ef3c0000a",
		"subject:AGRICULTURE":      "",
		"re:canada topic:wheat":    "REUT101",
		"co:hrbtr industry:iconst": "CSTHLD0020190312ef3c0000a",
		"orgs:gatt":                "REUT101",
	} {
		out, _, err := run(t, "", "--index", ix, "search", "--json", q)
		if err != nil {
			t.Fatalf("search %s: %v", q, err)
		}
		var res struct {
			Total int `json:"total"`
			Hits  []struct {
				ID string `json:"id"`
			} `json:"hits"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 || (id != "" && res.Hits[0].ID != id) {
			t.Errorf("search %s: %+v, want %s first", q, res, id)
		}
	}
}

// TestIngestStrict stops at the first error and keeps what came before it.
func TestIngestStrict(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	out, _, err := run(t, "", "--index", ix, "ingest", "--strict", formatsDir)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(ee.msg, "--strict") {
		t.Fatalf("err = %v, want exit status 2 from --strict", err)
	}
	// Files come in name order: csv, europresse, factiva-*, lexis-docx, then the
	// error in the second document of lexis-html.
	if !strings.Contains(out, "17 articles read: 17 added") || strings.Contains(out, "lexis-text") {
		t.Errorf("summary = %q, want the 17 articles before the error and nothing after", out)
	}
	out, _, err = run(t, "", "--index", ix, "search", "--json", "ferry")
	if err != nil || !strings.Contains(out, "RIVWK00020210207eh270000c") {
		t.Errorf("article read before the error is not searchable: %v %q", err, out)
	}
}

func TestIngestMap(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	csv := filepath.Join(formatsDir, "csv", "custom.csv")
	if _, _, err := run(t, "", "--index", ix, "ingest", "--map", "story_id=id,when=date,copy=body", csv); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "--index", ix, "show", "S-1")
	if err != nil || !strings.Contains(out, "Le port a ouvert un nouveau quai.") {
		t.Errorf("show S-1: %v %q", err, out)
	}
	_, _, err = run(t, "", "--index", ix, "ingest", "--map", "story_id=identifier", csv)
	if err == nil || !strings.Contains(err.Error(), `--map: "identifier" is not an article field`) {
		t.Errorf("bad --map: err = %v", err)
	}
}

func TestIngestOptimizes(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	// Small batches make many segments; a first ingest writes the whole
	// index, so "auto" merges them.
	_, errOut, _ := run(t, "", "--index", ix, "ingest", "--batch-size", "4", filepath.Join(archiveDir, "factiva"))
	if !strings.Contains(errOut, "optimized:") || !strings.Contains(errOut, "merged into 1 in") {
		t.Errorf("first ingest did not optimize: %q", errOut)
	}
	// Re-ingesting writes nothing, so nothing is merged.
	_, errOut, _ = run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "factiva"))
	if strings.Contains(errOut, "optimized:") {
		t.Errorf("an ingest that wrote nothing optimized: %q", errOut)
	}
	if _, _, err := run(t, "", "--index", ix, "ingest", "--optimize", "sometimes", filepath.Join(archiveDir, "factiva")); err == nil || !strings.Contains(err.Error(), "--optimize") {
		t.Errorf("--optimize sometimes: err = %v", err)
	}
}

// TestIngestFinishesInterruptedMerge: a merge stopped part way (as by a
// kill) leaves the index complete but unmerged; the next ingest, although
// it writes nothing, finishes the merge and says so; --optimize never only
// says so.
func TestIngestFinishesInterruptedMerge(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	src := filepath.Join(archiveDir, "factiva")
	run(t, "", "--index", ix, "ingest", "--batch-size", "4", "--optimize", "never", src)
	// state opens the index read-only: opening it for writing lets bleve's
	// background merging run.
	state := func() (segments int, pending bool) {
		t.Helper()
		x, err := index.OpenReadOnly(ix)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		pending, err = x.MergePending()
		if err != nil {
			t.Fatal(err)
		}
		return x.Segments(), pending
	}
	// The merge is stopped before it can finish (bleve may have merged
	// this small index on its own already: the index cannot tell, so the
	// merge must be run again).
	x, err := index.Open(ix)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := x.Optimize(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Optimize with a cancelled context: err = %v", err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if _, pending := state(); !pending {
		t.Fatal("no merge pending after the stopped merge")
	}
	tests := []struct {
		args    []string
		want    string // in stderr
		pending bool   // after the run
	}{
		{[]string{"--optimize", "never"}, "an earlier merge of the index did not finish", true},
		{nil, "optimized: finished the merge an earlier ingest did not complete", false},
		{nil, "", false}, // done: nothing more to merge
	}
	for i, tt := range tests {
		out, errOut, _ := run(t, "", append(append([]string{"--index", ix, "ingest"}, tt.args...), src)...)
		if !strings.Contains(out, "0 added, 0 updated, 36 unchanged") {
			t.Errorf("run %d: summary %q, want nothing written", i+1, out)
		}
		if tt.want == "" && strings.Contains(errOut, "optimized") || !strings.Contains(errOut, tt.want) {
			t.Errorf("run %d: stderr %q, want %q", i+1, errOut, cmp.Or(tt.want, "no merge"))
		}
		n, pending := state()
		if pending != tt.pending || (!pending && n != 1) {
			t.Errorf("run %d: %d segments, merge pending %v; want pending %v", i+1, n, pending, tt.pending)
		}
	}
}

func TestIngestReportsDuplicates(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	// The planted file: three copies of one story and two editions of
	// another, so three articles repeat an earlier one.
	out, _, err := run(t, "", "--index", ix, "ingest", filepath.Join(archiveDir, "..", "dups", "planted-factiva.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "duplicates: 3 of the articles written repeat an earlier one") {
		t.Errorf("ingest summary = %q", out)
	}
}

// TestIngestWarnsUnknownLanguages: language labels the table does not know
// are warned about once each, with the first file that has them, and kept;
// known labels in any interface language become codes that --lang finds.
func TestIngestWarnsUnknownLanguages(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	dir := filepath.Join("..", "..", "testdata", "languages")
	_, errOut, err := run(t, "", "--index", ix, "ingest", dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`warning: language "Klingonisch" is not in the language table; kept as "klingonisch" in 3 articles (first in ` + filepath.Join(dir, "labels.jsonl") + ")",
		`warning: language "Elbisch" is not in the language table; kept as "elbisch" in 1 articles (first in ` + filepath.Join(dir, "unknown.jsonl") + ")",
	}
	var got []string
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, "warning: language") {
			got = append(got, l)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\ngot  %q\nwant %q", got, want)
	}
	for lang, n := range map[string]int{"en": 3, "English": 3, "de": 1, "zh": 1, "klingonisch": 3} {
		out, _, err := run(t, "", "--index", ix, "search", "--json", "--lang", lang, "")
		var res struct {
			Total int `json:"total"`
		}
		if err == nil {
			err = json.Unmarshal([]byte(out), &res)
		}
		if err != nil || res.Total != n {
			t.Errorf("--lang %s: %v, total %d, want %d", lang, err, res.Total, n)
		}
	}
}

// --strict stops at an article the index itself cannot take (longer than
// --max-article) as it does at a parse error: what came before is kept,
// nothing after it is read.
func TestIngestStrictStopsAtTooLongArticle(t *testing.T) {
	dir := t.TempDir()
	line := func(id, body string) string {
		return `{"id":"` + id + `","headline":"Harbour","source":"Test Wire","date":"2020-01-02","body":["` + body + `"]}` + "\n"
	}
	input := filepath.Join(dir, "wire.jsonl")
	content := line("BEFORE", "The harbour reopened.") + line("LONG", strings.Repeat("The harbour reopened. ", 60_000)) + line("AFTER", "The harbour closed again.")
	if err := os.WriteFile(input, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		strict bool
		added  string
	}{
		{"strict", true, "1 added"},
		{"not strict", false, "2 added"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := filepath.Join(t.TempDir(), "ix")
			args := []string{"--index", ix, "ingest", "--max-article", "1", "--batch-size", "1"}
			if tt.strict {
				args = append(args, "--strict")
			}
			out, errOut, err := run(t, "", append(args, input)...)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != 2 {
				t.Fatalf("err = %v, want exit status 2", err)
			}
			if !strings.Contains(out, tt.added) || !strings.Contains(out, "1 skipped") {
				t.Errorf("summary = %q, want %s and 1 skipped", out, tt.added)
			}
			if !strings.Contains(errOut, "wire.jsonl:2: article LONG: too long to index") {
				t.Errorf("stderr = %q, want the long article named by file and line", errOut)
			}
		})
	}
}
