package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func keptOf(t *testing.T, db *DB) (k *keptConn, done func()) {
	t.Helper()
	conn, err := db.write.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Raw(func(dc any) error {
		var ok bool
		if k, ok = dc.(*keptConn); !ok {
			return fmt.Errorf("the writer's connection is %T", dc)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return k, func() { conn.Close() }
}

// TestWriterKeepsStatements: a write transaction's statements are compiled
// the first time and run again after; a second query of a text whose rows
// are still open gets a statement of its own and both read right; a text
// that does not compile is its error; and the kept stay within the bound.
func TestWriterKeepsStatements(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE kept (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	write := func(i int) {
		t.Helper()
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO kept (v) VALUES (?)`, fmt.Sprint("v", i)); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM kept WHERE v <> ?`, "").Scan(&n); err != nil {
				return err
			}
			if n != i+1 {
				return fmt.Errorf("%d rows after %d inserts", n, i+1)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	write(0)
	k, done := keptOf(t, db)
	before := k.prepared
	if before < 2 {
		t.Errorf("a transaction of two statements kept %d", before)
	}
	done()
	for i := 1; i < 20; i++ {
		write(i)
	}
	k, done = keptOf(t, db)
	if k.prepared != before {
		t.Errorf("19 more transactions compiled %d statements, want none", k.prepared-before)
	}
	done()

	// The same query again while its rows are open, inside a transaction.
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		const q = `SELECT id, v FROM kept WHERE id <= ? ORDER BY id`
		outer, err := tx.QueryContext(ctx, q, 3)
		if err != nil {
			return err
		}
		defer outer.Close()
		var got []string
		for outer.Next() {
			var id int
			var v string
			if err := outer.Scan(&id, &v); err != nil {
				return err
			}
			inner, err := tx.QueryContext(ctx, q, id)
			if err != nil {
				return err
			}
			n := 0
			for inner.Next() {
				n++
			}
			inner.Close()
			got = append(got, fmt.Sprintf("%s:%d", v, n))
		}
		if err := outer.Err(); err != nil {
			return err
		}
		if s := strings.Join(got, ","); s != "v0:1,v1:2,v2:3" {
			return fmt.Errorf("nested reads gave %s", s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := db.write.ExecContext(ctx, `INSERT INTO nowhere VALUES (1)`); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("a statement that does not compile: %v", err)
	}
	for i := range keptStmtLimit + 50 {
		if _, err := db.write.ExecContext(ctx, fmt.Sprintf(`UPDATE kept SET v = v WHERE id = %d`, i)); err != nil {
			t.Fatal(err)
		}
	}
	k, done = keptOf(t, db)
	defer done()
	if len(k.stmts) > keptStmtLimit {
		t.Errorf("%d statements kept, more than %d", len(k.stmts), keptStmtLimit)
	}
}
