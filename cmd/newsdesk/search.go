package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsdesk/newsdesk/httpapi"
	"github.com/newsdesk/newsdesk/index"
	"github.com/newsdesk/newsdesk/query"
)

const querySyntax = `Query syntax (newsdesk help query lists every operator):
  returnees Turkey          articles with both words (AND is the default)
  refugees OR migrants      either word (and, or, not in any case)
  -brazil   NOT brazil      leave out articles with the word
  "islamic state"           exact phrase
  "fighters europe"~5       words at most 5 words apart, in any order
  (syria OR iraq) -turkey   grouping
  return*  return!          words beginning with "return"
  wom?n  engineer$3         one character; up to 3 more characters
  headline:turkey hd=turkey in one field; also headline:"exact phrase"
                            fields: headline, body, byline, source, section,
                            source_code, language, id, date, word_count, url
  name:neumann              a name found in the text (also name:"Peter Neumann");
                            person:, org: (organisation:), place: by kind
  quote:flood speaker:neumann   words of a quotation; who was quoted
  ns:gcat re:fra            vendor code lists: subjects (ns:, topic:),
                            regions (re:, places:), companies (co:),
                            industries (in:), people:, organizations:
  source:guardian           words of the source name; source_code:NYTF exact
  source:="The Times"       a whole value exactly, as a facet lists it (source,
                            section, source_code, language, code lists, url,
                            name)
  language:en               also language:english
  date:2017  date:2017-10   a year, a month or a day
  date:>=2017-01-01  wc>300 ranges: >, >=, <, <= on date and word_count
  date:[2016 TO 2017-06]    inclusive range; * for an open end
  date after 2017-10        also date before 2018, date is 2017-10-23,
                            date from 2017-01-01 to 2017-06-30
  isis near5 turkey         within 5 words, either order (also w/5, /n5/)
  world adj3 cup            within 3 words, in this order (also pre/3)
  isis same turkey          in the same paragraph (also w/p); w/s: sentence
  atleast3 sanctions        the word at least 3 times
  hlp=turkey  lp=turkey     headline or lead; lead (first 2 paragraphs)
  /f50/ turkey              headline or the first 50 words of the body
  caps(Turkey)              only written with a capital

Words are matched by stem ("returnee" finds "returnees") and without
accents ("sanliurfa" finds "Şanlıurfa"). --syntax factiva reads bare
words side by side as a phrase; --syntax nexis also uses Nexis's
precedence. Unknown operators (near, w/, adj0) are errors.`

// queryHelp is newsdesk help query: the whole query language.
const queryHelp = `Every operator of the query language, an example each. Operators are read
in any case (near5, NEAR5, and, AND); quoted text is always literal
("peas and carrots" is a phrase).

Words, phrases, groups
  returnees turkey            both words (see --syntax for bare words)
  refugees OR migrants        either
  vaccine NOT brazil          -brazil, "and not", "but not" alike
  "islamic state"             exact phrase; "fighters europe"~5 proximity
  (syria OR iraq) fighters    grouping
  return*  return!            prefix (Nexis's ! is *)
  wom?n                       exactly one character
  engineer$3                  up to 3 more characters (3 letters before $)
  caps(Turkey)                only the capitalised word: the country

Proximity (N from 1 to 500; Factiva allows 1-10 for adj and w/)
  isis near5 turkey           within 5 words, either order
  isis w/5 turkey             the same (Nexis)
  isis /n5/ turkey            the same (Factiva)
  world adj3 cup              cup at most 3 words after world
  world pre/3 cup             the same (Nexis); adj alone is adj1
  isis same turkey            in the same paragraph; also w/p, /p
  isis w/s turkey             in the same sentence; also /s
  isis near5 (returnee* or "foreign fighters")   operands: words, prefixes,
                              patterns, phrases, OR groups of them, caps()
  (isis near5 turkey) near10 border              and nested proximity

Frequency and position
  atleast3 sanctions          the word (prefix or phrase) at least 3 times
  hlp=turkey                  in the headline or the lead
  lp=turkey                   in the lead: the body's first 2 paragraphs
  /f50/ turkey, turkey/f50/   in the headline or the body's first 50 words

Fields, Factiva's tags with = as well as :
  headline:turkey hd=turkey   also by=, sn=, se=, sc=, la=, an=, ns=, re=,
                              co=, in=, td= and every field name
  wc>300  wc<=1000            word count; also word_count:[300 TO 1000]
  date after 2017-10          after October 2017 (Factiva: after and before
  date before 2018            leave the date out)
  date is 2017-10-23          that day (or month, or year)
  date from 2017-01-01 to 2017-06-30          both ends included
  date:2017  date:>=2017-01-01  date:[2016 TO 2017-06]

Precedence, tightest first
  newsdesk (default), factiva: () proximity, atleast and tags, not, and, or
  nexis: () or, w/N and pre/N, w/s, w/p, and, and not
  Bare words side by side: newsdesk ANDs them (as always: saved queries
  keep their meaning); factiva and nexis read them as a phrase
  (bill clinton = bill adj1 clinton). newsdesk search --explain shows how
  a query was read.`

