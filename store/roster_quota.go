package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TakeImport counts one roster upload or dry run of user against at most
// max in any window (a sliding window: the max-th run before this one must
// be older than window). When the run may not go ahead, wait says how long
// until it may. The runs are kept in the database, so neither a restart nor
// a second server resets them, and a refused run is not counted.
func (db *DB) TakeImport(ctx context.Context, userID int64, max int, window time.Duration) (ok bool, wait time.Duration, err error) {
	if max <= 0 {
		return false, window, nil
	}
	now := db.now()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var raw string
		// The upsert takes the row's lock first, on PostgreSQL too: two
		// uploads at once cannot both take the last run left.
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO import_quota (user_id, runs, updated_at) VALUES (?, '', ?)
			ON CONFLICT (user_id) DO UPDATE SET user_id = excluded.user_id RETURNING runs`), userID, now).Scan(&raw)
		if err != nil {
			return fmt.Errorf("store: import quota: %w", err)
		}
		var runs []int64
		for _, f := range strings.Fields(raw) {
			t, err := strconv.ParseInt(f, 10, 64)
			if err == nil && now.Sub(time.Unix(t, 0)) < window {
				runs = append(runs, t)
			}
		}
		if len(runs) >= max {
			wait = time.Unix(runs[len(runs)-max], 0).Add(window).Sub(now)
			return nil
		}
		ok = true
		runs = append(runs, now.Unix())
		parts := make([]string, len(runs))
		for i, t := range runs {
			parts[i] = strconv.FormatInt(t, 10)
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE import_quota SET runs = ?, updated_at = ? WHERE user_id = ?`), strings.Join(parts, " "), now, userID)
		return err
	})
	return ok, wait, err
}
