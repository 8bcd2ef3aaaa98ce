package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestParts: parts run beside the caller while slots are free and in the
// caller's goroutine when none is, give every slot back, return the first
// error, and turn a panic into an error wherever the part ran.
func TestParts(t *testing.T) {
	db := &DB{spare: make(chan struct{}, 2)}
	ctx := t.Context()

	// Two slots: the third part runs before Go returns.
	release := make(chan struct{})
	ps := db.newParts(ctx)
	for range 2 {
		ps.Go(func(context.Context) error { <-release; return nil })
	}
	ran := false
	ps.Go(func(context.Context) error { ran = true; return nil })
	if !ran {
		t.Fatal("with no slot free, a part did not run in the caller's goroutine")
	}
	close(release)
	if err := ps.Wait(); err != nil {
		t.Fatal(err)
	}
	if n := len(db.spare); n != 0 {
		t.Fatalf("%d slots still held after Wait", n)
	}

	// Errors and panics, beside the caller and in its goroutine.
	for _, held := range []int{0, 2} {
		for range held {
			db.spare <- struct{}{}
		}
		ps = db.newParts(ctx)
		boom := errors.New("boom")
		ps.Go(func(context.Context) error { return boom })
		if err := ps.Wait(); !errors.Is(err, boom) {
			t.Errorf("slots held %d: Wait = %v, want boom", held, err)
		}
		ps = db.newParts(ctx)
		ps.Go(func(context.Context) error { var m map[string]int; m["x"]++; return nil })
		ps.Go(func(context.Context) error { return nil })
		if err := ps.Wait(); err == nil || !strings.Contains(err.Error(), "panicked") {
			t.Errorf("slots held %d: a panicking part gave %v", held, err)
		}
		for range held {
			<-db.spare
		}
	}
	if n := len(db.spare); n != 0 {
		t.Fatalf("%d slots still held at the end", n)
	}
}