func newSearchCmd(opts *options) *cobra.Command {
	var (
		asJSON     bool
		explain    bool
		req        query.Request
		all        bool
		params     *requestFlags[query.Request]
		cpuProfile string
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "Search the index: ranked hits with highlighted snippets",
		Long: `Search the index and print ranked hits with highlighted snippets, by BM25
relevance unless --sort says otherwise. Without a query, every article
(narrowed by the options) is listed, newest first.

` + querySyntax,
		Example: `  newsdesk search 'returnees Turkey'
  newsdesk search '"islamic state" -syria' --sort date --limit 20
  newsdesk search 'headline:election' --from 2016 --to 2017 --json
  newsdesk search --limit 5 -- '-brazil vaccine'   # a query starting with "-"
  newsdesk search turkey --source reuters --source guardian --facets source,year
  newsdesk search 'said' --sort date --cursor '*'   # then --cursor NEXT
  newsdesk search 'said' --all --json               # every hit, one JSON line each
  newsdesk search --source-code NYTF                # browse: every article, newest first`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			if err := params.read(&req); err != nil {
				return err
			}
			req.Query = strings.Join(args, " ")
			if req.Snippets == 0 {
				req.Snippets = -1 // the flag's 0 means none; the Request's means default
			}
			ix, err := index.OpenReadOnly(opts.indexPath)
			if err != nil {
				return err
			}
			defer ix.Close()
			if explain && !asJSON {
				printExplain(cmd.OutOrStdout(), req)
			}
			if all {
				return streamHits(cmd.Context(), cmd.OutOrStdout(), query.NewSearcher(ix), req, asJSON)
			}
			res, err := cliSearcher(ix, req).Search(cmd.Context(), req)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd.OutOrStdout(), res)
			}
			printResultWhy(cmd.OutOrStdout(), res, explain)
			printFacets(cmd.OutOrStdout(), res, req.Facets, countingFlags(cmd))
			if res.Next != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "\nnext page: --cursor %s\n", res.Next)
			}
			return nil
		},
	}
	// "newsdesk search -brazil" reads -brazil as flags; say how to search it.
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		var unknown *pflag.NotExistError
		if errors.As(err, &unknown) {
			return fmt.Errorf("%w\n(a query that starts with \"-\" goes after --, flags before it: newsdesk search --limit 5 -- '-brazil vaccine')", err)
		}
		return err
	})
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	// limit, offset, sort, from, to, the filters, facets, duplicates and
	// cursor: the parameters of GET /api/search, read as the API reads them.
	params = bindRequest(f, httpapi.SearchParams(), map[string]flagUse{
		"duplicates": {def: query.DupSimilar},
	})
	f.IntVar(&req.Snippets, "snippets", 3, "snippets per hit (0 for none)")
	f.BoolVar(&explain, "explain", false, "print how the query was read (its tree) and, per hit, the words that matched in each field")
	f.BoolVar(&all, "all", false, "print every hit, page by page (JSON Lines with --json)")
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile of the search (opening the index included) to this file")
	_ = f.MarkHidden("cpuprofile") // for measuring newsdesk itself (docs/scaling.md)
	return cmd
}

// printExplain prints how req's query was read: its canonical form and its
// tree. A query that does not parse prints nothing here; the search
// reports its error.
func printExplain(w io.Writer, req query.Request) {
	n, err := query.ParseAs(req.Query, req.Syntax)
	if err != nil || n == nil {
		return
	}
	st := newStyles(w)
	fmt.Fprintln(w, st.apply(st.dim, fmt.Sprintf("Query read as (%s syntax): %v", req.Syntax, n)))
	for _, l := range strings.Split(strings.TrimRight(query.Explain(n), "\n"), "\n") {
		fmt.Fprintln(w, st.apply(st.dim, "  "+l))
	}
	fmt.Fprintln(w)
}

