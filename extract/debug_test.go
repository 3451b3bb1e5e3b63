package extract

import (
	"fmt"
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/ingest"
)

func TestDebugDump(t *testing.T) {
	path := os.Getenv("DUMP")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Open(path)
	e := New(nil)
	for a, err := range ingest.Parse(f, path, "") {
		if err != nil {
			continue
		}
		fmt.Println("==", a.ID, a.Headline)
		for _, n := range e.Names(a) {
			fmt.Printf("  %-45s %-12s %d\n", n.Name, n.Type, n.Mentions)
		}
	}
}

func TestDebugQuotes(t *testing.T) {
	path := os.Getenv("DUMPQ")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Open(path)
	e := New(nil)
	for a, err := range ingest.Parse(f, path, "") {
		if err != nil {
			continue
		}
		fmt.Println("==", a.ID, a.Headline)
		_, qs := e.Extract(a)
		for _, q := range qs {
			fmt.Printf("  [%d] %-25s | %s\n", q.Paragraph, q.Speaker, q.Text)
		}
	}
}
