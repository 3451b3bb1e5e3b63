package httpapi

import "github.com/newsdesk/newsdesk/internal/gctune"

// Garbage-collector settings for a process that serves searches
// (runtime/debug.SetGCPercent and SetMemoryLimit). A server's live heap is
// small (about 10 MB on Reuters-21578: the index is memory-mapped) while
// each request allocates hundreds of kilobytes in bleve's searchers, so at
// the default GOGC=100 the collector ran every 0.1-0.15 s and was marking,
// with write barriers on, a third of the time. Under `bench load` (32
// clients, mixed requests, Reuters) GOGC=400 took 1.55-1.58 ms of CPU per
// request against 2.26-2.34 ms at 100, for a heap goal of about 50 MB
// instead of 20. The soft memory limit makes the collector work harder
// rather than let a large index's heap grow past it.
const (
	ServeGCPercent   = 400
	ServeMemoryLimit = 4 << 30
)

// TuneGCForServing applies ServeGCPercent and ServeMemoryLimit to the
// process, unless the environment sets GOGC or GOMEMLIMIT. newsdesk serve
// calls it before it serves; so does the bench's load test, which runs the
// handler as serve does.
func TuneGCForServing() { gctune.Apply(ServeGCPercent, ServeMemoryLimit) }
