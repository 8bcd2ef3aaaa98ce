package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"shuangbai"
)

// Group commit of the access log. Every file view writes a line to the
// access log before the file is shown, and a line is a write transaction
// of its own: on SQLite's one writer connection with synchronous=FULL each
// was an fsync that the next view queued behind, and under 200 users the
// views spent seconds in that queue (issue 14). So callers hand their
// lines to one goroutine per database, which takes every line that arrived
// while its last commit was in flight and writes them all in one
// transaction, chained in the order they arrived. A caller still returns
// only once its line is committed, with that commit's error: a file is
// never shown without its line durable; only the fsyncs are shared.

// maxBatchLines caps the lines gathered into one transaction, so one
// commit stays short; a single export of more lines goes alone.
const maxBatchLines = 2000

// errClosed answers a caller after db.Close.
var errClosed = errors.New("store: access log: database closed")

// accessJob is one caller's lines: what LogAccessMany was asked to write.
type accessJob struct {
	at             time.Time
	userID         int64
	username       string
	action         string
	targets        []AccessTarget
	reason, detail string
	taken          bool       // in a batch; guarded by accessBatcher.mu
	done           chan error // the batch's outcome; buffered, written once
}

// accessBatcher is the access log's group commit on one database.
type accessBatcher struct {
	mu      sync.Mutex
	queue   []*accessJob // arrived, not yet in a batch, in order
	started bool
	closed  bool
	wake    chan struct{} // buffered 1: the queue has something
	stopped chan struct{} // closed when the loop has ended
	// inBatch, when set (tests), runs inside each batch's transaction
	// before its commit; an error from it fails the batch.
	inBatch func(lines int) error
}

// logBatched hands the lines to the batcher and waits for their commit.
// A caller whose ctx ends while its lines are still queued takes them
// back: they are written by no one. Once they are in a batch they are the
// batch's: written with it or failed with it, whatever the caller's ctx
// does; the caller then returns ctx's error without waiting.
func (db *DB) logBatched(ctx context.Context, j *accessJob) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b := &db.access
	j.done = make(chan error, 1)
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return errClosed
	}
	if !b.started {
		b.started = true
		b.wake = make(chan struct{}, 1)
		b.stopped = make(chan struct{})
		go db.batchLoop()
	}
	b.queue = append(b.queue, j)
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default: // the loop is already woken
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !j.taken {
		for i, q := range b.queue {
			if q == j {
				b.queue = append(b.queue[:i], b.queue[i+1:]...)
				break
			}
		}
		return ctx.Err()
	}
	select {
	case err := <-j.done: // committed (or failed) meanwhile: say so
		return err
	default:
		return ctx.Err()
	}
}

// batchLoop writes batches until the database is closed and the queue is
// empty: whatever was accepted before Close is written.
func (db *DB) batchLoop() {
	b := &db.access
	defer close(b.stopped)
	for {
		b.mu.Lock()
		batch, lines := []*accessJob(nil), 0
		for len(b.queue) > 0 {
			j := b.queue[0]
			if len(batch) > 0 && lines+len(j.targets) > maxBatchLines {
				break
			}
			j.taken = true
			batch, lines = append(batch, j), lines+len(j.targets)
			b.queue = b.queue[1:]
		}
		closed, hook := b.closed, b.inBatch
		b.mu.Unlock()
		if len(batch) == 0 {
			if closed {
				return
			}
			<-b.wake
			continue
		}
		err := db.writeBatch(batch, lines, hook)
		for _, j := range batch {
			j.done <- err
		}
	}
}

// writeBatch writes the batch's lines in one transaction, chained in the
// batch's order, ahead of the other writers waiting (write_gate.go). No
// caller's ctx: one caller leaving must not undo the lines of the others.
func (db *DB) writeBatch(batch []*accessJob, lines int, hook func(int) error) error {
	ctx := context.Background()
	return db.inTxOrdered(ctx, true, func(tx *sql.Tx) error {
		c, err := db.lockChain(ctx, tx, chainAccess)
		if err != nil {
			return err
		}
		var rows []accessRow
		for _, j := range batch {
			for _, t := range j.targets {
				rows = append(rows, accessRow{j.at, j.userID, j.username, j.action, t, j.reason, j.detail})
			}
		}
		if err := db.insertAccess(ctx, tx, c, rows); err != nil {
			return err
		}
		if hook != nil {
			if err := hook(lines); err != nil {
				return err
			}
		}
		return c.save(ctx, db, tx)
	})
}

// closeAccess stops taking lines, lets the loop write what it has, and
// waits for it to end.
func (db *DB) closeAccess() {
	b := &db.access
	b.mu.Lock()
	b.closed = true
	started := b.started
	b.mu.Unlock()
	if !started {
		return
	}
	select {
	case b.wake <- struct{}{}:
	default:
	}
	<-b.stopped
}

// accessRow is one line of the access log to insert.
type accessRow struct {
	at             time.Time
	userID         int64
	username       string
	action         string
	target         AccessTarget
	reason, detail string
}

// insertAccess inserts rows in order, each linked onto c, in multi-row
// INSERTs of at most 100 rows.
func (db *DB) insertAccess(ctx context.Context, tx *sql.Tx, c *chain, rows []accessRow) error {
	const part = 100
	for start := 0; start < len(rows); start += part {
		p := rows[start:min(start+part, len(rows))]
		args := make([]any, 0, 11*len(p))
		for _, r := range p {
			t := r.target
			bid := sql.NullInt64{Int64: t.BeneficiaryID, Valid: t.BeneficiaryID != 0}
			aid := sql.NullInt64{Int64: t.ApplicantID, Valid: t.ApplicantID != 0}
			prev, h := c.link(accessFields(r.at, r.userID, r.username, r.action, bid, aid, t.Region, r.reason, r.detail)...)
			args = append(args, r.at, r.userID, r.username, r.action, nullID(t.BeneficiaryID), nullID(t.ApplicantID), t.Region, r.reason, r.detail, prev, h)
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", len(p)), ", ")
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO access_log (at, user_id, username, action, beneficiary_id, applicant_id, region, reason, detail, prev_hash, hash)
			VALUES `+values), args...); err != nil {
			return fmt.Errorf("store: access log: %w", err)
		}
	}
	return nil
}

// newAccessJob is a caller's lines, stamped now.
func (db *DB) newAccessJob(u *shuangbai.User, action string, targets []AccessTarget, reason, detail string) *accessJob {
	return &accessJob{at: db.now(), userID: u.ID, username: u.Username, action: action, targets: targets, reason: reason, detail: detail}
}
