package store

import (
	"context"
	"sync"
)

// writeGate orders the write transactions on SQLite's one writer
// connection: one at a time, in the order they arrived, with the access
// log's batches (access_batch.go) ahead of the rest. Left to database/sql,
// the freed connection goes to a waiter picked at random: a batch of file
// views waiting among a hundred visits being recorded waited for a hundred
// commits, and the unlucky visit for many more. With the batches first, a
// view waits at most for the transaction in flight and its own batch
// however many writes queue, and the writes then alternate with batches
// at worst.
type writeGate struct {
	mu      sync.Mutex
	busy    bool
	waiting [2][]chan struct{} // [0] access-log batches, [1] the rest; each in arrival order
}

// acquire waits for the gate, or for ctx to end. first puts the caller
// ahead of the ordinary writers.
func (g *writeGate) acquire(ctx context.Context, first bool) error {
	g.mu.Lock()
	if !g.busy {
		g.busy = true
		g.mu.Unlock()
		return nil
	}
	k := 1
	if first {
		k = 0
	}
	ch := make(chan struct{})
	g.waiting[k] = append(g.waiting[k], ch)
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
	}
	g.mu.Lock()
	for i, c := range g.waiting[k] {
		if c == ch {
			g.waiting[k] = append(g.waiting[k][:i], g.waiting[k][i+1:]...)
			g.mu.Unlock()
			return ctx.Err()
		}
	}
	g.mu.Unlock()
	// Handed the gate as ctx ended: pass it on.
	g.release()
	return ctx.Err()
}

// release hands the gate to the next waiter, or frees it.
func (g *writeGate) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k := range g.waiting {
		if len(g.waiting[k]) > 0 {
			ch := g.waiting[k][0]
			g.waiting[k] = g.waiting[k][1:]
			close(ch)
			return
		}
	}
	g.busy = false
}
