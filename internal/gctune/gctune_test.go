package gctune

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestApply: the collector runs at the given percent under the given
// limit, unless the user chose GOGC or GOMEMLIMIT.
func TestApply(t *testing.T) {
	const percent, limit = 400, 4 << 30
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, c := range []struct {
		name, gogc, memlimit string
		percent              int
		limit                int64
	}{
		{"defaults", "", "", percent, limit},
		{"GOGC set", "100", "", 100, limit},
		{"GOMEMLIMIT set", "", "1GiB", percent, math.MaxInt64},
	} {
		t.Setenv("GOGC", c.gogc)
		t.Setenv("GOMEMLIMIT", c.memlimit)
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		Apply(percent, limit)
		if got := debug.SetGCPercent(100); got != c.percent {
			t.Errorf("%s: GC percent %d, want %d", c.name, got, c.percent)
		}
		if got := debug.SetMemoryLimit(-1); got != c.limit {
			t.Errorf("%s: memory limit %d, want %d", c.name, got, c.limit)
		}
	}
}
