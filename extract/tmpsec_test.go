package extract

import (
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/article"
	"github.com/newsdesk/newsdesk/internal/corpus"
)

func TestTmpSecurities(t *testing.T) {
	arts, _, err := corpus.Reuters(0)
	if err != nil {
		t.Skip(err)
	}
	e := New(nil)
	start := time.Now()
	n, m, other, all := 0, 0, 0, 0
	for _, a := range arts {
		for _, nm := range e.Names(a) {
			all++
			if nm.Type == article.Other {
				other++
			}
			if nm.Name == "Securities" {
				n++
				m += nm.Mentions
			}
		}
	}
	t.Logf("%d articles in %s; Securities as a name in %d articles (%d mentions); %d names, %d other", len(arts), time.Since(start), n, m, all, other)
}
