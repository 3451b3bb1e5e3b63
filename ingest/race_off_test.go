//go:build !race

package ingest

// raceEnabled: the race detector changes what the heap allocates, so tests
// that bound allocations check their bound only without it.
const raceEnabled = false
