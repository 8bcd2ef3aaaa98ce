package store

import (
	"context"
	"fmt"
	"runtime/debug"

	"golang.org/x/sync/errgroup"
)

// spareReads is how many parts of reads may run beside their requests at
// once, server-wide: each holds a read connection of its own (SQLite's
// read pool has eight, PostgreSQL's twenty, shared with the writes).
const spareReads = 4

// parts runs the independent parts of one read (a dashboard's) at once,
// as far as the server has spare slots for them. The caller's goroutine,
// which would only wait, runs the last part added, and every part that
// finds no slot free: so a read never waits for a slot, a busy server
// reads a dashboard as it did before its parts ran at once, and no number
// of dashboards takes more than spareReads connections beyond their own.
// A panic in a part is returned as its error: the server's recovery
// covers the request's goroutine only, and a panic in another would stop
// the process.
type parts struct {
	ctx   context.Context
	g     *errgroup.Group
	slots chan struct{}
	fs    []func(ctx context.Context) error
}

// newParts returns the parts of a read under ctx; they read with a context
// cancelled when one of them fails.
func (db *DB) newParts(ctx context.Context) *parts {
	g, gctx := errgroup.WithContext(ctx)
	return &parts{ctx: gctx, g: g, slots: db.spare}
}

// Go adds f; Wait runs it.
func (p *parts) Go(f func(ctx context.Context) error) { p.fs = append(p.fs, f) }

// Wait runs the parts, each but the last in a goroutine of its own while a
// slot is free and the rest here, and returns the first error.
func (p *parts) Wait() error {
	var here []func(ctx context.Context) error
	for i, f := range p.fs {
		if i < len(p.fs)-1 {
			select {
			case p.slots <- struct{}{}:
				p.g.Go(func() error {
					defer func() { <-p.slots }()
					return runPart(p.ctx, f)
				})
				continue
			default:
			}
		}
		here = append(here, f)
	}
	for _, f := range here {
		if err := runPart(p.ctx, f); err != nil {
			// Given to g as a part's own error: it cancels the others'
			// context, and Wait returns the first error of all.
			p.g.Go(func() error { return err })
			break
		}
	}
	return p.g.Wait()
}

func runPart(ctx context.Context, f func(ctx context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: a part of a read panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return f(ctx)
}
