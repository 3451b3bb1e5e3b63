package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/ingest"
	"github.com/newsdesk/newsdesk/query"
)

// TestBrowserSearchPage drives the search page (web/index.html) in a real
// headless Chromium, as a reader uses it: typing a query, clicking a facet,
// the back button, a deep link, the keyboard. Every tab fails the test on
// a console error, an uncaught exception or a Content-Security-Policy
// violation that it did not expect.
//
// It skips when no Chromium or Chrome is installed, except in CI (CI set),
// where .ci/run installs Debian's chromium and a skip would hide that the
// page went untested, and when screenshots are asked for. Screenshots of
// the page (desktop and phone widths, light and dark) go to
// $NEWSDESK_SCREENSHOTS (`make screenshots` sets it to screenshots/), else
// to a temporary folder.
func TestBrowserSearchPage(t *testing.T) {
	b := startBrowser(t)
	ctx := context.Background()
	s := b.searcher
	// One tab for all but the screenshots: each subtest loads the page
	// it needs, and opening a tab costs as much as a page load.
	tb := b.newTab(t)

	t.Run("loads clean", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("")))
		// The article count comes from /healthz once the page has run.
		tb.poll(`document.getElementById('count').textContent !== ''`)
		st := tb.state()
		n, err := s.Index().Count()
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d articles", n); st.Count != want {
			t.Errorf("header says %q, want %q", st.Count, want)
		}
		// The hint, and every article newest first (browsing).
		browse := b.search(t, "")
		if !st.Hint || st.Query != "" || strings.Join(st.Hits, "\n") != strings.Join(headlines(browse), "\n") || st.Error != "" {
			t.Errorf("first page: hint %v, query %q, %d hits, error %q; want the getting-started hint and the %d newest articles", st.Hint, st.Query, len(st.Hits), st.Error, len(browse.Hits))
		}
		if want := status(browse) + ", newest first ("; !strings.HasPrefix(st.Status, want) {
			t.Errorf("first page: status %q, want %q", st.Status, want)
		}
		if st.Focus != "#q" {
			t.Errorf("focus on %s, want the search box (#q)", st.Focus)
		}
	})

	// Within a group the cases type over each other's searches: a page
	// load each would cost more than all the rest.
	t.Run("query shows hits", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("")))
		for _, tt := range []struct {
			name, q string
			how     entry
			marks   []string // what highlighted words start with
		}{
			{"a word, typed, Enter", "said", entry{typed: true}, []string{"said"}},
			{"a phrase, pasted, button", `"ferry terminal"`, entry{click: true}, []string{"ferry", "terminal"}},
			{"a field and an OR, pasted, Enter", "headline:typhoon OR harbour", entry{}, []string{"typhoon", "harbour"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				want := b.search(t, tt.q)
				if want.Total == 0 {
					t.Fatalf("%q matches nothing in the test archive", tt.q)
				}
				tb.use(t)
				tb.submit(tt.q, tt.how)
				st := tb.state()
				if wantStatus := status(want); !strings.HasPrefix(st.Status, wantStatus+" (") {
					t.Errorf("status %q, want %q and the time", st.Status, wantStatus)
				}
				if len(st.Hits) != len(want.Hits) || st.Hits[0] != want.Hits[0].Headline {
					t.Errorf("page shows %d hits, first %q; the API %d, first %q", len(st.Hits), first(st.Hits), len(want.Hits), want.Hits[0].Headline)
				}
				if len(st.Marks) == 0 || !st.MarksShow {
					t.Fatalf("%d highlighted matches in the snippets, shown: %v", len(st.Marks), st.MarksShow)
				}
				for _, m := range st.Marks {
					if !hasPrefixFold(m, tt.marks) {
						t.Errorf("highlighted %q, want words starting with %q", m, tt.marks)
					}
				}
				if st.Error != "" || st.Hint {
					t.Errorf("error box %q, hint %v; want neither", st.Error, st.Hint)
				}
			})
		}
	})

	t.Run("bad query shows the error", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("")))
		for _, q := range []string{`"unclosed`, "(said OR", "nosuchfield:x", "date:>=2017-13-45"} {
			t.Run(q, func(t *testing.T) {
				_, apiErr := s.Search(ctx, query.Request{Query: q})
				if apiErr == nil {
					t.Fatalf("%q is not an error for the API", q)
				}
				tb.use(t)
				tb.allow("status of 400") // the browser logs the failed request
				// A good search first: the error must replace its hits.
				tb.submit("said", entry{})
				tb.submit(q, entry{})
				st := tb.state()
				if want := "This query could not be understood" + apiErr.Error(); st.Error != want {
					t.Errorf("error box %q, want %q", st.Error, want)
				}
				if len(st.Hits) != 0 || st.Status != "" || len(st.Facets) != 0 {
					t.Errorf("besides the error: %d hits, status %q, %d facet panels; want none", len(st.Hits), st.Status, len(st.Facets))
				}
			})
		}
	})

	// The page asks for these facets with every search.
	said := b.search(t, "said", "source", "year")

	t.Run("facet narrows the search", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("")))
		for _, tt := range []struct{ facet, value string }{
			{"source", "The Guardian"},
			{"source", `Le "Quotidien" (Paris)`},
			{"year", "2018"},
		} {
			t.Run(tt.facet+"="+tt.value, func(t *testing.T) {
				fv, ok := facetValue(said.Facets[tt.facet], tt.value)
				if !ok || fv.Count == 0 || fv.Filter == "" {
					t.Fatalf("the API has no %s value %q with a count and a filter: %+v", tt.facet, tt.value, said.Facets[tt.facet])
				}
				tb.use(t)
				tb.submit("said", entry{})
				row, ok := tb.state().facetRow(tt.facet, tt.value)
				if !ok || !row.Link {
					t.Fatalf("panel %s shows no link for %q", tt.facet, tt.value)
				}
				if row.Count != fv.Count {
					t.Errorf("panel shows %d for %q, the API %d", row.Count, tt.value, fv.Count)
				}
				tb.clickFacet(tt.facet, tt.value)
				narrowed := query.Narrow("said", fv.Filter)
				tb.waitSearch(narrowed)
				st := tb.state()
				if want := results(row.Count); !strings.HasPrefix(st.Status, want+" (") && !strings.HasPrefix(st.Status, want+", ") {
					t.Errorf("after clicking %q (%d): status %q, want %q", tt.value, row.Count, st.Status, want)
				}
				if st.Query != narrowed {
					t.Errorf("search box %q, want %q", st.Query, narrowed)
				}
			})
		}
	})

	t.Run("date histogram shows the latest periods", func(t *testing.T) {
		years := said.Facets["year"]
		const shown = 12
		if len(years) <= shown {
			t.Fatalf("the test archive spans %d years; the panel hides periods only past %d", len(years), shown)
		}
		hidden := len(years) - shown
		var earlier uint64
		for _, v := range years[:hidden] {
			earlier += v.Count
		}
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said")))
		tb.waitSearch("said")
		const toggle = `#facets section[data-facet=year] .fmore button`
		for _, step := range []struct {
			name      string
			rows      int
			firstYear string
			more      string
		}{
			{"latest", shown, years[hidden].Value, fmt.Sprintf("… %s: %s · Show all %d", plural(uint64(hidden), "earlier period"), plural(earlier, "result"), len(years))},
			{"show all", len(years), years[0].Value, "Show fewer"},
			{"show fewer", shown, years[hidden].Value, fmt.Sprintf("… %s: %s · Show all %d", plural(uint64(hidden), "earlier period"), plural(earlier, "result"), len(years))},
		} {
			if step.name != "latest" {
				tb.do(chromedp.Click(chromedp.CSS(toggle)))
			}
			st := tb.state()
			p := st.Facets["year"]
			if len(p.Rows) != step.rows || p.Rows[0].Value != step.firstYear || p.More != step.more {
				t.Fatalf("%s: %d rows from %q, %q; want %d from %q, %q", step.name, len(p.Rows), first(p.values()), p.More, step.rows, step.firstYear, step.more)
			}
			if last := p.Rows[len(p.Rows)-1].Value; last != years[len(years)-1].Value {
				t.Errorf("%s: last row %q, want the latest year %q", step.name, last, years[len(years)-1].Value)
			}
			if step.name != "latest" && st.Focus != toggle {
				t.Errorf("%s: focus on %s, want it kept on the toggle", step.name, st.Focus)
			}
		}
	})

	t.Run("back and forward restore the search", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("")))
		tb.waitSearch("")
		home := tb.state()
		tb.submit("said", entry{})
		saidState := tb.state()
		tb.submit("ferry", entry{})
		ferryState := tb.state()
		for _, step := range []struct {
			name  string
			delta int
			q     string
			want  pageState
		}{
			{"back", -1, "said", saidState},
			{"back to the start", -1, "", home},
			{"forward", 1, "said", saidState},
			{"forward again", 1, "ferry", ferryState},
		} {
			tb.do(historyStep(step.delta))
			tb.waitSearch(step.q)
			st := tb.state()
			if st.Query != step.q || st.Hint != step.want.Hint || strings.Join(st.Hits, "\n") != strings.Join(step.want.Hits, "\n") ||
				resultCount(st.Status) != resultCount(step.want.Status) || len(st.Facets) != len(step.want.Facets) {
				t.Errorf("%s: box %q, hint %v, %d hits, status %q, %d facet panels; want box %q, hint %v, %d hits, status %q, %d panels",
					step.name, st.Query, st.Hint, len(st.Hits), st.Status, len(st.Facets), step.q, step.want.Hint, len(step.want.Hits), step.want.Status, len(step.want.Facets))
			}
		}
	})

	t.Run("deep link opens the article", func(t *testing.T) {
		seed, err := s.Article(ctx, seedID)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range said.Hits {
			if h.ID == seedID {
				t.Fatalf("%s is on the first page of %q: the case of an article off the page tests nothing", seedID, "said")
			}
		}
		second := said.Hits[1]
		browse := b.search(t, "")
		browsePos := ""
		for i, h := range browse.Hits {
			if h.ID == seedID {
				browsePos = fmt.Sprintf("Result %d of %d", i+1, browse.Total)
			}
		}
		tb.use(t)
		for _, tt := range []struct {
			name, params, title, pos, err string
		}{
			// The panel knows its place among the hits shown, for ‹ and ›.
			{"second result", "?q=said&doc=" + second.ID, second.Headline, fmt.Sprintf("Result 2 of %d", said.Total), ""},
			{"not on the page", "?q=said&doc=" + seedID, seed.Headline, "", ""},
			{"without a query", "?doc=" + seedID, seed.Headline, browsePos, ""},
			{"unknown id", "?q=said&doc=NOSUCHDOC", "Article", "", "The article could not be loaded"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tb.use(t)
				if tt.err != "" {
					tb.allow("status of 404")
				}
				tb.do(chromedp.Navigate(b.url(tt.params)))
				tb.poll(`document.getElementById('article').open && document.getElementById('a-body').getAttribute('aria-busy') === 'false'`)
				st := tb.state()
				if st.Article.Title != tt.title || st.Article.Pos != tt.pos || !strings.HasPrefix(st.Article.Error, tt.err) || (tt.err == "") != (st.Article.Paragraphs > 0) {
					t.Errorf("panel: title %q, %q, %d paragraphs, error %q; want title %q, %q, error %q",
						st.Article.Title, st.Article.Pos, st.Article.Paragraphs, st.Article.Error, tt.title, tt.pos, tt.err)
				}
				// Escape closes the panel and drops doc from the address.
				tb.do(chromedp.KeyEvent("\u001b"))
				tb.poll(`!document.getElementById('article').open`)
				if st := tb.state(); strings.Contains(st.Search, "doc=") {
					t.Errorf("after Escape the address still has the article: %q", st.Search)
				}
			})
		}
	})

	t.Run("keyboard reaches the box and the results", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said")))
		tb.waitSearch("said")
		// From the header's last link, Tab goes to the search box, then on
		// through the form's controls to the first result.
		tb.eval(`document.getElementById('tab-quotes').focus()`)
		var path []string
		tab := func() string {
			tb.do(chromedp.KeyEvent("\t"))
			f := tb.focus()
			path = append(path, f)
			return f
		}
		if f := tab(); f != "#q" {
			t.Fatalf("Tab from the header went to %s, want the search box", f)
		}
		for len(path) < 20 && path[len(path)-1] != "a.hl" {
			tab()
		}
		if path[len(path)-1] != "a.hl" {
			t.Fatalf("20 Tabs never reached a result: %s", strings.Join(path, " → "))
		}
		t.Logf("Tab order: %s", strings.Join(path, " → "))
		// Enter opens the result, Escape closes it and gives focus back.
		tb.do(chromedp.KeyEvent("\r"))
		tb.poll(`document.getElementById('article').open && document.getElementById('a-body').getAttribute('aria-busy') === 'false'`)
		if st := tb.state(); st.Article.Title != said.Hits[0].Headline {
			t.Errorf("Enter on the first result opened %q, want %q", st.Article.Title, said.Hits[0].Headline)
		}
		tb.do(chromedp.KeyEvent("\u001b"))
		tb.poll(`!document.getElementById('article').open`)
		if f := tb.focus(); f != "a.hl" {
			t.Errorf("after Escape focus is on %s, want back on the result", f)
		}
		// "/" from anywhere but a field goes back to the search box.
		tb.do(chromedp.KeyEvent("/"))
		if f := tb.focus(); f != "#q" {
			t.Errorf(`"/" focused %s, want the search box`, f)
		}
	})

	t.Run("article panel marks the query", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said&doc=" + seedID)))
		tb.poll(`document.getElementById('a-body').getAttribute('aria-busy') === 'false' && document.querySelectorAll('#a-body .text p').length > 0`)
		marks := evalJS[[]string](tb, `[...document.querySelectorAll('#a-body .text mark')].map((m) => m.textContent.toLowerCase())`)
		if len(marks) == 0 {
			t.Fatal("the article panel marks no word of the query")
		}
		for _, m := range marks {
			if m != "said" {
				t.Errorf("marked %q, want only said", m)
			}
		}
		if d := evalJS[string](tb, `document.querySelector('#a-body .dmeta dd').textContent`); !strings.HasPrefix(d, "2017-10-23") {
			t.Errorf("panel date %q, want it as the list writes it (2017-10-23…)", d)
		}
	})

	t.Run("duplicate group opens", func(t *testing.T) {
		var lead query.Hit
		for _, h := range said.Hits {
			if len(h.Duplicates) > 0 {
				lead = h
			}
		}
		if lead.ID == "" {
			t.Fatal("no hit of said has duplicates in the test archive")
		}
		member, err := s.Article(ctx, lead.Duplicates[0])
		if err != nil {
			t.Fatal(err)
		}
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said")))
		tb.waitSearch("said")
		tb.do(chromedp.Click(chromedp.CSS(`button[aria-controls="dups-` + lead.ID + `"]`)))
		tb.poll(`document.querySelector('#dups-` + lead.ID + ` a.hl') !== null`)
		got := evalJS[string](tb, `document.querySelector('#dups-`+lead.ID+` li').textContent`)
		if !strings.Contains(got, member.Headline) || !strings.Contains(got, member.Source) || !strings.Contains(got, member.Date.Format("2006-01-02")) {
			t.Errorf("group member %q, want headline %q, source %q and date", got, member.Headline, member.Source)
		}
		tb.do(chromedp.Click(chromedp.CSS(`#dups-` + lead.ID + ` a.hl`)))
		tb.poll(`document.getElementById('article').open && document.getElementById('a-body').getAttribute('aria-busy') === 'false'`)
		if st := tb.state(); st.Article.Title != member.Headline {
			t.Errorf("opened %q, want %q", st.Article.Title, member.Headline)
		}
		tb.do(chromedp.KeyEvent("\u001b"))
		tb.poll(`!document.getElementById('article').open`)
		// Every copy: the total counts articles.
		tb.do(chromedp.Click(chromedp.CSS(`#dup-toggle`)))
		tb.poll(`new URLSearchParams(location.search).get('duplicates') === 'show' && document.getElementById('results').getAttribute('aria-busy') === 'false'`)
		if st := tb.state(); !strings.HasPrefix(st.Status, results(said.TotalArticles)+" (") {
			t.Errorf("every copy: status %q, want %s", st.Status, results(said.TotalArticles))
		}
	})

	t.Run("timeline bar narrows the dates", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said")))
		tb.waitSearch("said")
		tb.poll(`document.querySelectorAll('#tl-chart .per').length > 0`)
		tl, err := s.Timeline(ctx, query.TimelineRequest{Queries: []string{"said"}, By: "year"})
		if err != nil {
			t.Fatal(err)
		}
		if n := evalJS[int](tb, `document.querySelectorAll('#tl-chart .per').length`); n != len(tl.Periods) {
			t.Errorf("chart draws %d periods, the API has %d", n, len(tl.Periods))
		}
		var year string
		var count uint64
		for i, p := range tl.Periods {
			if c := tl.Series[0].Counts[i]; c > count {
				year, count = p, c
			}
		}
		if tip := evalJS[string](tb, `document.querySelector('#tl-chart .per[data-period="`+year+`"] title').textContent`); !strings.Contains(tip, fmt.Sprintf("%s: %d", year, count)) {
			t.Errorf("hover text %q, want %s: %d", tip, year, count)
		}
		tb.do(chromedp.Click(chromedp.CSS(`#tl-chart .per[data-period="` + year + `"] .tlbar`)))
		tb.poll(`new URLSearchParams(location.search).get('from') === '` + year + `-01-01' && document.getElementById('results').getAttribute('aria-busy') === 'false'`)
		st := tb.state()
		if !strings.HasPrefix(st.Status, results(count)) || !strings.Contains(st.Search, "to="+year+"-12-31") {
			t.Errorf("after clicking %s (%d): status %q, address %q", year, count, st.Status, st.Search)
		}
		// Day by day: too many days to draw over the whole archive, a
		// bar each within a month.
		tb.do(chromedp.Navigate(b.url("?q=said&by=day")))
		tb.waitSearch("said")
		tb.poll(`document.getElementById('tl-note').textContent.includes('too many to draw')`)
		days, err := s.Timeline(ctx, query.TimelineRequest{Queries: []string{"said"}, By: "day", From: time.Date(2017, 10, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2017, 11, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		tb.do(chromedp.Navigate(b.url("?q=said&by=day&from=2017-10-01&to=2017-10-31")))
		tb.waitSearch("said")
		tb.poll(`document.querySelectorAll('#tl-chart .per').length > 0`)
		if n := evalJS[int](tb, `document.querySelectorAll('#tl-chart .per').length`); n != len(days.Periods) || n == 0 {
			t.Errorf("by day in October 2017: %d periods drawn, the API has %d", n, len(days.Periods))
		}
		// Two queries side by side.
		tb.eval(`document.getElementById('cmp').value = 'ferry'; document.getElementById('cmp').dispatchEvent(new Event('change'))`)
		tb.poll(`document.querySelectorAll('#tl-legend span').length === 2`)
	})

	t.Run("timeline fills its box", func(t *testing.T) {
		// The bars' extent over the chart's width: drawn for a narrower box
		// and scaled, they shrink to its middle.
		const span = `(() => {
		  const box = document.getElementById('tl-chart').getBoundingClientRect();
		  const bars = [...document.querySelectorAll('#tl-chart .tlbar')].map((b) => b.getBoundingClientRect());
		  if (!bars.length || !box.width) return 0;
		  return (Math.max(...bars.map((r) => r.right)) - Math.min(...bars.map((r) => r.left))) / box.width;
		})()`
		tb.use(t)
		t.Cleanup(func() { tb.do(chromedp.ResetViewport()) })
		for _, step := range []struct {
			name   string
			width  int64
			reload bool
		}{{"desktop", 1280, true}, {"phone", 390, true}, {"phone turned desktop", 1280, false}, {"desktop made narrow", 700, false}} {
			tb.do(chromedp.EmulateViewport(step.width, 900))
			if step.reload {
				tb.do(chromedp.Navigate(b.url("?q=said")))
				tb.waitSearch("said")
			}
			// The chart redraws after a resize, on the next frame.
			ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
			_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](span+` >= 0.8`, chromedp.WithPollingInterval(20*time.Millisecond)))
			cancel()
			if err != nil {
				t.Errorf("%s (%dpx): the bars span %.0f%% of the chart's width, want 80%% or more", step.name, step.width, 100*evalJS[float64](tb, span))
			}
		}
	})

	t.Run("every facet of the API", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said")))
		tb.waitSearch("said")
		tb.poll(`document.querySelectorAll('#tl-chart .per').length > 0`)
		// What the page asked the API for, from the requests it made.
		asked := strings.Split(evalJS[string](tb, `(() => {
		  const s = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('/api/search?'));
		  return s.length ? new URL(s[s.length - 1]).searchParams.get('facets') || '' : '';
		})()`), ",")
		// The timeline draws the finer date histograms, by month, week
		// or day, as its By menu offers them.
		byTimeline := map[string]bool{}
		for _, by := range evalJS[[]string](tb, `[...document.querySelectorAll('#by option')].map((o) => o.value).filter(Boolean)`) {
			byTimeline[by] = true
		}
		for _, name := range query.FacetNames {
			if !slices.Contains(asked, name) && !byTimeline[name] {
				t.Errorf("the page neither asks for the facet %s (it asks for %q) nor draws it in the timeline", name, asked)
			}
		}
		for _, name := range asked {
			if !slices.Contains(query.FacetNames, name) {
				t.Errorf("the page asks for the facet %s, which the API does not have", name)
			}
		}
		// Each facet the search has values for is a panel of them (the
		// first rows: dates show the latest periods).
		res := b.search(t, "said", asked...)
		st := tb.state()
		for name, values := range res.Facets {
			if len(values) == 0 {
				continue
			}
			shown := st.Facets[name].values()
			if len(shown) == 0 {
				t.Errorf("facet %s: the API counts %d values; the page shows no panel", name, len(values))
			}
			for _, v := range shown {
				if _, ok := facetValue(values, v); !ok {
					t.Errorf("facet %s: the page shows %q, which the API does not count", name, v)
				}
			}
		}
	})

	t.Run("contrast", func(t *testing.T) {
		checkContrast(t, b, tb)
	})

	t.Run("quotations", func(t *testing.T) {
		want, err := s.Quotes(ctx, query.QuoteRequest{Query: "flood", Limit: 20})
		if err != nil || want.Total == 0 {
			t.Fatalf("quotes flood: %v, %+v", err, want)
		}
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("")))
		tb.do(chromedp.Click(chromedp.CSS("#tab-quotes")))
		tb.poll(`new URLSearchParams(location.search).get('tab') === 'quotes'`)
		tb.submit("flood", entry{})
		st := tb.state()
		shown := evalJS[[]string](tb, `[...document.querySelectorAll('#hits .quote blockquote')].map((b) => b.textContent)`)
		if !strings.HasPrefix(st.Status, fmt.Sprintf("%d quotation", want.Total)) || len(shown) != len(want.Quotes) || !strings.Contains(shown[0], want.Quotes[0].Text) {
			t.Errorf("status %q, quotations %q; the API %d, first %q", st.Status, shown, want.Total, want.Quotes[0].Text)
		}
		sp := want.Speakers[0]
		if row, ok := st.facetRow("speaker", sp.Name); !ok || row.Count != uint64(sp.Count) || !row.Link {
			t.Errorf("speaker panel: %+v, want %s with %d and a link", row, sp.Name, sp.Count)
		}
		// A speaker's link lists their quotations.
		tb.clickFacet("speaker", sp.Name)
		tb.poll(`new URLSearchParams(location.search).get('speaker') !== null && document.getElementById('results').getAttribute('aria-busy') === 'false'`)
		bySpeaker, err := s.Quotes(ctx, query.QuoteRequest{Query: "flood", Speaker: sp.Name, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if st := tb.state(); !strings.HasPrefix(st.Status, fmt.Sprintf("%d quotation", bySpeaker.Total)) {
			t.Errorf("speaker %s: status %q, want %d", sp.Name, st.Status, bySpeaker.Total)
		}
	})

	t.Run("keyboard moves through the results", func(t *testing.T) {
		tb.use(t)
		tb.do(chromedp.Navigate(b.url("?q=said")))
		tb.waitSearch("said")
		tb.eval(`document.querySelector('#hits a.hl').focus()`)
		for i, step := range []struct{ key, want string }{{"j", said.Hits[1].Headline}, {"j", said.Hits[2].Headline}, {"k", said.Hits[1].Headline}} {
			tb.do(chromedp.KeyEvent(step.key))
			if got := evalJS[string](tb, `document.activeElement.textContent`); got != step.want {
				t.Errorf("key %d (%s): focus on %q, want %q", i+1, step.key, got, step.want)
			}
		}
	})

	t.Run("layout", func(t *testing.T) {
		// What the screenshots showed, measured: each check is JavaScript
		// that returns "" or what is wrong.
		checks := []struct{ name, js string }{
			{"facet links and buttons tall enough to tap on a phone", `(() => {
			  if (innerWidth > 600) return '';
			  const small = [...document.querySelectorAll('#facets a, #facets button')].filter((a) => a.getBoundingClientRect().height < 24);
			  return small.length ? small.length + ' links or buttons lower than 24px, e.g. ' + small[0].textContent + ' ' + small[0].getBoundingClientRect().height + 'px' : '';
			})()`},
			{"space below the facet panels", `(() => {
			  const gap = document.documentElement.scrollHeight - (document.getElementById('facets').getBoundingClientRect().bottom + scrollY);
			  return gap < 24 ? 'the panels end ' + gap + 'px above the bottom of the page' : '';
			})()`},
			{"no wider than the window", `document.documentElement.scrollWidth > innerWidth ? 'the page is ' + document.documentElement.scrollWidth + 'px wide in a ' + innerWidth + 'px window' : ''`},
			{"a syntax example stays on one line", `document.querySelector('#help p .nw').getClientRects().length === 1 ? '' : '-opinion is broken across lines'`},
		}
		tb.use(t)
		t.Cleanup(func() { tb.do(chromedp.ResetViewport()) })
		for _, size := range []struct {
			name          string
			width, height int64
			mobile        bool
		}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}, {"small phone", 320, 640, true}} {
			t.Run(size.name, func(t *testing.T) {
				tb.use(t)
				if size.mobile {
					tb.do(chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateMobile))
				} else {
					tb.do(chromedp.EmulateViewport(size.width, size.height))
				}
				tb.do(chromedp.Navigate(b.url("?q=said")))
				tb.waitSearch("said")
				tb.eval(`document.getElementById('help-btn').click()`)
				for _, c := range checks {
					ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
					problem, err := chromedp.Run(ctx, chromedp.Evaluate[string](c.js))
					cancel()
					if err != nil {
						t.Fatalf("%s: %v", c.name, err)
					}
					if problem != "" {
						t.Errorf("%s: %s", c.name, problem)
					}
				}
			})
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		b.screenshots(t)
	})
}

