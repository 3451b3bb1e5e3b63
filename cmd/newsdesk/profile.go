// Hidden profiling flags of newsdesk ingest and search, for measuring newsdesk itself
// (docs/ingest-performance.md).

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// startCPUProfile writes a CPU profile to path until the returned function
// is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile %s: %w", path, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// memProfileEvery is how often the live heap is checked for a new peak: a
// collection of the ingest's heap runs every second or so at GOGC=400.
const memProfileEvery = 50 * time.Millisecond

// startMemProfile watches the live heap (what the last collection left)
// and keeps the heap profile of the moment it was largest: at the end of
// an ingest the heap is small, and peak memory is the collector's goal,
// a multiple (GOGC) of the largest live heap. The returned function stops
// watching, writes that profile to path and reports the peak on log.
func startMemProfile(path string, log io.Writer) (func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--memprofile: %w", err)
	}
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	var (
		best    bytes.Buffer
		peak    uint64
		cycle   uint64
		profErr error
	)
	check := func() {
		metrics.Read(samples)
		live, n := samples[0].Value.Uint64(), samples[1].Value.Uint64()
		if n == cycle || live <= peak {
			return
		}
		cycle, peak = n, live
		best.Reset()
		// The heap profile is as of the last collection, as live is.
		profErr = pprof.Lookup("heap").WriteTo(&best, 0)
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(memProfileEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				check()
			case <-stop:
				return
			}
		}
	}()
	return func() error {
		close(stop)
		<-done
		check()
		if profErr != nil {
			f.Close()
			return fmt.Errorf("--memprofile %s: %w", path, profErr)
		}
		if _, err := f.Write(best.Bytes()); err != nil {
			f.Close()
			return fmt.Errorf("--memprofile %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("--memprofile %s: %w", path, err)
		}
		fmt.Fprintf(log, "memprofile: peak live heap %.1f MB (after collection %d), profile in %s\n", float64(peak)/1e6, cycle, path)
		return nil
	}, nil
}
