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
