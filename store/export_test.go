package store

import "context"

// ExecForTest runs a statement, for tests that need a state no method makes.
func (db *DB) ExecForTest(ctx context.Context, query string) error {
	_, err := db.write.ExecContext(ctx, query)
	return err
}
