package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestSQLitePragmas: every connection, the writer and each reader, runs
// with what the README promises: WAL, synchronous=FULL (2), foreign keys
// and secure_delete on, and a busy timeout; the writer is one connection.
func TestSQLitePragmas(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "secure_delete": "1", "busy_timeout": "10000"}
	for name, pool := range map[string]*sql.DB{"writer": db.write, "reader": db.read.DB} {
		conn, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for p, v := range want {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+p).Scan(&got); err != nil || got != v {
				t.Errorf("%s: PRAGMA %s = %q (%v), want %q", name, p, got, err, v)
			}
		}
		conn.Close()
	}
	if n := db.write.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("the writer pool allows %d connections, want 1", n)
	}
}
