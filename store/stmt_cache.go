package store

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// SQLite compiles a statement's text on every query unless it is kept
// prepared: for the small reads of a page (a token, a setting, one file)
// parsing and planning were more than half of the query's time in the
// profile (sqlite3_prepare_v2 0.44 s of 0.77 s in the session lookup).
// The read pool keeps each statement it runs prepared, by its text;
// database/sql prepares it again on each of the pool's connections as it
// first runs there. PostgreSQL needs none of this: pgx keeps each
// connection's statements prepared itself (its default statement cache).

// stmtCacheSize bounds the statements kept. Texts that vary (an IN list's
// length) could otherwise grow it without end: past the bound it starts
// over, and the statements let go are closed a minute later, long after
// the query that took one from the cache has started (a statement closed
// under a running query waits for it anyway).
const stmtCacheSize = 500

// readPool is the pool reads go through: an *sql.DB whose queries run as
// kept prepared statements on SQLite.
type readPool struct {
	*sql.DB
	prepare bool // keep statements prepared (SQLite)

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// QueryContext runs query as database/sql does, through a kept statement.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !p.prepare {
		return p.DB.QueryContext(ctx, query, args...)
	}
	s, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs query as database/sql does, through a kept statement.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if !p.prepare {
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	s, err := p.stmt(ctx, query)
	if err != nil {
		// An *sql.Row carrying the error, as QueryRowContext gives for a
		// query that does not compile.
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (p *readPool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	s := p.stmts[query]
	p.mu.Unlock()
	if s != nil {
		return s, nil
	}
	s, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if kept := p.stmts[query]; kept != nil { // another query prepared it first
		s.Close()
		return kept, nil
	}
	if p.stmts == nil || len(p.stmts) >= stmtCacheSize {
		if old := p.stmts; len(old) > 0 {
			time.AfterFunc(time.Minute, func() { closeStmts(old) })
		}
		p.stmts = map[string]*sql.Stmt{}
	}
	p.stmts[query] = s
	return s, nil
}

// Close closes the kept statements, then the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	closeStmts(p.stmts)
	p.stmts = nil
	p.mu.Unlock()
	return p.DB.Close()
}

func closeStmts(m map[string]*sql.Stmt) {
	for _, s := range m {
		s.Close()
	}
}
