package store

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// A session's last_seen is written once a minute by the request that finds
// it stale (touchEvery). That write was the request's own, on the one
// writer of SQLite and outside its group commit: a read waited for it, and
// at the start of a 200-user load run, when every token was new, every
// kind of request waited behind the others' fsyncs (p99 17–20 s in one run,
// with PostgreSQL checkpointing on the same disk). Now the request notes
// the time here and goes on; one goroutine writes every noted time in one
// transaction, and what is noted but not yet written is read from here.
// A crash loses at most the times of that one transaction's wait: the
// session looks idle a few seconds longer than it was.

// sessionTouches holds the last_seen times noted and not yet written.
type sessionTouches struct {
	mu      sync.Mutex
	pending map[string]time.Time // token hash → last_seen, noted
	writing map[string]time.Time // being written now
	running bool                 // a writer goroutine is on
	closed  bool
	done    chan struct{} // closed when the running writer has nothing left
}

// touchSession notes that the session of hash h was seen at t.
func (db *DB) touchSession(h string, t time.Time) {
	s := &db.touches
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if s.pending == nil {
		s.pending = map[string]time.Time{}
	}
	s.pending[h] = t
	if !s.running {
		s.running, s.done = true, make(chan struct{})
		go db.writeTouches()
	}
}

// seenAt returns the last_seen noted for hash h and not yet written.
func (s *sessionTouches) seenAt(h string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.pending[h]; ok {
		return t, true
	}
	t, ok := s.writing[h]
	return t, ok
}

// laterSeen is seen, or the time noted for h when that is later.
func (db *DB) laterSeen(h string, seen sql.NullTime) sql.NullTime {
	if t, ok := db.touches.seenAt(h); ok && (!seen.Valid || t.After(seen.Time)) {
		return sql.NullTime{Time: t, Valid: true}
	}
	return seen
}

// writeTouches writes what is noted until nothing is left, each round in
// one transaction: what arrives while one is written goes in the next.
func (db *DB) writeTouches() {
	s := &db.touches
	for {
		s.mu.Lock()
		batch := s.pending
		if len(batch) == 0 {
			s.running = false
			close(s.done)
			s.mu.Unlock()
			return
		}
		s.pending, s.writing = nil, batch
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			for h, t := range batch {
				// Never back: another process may have written a later time.
				if _, err := tx.ExecContext(ctx, db.q("UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND (last_seen IS NULL OR last_seen < ?)"), t, h, t); err != nil {
					return err
				}
			}
			return nil
		})
		cancel()
		if err != nil {
			// Lost, not retried: the next request past touchEvery notes
			// its session again.
			slog.Warn("store: session last_seen not written", "sessions", len(batch), "err", err)
		}
		s.mu.Lock()
		s.writing = nil
		s.mu.Unlock()
	}
}

// flushTouches waits until every time noted so far is written.
func (db *DB) flushTouches() {
	s := &db.touches
	s.mu.Lock()
	running, done := s.running, s.done
	s.mu.Unlock()
	if running {
		<-done
	}
}

// closeTouches writes what is noted and notes nothing more.
func (db *DB) closeTouches() {
	db.touches.mu.Lock()
	db.touches.closed = true
	db.touches.mu.Unlock()
	db.flushTouches()
}
