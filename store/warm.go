package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Warmed says what Warm read into memory.
type Warmed struct {
	Bytes int64         // read (SQLite: the database and WAL files; PostgreSQL: the tables' and indexes' pages)
	Took  time.Duration // how long it took
}

// ErrNoPrewarm: the PostgreSQL database has no pg_prewarm extension, so Warm
// cannot read its tables ahead; the administrator installs it with
// CREATE EXTENSION pg_prewarm.
var ErrNoPrewarm = errors.New("store: the pg_prewarm extension is not installed (CREATE EXTENSION pg_prewarm)")

// Warm reads the database into the operating system's page cache, so that
// the first hours after a restart do not wait on the disk: with a
// province's 3.4 GB SQLite file outside the cache, 200 users ran at 39
// requests/s with a p99 of 17 s, where read into memory first they ran at
// 200 requests/s with a p99 of 28–34 ms (bench/, 2026-12-03). One
// sequential pass is far cheaper than the random reads the requests would
// make instead. progress, when not nil, is called now and then with the
// bytes read so far and the total.
//
// On PostgreSQL it asks pg_prewarm to read every table and index of the
// schema (mode 'read': into the OS cache, leaving shared buffers to
// PostgreSQL), or returns ErrNoPrewarm when the extension is not installed.
func (db *DB) Warm(ctx context.Context, progress func(done, total int64)) (Warmed, error) {
	start := time.Now()
	var w Warmed
	var err error
	if db.dialect == postgres {
		w.Bytes, err = db.warmPostgres(ctx, progress)
	} else {
		w.Bytes, err = warmFiles(ctx, []string{db.dsn, db.dsn + "-wal"}, progress)
	}
	w.Took = time.Since(start)
	return w, err
}

// warmFiles reads the files that exist through, 1 MiB at a time.
func warmFiles(ctx context.Context, paths []string, progress func(done, total int64)) (int64, error) {
	var files []*os.File
	var total int64
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, p := range paths {
		f, err := os.Open(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("store: warm: %w", err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return 0, fmt.Errorf("store: warm: %w", err)
		}
		files = append(files, f)
		total += st.Size()
	}
	buf := make([]byte, 1<<20)
	var done, told int64
	for _, f := range files {
		for {
			if err := ctx.Err(); err != nil {
				return done, err
			}
			n, err := f.Read(buf)
			done += int64(n)
			if progress != nil && done-told >= 64<<20 {
				progress(done, total)
				told = done
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return done, fmt.Errorf("store: warm %s: %w", f.Name(), err)
			}
		}
	}
	if progress != nil {
		progress(done, max(total, done))
	}
	return done, nil
}

// warmPostgres prewarms the schema's tables and indexes, largest last so
// that the small hot ones (regions, sessions) are in memory first.
func (db *DB) warmPostgres(ctx context.Context, progress func(done, total int64)) (int64, error) {
	// The extension lives in the schema it was created in, which need not
	// be on this connection's search path.
	var schema string
	err := db.write.QueryRowContext(ctx, `SELECT n.nspname FROM pg_extension e
		JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_prewarm'`).Scan(&schema)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, ErrNoPrewarm
	case err != nil:
		return 0, fmt.Errorf("store: warm: %w", err)
	}
	prewarm := `SELECT ` + quoteIdent(schema) + `.pg_prewarm($1::oid, 'read')`
	rows, err := db.write.QueryContext(ctx, `SELECT c.oid, pg_relation_size(c.oid) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm') ORDER BY 2, 1`)
	if err != nil {
		return 0, fmt.Errorf("store: warm: %w", err)
	}
	type rel struct{ oid, size int64 }
	var rels []rel
	var total int64
	for rows.Next() {
		var r rel
		if err := rows.Scan(&r.oid, &r.size); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: warm: %w", err)
		}
		rels = append(rels, r)
		total += r.size
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: warm: %w", err)
	}
	var done, told int64
	for _, r := range rels {
		if r.size == 0 {
			continue
		}
		if _, err := db.write.ExecContext(ctx, prewarm, r.oid); err != nil {
			return done, fmt.Errorf("store: warm: %w", err)
		}
		done += r.size
		if progress != nil && done-told >= 64<<20 {
			progress(done, total)
			told = done
		}
	}
	if progress != nil {
		progress(done, total)
	}
	return done, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
