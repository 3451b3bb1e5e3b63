package index

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/newsdesk/newsdesk/article"
)

// contentHashMarshal is contentHash as first written, through json.Marshal.
func contentHashMarshal(a *article.Article) (string, error) {
	c := *a
	c.Origin = article.Origin{}
	c.Names, c.Quotes = nil, nil
	b, err := json.Marshal(&c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:8]), nil
}

// TestContentHashMatchesMarshal: the content hash of the article's own
// JSON is that of json.Marshal's, on the test archive, Reuters-21578 when
// there, and articles with the characters JSON escapes.
func TestContentHashMatchesMarshal(t *testing.T) {
	arts := diffArticles(t)
	arts = append(arts, &article.Article{ID: "x<&>", Headline: "a <b> & \u2028\u2029 \"q\" \\ \x01 \xff\xfe", Body: []string{"\t\n", "ok"}, Authors: []string{"<me>"}})
	for _, a := range arts {
		got, err := contentHash(a)
		if err != nil {
			t.Fatal(err)
		}
		want, err := contentHashMarshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("article %s: hash %s, json.Marshal's %s", a.ID, got, want)
		}
	}
}