// browser is one headless Chromium for all subtests, and the server of the
// search page over the test archive.
type browser struct {
	ctx      context.Context // the browser's: tabs are made from it
	base     string          // the server's URL, ending in /
	searcher *query.Searcher
}

// Chromium must not reach out: the machine's network is closed, and
// without these flags it waits on connections (updates, sync, QUIC).
var chromeFlags = []chromedp.ExecAllocatorOption{
	chromedp.Headless,
	chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
	chromedp.DisableGPU,
	chromedp.NoFirstRun,
	chromedp.NoDefaultBrowserCheck,
	chromedp.Flag("disable-quic", true),
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-default-apps", true),
	chromedp.Flag("disable-extensions", true),
	chromedp.Flag("disable-dev-shm-usage", true),
	chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
	chromedp.Flag("hide-scrollbars", false), // the screenshots show what a reader sees
	chromedp.WindowSize(1280, 900),
}

// chromePath is the Chromium or Chrome to drive, "" when none is installed.
func chromePath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserTimeout bounds the whole test: a browser that hangs fails it.
const browserTimeout = 2 * time.Minute

func startBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromePath()
	if exe == "" {
		if os.Getenv("CI") != "" || os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
			t.Fatal("no chromium or chrome installed: CI must test the search page in a browser, and screenshots need one (Debian: apt-get install chromium)")
		}
		t.Skip("no chromium or chrome installed: the search page is not tested in a browser")
	}
	s := browserSearcher(t)
	srv := httptest.NewServer(httpapi.NewHandler(s, nil)) // on 127.0.0.1
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir())}, chromeFlags...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil { // starts it
		t.Fatalf("start %s: %v", exe, err)
	}
	return &browser{ctx: browserCtx, base: srv.URL + "/", searcher: s}
}

