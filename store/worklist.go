package store

import (
	"context"
	"fmt"
	"strconv"

	"shuangbai"
)

// Due is a case on a worklist: who is due a visit, and when.
type Due struct {
	BeneficiaryID int64
	Region        string
	Name          string
	Level         shuangbai.Level4
	LastVisit     shuangbai.Date
	NextDue       shuangbai.Date
	WorkerID      int64
}

// Overdue reports whether the visit was due before day d.
func (d Due) Overdue(on shuangbai.Date) bool { return d.NextDue.Before(on) }

// Worklist returns the open cases inside scope due a visit by day until
// (overdue ones included), nearest first. With workerID set, only that
// social worker's cases: the query then walks the (worker_id, open,
// next_due) index and stops at limit.
func (db *DB) Worklist(ctx context.Context, scope shuangbai.Scope, workerID int64, until shuangbai.Date, limit int) ([]Due, error) {
	var w where
	if workerID != 0 {
		w.add("b.worker_id = ?", workerID)
	}
	// TRUE written into the text, as everywhere a query asks for open
	// files: passed as $n, PostgreSQL's generic plan of a statement pgx
	// keeps prepared guesses the same share of open files for any range
	// (see Beneficiaries).
	w.add("b.open = TRUE")
	w.add("b.next_due <= ?", until)
	w.scope("b.region", scope)
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	// A worker's list walks the worker's index whatever the days and the
	// region, so its plan is kept (qFixed); a town's is planned for its range.
	q := db.q
	if workerID != 0 {
		q = db.qFixed
	}
	rows, err := db.reader(ctx).QueryContext(ctx, q(`SELECT b.id, b.region, b.name, b.level, b.last_visit, b.next_due, COALESCE(b.worker_id, 0)
		FROM beneficiaries b WHERE `+w.String()+` ORDER BY b.next_due, b.id LIMIT `+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: worklist: %w", err)
	}
	defer rows.Close()
	var out []Due
	for rows.Next() {
		var d Due
		if err := rows.Scan(&d.BeneficiaryID, &d.Region, &d.Name, (*int)(&d.Level), &d.LastVisit, &d.NextDue, &d.WorkerID); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// OverdueCount is how many open cases a group (a worker, a station) has and
// how many of them are overdue on a day.
type OverdueCount struct {
	Key     string // worker id, or station (town) code
	Open    int
	Overdue int
}

// Rate returns the share of open cases that are overdue, 0–1.
func (c OverdueCount) Rate() float64 {
	if c.Open == 0 {
		return 0
	}
	return float64(c.Overdue) / float64(c.Open)
}

// OverdueByWorker counts, per responsible worker, the open cases inside
// scope and those overdue on day d: a station lead's view.
func (db *DB) OverdueByWorker(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) ([]OverdueCount, error) {
	return db.overdue(ctx, scope, d, "COALESCE(b.worker_id, 0)")
}

// OverdueByStation counts, per town (station), the open cases inside scope
// and those overdue on day d: a county's view.
func (db *DB) OverdueByStation(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) ([]OverdueCount, error) {
	return db.overdue(ctx, scope, d, "SUBSTR(b.region, 1, 9)")
}

func (db *DB) overdue(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, key string) ([]OverdueCount, error) {
	var w where
	w.scope("b.region", scope)
	w.add("b.open = TRUE")
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT `+key+`, COUNT(*), SUM(CASE WHEN b.next_due < ? THEN 1 ELSE 0 END)
		FROM beneficiaries b WHERE `+w.String()+` GROUP BY 1 ORDER BY 1`), append([]any{d}, w.args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: overdue: %w", err)
	}
	defer rows.Close()
	var out []OverdueCount
	for rows.Next() {
		var c OverdueCount
		if err := rows.Scan(&c.Key, &c.Open, &c.Overdue); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
