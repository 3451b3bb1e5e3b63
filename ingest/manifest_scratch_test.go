package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManifestScratch(t *testing.T) {
	man, _ := os.ReadFile("../testdata/archive/MANIFEST.md")
	rows := map[string][]string{}
	for _, l := range strings.Split(string(man), "\n") {
		if !strings.HasPrefix(l, "| ") || !strings.Contains(l, "`") { continue }
		c := strings.Split(l, " | ")
		if len(c) < 11 { continue }
		id := strings.Trim(c[2], "`")
		rows[id] = c
	}
	n := 0
	for ev := range Read(context.Background(), []string{"../testdata/archive/factiva"}, Options{}) {
		if ev.Err != nil { fmt.Println("ERR", ev.Err); continue }
		a := ev.Article
		if a == nil { continue }
		n++
		c, ok := rows[a.ID]
		if !ok { t.Errorf("unknown id %s", a.ID); continue }
		sec := a.Section
		if sc, ok := a.Extra["section_code"]; ok { sec += "; " + sc.(string) }
		if sec == "" { sec = "—" }
		by := a.Byline
		if by == "" { by = "—" }
		ed, pg := a.Edition, a.Page
		if ed == "" { ed = "—" }
		if pg == "" { pg = "—" }
		got := []string{filepath.Base(a.Origin.File), fmt.Sprint(a.Origin.Line), a.ID, a.Date.Format("2 January 2006"), a.Source, a.SourceCode, sec, by, ed + " / " + pg, fmt.Sprint(a.WordCount), a.Headline}
		want := append([]string{strings.TrimPrefix(c[0], "| ")}, c[1:11]...)
		want[9] = strings.ReplaceAll(want[9], ",", "")
		for i := range got {
			if got[i] != want[i] { t.Errorf("%s col %d: got %q want %q", a.ID, i, got[i], want[i]) }
		}
		fmt.Printf("%-26s %v %s | %d paras\n", a.ID, a.Authors, a.Language, len(a.Body))
	}
	fmt.Println(n, "articles")
}
