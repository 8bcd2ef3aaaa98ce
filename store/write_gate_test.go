package store

import (
	"context"
	"testing"
	"time"
)

// TestWriteGateOrder: writers get the gate one at a time in the order they
// came, the access log's batches before them; a writer whose ctx ends while
// it waits leaves the line, and one handed the gate as its ctx ends hands
// it on.
func TestWriteGateOrder(t *testing.T) {
	var g writeGate
	ctx := context.Background()
	if err := g.acquire(ctx, false); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 8)
	wait := func(name string, first bool, ctx context.Context) chan error {
		done := make(chan error, 1)
		n := g.waiters() + 1
		go func() {
			err := g.acquire(ctx, first)
			if err == nil {
				order <- name
				g.release()
			}
			done <- err
		}()
		// Each waits in line before the next comes.
		for g.waiters() != n {
			time.Sleep(time.Millisecond)
		}
		return done
	}
	gone, cancel := context.WithCancel(ctx)
	w1 := wait("write 1", false, ctx)
	w2 := wait("write 2 (gone)", false, gone)
	w3 := wait("write 3", false, ctx)
	b1 := wait("batch 1", true, ctx)
	b2 := wait("batch 2", true, ctx)
	cancel()
	if err := <-w2; err == nil {
		t.Fatal("a writer whose ctx ended got the gate")
	}
	g.release()
	for _, d := range []chan error{w1, w3, b1, b2} {
		if err := <-d; err != nil {
			t.Fatal(err)
		}
	}
	close(order)
	var got []string
	for n := range order {
		got = append(got, n)
	}
	want := []string{"batch 1", "batch 2", "write 1", "write 3"}
	if len(got) != len(want) {
		t.Fatalf("order %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %q, want %q", got, want)
		}
	}
	if g.busy {
		t.Error("the gate is still taken after the last writer left")
	}
}

// TestWriteGateHandedOnCancel: a writer handed the gate just as its ctx
// ends passes it on rather than leaving it taken by no one.
func TestWriteGateHandedOnCancel(t *testing.T) {
	var g writeGate
	if err := g.acquire(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.acquire(ctx, false) }()
	for g.waiters() != 1 {
		time.Sleep(time.Millisecond)
	}
	// The holder hands the gate on while the waiter, its ctx just ended,
	// waits for the lock to leave the line: it finds itself handed it.
	g.mu.Lock()
	cancel()
	time.Sleep(20 * time.Millisecond)
	ch := g.waiting[1][0]
	g.waiting[1] = g.waiting[1][1:]
	close(ch)
	g.mu.Unlock()
	if err := <-done; err == nil {
		t.Skip("the waiter took the gate before it saw its ctx end; nothing to test this time")
	}
	next := make(chan error, 1)
	go func() { next <- g.acquire(context.Background(), false) }()
	select {
	case err := <-next:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the gate was left taken by a writer that had gone")
	}
}

// waiters is how many wait for the gate.
func (g *writeGate) waiters() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.waiting[0]) + len(g.waiting[1])
}
