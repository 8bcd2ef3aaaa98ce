package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// Group commit of SQLite's write transactions (issue 14). SQLite has one
// writer connection, and with synchronous=FULL every commit is an fsync:
// under load each write queued behind a commit per writer ahead of it
// (visits waited seconds). So the writers that queue while a transaction
// is in flight run next in one transaction, each in a SAVEPOINT of its
// own, with one COMMIT: a writer whose fn fails is rolled back to its
// savepoint and gets its own error, the others commit, and each is told
// the commit's result. Each fn runs on its caller's goroutine, with its
// caller's ctx, in its turn; the first writer of a group (its leader)
// begins and commits the transaction. PostgreSQL, with a connection per
// writer, keeps one transaction per call (db.go).
//
// The line is ordered as the old gate was: in arrival order, with the
// access log's batches (access_batch.go) ahead of the rest, so a view
// waits at most for the group in flight and its own.

// maxGroup bounds the writers in one transaction: the first of a group
// waits for the fns of all the others before its commit.
const maxGroup = 32

// groupSavepoint is the savepoint each writer of a group runs in.
const groupSavepoint = "store_group_writer"

// errGroupLost answers the writers of a transaction that SQLite rolled
// back whole after their fn had succeeded: an interrupted INSERT, UPDATE
// or DELETE (the ctx of a later writer in the group ending mid-statement),
// a full disk or an I/O error roll back the transaction, not the statement.
var errGroupLost = errors.New("store: the write transaction was rolled back by another write in it; try again")

// writeGate is SQLite's line of writers and their group commit.
type writeGate struct {
	mu      sync.Mutex
	busy    bool         // a group is running
	waiting [2][]*writer // [0] access-log batches, [1] the rest; each in arrival order
	groups  int64        // transactions committed with more than one writer (tests)
}

// writer is one call of inTx waiting for, or in, a group.
type writer struct {
	ctx   context.Context
	fn    func(tx *sql.Tx) error
	alone bool      // runs in a transaction of its own (a long import)
	wake  chan turn // buffered 1: what the writer is to do next
}

// turn is what a waiting writer is told: to lead a group, to run its fn
// in the group's transaction now, or its result.
type turn struct {
	lead []*writer      // lead this group; the writer is lead[0]
	tx   *sql.Tx        // run fn in tx and answer on ran
	ran  chan<- outcome // with tx
	err  error          // otherwise: the writer's result
}

// outcome is what a writer's fn came to.
type outcome struct {
	err      error
	panicked bool
	panicVal any
}

func (o outcome) failed() bool { return o.err != nil || o.panicked }

// join puts w in line and reports whether it leads at once: no group is
// running.
func (g *writeGate) join(w *writer, first bool) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.busy {
		g.busy = true
		return true
	}
	k := 1
	if first {
		k = 0
	}
	g.waiting[k] = append(g.waiting[k], w)
	return false
}

// leave takes w out of the line, and reports false when it was no longer
// there: taken into a group, whose leader will tell it what to do.
func (g *writeGate) leave(w *writer) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k := range g.waiting {
		for i, x := range g.waiting[k] {
			if x == w {
				g.waiting[k] = append(g.waiting[k][:i], g.waiting[k][i+1:]...)
				return true
			}
		}
	}
	return false
}

// next takes the next group from the line, at most maxGroup writers in
// line order, or frees the gate when no one waits. A writer that runs
// alone ends the group before it, and is a group of its own.
func (g *writeGate) next() []*writer {
	g.mu.Lock()
	defer g.mu.Unlock()
	var grp []*writer
take:
	for k := range g.waiting {
		for len(g.waiting[k]) > 0 && len(grp) < maxGroup {
			w := g.waiting[k][0]
			if w.alone && len(grp) > 0 {
				break take
			}
			g.waiting[k] = g.waiting[k][1:]
			grp = append(grp, w)
			if w.alone {
				break take
			}
		}
	}
	if len(grp) == 0 {
		g.busy = false
	}
	return grp
}

