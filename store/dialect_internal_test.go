package store

import (
	"path/filepath"
	"testing"
)

// TestQFixed: a statement kept with qFixed finds on SQLite what the same
// statement with bare placeholders finds — "+?" changes no comparison,
// whatever the column's type and the value's — and on PostgreSQL it is q.
func TestQFixed(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE qf (code TEXT COLLATE BINARY, n INTEGER, day TEXT);
		CREATE INDEX qf_code ON qf (code); CREATE INDEX qf_n ON qf (n);
		INSERT INTO qf VALUES ('007', 7, '2026-01-02'), ('4453', 4453, '2026-03-04'), ('445302', 8, '2026-05-06');
		ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		args  []any
		want  int
	}{
		{"SELECT COUNT(*) FROM qf WHERE code = ?", []any{"007"}, 1},
		{"SELECT COUNT(*) FROM qf WHERE code = ?", []any{7}, 0}, // the text '007' is not 7, either way
		{"SELECT COUNT(*) FROM qf WHERE n = ?", []any{"7"}, 1},  // the column's affinity makes '7' a number
		{"SELECT COUNT(*) FROM qf WHERE n = ?", []any{int64(4453)}, 1},
		{"SELECT COUNT(*) FROM qf WHERE code >= ? AND code < ?", []any{"4453", "4454"}, 2},
		{"SELECT COUNT(*) FROM qf WHERE day <= ? AND n IN (?, ?)", []any{"2026-03-04", 7, 8}, 1},
	} {
		var bare, fixed int
		if err := db.read.QueryRowContext(ctx, db.q(tt.query), tt.args...).Scan(&bare); err != nil {
			t.Fatal(err)
		}
		if err := db.read.QueryRowContext(ctx, db.qFixed(tt.query), tt.args...).Scan(&fixed); err != nil {
			t.Fatal(err)
		}
		if bare != tt.want || fixed != tt.want {
			t.Errorf("%s %v: %d bare, %d with qFixed, want %d", tt.query, tt.args, bare, fixed, tt.want)
		}
	}

	pg := &DB{dialect: postgres}
	if got, want := pg.qFixed("a = ? AND b IN (?, ?)"), "a = $1 AND b IN ($2, $3)"; got != want {
		t.Errorf("qFixed on PostgreSQL = %q, want %q", got, want)
	}
}