// whyMatched lists the words marked in a hit's headline and snippets, per
// field: why it matched.
func whyMatched(h query.Hit) string {
	var parts []string
	for _, f := range []struct {
		name  string
		frags []query.Fragment
	}{{"headline", []query.Fragment{h.HeadlineFragment}}, {"body", h.Fragments}} {
		var words []string
		for _, fr := range f.frags {
			for _, m := range fr.Marks {
				if m.Start >= 0 && m.End <= len(fr.Text) && m.Start < m.End {
					if w := strings.ToLower(fr.Text[m.Start:m.End]); !contains(words, w) {
						words = append(words, w)
					}
				}
			}
		}
		if len(words) > 0 {
			parts = append(parts, f.name+": "+strings.Join(words, ", "))
		}
	}
	if len(parts) == 0 {
		return "matched: (no words marked: the match is in a field not shown, or by metadata)"
	}
	return "matched: " + strings.Join(parts, " · ")
}

// printResultWhy prints a page of hits, each with why it matched when why
// is set.
func printResultWhy(w io.Writer, res *query.Result, why bool) {
	st := newStyles(w)
	if res.Total == 0 {
		fmt.Fprintf(w, "No articles match %s.\n", quoteQuery(res.Query))
		return
	}
	fmt.Fprintln(w, st.apply(st.dim, resultLine(res)))
	for i, h := range res.Hits {
		printHit(w, st, res.Offset+i+1, h)
		if why {
			fmt.Fprintf(w, "     %s\n", st.apply(st.meta, oneLine(whyMatched(h))))
		}
	}
}

// resultLine says which results are shown of how many: "1–10 of 168
// results", "1 result", "none past 20 of 12 results".
func resultLine(res *query.Result) string {
	var shown string
	switch {
	case len(res.Hits) == 0:
		shown = fmt.Sprintf("none past %d of %s", res.Offset, plural(int(res.Total), "result"))
	case res.Offset == 0 && uint64(len(res.Hits)) == res.Total:
		shown = plural(int(res.Total), "result")
	case len(res.Hits) == 1:
		shown = fmt.Sprintf("%d of %s", res.Offset+1, plural(int(res.Total), "result"))
	default:
		shown = fmt.Sprintf("%d–%d of %s", res.Offset+1, res.Offset+len(res.Hits), plural(int(res.Total), "result"))
	}
	if res.TotalArticles != res.Total {
		shown += fmt.Sprintf(" (%s, %s duplicates collapsed)", plural(int(res.TotalArticles), "article"), res.Duplicates)
	}
	return fmt.Sprintf("%s for %s (%.1f ms)", shown, quoteQuery(res.Query), res.TookMS)
}

// quoteQuery shows a query as the user typed it, between quotation marks
// and without Go's escaping ("islamic state" stays readable), on one line.
func quoteQuery(q string) string {
	if q == "" {
		return "every article"
	}
	return "‘" + oneLine(q) + "’"
}

// printHit prints one hit with its rank.
func printHit(w io.Writer, st styles, rank int, h query.Hit) {
	fmt.Fprintln(w)
	meta := []string{}
	for _, s := range []string{h.Date, h.Source, h.Section} {
		if s != "" {
			meta = append(meta, oneLine(s))
		}
	}
	fmt.Fprintf(w, "%s %s\n", st.apply(st.rank, fmt.Sprintf("%3d.", rank)), st.apply(st.meta, strings.Join(meta, " · ")))
	fmt.Fprintf(w, "     %s\n", st.fragment(h.HeadlineFragment, st.headline))
	for _, f := range h.Fragments {
		fmt.Fprintf(w, "     %s\n", st.fragment(f, st.dim.UnsetFaint()))
	}
	tail := oneLine(h.ID)
	if h.Byline != "" {
		tail = oneLine(h.Byline) + " · " + tail
	}
	fmt.Fprintf(w, "     %s\n", st.apply(st.dim, tail))
	if len(h.Duplicates) > 0 {
		fmt.Fprintf(w, "     %s\n", st.apply(st.meta, fmt.Sprintf("+%d similar: %s", len(h.Duplicates), strings.Join(oneLines(h.Duplicates), ", "))))
	}
}

// cliSearcher is the searcher of one search from the command line. A
// search of every article (no query, dates or filters: browsing) caches
// as a server does: its duplicate groups and facets are then counted
// from the articles that share a key and the facet values' postings,
// not from a pass over every article's values, which on a million
// articles costs seconds; what the cache builds for it is cheaper than
// that pass. Other searches visit only their hits and keep nothing.
func cliSearcher(ix *index.Index, req query.Request) *query.Searcher {
	s := query.NewSearcher(ix)
	s.Cache = strings.TrimSpace(req.Query) == "" && req.From.IsZero() && req.To.IsZero() && req.Filters.IsZero()
	return s
}