// groupWrite runs fn as a writer in line (SQLite).
func (db *DB) groupWrite(ctx context.Context, first, alone bool, fn func(tx *sql.Tx) error) error {
	w := &writer{ctx: ctx, fn: fn, alone: alone, wake: make(chan turn, 1)}
	if db.gate.join(w, first) {
		return db.lead(w, []*writer{w})
	}
	for {
		var t turn
		select {
		case t = <-w.wake:
		case <-ctx.Done():
			if db.gate.leave(w) {
				return fmt.Errorf("store: begin: %w", ctx.Err())
			}
			// Taken into a group already: its leader skips a writer
			// whose ctx has ended, and says so.
			t = <-w.wake
		}
		switch {
		case t.lead != nil:
			return db.lead(w, t.lead)
		case t.tx != nil:
			o := w.run(t.tx)
			t.ran <- o
			if o.panicked {
				panic(o.panicVal)
			}
		default:
			return t.err
		}
	}
}

// run runs w's fn in tx, catching a panic so that the group goes on and
// the panic is raised again in w's caller.
func (w *writer) run(tx *sql.Tx) (o outcome) {
	defer func() {
		if v := recover(); v != nil {
			o = outcome{panicked: true, panicVal: v}
		}
	}()
	return outcome{err: w.fn(tx)}
}

// lead runs the group me leads, tells the others their results, hands
// the writer on to the next group and returns me's own result.
func (db *DB) lead(me *writer, grp []*writer) error {
	out := make([]outcome, len(grp))
	for start := 0; start < len(grp); {
		start += db.groupTx(me, grp[start:], out[start:])
	}
	for i, w := range grp {
		if w != me && !out[i].panicked {
			w.wake <- turn{err: out[i].err}
		}
	}
	if nxt := db.gate.next(); len(nxt) > 0 {
		nxt[0].wake <- turn{lead: nxt}
	}
	if out[0].panicked {
		panic(out[0].panicVal)
	}
	return out[0].err
}

// groupTx runs the writers ws in one transaction and sets their outcomes
// in out; it returns how many it settled, fewer than len(ws) when SQLite
// rolled the transaction back under them (the rest go in a new one).
func (db *DB) groupTx(me *writer, ws []*writer, out []outcome) int {
	bg := context.Background() // no one writer's ctx may end the others' transaction
	tx, err := db.write.BeginTx(bg, nil)
	if err != nil {
		for i := range ws {
			out[i].err = fmt.Errorf("store: begin: %w", err)
		}
		return len(ws)
	}
	solo := len(ws) == 1 // as before group commit: no savepoint
	ran := make(chan outcome, 1)
	var good []int
	for i, w := range ws {
		if err := w.ctx.Err(); err != nil {
			out[i].err = fmt.Errorf("store: begin: %w", err)
			continue
		}
		var serr error
		if !solo {
			_, serr = tx.ExecContext(bg, "SAVEPOINT "+groupSavepoint)
		}
		var o outcome
		if serr == nil {
			if w == me {
				o = w.run(tx)
			} else {
				w.wake <- turn{tx: tx, ran: ran}
				o = <-ran
			}
			if !solo {
				if o.failed() {
					_, serr = tx.ExecContext(bg, "ROLLBACK TO "+groupSavepoint)
				}
				if serr == nil {
					_, serr = tx.ExecContext(bg, "RELEASE "+groupSavepoint)
				}
			}
		}
		out[i] = o
		if serr != nil {
			// No savepoint: the transaction is gone, and with it the
			// writes of those before; the rest go in a new one.
			lost := fmt.Errorf("%w (%v)", errGroupLost, serr)
			for _, j := range good {
				out[j].err = lost
			}
			if !o.failed() {
				out[i].err = lost
			}
			tx.Rollback()
			return i + 1
		}
		if !o.failed() {
			good = append(good, i)
		}
	}
	if len(good) == 0 {
		tx.Rollback()
		return len(ws)
	}
	if err := tx.Commit(); err != nil {
		err = fmt.Errorf("store: commit: %w", mapError(err))
		for _, j := range good {
			out[j].err = err
		}
	} else if len(good) > 1 {
		db.gate.mu.Lock()
		db.gate.groups++
		db.gate.mu.Unlock()
	}
	return len(ws)
}
