package httpapi_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// contrastJS measures, in the page as shown, the contrast ratio (WCAG 2)
// of every visible piece of text against the background behind it, and
// of the borders of the form fields and the chart's bars against theirs.
// Colours are composed as the page composes them: translucent backgrounds
// over those beneath, text faded by its own or an ancestor's opacity. It
// returns what it checked and what falls short of WCAG AA: 4.5:1 for
// text, 3:1 for large text (24px, or 18.7px bold) and for the parts of
// controls (1.4.11). Text of disabled controls and visually hidden
// text (.sr) are exempt, as WCAG exempts them.
const contrastJS = `(() => {
  const rgba = (s) => {
    const m = String(s).match(/[\d.]+/g);
    if (!m || m.length < 3) return null;
    return { r: +m[0], g: +m[1], b: +m[2], a: m.length > 3 ? +m[3] : 1 };
  };
  const over = (top, under) => {
    const a = top.a + under.a * (1 - top.a);
    if (!a) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (k) => (top[k] * top.a + under[k] * under.a * (1 - top.a)) / a;
    return { r: mix('r'), g: mix('g'), b: mix('b'), a };
  };
  const lum = (c) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  // The background behind el: its own and its ancestors', composed over
  // the canvas (the root's background, or white).
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) layers.push(c);
      if (c && c.a === 1) break;
      if (e.localName === 'dialog' && e.open) break; // the top layer: nothing of the page behind
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible';
  };
  const describe = (el) => el.localName + (el.id ? '#' + el.id : '') + (el.getAttribute('class') ? '.' + el.getAttribute('class').split(' ')[0] : '');
  const exempt = (el) => el.closest('.sr,[aria-disabled=true],[disabled],.pager a:not([href])');
  const problems = [];
  let texts = 0, parts = 0;
  const check = (el, fg, bg, need, what) => {
    const r = ratio(fg, bg);
    if (r + 1e-9 < need) problems.push(describe(el) + ' ' + what + ': ' + hex(fg) + ' on ' + hex(bg) + ' is ' + r.toFixed(2) + ':1, want ' + need + ':1');
  };
  const seen = new Set();
  // A modal panel makes the page behind it inert: only the panel is read.
  const root = document.querySelector('dialog[open]') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || seen.has(el) || el.closest('script,style,noscript,title') || !visible(el) || exempt(el)) continue;
    seen.add(el);
    const cs = getComputedStyle(el);
    const svgText = el instanceof SVGElement;
    const c = rgba(svgText ? cs.fill : cs.color);
    if (!c) continue;
    const bg = background(el);
    const size = parseFloat(cs.fontSize), bold = +cs.fontWeight >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    check(el, over({ ...c, a: c.a * opacity(el) }, bg), bg, large ? 3 : 4.5, JSON.stringify(n.textContent.trim().slice(0, 30)));
    texts++;
  }
  // Placeholders: the hint a field gives before anything is typed.
  for (const el of root.querySelectorAll('input[placeholder]')) {
    if (!visible(el) || el.value) continue;
    const bg = background(el);
    const c = rgba(getComputedStyle(el, '::placeholder').color);
    if (c) { check(el, over(c, bg), bg, 4.5, 'placeholder'); texts++; }
  }
  // The parts that make a control or a chart out: field borders, bars.
  for (const el of root.querySelectorAll('input:not([type=hidden]), select, .pager a[href]')) {
    if (!visible(el)) continue;
    const bg = background(el.parentElement);
    const c = rgba(getComputedStyle(el).borderTopColor);
    if (c && parseFloat(getComputedStyle(el).borderTopWidth) > 0) { check(el, over(c, bg), bg, 3, 'border'); parts++; }
  }
  for (const el of root.querySelectorAll('#tl-chart .tlbar, .facets .fbar')) {
    if (!visible(el)) continue;
    const cs = getComputedStyle(el);
    const c = rgba(el instanceof SVGElement ? cs.fill : cs.backgroundColor);
    const bg = background(el.closest('svg, td') || el.parentElement);
    if (c) { check(el, over(c, bg), bg, 3, 'bar'); parts++; }
  }
  return { texts, parts, problems: [...new Set(problems)] };
})()`

type contrastReport struct {
	Texts    int      `json:"texts"`
	Parts    int      `json:"parts"`
	Problems []string `json:"problems"`
}

// checkContrast runs contrastJS on the page's states in light and dark
// mode: results with facets and the timeline, the syntax help, an error,
// the article panel, the quotations tab, the start page.
func checkContrast(t *testing.T, b *browser, tb *tab) {
	const searched = `document.getElementById('results').getAttribute('aria-busy') === 'false'`
	states := []struct {
		name, params, ready, setup string
	}{
		{"start page", "", `document.getElementById('count').textContent !== '' && ` + searched, ""},
		{"results and syntax help", "?q=said", searched + ` && document.querySelectorAll('#tl-chart .tlbar').length > 0`, `document.getElementById('help-btn').click()`},
		{"error", "?q=" + urlQuery("(said OR"), searched, ""},
		{"article", "?q=said&doc=" + seedID, `document.getElementById('a-body').getAttribute('aria-busy') === 'false'`, ""},
		{"quotations", "?tab=quotes&q=flood", searched, ""},
	}
	tb.allow("status of 400") // the error state
	t.Cleanup(func() { tb.do(colorScheme("light")) })
	for _, scheme := range []string{"light", "dark"} {
		for _, st := range states {
			t.Run(scheme+"/"+st.name, func(t *testing.T) {
				tb.use(t)
				tb.allow("status of 400")
				tb.do(colorScheme(scheme), chromedp.Navigate(b.url(st.params)))
				tb.poll(st.ready)
				if st.setup != "" {
					tb.eval(st.setup)
				}
				// The results fade while a search runs, and back in 0.12 s.
				tb.poll(`getComputedStyle(document.getElementById('results')).opacity === '1'`)
				r := evalJS[contrastReport](tb, contrastJS)
				if r.Texts < 5 {
					t.Fatalf("checked %d pieces of text: the page is not showing the state", r.Texts)
				}
				if len(r.Problems) > 0 {
					t.Errorf("%d of %d texts and %d control parts checked fall short of WCAG AA:\n%s", len(r.Problems), r.Texts, r.Parts, strings.Join(r.Problems, "\n"))
				}
			})
		}
	}
}
