package schema_test

import (
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/schema"
)

// liveHeap is the heap in use after two collections.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestBodyEncoderMemory bounds what the body encoder keeps between bodies:
// every goroutine of an ingest's preparation encodes bodies, and each of
// the encoder's GOMAXPROCS internal coders keeps its history buffer, so
// at GOGC=400 ingest's peak memory grows by five times what they hold.
// With zstd's default window (4 MiB) they held 9.7 MiB on 2 CPUs here,
// 1.7 MiB with bodyWindow.
func TestBodyEncoderMemory(t *testing.T) {
	short := strings.Repeat("Shares fell in London and New York after the report. ", 14) // 770 bytes
	long := strings.Repeat("The ministry said exports rose 3.2 pct in March. ", 4000)    // 196 KB, two blocks
	procs := runtime.GOMAXPROCS(0)
	before := liveHeap()
	encode, err := schema.NewBodyEncoder()
	if err != nil {
		t.Fatal(err)
	}
	// The internal coders are taken in turn, so with twice as many
	// bodies of each kind as coders every coder encodes both kinds.
	var wg sync.WaitGroup
	for range procs {
		wg.Go(func() {
			for range 2 {
				encode(short)
				encode(long)
			}
		})
	}
	wg.Wait()
	held := liveHeap() - before
	runtime.KeepAlive(encode)
	const most = 3 << 19 // per internal coder: 1.5 MiB
	if held > uint64(procs*most) {
		t.Errorf("body encoder holds %.1f MiB after encoding on %d goroutines, want at most %.1f MiB (1.5 MiB per CPU)",
			float64(held)/(1<<20), procs, float64(procs*most)/(1<<20))
	}
	t.Logf("body encoder holds %.2f MiB on %d CPUs", float64(held)/(1<<20), procs)
}

// TestBodyWindowKeepsBytes: the encoder's smaller window (bodyWindow)
// encodes every test article's body, every Reuters body when the corpus
// is present, and long invented ones up to 240 KB to the very bytes the
// default window did, so indexes written before and after it hold the
// same bodies.
func TestBodyWindowKeepsBytes(t *testing.T) {
	bodies := readBodies(t, filepath.Join("..", "..", "testdata", "formats"), filepath.Join("..", "..", "testdata", "positional"))
	for _, n := range []int{1, 100, 2400, 4400} { // up to 240 KB
		bodies = append(bodies, strings.Repeat("Shares fell in London and New York after the report. ", n))
	}
	if !testing.Short() {
		if rb := reutersBodies(t); len(rb) > 0 {
			bodies = append(bodies, rb...)
		}
	}
	ref, err := schema.NewBodyEncoderDefaultWindow()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bodies {
		if got, want := schema.EncodeBody(b), ref(b); got != want {
			t.Fatalf("body of %d bytes (%.40q…) encoded to %d bytes, with the default window to %d", len(b), b, len(got), len(want))
		}
	}
	t.Logf("%d bodies encode alike", len(bodies))
}
