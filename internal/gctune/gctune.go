// Package gctune applies a process's garbage-collector settings (GOGC and
// the soft memory limit) the way every newsdesk command does: the user's
// GOGC and GOMEMLIMIT environment variables win over newsdesk's defaults.
package gctune

import (
	"os"
	"runtime/debug"
)

// Apply sets the collector's percent (runtime/debug.SetGCPercent) unless
// GOGC is set, and its soft memory limit in bytes (SetMemoryLimit) unless
// GOMEMLIMIT is set.
func Apply(percent int, limit int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
