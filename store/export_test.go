package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"shuangbai"
)

// ExecForTest runs a statement, for tests that need a state no method makes.
func (db *DB) ExecForTest(ctx context.Context, query string) error {
	_, err := db.write.ExecContext(ctx, query)
	return err
}

// RawForTest returns one value as stored, for tests of encryption at rest.
func (db *DB) RawForTest(ctx context.Context, query string, args ...any) (string, error) {
	var s string
	err := db.read.QueryRowContext(ctx, db.q(query), args...).Scan(&s)
	return s, err
}

// ComputeProgressForTest computes a progress table without the cache.
func (db *DB) ComputeProgressForTest(ctx context.Context, scope shuangbai.Scope, region string, d shuangbai.Date) (*shuangbai.ProgressTable, error) {
	return db.computeProgress(ctx, scope, region, d)
}

// FakeStandbyForTest stops the read replica's background health checks
// and makes CheckReplicaForTest believe probe about it, with maxLag as the
// bound, for tests without a real standby.
func (db *DB) FakeStandbyForTest(probe func(ctx context.Context, pool *sql.DB) (inRecovery bool, replay uint64, err error), maxLag time.Duration) {
	r := db.replica
	r.pause()
	r.mu.Lock()
	r.probe, r.maxLag = probe, maxLag
	r.mu.Unlock()
}

// CheckReplicaForTest runs one health check of the read replica now.
func (db *DB) CheckReplicaForTest(ctx context.Context) { db.replica.check(ctx, db.write) }

// ReadsFromReplicaForTest reports whether the reads of ctx go to the read
// replica (and fixes that choice for ctx, like a request's first read).
func (db *DB) ReadsFromReplicaForTest(ctx context.Context) bool {
	_, ok := db.reader(ctx).(standby)
	return ok
}

// WALForTest returns the primary's WAL insert position.
func (db *DB) WALForTest(ctx context.Context) (uint64, error) { return walInsert(ctx, db.write) }

// InAccessBatchForTest runs f inside each access-log batch's transaction,
// before its commit, with the batch's number of lines; an error from f
// fails the batch. nil removes it.
func (db *DB) InAccessBatchForTest(f func(lines int) error) {
	db.access.mu.Lock()
	db.access.inBatch = f
	db.access.mu.Unlock()
}

// QueuedAccessForTest is how many callers' lines wait for a batch.
func (db *DB) QueuedAccessForTest() int {
	db.access.mu.Lock()
	defer db.access.mu.Unlock()
	return len(db.access.queue)
}

// ProgressVersionForTest returns the progress table's data version.
func (db *DB) ProgressVersionForTest(ctx context.Context) (int64, error) {
	return db.progressVersion(ctx)
}

// ManyRegionsInOneTxForTest writes n regions under code in one transaction.
func (db *DB) ManyRegionsInOneTxForTest(ctx context.Context, code string, n int) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO regions (code, name, parent, level, kind, valid_from) VALUES (?, ?, ?, 3, 'county', '2000-01-01')`),
				fmt.Sprintf("%s%02d", code, i), fmt.Sprintf("第%d县", i), code); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteForTest writes key into the table group_t (which the test makes)
// and an audit entry naming it, then runs fn, all in one write
// transaction as the store's writes run; an error is mapped as theirs are.
func (db *DB) WriteForTest(ctx context.Context, key string, fn func(tx *sql.Tx) error) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q("INSERT INTO group_t (k) VALUES (?)"), key); err != nil {
			return mapError(err)
		}
		if err := db.audit(ctx, tx, shuangbai.SystemUser, "test", "group_t", key, "", nil, nil); err != nil {
			return err
		}
		if fn == nil {
			return nil
		}
		return mapError(fn(tx))
	})
}

// QueuedWritesForTest is how many writers wait in SQLite's line (0 on
// PostgreSQL, which has none).
func (db *DB) QueuedWritesForTest() int {
	if db.gate == nil {
		return 0
	}
	db.gate.mu.Lock()
	defer db.gate.mu.Unlock()
	return len(db.gate.waiting[0]) + len(db.gate.waiting[1])
}

// WriteGroupsForTest is how many transactions SQLite committed for more
// than one writer.
func (db *DB) WriteGroupsForTest() int64 {
	if db.gate == nil {
		return 0
	}
	db.gate.mu.Lock()
	defer db.gate.mu.Unlock()
	return db.gate.groups
}

// ErrGroupLost is errGroupLost, for tests.
var ErrGroupLost = errGroupLost

// FlushTouchesForTest waits until the sessions' last_seen times noted so
// far are written.
func (db *DB) FlushTouchesForTest() { db.flushTouches() }

// HoldWriterForTest holds a write transaction open until release is
// called: on SQLite, whose one writer it is, every other write waits.
func (db *DB) HoldWriterForTest(ctx context.Context) (release func(), err error) {
	held, rel, errc := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		errc <- db.inTx(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
			close(held)
			<-rel
			return nil
		})
	}()
	select {
	case <-held:
	case err := <-errc:
		return nil, err
	}
	return func() { close(rel); <-errc }, nil
}
