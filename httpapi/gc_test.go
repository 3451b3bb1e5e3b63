package httpapi

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGCForServing: a server's collector runs at ServeGCPercent under
// ServeMemoryLimit, unless the user chose GOGC or GOMEMLIMIT.
func TestTuneGCForServing(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, c := range []struct {
		name, gogc, memlimit string
		percent              int
		limit                int64
	}{
		{"defaults", "", "", ServeGCPercent, ServeMemoryLimit},
		{"GOGC set", "100", "", 100, ServeMemoryLimit},
		{"GOMEMLIMIT set", "", "1GiB", ServeGCPercent, math.MaxInt64},
	} {
		t.Setenv("GOGC", c.gogc)
		t.Setenv("GOMEMLIMIT", c.memlimit)
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		TuneGCForServing()
		if got := debug.SetGCPercent(100); got != c.percent {
			t.Errorf("%s: GC percent %d, want %d", c.name, got, c.percent)
		}
		if got := debug.SetMemoryLimit(-1); got != c.limit {
			t.Errorf("%s: memory limit %d, want %d", c.name, got, c.limit)
		}
	}
}
