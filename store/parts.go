package store

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"golang.org/x/sync/errgroup"
)

// spareReads is how many parts of reads may run beside their requests at
// once, server-wide: each holds a read connection of its own (SQLite's
// read pool has eight, PostgreSQL's twenty, shared with the writes).
const spareReads = 4

// parts runs the independent parts of one read (a dashboard's) at once,
// as far as the server has spare slots for them: a part added when none
// is free runs there and then, in the caller's goroutine, so a busy
// server reads a dashboard as it did before its parts ran at once, and no
// number of dashboards takes more than spareReads connections beyond
// their own. A panic in a part is returned as its error: the server's
// recovery covers the request's goroutine only, and a panic in another
// would stop the process.
type parts struct {
	g     *errgroup.Group
	ctx   context.Context
	slots chan struct{}
	mu    sync.Mutex
	err   error // the first error of a part run in the caller's goroutine
}

// newParts returns the parts of a read under ctx, and the context they
// read with, cancelled when one of them fails.
func (db *DB) newParts(ctx context.Context) *parts {
	g, gctx := errgroup.WithContext(ctx)
	return &parts{g: g, ctx: gctx, slots: db.spare}
}

// Go runs f, beside the caller when a slot is free.
func (p *parts) Go(f func(ctx context.Context) error) {
	select {
	case p.slots <- struct{}{}:
		p.g.Go(func() error {
			defer func() { <-p.slots }()
			return runPart(p.ctx, f)
		})
	default:
		if err := runPart(p.ctx, f); err != nil {
			p.mu.Lock()
			if p.err == nil {
				p.err = err
			}
			p.mu.Unlock()
		}
	}
}

// Wait waits for every part and returns the first error.
func (p *parts) Wait() error {
	err := p.g.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	return err
}

func runPart(ctx context.Context, f func(ctx context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: a part of a read panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return f(ctx)
}
