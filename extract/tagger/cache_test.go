package tagger

import (
	"fmt"
	"runtime"
	"testing"
)

// TestWordCacheMemory bounds the word cache of a scratch space: every
// goroutine tagging at once (one per CPU in an ingest) keeps one, and at
// GOGC=400 an ingest's peak memory is about five times its live heap. A
// text of 49,140 distinct words fills it nearly to maxCachedWords; with
// 65,536 words it held every one of them, 13 MiB.
func TestWordCacheMemory(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	const words, perSentence = 49140, 20 // the cache nearly full at the end: 3×16,384 less a sentence
	sentences := make([][]string, 0, words/perSentence)
	for i := 0; i < words; i += perSentence {
		sent := make([]string, perSentence)
		for j := range sent {
			// Capitalised and lower-case words, as news has both.
			if j%3 == 0 {
				sent[j] = fmt.Sprintf("Kenwick%d", i+j)
			} else {
				sent[j] = fmt.Sprintf("talks%d", i+j)
			}
		}
		sentences = append(sentences, sent)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s := new(scratch)
	for _, sent := range sentences {
		m.emissions(sent, s)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := after.HeapAlloc - before.HeapAlloc
	if len(s.words) > maxCachedWords {
		t.Errorf("the cache holds %d words, more than %d", len(s.words), maxCachedWords)
	}
	const most = 6 << 20
	if held > most {
		t.Errorf("a scratch space holds %.1f MiB after %d distinct words, want at most %.1f MiB", float64(held)/(1<<20), words, float64(most)/(1<<20))
	}
	t.Logf("a scratch space holds %.2f MiB for %d cached words", float64(held)/(1<<20), len(s.words))
	runtime.KeepAlive(s)
}
