package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	f, _ := os.Open("../testdata/archive/factiva/nyt-2017-10-23.txt")
	for a, err := range Parse(f, "nyt.txt", "") {
		if err != nil {
			t.Log(err)
			continue
		}
		b, _ := json.MarshalIndent(a, "", " ")
		fmt.Println(string(b)[:1500], len(a.Body), a.Body[len(a.Body)-1])
	}
}
