//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// evict puts the database's files out of the operating system's page cache
// (they are clean after a checkpoint, so the kernel drops them), the state
// a server starts in after a reboot: for SQLite the database and WAL
// files; for PostgreSQL every segment of the schema's tables and indexes,
// read from its data directory (the bench runs beside the server, as root
// or postgres). PostgreSQL's shared buffers keep what they hold.
func evict(t *target) (int64, error) {
	var paths []string
	if t.pg {
		var dir string
		ctx := context.Background()
		if err := t.raw.QueryRowContext(ctx, `SHOW data_directory`).Scan(&dir); err != nil {
			return 0, fmt.Errorf("evict: %w", err)
		}
		rows, err := t.raw.QueryContext(ctx, `SELECT pg_relation_filepath(c.oid) FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm', 't') AND pg_relation_filepath(c.oid) IS NOT NULL`)
		if err != nil {
			return 0, fmt.Errorf("evict: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var rel string
			if err := rows.Scan(&rel); err != nil {
				return 0, fmt.Errorf("evict: %w", err)
			}
			base := filepath.Join(dir, rel)
			paths = append(paths, base)
			// A relation over 1 GB goes on in base.1, base.2, …
			for i := 1; ; i++ {
				p := base + "." + strconv.Itoa(i)
				if _, err := os.Stat(p); err != nil {
					break
				}
				paths = append(paths, p)
			}
		}
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("evict: %w", err)
		}
	} else {
		// Checkpoint first so that the WAL's pages are written and clean.
		if _, err := t.raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return 0, fmt.Errorf("evict: %w", err)
		}
		paths = []string{t.dsn, t.dsn + "-wal"}
	}
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return total, fmt.Errorf("evict: %w", err)
		}
		st, err := f.Stat()
		if err == nil {
			f.Sync()
			err = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
		}
		f.Close()
		if err != nil {
			return total, fmt.Errorf("evict %s: %w", p, err)
		}
		total += st.Size()
	}
	return total, nil
}