// browserSearcher indexes the sample archive, the hard-to-write facet
// values and the Reuters-21578 sample (1987): the years run from 1987 to
// 2021, more than a facet panel shows.
func browserSearcher(t *testing.T) *query.Searcher {
	t.Helper()
	ix, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	ctx := context.Background()
	paths := []string{
		filepath.Join("..", "testdata", "archive"),
		filepath.Join("..", "testdata", "facetvalues"),
		filepath.Join("..", "testdata", "formats", "reuters-sgml"),
	}
	if _, err := ix.Ingest(ctx, ingest.Read(ctx, paths, ingest.Options{}), index.Options{}); err != nil {
		t.Fatalf("index %v: %v", paths, err)
	}
	return query.NewSearcher(ix)
}

func (b *browser) url(params string) string { return b.base + params }

// search asks the API what the page should show for q.
func (b *browser) search(t *testing.T, q string, facets ...string) *query.Result {
	t.Helper()
	res, err := b.searcher.Search(context.Background(), query.Request{Query: q, Limit: 20, Facets: facets})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// tab is one browser tab. It records the console's errors, uncaught
// exceptions and CSP violations, and fails the test using it (see use) on
// those the test does not expect.
type tab struct {
	t       *testing.T // the test using the tab
	ctx     context.Context
	allowed []string // substrings of the problems t expects

	mu       sync.Mutex
	problems []string // since the last flush; written by listen
}

// cspReporter logs every Content-Security-Policy violation as a console
// error, with the directive, also where the browser's own report is only
// a log entry (or none, as for a report-only policy).
const cspReporter = `document.addEventListener('securitypolicyviolation', (e) =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`

// newTab opens a tab for t and its subtests; it closes when t ends.
func (b *browser) newTab(t *testing.T, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	tb := &tab{t: t}
	ctx, cancel := chromedp.NewContext(b.ctx, append(opts, chromedp.WithListener(tb.listen))...)
	t.Cleanup(cancel)
	tb.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspReporter})
		return err
	})); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	t.Cleanup(tb.flush) // before cancel closes the tab
	return tb
}

