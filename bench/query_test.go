package main

import (
	"strings"
	"testing"
	"time"
)

// TestPrintSlowest checks that -slowest lists the queries by their
// slowest round, slowest first, at most n of them, with every round.
func TestPrintSlowest(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	l := &latencies{byQuery: map[int][]time.Duration{
		0: ms(5, 6, 7),
		1: ms(1, 900, 2), // one slow round makes the tail
		2: ms(50, 40, 60),
	}}
	for _, tt := range []struct {
		n    int
		want []string // queries, in order
	}{
		{1, []string{benchQueries[1].String()}},
		{2, []string{benchQueries[1].String(), benchQueries[2].String()}},
		{10, []string{benchQueries[1].String(), benchQueries[2].String(), benchQueries[0].String()}},
	} {
		var b strings.Builder
		printSlowest(&b, l, tt.n)
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")[1:]
		if len(lines) != len(tt.want) {
			t.Fatalf("n=%d: %d lines, want %d:\n%s", tt.n, len(lines), len(tt.want), b.String())
		}
		for i, q := range tt.want {
			if !strings.Contains(lines[i], q) {
				t.Errorf("n=%d: line %d is %q, want query %s", tt.n, i, lines[i], q)
			}
		}
		if !strings.Contains(lines[0], "1.0 900.0 2.0") {
			t.Errorf("n=%d: first line %q lacks every round's time", tt.n, lines[0])
		}
	}
}
