package index

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestByteBudget runs in a synctest bubble: synctest.Wait returns once the
// waiting acquire is blocked, where a sleep used to stand in for that, and
// the timeouts run on the bubble's clock, so they only fire when nothing
// else can happen.
func TestByteBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newByteBudget(100)
		ctx := context.Background()
		if !b.acquire(ctx, 60) || !b.acquire(ctx, 40) {
			t.Fatal("acquire within the budget failed")
		}
		got := make(chan bool)
		go func() { got <- b.acquire(ctx, 10) }()
		synctest.Wait() // the acquire past the budget is waiting, or has returned
		select {
		case <-got:
			t.Fatal("acquire past the budget did not wait")
		default:
		}
		b.release(60)
		if !<-got {
			t.Fatal("acquire after a release failed")
		}
		// An article larger than the whole budget goes through alone.
		b.release(50)
		if !b.acquire(ctx, 1000) {
			t.Fatal("an oversized article never fits")
		}
		// A waiting acquire gives up when its context ends.
		cctx, cancel := context.WithCancel(ctx)
		go func() { got <- b.acquire(cctx, 10) }()
		synctest.Wait()
		cancel()
		select {
		case ok := <-got:
			if ok {
				t.Error("acquire after cancellation reported success")
			}
		case <-time.After(2 * time.Second):
			t.Fatal("a waiting acquire ignored cancellation")
		}
	})
}
