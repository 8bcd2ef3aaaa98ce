package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// TestReadPoolStatements: reads through kept statements answer as plain
// queries do, past the cache's bound (when it starts over) and with an
// error for a query that does not compile.
func TestReadPoolStatements(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.read.prepare {
		t.Fatal("the SQLite read pool does not keep statements")
	}
	for i := range stmtCacheSize + 20 {
		// A text of its own each time, and again the first one's.
		for _, n := range []int{i, 0} {
			var got int
			if err := db.read.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + ?", n), 1).Scan(&got); err != nil || got != n+1 {
				t.Fatalf("SELECT %d + 1 = %d, %v", n, got, err)
			}
		}
	}
	if n := len(db.read.stmts); n == 0 || n > stmtCacheSize {
		t.Errorf("%d statements kept, want 1 to %d", n, stmtCacheSize)
	}
	rows, err := db.read.QueryContext(ctx, "SELECT name FROM data_versions ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		names = append(names, s)
	}
	rows.Close()
	if !slices.Equal(names, []string{"activities", "files", "progress", "recruitment"}) { // the data versions (migrations 0032, 0038, 0039), by name
		t.Errorf("names = %v", names)
	}
	if err := db.read.QueryRowContext(ctx, "SELEC 1").Scan(new(int)); err == nil {
		t.Error("a query that does not compile answered")
	}
	if _, err := db.read.QueryContext(ctx, "SELEC 1"); err == nil {
		t.Error("a query that does not compile answered")
	}
}
