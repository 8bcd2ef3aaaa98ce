package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"shuangbai"
)

// Files to complete (待补充): an import files a person whose row lacks what
// filing by hand requires (shuangbai.Gap) and records here what is missing.
// The worker completes the file by hand, which Validate holds to the full
// rule, and the edit clears its rows.

// FileGap is one item a file lacks.
type FileGap struct {
	Item   shuangbai.Gap
	Source string    // the register the import read
	Since  time.Time // when the import filed it
}

// IncompleteFile is a file with what it lacks, for the list of files to
// complete.
type IncompleteFile struct {
	ID       int64
	Name     string
	Region   string
	WorkerID int64
	Gaps     []FileGap
}

// IncompleteFilter selects files to complete. Zero fields do not filter.
type IncompleteFilter struct {
	WorkerID int64 // the responsible worker's: a worker's own files
	Limit    int   // files listed; the total counts them all
}

// FileGaps returns what the file id lacks, if it is in scope.
func (db *DB) FileGaps(ctx context.Context, scope shuangbai.Scope, id int64) ([]FileGap, error) {
	var w where
	w.add("g.beneficiary_id = ?", id)
	w.scope("g.region", scope)
	var out []FileGap
	err := db.eachRow(ctx, db.read, `SELECT g.item, g.source, g.created_at FROM beneficiary_gaps g
		JOIN beneficiaries b ON b.id = g.beneficiary_id WHERE `+w.String()+` ORDER BY g.item`, w.args,
		func(sc func(...any) error) error {
			var g FileGap
			if err := sc((*string)(&g.Item), &g.Source, &g.Since); err != nil {
				return err
			}
			out = append(out, g)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: file gaps: %w", err)
	}
	return out, nil
}

// IncompleteFiles returns the open files in scope that an import left
// incomplete, by village and name: at most f.Limit of them (500 when the
// limit is unset or larger), and how many there are in all.
func (db *DB) IncompleteFiles(ctx context.Context, scope shuangbai.Scope, f IncompleteFilter) ([]IncompleteFile, int, error) {
	from, w := incompleteFrom(scope, f.WorkerID)
	total, err := db.countIncomplete(ctx, from, w)
	if err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	var out []IncompleteFile
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT b.id, b.name, b.region, COALESCE(b.worker_id, 0), g.item, g.source, g.created_at`+from+
		` ORDER BY b.region, b.name, b.id, g.item`), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: incomplete files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x IncompleteFile
		var g FileGap
		if err := rows.Scan(&x.ID, &x.Name, &x.Region, &x.WorkerID, (*string)(&g.Item), &g.Source, &g.Since); err != nil {
			return nil, 0, err
		}
		if n := len(out); n > 0 && out[n-1].ID == x.ID {
			out[n-1].Gaps = append(out[n-1].Gaps, g)
			continue
		}
		if len(out) == limit {
			break
		}
		x.Gaps = []FileGap{g}
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// CountIncomplete counts the open files in scope (of the responsible
// worker, when workerID is not 0) that an import left incomplete: the
// number a worklist shows.
func (db *DB) CountIncomplete(ctx context.Context, scope shuangbai.Scope, workerID int64) (int, error) {
	from, w := incompleteFrom(scope, workerID)
	return db.countIncomplete(ctx, from, w)
}

// incompleteFrom is the FROM and WHERE of the files to complete.
func incompleteFrom(scope shuangbai.Scope, workerID int64) (string, where) {
	var w where
	w.scope("g.region", scope) // the file's region, kept on the row: the scope's rows only
	w.add("b.open = TRUE")
	if workerID != 0 {
		w.add("b.worker_id = ?", workerID)
	}
	return " FROM beneficiary_gaps g JOIN beneficiaries b ON b.id = g.beneficiary_id WHERE " + w.String(), w
}

func (db *DB) countIncomplete(ctx context.Context, from string, w where) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, db.q("SELECT COUNT(DISTINCT g.beneficiary_id)"+from), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count incomplete files: %w", err)
	}
	return n, nil
}

// clearGaps forgets what file id lacked: a hand edit, which Validate holds
// to the full rule, has completed it.
func (db *DB) clearGaps(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, db.q("DELETE FROM beneficiary_gaps WHERE beneficiary_id = ?"), id); err != nil {
		return fmt.Errorf("store: clear gaps: %w", err)
	}
	return nil
}

// gapItems names gaps for the audit log.
func gapItems(gs []shuangbai.Gap) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return slices.Clip(out)
}
