package store

import "context"

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
