//go:build !unix

package index_test

import (
	"testing"
	"time"
)

// cpuTime is not measured here: benchmarks report 0 CPU time.
func cpuTime(*testing.B) time.Duration { return 0 }
