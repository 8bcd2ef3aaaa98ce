package store

import (
	"context"

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
