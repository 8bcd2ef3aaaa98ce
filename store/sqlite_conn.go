package store

import (
	"context"
	"database/sql/driver"
	"reflect"

	msqlite "modernc.org/sqlite"
)

// The writer's statements are kept prepared on its connection. A write
// transaction's statements arrive as text through *sql.Tx, which database/
// sql hands to the driver to compile, run and throw away each time, and
// database/sql offers no way to keep a statement for the next transaction
// on a pool of one connection (a *sql.Stmt prepared on the pool would wait
// for the connection the transaction holds). Under the city's load on
// SQLite (200 users, a visit recorded by one request in ten) compiling the
// writer's statements was 7% of the server's CPU. So the writer's driver
// connection keeps each statement it compiles, by its text, and runs it
// again with new arguments. The read pool keeps its statements through
// database/sql instead (stmt_cache.go).

// keptStmtLimit bounds the statements one connection keeps: texts that
// vary (an IN list's length) would otherwise grow it without end. Past it
// the idle ones are let go and keeping starts over.
const keptStmtLimit = 400

// keptConnector opens SQLite connections that keep their statements.
type keptConnector struct{ driver.Connector }

func newKeptConnector(dsn string) (driver.Connector, error) {
	c, err := msqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return keptConnector{c}, nil
}

func (k keptConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := k.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &keptConn{conn: c.(sqliteConn), stmts: map[string]*keptStmt{}}, nil
}

// sqliteConn is what database/sql uses of modernc's connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// keptConn is a connection that keeps its statements. database/sql calls
// a driver connection from one goroutine at a time (its driverConn lock),
// rows' Close included, so the map and the busy marks need no lock.
type keptConn struct {
	conn  sqliteConn
	stmts map[string]*keptStmt

	prepared int // statements compiled to be kept (for tests)
}

// keptStmt is a kept statement; busy while rows of it are open, when a
// second query of the same text (a loop over rows that asks again) gets a
// statement of its own, compiled and thrown away as before.
type keptStmt struct {
	stmt interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	busy bool
}

func (c *keptConn) kept(ctx context.Context, query string) (*keptStmt, error) {
	if k := c.stmts[query]; k != nil {
		if k.busy {
			return nil, nil
		}
		return k, nil
	}
	if len(c.stmts) >= keptStmtLimit {
		for q, k := range c.stmts {
			if !k.busy {
				k.stmt.Close()
				delete(c.stmts, q)
			}
		}
	}
	s, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st, ok := s.(interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		s.Close()
		return nil, nil
	}
	c.prepared++
	k := &keptStmt{stmt: st}
	c.stmts[query] = k
	return k, nil
}

func (c *keptConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, err := c.kept(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.conn.ExecContext(ctx, query, args)
	}
	k.busy = true
	defer func() { k.busy = false }()
	return k.stmt.ExecContext(ctx, args)
}

func (c *keptConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, err := c.kept(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.conn.QueryContext(ctx, query, args)
	}
	k.busy = true
	rows, err := k.stmt.QueryContext(ctx, args)
	if err != nil {
		k.busy = false
		return nil, err
	}
	return &keptRows{rows: rows, k: k}, nil
}

func (c *keptConn) Prepare(query string) (driver.Stmt, error) { return c.conn.Prepare(query) }
func (c *keptConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.conn.PrepareContext(ctx, query)
}
func (c *keptConn) Begin() (driver.Tx, error) { return c.conn.Begin() } //nolint:staticcheck // database/sql calls BeginTx
func (c *keptConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.conn.BeginTx(ctx, opts)
}
func (c *keptConn) Ping(ctx context.Context) error         { return c.conn.Ping(ctx) }
func (c *keptConn) ResetSession(ctx context.Context) error { return c.conn.ResetSession(ctx) }
func (c *keptConn) IsValid() bool                          { return c.conn.IsValid() }

// Close lets the kept statements go, then the connection.
func (c *keptConn) Close() error {
	for q, k := range c.stmts {
		k.stmt.Close()
		delete(c.stmts, q)
	}
	return c.conn.Close()
}

// keptRows frees its statement for the next query when closed. It passes
// on the column types modernc's rows report.
type keptRows struct {
	rows driver.Rows
	k    *keptStmt
}

func (r *keptRows) Columns() []string              { return r.rows.Columns() }
func (r *keptRows) Next(dest []driver.Value) error { return r.rows.Next(dest) }
func (r *keptRows) Close() error {
	err := r.rows.Close()
	r.k.busy = false
	return err
}

func (r *keptRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *keptRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *keptRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
