package ingest_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/ingest"
)

var formatsDir = filepath.Join("..", "testdata", "formats")

// want lists the fields one article must have; empty fields are not checked
// unless listed in empty.
type want struct {
	id, headline, source, sourceCode, section, byline, edition, page, language string
	date                                                                       time.Time
	body                                                                       []string
	subjects, regions, companies, industries, people, orgs                     []string
	wordCount                                                                  int
	empty                                                                      []string // fields that must be empty
}

func utc(y int, m time.Month, d, h, mi, s, ms int) time.Time {
	return time.Date(y, m, d, h, mi, s, ms*int(time.Millisecond), time.UTC)
}

func checkArticle(t *testing.T, label string, a *article.Article, w want) {
	t.Helper()
	str := []struct{ name, got, want string }{
		{"id", a.ID, w.id}, {"headline", a.Headline, w.headline}, {"source", a.Source, w.source},
		{"source_code", a.SourceCode, w.sourceCode}, {"section", a.Section, w.section},
		{"byline", a.Byline, w.byline}, {"edition", a.Edition, w.edition}, {"page", a.Page, w.page},
		{"language", a.Language, w.language},
	}
	for _, f := range str {
		if f.want != "" && f.got != f.want {
			t.Errorf("%s: %s = %q, want %q", label, f.name, f.got, f.want)
		}
	}
	for _, e := range w.empty {
		for _, f := range str {
			if f.name == e && f.got != "" {
				t.Errorf("%s: %s = %q, want empty", label, e, f.got)
			}
		}
		if e == "body" && len(a.Body) > 0 {
			t.Errorf("%s: body = %q, want empty", label, a.Body)
		}
	}
	if !w.date.IsZero() && !a.Date.Equal(w.date) {
		t.Errorf("%s: date = %v, want %v", label, a.Date, w.date)
	}
	if w.wordCount != 0 && a.WordCount != w.wordCount {
		t.Errorf("%s: word_count = %d, want %d", label, a.WordCount, w.wordCount)
	}
	lists := []struct {
		name      string
		got, want []string
	}{
		{"body", a.Body, w.body}, {"subjects", a.Subjects, w.subjects}, {"regions", a.Regions, w.regions},
		{"companies", a.Companies, w.companies}, {"industries", a.Industries, w.industries},
		{"people", a.People, w.people}, {"organizations", a.Organizations, w.orgs},
	}
	for _, l := range lists {
		if l.want != nil && !reflect.DeepEqual(l.got, l.want) {
			t.Errorf("%s: %s = %q, want %q", label, l.name, l.got, l.want)
		}
	}
}

// readFile parses one testdata file by Read, as newsdesk ingest does.
func readFile(t *testing.T, path string, opt ingest.Options) (arts []*article.Article, errs []string, formats []ingest.Format) {
	t.Helper()
	for ev := range ingest.Read(context.Background(), []string{path}, opt) {
		if ev.Err != nil {
			errs = append(errs, ev.Err.Error())
		}
		if ev.Article != nil {
			arts = append(arts, ev.Article)
			formats = append(formats, ingest.Format(ev.Article.Origin.Format))
		}
	}
	return arts, errs, formats
}

