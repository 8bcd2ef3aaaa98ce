package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestParts: parts run beside the caller while slots are free, the last
// and those that find no slot in the caller's goroutine; every slot is
// given back; the first error is returned, and a panic is an error
// wherever the part ran.
func TestParts(t *testing.T) {
	db := &DB{spare: make(chan struct{}, 2)}
	ctx := t.Context()

	// The first two wait for the last: they run beside it, and it runs
	// without waiting for them (else this would never end).
	release := make(chan struct{})
	ps := db.newParts(ctx)
	for range 2 {
		ps.Go(func(context.Context) error { <-release; return nil })
	}
	ps.Go(func(context.Context) error { close(release); return nil })
	if err := ps.Wait(); err != nil {
		t.Fatal(err)
	}
	if n := len(db.spare); n != 0 {
		t.Fatalf("%d slots still held after Wait", n)
	}

	// No slot free: all run here, in turn (the race detector would see
	// two at once).
	db.spare <- struct{}{}
	db.spare <- struct{}{}
	var order []int
	ps = db.newParts(ctx)
	for i := range 3 {
		ps.Go(func(context.Context) error { order = append(order, i); return nil })
	}
	if err := ps.Wait(); err != nil || len(order) != 3 || order[0] != 0 || order[2] != 2 {
		t.Fatalf("with no slot: order %v, %v", order, err)
	}
	<-db.spare
	<-db.spare

	// Errors and panics, beside the caller and in its goroutine.
	for _, held := range []int{0, 2} {
		for range held {
			db.spare <- struct{}{}
		}
		boom := errors.New("boom")
		for _, last := range []bool{false, true} {
			ps = db.newParts(ctx)
			if last {
				ps.Go(func(context.Context) error { return nil })
			}
			ps.Go(func(context.Context) error { return boom })
			if !last {
				ps.Go(func(context.Context) error { return nil })
			}
			if err := ps.Wait(); !errors.Is(err, boom) {
				t.Errorf("slots held %d, failing last %t: Wait = %v, want boom", held, last, err)
			}
			ps = db.newParts(ctx)
			if last {
				ps.Go(func(context.Context) error { return nil })
			}
			ps.Go(func(context.Context) error { var m map[string]int; m["x"]++; return nil })
			if !last {
				ps.Go(func(context.Context) error { return nil })
			}
			if err := ps.Wait(); err == nil || !strings.Contains(err.Error(), "panicked") {
				t.Errorf("slots held %d, panicking last %t: %v", held, last, err)
			}
		}
		for range held {
			<-db.spare
		}
	}
	if n := len(db.spare); n != 0 {
		t.Fatalf("%d slots still held at the end", n)
	}
}
