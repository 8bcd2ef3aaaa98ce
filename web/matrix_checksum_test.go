package web_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"shuangbai/store/storetest"
)

// tableSums is, per table, its row count and a hash of all its rows: the
// state a refused write must leave as it found it.
type tableSums map[string]tableSum

type tableSum struct {
	rows int
	hash uint64 // the sum of the rows' hashes, so row order does not matter
}

// checksummer reads every table of the fixture's database with its own
// connection and the same SQL on both engines (SELECT * FROM t, hashed
// here); only the list of tables is asked of each engine's catalogue.
type checksummer struct {
	db     *sql.DB
	tables []string
	// On SQLite, the data_version its one connection last saw and the sums
	// it read then, by home: while no other connection commits, the
	// tables are as they were, and a refused write commits nothing.
	version int64
	cached  map[string]tableSums
}

// busyTables change on any request, refused or not, because they record
// the request itself rather than the data it names: a session's last use,
// the login throttle and the roster imports' hourly quota. The access log (access_log) and the audit log
// are checked: a refused request must not log a view of a file it did not
// show, nor record a change.
var busyTables = map[string]bool{"sessions": true, "login_throttle": true, "import_quota": true}

func newChecksummer(t *testing.T, dsn string) *checksummer {
	t.Helper()
	driver, list := "sqlite", `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	// Importing storetest also puts package web in test.sh's PostgreSQL run.
	if os.Getenv(storetest.EnvPostgres) != "" {
		driver, list = "pgx", `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	} else {
		dsn = "file:" + dsn + "?mode=ro&_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &checksummer{db: db}
	if driver == "sqlite" {
		db.SetMaxOpenConns(1) // data_version is per connection
		c.cached = map[string]tableSums{}
	}
	rows, err := db.QueryContext(t.Context(), list)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !busyTables[name] {
			c.tables = append(c.tables, name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(c.tables)
	if len(c.tables) < 60 {
		t.Fatalf("found %d tables: %v", len(c.tables), c.tables)
	}
	return c
}

// sums reads every table.
func (c *checksummer) sums(ctx context.Context) (tableSums, error) {
	return c.sumsOf(ctx, "")
}

// outside reads the rows of every table with a region column whose region
// lies outside home (neither under it nor above it): what no write of an
// account at home may change, even one it may make.
func (c *checksummer) outside(ctx context.Context, home string) (tableSums, error) {
	return c.sumsOf(ctx, home)
}

func (c *checksummer) sumsOf(ctx context.Context, home string) (tableSums, error) {
	if c.cached == nil {
		return c.read(ctx, home)
	}
	var v int64
	if err := c.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return nil, err
	}
	if v != c.version {
		c.version, c.cached = v, map[string]tableSums{}
	}
	if s, ok := c.cached[home]; ok {
		return s, nil
	}
	s, err := c.read(ctx, home)
	if err == nil {
		c.cached[home] = s
	}
	return s, err
}

// read reads every table now.
func (c *checksummer) read(ctx context.Context, home string) (tableSums, error) {
	out := make(tableSums, len(c.tables))
	for _, table := range c.tables {
		s, err := c.sum(ctx, table, home)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", table, err)
		}
		out[table] = s
	}
	return out, nil
}

// sum hashes a table's rows; with home, only those outside it.
func (c *checksummer) sum(ctx context.Context, table, home string) (tableSum, error) {
	rows, err := c.db.QueryContext(ctx, "SELECT * FROM "+table)
	if err != nil {
		return tableSum{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return tableSum{}, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	region := -1
	if home != "" {
		if region = slices.Index(cols, "region"); region < 0 {
			return tableSum{}, nil
		}
	}
	var s tableSum
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return tableSum{}, err
		}
		if region >= 0 {
			r := fmt.Sprintf("%s", vals[region])
			if r == "" || strings.HasPrefix(r, home) || strings.HasPrefix(home, r) {
				continue
			}
		}
		h := sha256.New()
		for _, v := range vals {
			fmt.Fprintf(h, "%T:%v\x00", v, v)
		}
		s.rows++
		s.hash += binary.LittleEndian.Uint64(h.Sum(nil))
	}
	return s, rows.Err()
}

// logTables record an attempt to reach a record outside, where the
// record is, and the head of their hash chain: what a refusal of a route
// that logs (matrixRoute.logs) writes.
var logTables = []string{"access_log", "alerts", "audit_chain"}

// changed names the tables whose sums differ between a and b, but those
// of except.
func (a tableSums) changed(b tableSums, except ...string) []string {
	var out []string
	for t, s := range a {
		if b[t] != s && !slices.Contains(except, t) {
			out = append(out, fmt.Sprintf("%s (%d→%d rows)", t, s.rows, b[t].rows))
		}
	}
	slices.Sort(out)
	return out
}