func TestFormats(t *testing.T) {
	tests := []struct {
		file   string
		format ingest.Format
		errs   []string // error messages, with the file name cut to its base
		want   []want
	}{
		{"reuters-sgml/reut-sample.sgm", ingest.FormatReuters, nil, []want{{
			id: "REUT101", headline: "PRAIRIE WHEAT CROP SEEN LARGER <NORTHFIELD>", source: "Reuters", language: "en",
			byline: "By Ada Lindqvist, Reuters", date: utc(1987, 3, 3, 9, 14, 27, 500),
			body: []string{
				"Farmers on the northern prairie expect a larger wheat crop this year, the Northfield Grain Board & its advisers said in an invented report.",
				"The board put the harvest at 21.4 mln tonnes, up from 19.8 mln a year earlier.",
				"Exports to the United States were expected to rise.",
			},
			subjects: []string{"grain", "wheat"}, regions: []string{"canada", "usa"}, people: []string{"doe"}, orgs: []string{"gatt"},
		}, {
			id: "REUT102", headline: "HARBOUR TRUST SETS QUARTERLY DIVIDEND", date: utc(1987, 3, 3, 9, 20, 0, 0),
			regions: []string{"uk"}, empty: []string{"body"},
		}, {
			id: "REUT103", headline: "INVENTED WEEKLY RESERVES TABLE - MAR 4", date: utc(1987, 3, 4, 17, 45, 3, 110),
			body: []string{"Two weeks ended Mar 3 daily avgs-mlns", "Net free reserves.............512 vs.....610"},
		}}},
		{"factiva-coded/indexing-export.txt", ingest.FormatFactivaCoded, nil, []want{{
			id: "CSTHLD0020190312ef3c0000a", headline: "Harbour city approves tidal barrier plan", byline: "By Mira Okafor",
			source: "The Coastal Herald", sourceCode: "CSTHLD", edition: "Final", page: "A3", language: "en", wordCount: 214,
			date: utc(2019, 3, 12, 14, 5, 0, 0),
			body: []string{
				"The city council approved a tidal barrier on Tuesday, ending a decade of debate.", "Work will start next spring.",
				"The barrier will cost an invented 80 million.", "Critics said the plan came late.",
			},
			subjects: []string{"genv", "gcat"}, regions: []string{"gfr", "eurz"}, companies: []string{"chrbld", "hrbtr"},
			industries: []string{"iconst", "iutil"}, empty: []string{"section"},
		}, {
			id: "CRPORT0020190403ef430000b", section: "Sport", headline: "Local rowers win regatta", language: "fr",
			wordCount: 90, date: utc(2019, 4, 3, 0, 0, 0, 0), body: []string{"Les rameurs du club ont gagné la régate."},
			empty: []string{"byline", "edition", "page"},
		}}},
		{"factiva-text/french-ui.txt", ingest.FormatFactiva, nil, []want{{
			id: "PTPORT0020171023edan0000f", headline: "Quay works begin", byline: "By Hugo Martin", source: "Le Petit Portuaire",
			sourceCode: "PTPORT", language: "fr", date: utc(2017, 10, 23, 9, 40, 0, 0),
			body: []string{"Les travaux du quai ont commencé lundi.", "Ils dureront deux ans."},
		}}},
		{"factiva-html/german-ui.html", ingest.FormatFactivaHTML, nil, []want{{
			id: "BERGZ00020171119edbj0000a", section: "Lokales", headline: "Neue Seilbahn für den Hausberg", byline: "Lena Brandt",
			source: "Bergzeitung", sourceCode: "BERGZ", language: "de", wordCount: 312, date: utc(2017, 11, 19, 0, 0, 0, 0),
			body: []string{"Der Gemeinderat hat am Freitag eine neue Seilbahn beschlossen.", "Sie soll 2019 fahren."},
		}, {
			// No "Dokument" line: the id comes from the wrapping div.
			id: "TALBT00020171120edbk0000b", headline: "Talbote meldet Rekord", page: "4", date: utc(2017, 10, 20, 8, 45, 0, 0),
			empty: []string{"section", "byline"},
		}}},
		{"factiva-html/with-indexing.html", ingest.FormatFactivaHTML, nil, []want{{
			id: "QCOTE00020161202ecc20000x", section: "Économie", headline: "Le marché du poisson s'envole", page: "8",
			language: "fr", wordCount: 41, date: utc(2016, 12, 2, 6, 10, 0, 0), sourceCode: "QCOTE",
			body:     []string{"Les prix du poisson ont monté de 12 % en un mois.", "Les pêcheurs s'en réjouissent.", "Les restaurateurs, eux, s'inquiètent."},
			subjects: []string{"m14", "mcat"}, regions: []string{"fra"},
		}}},
		{"factiva-xml/export.xml", ingest.FormatFactivaXML, nil, []want{{
			id: "RIVWK00020210207eh270000c", headline: "Ferry service resumes on the estuary", source: "River Week", sourceCode: "RIVWK",
			page: "12", language: "en", wordCount: 23, date: utc(2021, 2, 7, 6, 30, 0, 0),
			body:     []string{"The estuary ferry ran again on Sunday after repairs.", "Passengers welcomed the return.", "Tickets are unchanged."},
			subjects: []string{"gtrans"}, regions: []string{"uk"},
		}, {
			id: "RIVWK00020210208eh280000d", language: "fr", date: utc(2021, 2, 8, 0, 0, 0, 0),
			body: []string{"Le bac a repris dimanche.", "Les passagers sont contents."},
		}}},
		{"lexis-text/academic-export.txt", ingest.FormatLexisText, nil, []want{{
			headline: "Council backs new cycle lanes", source: "The Valley Courier", byline: "Tomas Reyes", section: "LOCAL NEWS",
			page: "7", edition: "Late Edition", language: "en", wordCount: 48, date: utc(2019, 5, 30, 0, 0, 0, 0),
			body: []string{
				"The council voted on Wednesday to paint cycle lanes on two main roads, a plan residents had asked for since 2015.",
				"Shops on the roads were divided.",
			},
			subjects: []string{"TRANSPORTATION", "CITY GOVERNMENT"}, regions: []string{"SPAIN"},
		}, {
			headline: "Le lac gèle plus tard", source: "Le Journal du Lac", language: "fr", wordCount: 12,
			date: utc(2019, 6, 4, 19, 30, 0, 0), body: []string{"Le lac gèle de plus en plus tard chaque hiver, selon les pêcheurs."},
		}}},
		{"lexis-html/academic.html", ingest.FormatLexisHTML, []string{"academic.html: article 2: no date line after the source name"}, []want{{
			headline: "School roof repaired before spring", source: "The Hill Gazette", byline: "By NORA FEENEY",
			section: "Section B", page: "3", edition: "Late Edition", language: "en", date: utc(2012, 3, 2, 0, 0, 0, 0),
			body: []string{"Builders finished the roof of the hill school on Thursday.", "Classes resume on Monday."},
		}}},
		{"lexis-docx/nexis-uni.docx", ingest.FormatLexisDOCX, nil, []want{{
			headline: "Orchard harvest beats forecast", source: "The Valley Courier", byline: "Ines Duarte and Karl Weber",
			section: "BUSINESS", page: "11", language: "en", wordCount: 31, date: utc(2018, 9, 14, 18, 45, 0, 0),
			body:     []string{"Apple growers in the valley picked more fruit than forecast this year.", "Prices held steady at the market."},
			subjects: []string{"AGRICULTURE", "FRUITS"}, regions: []string{"PORTUGAL"}, companies: []string{"VALLEY GROWERS CO-OP"},
			industries: []string{"FRUIT FARMING"},
		}, {
			// A correction without a date line.
			headline: "Correction: ferry timetable", source: "Harbour Weekly",
			body: []string{"An earlier article gave the wrong departure time for the ferry."},
		}}},
		{"europresse/export.html", ingest.FormatEuropresse, nil, []want{{
			id: "news·20190312·VC·0001", source: "La Voix du Canal", section: "Société", headline: "Les écluses rouvrent au printemps",
			language: "fr", date: utc(2019, 3, 12, 0, 0, 0, 0), empty: []string{"byline", "page"},
			body: []string{"Les travaux sur les écluses du canal s'achèvent. Les bateaux pourront passer en avril.", "Les riverains sont soulagés."},
		}, {
			id: "news·20191108·QV·0002", source: "Le Quotidien des Vallées", section: "Économie", page: "14",
			headline: "La fromagerie embauche", byline: "Claire Dubois", date: utc(2019, 11, 8, 0, 0, 0, 0),
			body: []string{"La fromagerie de la vallée va recruter vingt personnes.", "Les candidatures sont ouvertes."},
		}}},
		{"newsml/newsitem.xml", ingest.FormatNewsML, nil, []want{{
			id: "urn:newsml:example.org:20220411:tram-line", headline: "New tram line opens in the east of the city",
			byline: "Paul Girard", source: "Example Wire", language: "en", date: utc(2022, 4, 11, 7, 30, 0, 0),
			body:     []string{"A new tram line opened on Monday, linking three eastern districts.", "The operator expects 40,000 riders a day."},
			subjects: []string{"medtop:20000767", "medtop:04000000"},
		}}},
		{"nitf/story.nitf", ingest.FormatNITF, nil, []want{{
			id: "HARB-2020-0312-0007", headline: "Dockers vote to end strike", byline: "By Sara Lund", source: "Harbour Wire",
			language: "en", date: utc(2020, 3, 12, 15, 45, 0, 0), subjects: []string{"09000000"},
			body: []string{"Dock workers voted on Thursday to end a two-week strike.", "Ships waiting off the coast began to move in the evening."},
		}}},
		{"rss/feed.rss", ingest.FormatRSS, nil, []want{{
			id: "hillside-2023-0109-pass", headline: "Snow closes mountain pass", byline: "Ana Pereira", source: "Hillside Daily",
			date: utc(2023, 1, 9, 6, 20, 0, 0), subjects: []string{"Weather", "Roads"},
			body: []string{"Heavy snow closed the mountain pass overnight.", "Crews expect to reopen it by noon & will clear side roads next."},
		}}},
		{"rss/feed.atom", ingest.FormatRSS, nil, []want{{
			id: "tag:valley.example,2023:notes-42", headline: "Bakery wins regional prize", byline: "Joe Marsh", source: "Valley Notes",
			date: utc(2023, 3, 2, 18, 0, 0, 0), subjects: []string{"food"}, body: []string{"The corner bakery won the regional bread prize."},
		}}},
		{"csv/wikistyle.csv", ingest.FormatCSV, nil, []want{{
			headline: "Bridge opens, traffic eases", source: "news.example.org", date: utc(2019, 5, 4, 0, 0, 0, 0),
			body: []string{"Saturday, May 4, 2019", "A new bridge opened on Saturday.", "Traffic on the old crossing fell by half, officials said."},
		}, {
			headline: "Library reopens after flood", date: utc(2020, 1, 15, 0, 0, 0, 0),
			body: []string{"The town library reopened on Wednesday after a winter flood.", `Volunteers dried "thousands" of books.`},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			arts, errs, formats := readFile(t, filepath.Join(formatsDir, tt.file), ingest.Options{})
			for i := range errs {
				errs[i] = errs[i][strings.LastIndex(errs[i], "/")+1:]
			}
			if !reflect.DeepEqual(errs, tt.errs) {
				t.Errorf("errors = %q, want %q", errs, tt.errs)
			}
			if len(arts) != len(tt.want) {
				t.Fatalf("%d articles, want %d", len(arts), len(tt.want))
			}
			for i, a := range arts {
				if formats[i] != tt.format {
					t.Errorf("article %d: format %q, want %q", i+1, formats[i], tt.format)
				}
				if a.ID == "" || len(a.Body) == 0 && tt.want[i].empty == nil {
					t.Errorf("article %d: id %q, %d paragraphs", i+1, a.ID, len(a.Body))
				}
				checkArticle(t, "article "+string(rune('1'+i)), a, tt.want[i])
			}
		})
	}
}

// TestCSVMap maps columns the CSV reader does not know with Options.Map,
// and reads localised dates, ";" separators and "|" lists.
func TestCSVMap(t *testing.T) {
	path := filepath.Join(formatsDir, "csv", "custom.csv")
	arts, errs, _ := readFile(t, path, ingest.Options{})
	if len(errs) != 0 || len(arts) != 2 || len(arts[0].Body) != 0 || arts[0].Extra["copy"] == nil {
		t.Fatalf("without --map: %d articles, errors %q; want 2 with the body kept in extra", len(arts), errs)
	}
	m, err := ingest.ParseMap("story_id=id, When=date,copy=body,tags=subjects,outlet=ignore")
	if err != nil {
		t.Fatal(err)
	}
	arts, errs, _ = readFile(t, path, ingest.Options{Map: m})
	if len(errs) != 0 || len(arts) != 2 {
		t.Fatalf("%d articles, errors %q", len(arts), errs)
	}
	checkArticle(t, "row 1", arts[0], want{id: "S-1", headline: "Le port s'agrandit", language: "fr",
		date: utc(2017, 10, 23, 8, 15, 0, 0), body: []string{"Le port a ouvert un nouveau quai."},
		subjects: []string{"ports", "commerce"}, empty: []string{"source"}})
	checkArticle(t, "row 2", arts[1], want{id: "S-2", language: "es", date: utc(2018, 5, 5, 0, 0, 0, 0)})

	for _, bad := range []string{"title", "title=heading", "=body"} {
		if _, err := ingest.ParseMap(bad); err == nil {
			t.Errorf("ParseMap(%q) accepted", bad)
		}
	}
}

// TestZip reads an archive in place: members by content, in name order,
// named archive/member, a DOCX inside it, the README skipped.
func TestZip(t *testing.T) {
	path := filepath.Join(formatsDir, "zip", "mixed.zip")
	arts, errs, formats := readFile(t, path, ingest.Options{})
	if len(errs) != 0 {
		t.Errorf("errors: %q", errs)
	}
	var got []string
	for i, a := range arts {
		got = append(got, strings.TrimPrefix(a.Origin.File, path+"/")+" "+string(formats[i]))
	}
	want := []string{
		"exports/indexing-export.txt factiva-coded", "exports/indexing-export.txt factiva-coded",
		"exports/wikistyle.csv csv", "exports/wikistyle.csv csv",
		"nexis-uni.docx lexis-docx", "nexis-uni.docx lexis-docx",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("articles:\n got %q\nwant %q", got, want)
	}
}

func TestDetectFormats(t *testing.T) {
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(formatsDir, p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		head []byte
		want ingest.Format
	}{
		{"x.dat", read("reuters-sgml/reut-sample.sgm"), ingest.FormatReuters},
		{"x.dat", read("factiva-coded/indexing-export.txt"), ingest.FormatFactivaCoded},
		{"x.dat", read("lexis-text/academic-export.txt"), ingest.FormatLexisText},
		{"x.dat", read("factiva-xml/export.xml"), ingest.FormatXML},
		{"x.dat", read("factiva-html/german-ui.html"), ingest.FormatHTML},
		{"x.dat", read("lexis-html/academic.html"), ingest.FormatHTML},
		{"x.docx", read("lexis-docx/nexis-uni.docx"), ingest.FormatLexisDOCX},
		{"x.zip", read("zip/mixed.zip"), ingest.FormatZip},
		{"x.dat", []byte("<rss version=\"2.0\"><channel>"), ingest.FormatXML},
		{"x.csv", []byte("title,body\nA,B\n"), ingest.FormatCSV},
		{"README.txt", []byte("see <REUTERS TOPICS=...> below"), ""}, // text with no export marker is no export
	}
	for _, tt := range tests {
		if got := ingest.Detect(tt.name, tt.head); got != tt.want {
			t.Errorf("Detect(%s, %.20q) = %q, want %q", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]ingest.Format{
		"auto": "", "": "", "factiva": ingest.FormatFactiva, "FACTIVA-CODED": ingest.FormatFactivaCoded,
		"sgml": ingest.FormatReuters, "docx": ingest.FormatLexisDOCX, "csv": ingest.FormatCSV,
	} {
		if got, err := ingest.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ingest.ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "reuters-sgml") {
		t.Errorf("ParseFormat(pdf) error = %v, want one listing the formats", err)
	}
}

func TestParseDateText(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		lang string
	}{
		{"23 October 2017", utc(2017, 10, 23, 0, 0, 0, 0), "en"},
		{"October 23, 2017 Monday", utc(2017, 10, 23, 0, 0, 0, 0), "en"},
		{"2017-10-23T08:15:00+02:00", utc(2017, 10, 23, 6, 15, 0, 0), ""},
		{"23 octobre 2017 lundi", utc(2017, 10, 23, 0, 0, 0, 0), "fr"},
		{"Montag, 23. Oktober 2017", utc(2017, 10, 23, 0, 0, 0, 0), ""},
		{"27. Februar 2012 Montag 9:50 PM GMT+1", utc(2012, 2, 27, 20, 50, 0, 0), "de"},
		{"23 de octubre de 2017", utc(2017, 10, 23, 0, 0, 0, 0), "es"},
		{"2 décembre 2016", utc(2016, 12, 2, 0, 0, 0, 0), "fr"},
		{"2018 年 10 月 7 日 17:04", utc(2018, 10, 7, 17, 4, 0, 0), ""},
		{"May 30, 2014 Friday 8:04 PM EDT", utc(2014, 5, 31, 0, 4, 0, 0), "en"},
		{"23.10.2017", utc(2017, 10, 23, 0, 0, 0, 0), ""},
	}
	for _, tt := range tests {
		got, lang, err := ingest.ParseDateText(tt.in)
		if err != nil || !got.Equal(tt.want) || lang != tt.lang {
			t.Errorf("ParseDateText(%q) = %v, %q, %v; want %v, %q", tt.in, got, lang, err, tt.want, tt.lang)
		}
	}
	for _, bad := range []string{"", "31 Septober 2019", "Date and Time: Friday", "30 February 2019", "Lorem ipsum 2019"} {
		if _, _, err := ingest.ParseDateText(bad); err == nil {
			t.Errorf("ParseDateText(%q) accepted", bad)
		}
	}
}

// TestFolderSkipsNonExports: in a folder, notes, a DTD and an unrelated
// XML file are skipped silently; named explicitly, they are errors.
func TestFolderSkipsNonExports(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"README.txt":   "Notes about this <REUTERS TOPICS=\"YES\"> collection.\n",
		"lewis.dtd":    "<!-- DTD for the collection -->\n<!ELEMENT LEWIS (REUTERS*)>\n",
		"config.xml":   "<?xml version=\"1.0\"?><config><a/></config>\n",
		"export.jsonl": `{"id":"J1","headline":"One","body":"a b"}` + "\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	arts, errs, _ := readFile(t, dir, ingest.Options{})
	if len(arts) != 1 || len(errs) != 0 {
		t.Errorf("folder: %d articles, errors %q; want 1 and none", len(arts), errs)
	}
	for _, name := range []string{"README.txt", "lewis.dtd", "config.xml"} {
		if _, errs, _ := readFile(t, filepath.Join(dir, name), ingest.Options{}); len(errs) != 1 {
			t.Errorf("%s named explicitly: errors %q, want one", name, errs)
		}
	}
}

// TestCodeListsRoundTrip: the code lists and the format survive JSON Lines,
// the form the index stores and the API returns.
func TestCodeListsRoundTrip(t *testing.T) {
	arts, _, _ := readFile(t, filepath.Join(formatsDir, "reuters-sgml", "reut-sample.sgm"), ingest.Options{})
	coded, _, _ := readFile(t, filepath.Join(formatsDir, "factiva-coded", "indexing-export.txt"), ingest.Options{})
	for _, a := range append(arts, coded...) {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back article.Article
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		// Numbers in extra come back as float64 and nested maps as
		// map[string]any: compare extra as JSON.
		eb, _ := json.Marshal(a.Extra)
		bb, _ := json.Marshal(back.Extra)
		a2 := *a
		a2.Extra, back.Extra = nil, nil
		if !reflect.DeepEqual(&a2, &back) || string(eb) != string(bb) {
			t.Errorf("%s does not round-trip:\n%+v\n%+v", a.ID, a2, back)
		}
	}
}

// TestFormatErrors: every reader names the file and the line (or, without
// lines, the article), and goes on with the next article.
func TestFormatErrors(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string // errors
		articles    int
	}{
		{"x.sgm", "<REUTERS NEWID=\"1\">\n<DATE>31-FOO-1987</DATE>\n<TEXT><TITLE>A</TITLE></TEXT>\n</REUTERS>\n<REUTERS NEWID=\"2\">\n<TEXT><TITLE>B</TITLE><BODY>b</BODY></TEXT>\n</REUTERS>\n",
			[]string{`x.sgm:1: unparseable date "31-FOO-1987"`}, 1},
		{"x.txt", " HD\tA\n PD\t31 Septober 2019\n AN\tDocument ABCD000020190101ef1100001\n HD\tB\n PD\t1 May 2019\n LP\tb\n AN\tDocument ABCD000020190501ef5100002\n",
			[]string{`x.txt:2: unparseable date "31 Septober 2019"`}, 1},
		{"x.csv", "title,date,body\nA,yesterday,a\nB,2019-05-01,b\n,,\n",
			[]string{`x.csv:2: column "date": unparseable date "yesterday"`, "x.csv:4: row has no headline and no body"}, 1},
		{"x.lex", "1 of 2 DOCUMENTS\n\nSome Paper\n\nno date here\n\nBody.\n\n2 of 2 DOCUMENTS\n\nSome Paper\n\nMay 1, 2019\n\nB\n\nBody.\n",
			[]string{"x.lex:1: no date line after the source name"}, 1},
		{"x.xml", `<?xml version="1.0"?><r><ppsarticle><article><headline><paragraph>A</paragraph></headline><publicationDate><date>someday</date></publicationDate></article></ppsarticle></r>`,
			[]string{`x.xml: article 1: unparseable date "someday"`}, 0},
	}
	for _, tt := range tests {
		var errs []string
		n := 0
		f := ingest.Format("")
		if tt.name == "x.lex" {
			f = ingest.FormatLexisText
		}
		for a, err := range ingest.Parse(strings.NewReader(tt.input), tt.name, f) {
			if err != nil {
				errs = append(errs, err.Error())
			}
			if a != nil {
				n++
			}
		}
		if !reflect.DeepEqual(errs, tt.want) || n != tt.articles {
			t.Errorf("%s: %d articles, errors %q; want %d, %q", tt.name, n, errs, tt.articles, tt.want)
		}
	}
}