// use hands the tab to subtest t until t ends: the problems seen
// meanwhile fail t, and t's allow calls hold only for it.
func (tb *tab) use(t *testing.T) {
	tb.flush() // what came before belongs to the test before
	prevT, prevAllowed := tb.t, tb.allowed
	tb.t, tb.allowed = t, nil
	t.Cleanup(func() {
		tb.flush()
		tb.t, tb.allowed = prevT, prevAllowed
	})
}

// listen runs in the tab's event loop, before the reply to any later
// command is read: after a command returns, every problem before it is
// recorded.
func (tb *tab) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, strings.Trim(string(a.Value), `"`))
				}
			}
			p = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = "uncaught exception: " + d.Text
		if d.Exception != nil {
			p += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = string(ev.Entry.Source) + " error: " + ev.Entry.Text + " " + ev.Entry.URL
		}
	}
	if p != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, p)
		tb.mu.Unlock()
	}
}

// allow expects console problems containing s in the current test (a
// failed request that the page reports itself).
func (tb *tab) allow(s string) { tb.allowed = append(tb.allowed, s) }

// flush fails the test using the tab on the problems recorded since the
// last flush that it does not expect.
func (tb *tab) flush() {
	tb.t.Helper()
	// A round trip: every event before its reply has been seen. It fails
	// only when the tab is gone, and the test has failed then already.
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`))
	cancel()
	tb.mu.Lock()
	problems := tb.problems
	tb.problems = nil
	tb.mu.Unlock()
	for _, p := range problems {
		ok := false
		for _, a := range tb.allowed {
			ok = ok || strings.Contains(p, a)
		}
		if !ok {
			tb.t.Errorf("console: %s", p)
		}
	}
}

// stepTimeout bounds one action: a page that never gets there fails fast.
const stepTimeout = 10 * time.Second

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

func (tb *tab) eval(js string) {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](js))
}

// poll waits until the JavaScript expression js is true.
func (tb *tab) poll(js string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
		st, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[pageState](readState))
		tb.t.Fatalf("waiting for %s: %v (page: %+v)", js, err, st)
	}
}

// waitSearch waits until the page shows its answer to q (the address has
// q and the results are no longer busy).
func (tb *tab) waitSearch(q string) {
	tb.t.Helper()
	jq, _ := json.Marshal(q)
	tb.poll(`(new URLSearchParams(location.search).get('q') || '') === ` + string(jq) +
		` && document.getElementById('results').getAttribute('aria-busy') === 'false'`)
}

// entry is how a query gets into the search box and is sent.
type entry struct {
	typed bool // key by key; else inserted at once, as pasted (10 ms a key adds up)
	click bool // the Search button; else the Enter key
}

// submit selects what the search box holds and enters q over it, sends
// it, and waits for the answer.
func (tb *tab) submit(q string, how entry) {
	tb.t.Helper()
	tb.eval(`document.getElementById('q').focus(); document.getElementById('q').select()`)
	if how.typed {
		tb.do(chromedp.KeyEvent(q))
	} else {
		tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: q})
			return err
		}))
	}
	if how.click {
		tb.do(chromedp.Click(chromedp.CSS("#search button[type=submit]")))
	} else {
		tb.do(chromedp.KeyEvent("\r"))
	}
	tb.waitSearch(q)
}

// clickFacet clicks, with the mouse, the link of value in a facet panel.
func (tb *tab) clickFacet(facet, value string) {
	tb.t.Helper()
	jf, _ := json.Marshal(facet)
	jv, _ := json.Marshal(value)
	tb.eval(`for (const a of document.querySelectorAll('#facets section[data-facet=' + ` + string(jf) + ` + '] a'))
	  if (a.textContent === ` + string(jv) + `) a.setAttribute('data-test', 'target');`)
	tb.do(chromedp.Click(chromedp.CSS("[data-test=target]")))
}

// historyStep is the browser's back (-1) or forward (+1) button. Unlike
// chromedp.NavigateBack it waits for no load: the page changes its
// address with the history API, within the same document.
func historyStep(delta int) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		h, err := cdp.Call(ctx, tg, page.GetNavigationHistory, cdp.Empty{})
		if err != nil {
			return err
		}
		i := int(h.CurrentIndex) + delta
		if i < 0 || i >= len(h.Entries) {
			return fmt.Errorf("history has no entry %d (at %d of %d)", i, h.CurrentIndex, len(h.Entries))
		}
		_, err = cdp.Call(ctx, tg, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: h.Entries[i].ID})
		return err
	})
}

// pageState is what the page shows, read from its DOM.
type pageState struct {
	Search string   `json:"search"` // location.search
	Count  string   `json:"count"`  // the header's article count
	Query  string   `json:"query"`  // the search box
	Status string   `json:"status"`
	Hint   bool     `json:"hint"`
	Error  string   `json:"error"` // the error box, "" when hidden
	Hits   []string `json:"hits"`  // headlines
	Marks  []string `json:"marks"` // highlighted words
	// MarksShow is whether every highlight has a background of its own.
	MarksShow bool                  `json:"marksShow"`
	Facets    map[string]facetPanel `json:"facets"`
	Article   struct {
		Open       bool   `json:"open"`
		Title      string `json:"title"`
		Pos        string `json:"pos"` // "Result N of M"
		Paragraphs int    `json:"paragraphs"`
		Error      string `json:"error"`
	} `json:"article"`
	Focus string `json:"focus"` // the focused element: #id, tag.class or a CSS path
}

type facetPanel struct {
	Rows []struct {
		Value string `json:"value"`
		Count string `json:"count"`
		Link  bool   `json:"link"`
	} `json:"rows"`
	More string `json:"more"`
}

func (p facetPanel) values() []string {
	var v []string
	for _, r := range p.Rows {
		v = append(v, r.Value)
	}
	return v
}

// facetRowState is one row of a panel, its count read as a number.
type facetRowState struct {
	Count uint64
	Link  bool
}

func (st pageState) facetRow(facet, value string) (facetRowState, bool) {
	for _, r := range st.Facets[facet].Rows {
		if r.Value == value {
			n, err := strconv.ParseUint(strings.ReplaceAll(r.Count, ",", ""), 10, 64)
			return facetRowState{Count: n, Link: r.Link}, err == nil
		}
	}
	return facetRowState{}, false
}

const readState = `(() => {
  const $ = (s) => document.querySelector(s);
  const txt = (el) => (el ? el.textContent.trim() : '');
  const facets = {};
  for (const sec of document.querySelectorAll('#facets:not([hidden]) section')) {
    facets[sec.dataset.facet] = {
      rows: [...sec.querySelectorAll('tr')].map((tr) => ({ value: txt(tr.cells[0]), count: txt(tr.cells[1]), link: !!tr.querySelector('a') })),
      more: txt(sec.querySelector('.fmore')),
    };
  }
  return {
    search: location.search, count: txt($('#count')), query: $('#q').value, status: txt($('#status')),
    hint: !$('#hint').hidden, error: $('#error').hidden ? '' : txt($('#error')),
    hits: [...document.querySelectorAll('#hits .hit h3')].map(txt),
    marks: [...document.querySelectorAll('#hits mark')].map(txt),
    marksShow: [...document.querySelectorAll('#hits mark')].every((m) => {
      const bg = getComputedStyle(m).backgroundColor;
      return bg !== 'rgba(0, 0, 0, 0)' && bg !== getComputedStyle(document.body).backgroundColor;
    }),
    facets,
    article: { open: $('#article').open, title: txt($('#a-title')), pos: txt($('#a-pos')), paragraphs: document.querySelectorAll('#a-body .text p').length, error: txt($('#a-body .err')) },
    focus: ` + readFocus + `,
  };
})()`

// readFocus describes the focused element: #id, tag.class, or for a
// facet panel's button the CSS path to it; "" for none.
const readFocus = `(() => {
  const f = document.activeElement;
  if (!f || f === document.body) return '';
  if (f.id) return '#' + f.id;
  if (f.closest('.fmore')) return '#facets section[data-facet=' + f.closest('section').dataset.facet + '] .fmore ' + f.localName;
  const c = f.getAttribute('class');
  return f.localName + (c ? '.' + c.split(' ')[0] : '');
})()`

// evalJS evaluates js in the tab and returns its value.
func evalJS[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func (tb *tab) focus() string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[string](readFocus))
	if err != nil {
		tb.t.Fatalf("read the focus: %v", err)
	}
	return f
}

func (tb *tab) state() pageState {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	st, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readState))
	if err != nil {
		tb.t.Fatalf("read the page: %v", err)
	}
	return st
}

// screenshots writes PNGs of the page's states, each at a desktop and a
// phone width, in light and dark mode, as NAME-SIZE-SCHEME.png into
// $NEWSDESK_SCREENSHOTS. Each state loads once; the sizes and schemes are
// emulated on it. Without the variable, when nobody looks at them, each
// state is taken once, in one of the four variants in turn, into a
// temporary folder: the states and variants still run, in a quarter of
// the time.
func (b *browser) screenshots(t *testing.T) {
	dir := os.Getenv("NEWSDESK_SCREENSHOTS")
	all := dir != ""
	if !all {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("NEWSDESK_SCREENSHOTS: %v", err)
	}
	// A fresh profile: no visited links from the other subtests.
	tb := b.newTab(t, chromedp.WithNewBrowserContext())
	tb.allow("status of 400") // the error state
	const searched = `document.getElementById('results').getAttribute('aria-busy') === 'false'`
	states := []struct {
		name, params string
		ready        string // JavaScript, true once the page shows the state
		setup        string // JavaScript run once it does
		show         string // JavaScript run at each size: what to scroll to
	}{
		{"home", "", `document.getElementById('count').textContent !== ''`, "", ""},
		{"syntax", "", `document.getElementById('count').textContent !== ''`, `document.getElementById('help-btn').click()`, ""},
		{"results", "?q=said", searched, "", ""},
		{"facets", "?q=said", searched, "", `document.getElementById('facets').scrollIntoView()`},
		{"error", "?q=" + urlQuery("(said OR"), searched, "", ""},
		{"none", "?q=nosuchwordanywhere", searched, "", ""},
		{"quotations", "?tab=quotes&q=flood", searched, "", ""},
		{"article", "?q=said&doc=" + seedID, `document.getElementById('a-body').getAttribute('aria-busy') === 'false'`, "", ""},
	}
	type variant struct {
		size          string
		width, height int64
		mobile        bool
		scheme        string
	}
	var variants []variant
	for _, size := range []variant{{"desktop", 1280, 900, false, ""}, {"phone", 390, 844, true, ""}} {
		for _, scheme := range []string{"light", "dark"} {
			size.scheme = scheme
			variants = append(variants, size)
		}
	}
	shots := 0
	for i, st := range states {
		tb.do(chromedp.Navigate(b.url(st.params)))
		tb.poll(st.ready)
		if st.setup != "" {
			tb.eval(st.setup)
		}
		take := variants
		if !all {
			take = variants[i%len(variants) : i%len(variants)+1]
		}
		for _, v := range take {
			emulate := chromedp.EmulateViewport(v.width, v.height)
			if v.mobile {
				emulate = chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateScale(2))
			}
			tb.do(emulate, colorScheme(v.scheme))
			if st.show != "" {
				tb.eval(st.show)
			}
			ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			cancel()
			if err != nil {
				t.Fatalf("screenshot %s: %v", st.name, err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", st.name, v.size, v.scheme))
			if err := os.WriteFile(path, png, 0o644); err != nil {
				t.Fatal(err)
			}
			shots++
		}
	}
	t.Logf("%d screenshots in %s", shots, dir)
}

// colorScheme emulates prefers-color-scheme: light or dark.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

func urlQuery(q string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "+", "#", "%23").Replace(q)
}

// results is the page's status for n results.
func results(n uint64) string {
	if n == 1 {
		return "1 result"
	}
	return fmtThousands(n) + " results"
}

func plural(n uint64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmtThousands(n) + " " + word + "s"
}

func fmtThousands(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// status is the page's status for a search's result, without the time:
// "43 results", "43 results, 45 articles" when duplicates collapsed.
func status(res *query.Result) string {
	s := results(res.Total)
	if res.TotalArticles > res.Total {
		s += ", " + fmtThousands(res.TotalArticles) + " articles"
	}
	return s
}

func headlines(res *query.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Headline)
	}
	return out
}

// resultCount is the count in a status ("43 results (1.2 ms)"), without
// the time, which differs between two runs of one search.
func resultCount(status string) string {
	count, _, _ := strings.Cut(status, " (")
	return count
}

func facetValue(vals []query.FacetValue, value string) (query.FacetValue, bool) {
	for _, v := range vals {
		if v.Value == value {
			return v, true
		}
	}
	return query.FacetValue{}, false
}

func hasPrefixFold(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
