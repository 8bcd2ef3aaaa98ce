package store

import (
	"context"
	"fmt"
	"time"
)

// IdempotencyKeep is how long a phone's request key is remembered. A phone
// that was offline longer than this and sends a queued visit again would
// record it twice, so it is far beyond the longest spell without signal a
// worker would let pass (the app warns after a day); a key older than that
// only grows the table.
const IdempotencyKeep = 90 * 24 * time.Hour

// Housekept says what Housekeep removed.
type Housekept struct {
	Sessions        int64 // sessions and API tokens past their expiry
	IdempotencyKeys int64 // offline request keys older than IdempotencyKeep
}

// Housekeep removes what has outlived its use: expired sessions and tokens
// (they no longer let anybody in, but they name who logged in from where)
// and idempotency keys older than IdempotencyKeep. serve runs it hourly.
func (db *DB) Housekeep(ctx context.Context) (Housekept, error) {
	var h Housekept
	now := db.now()
	res, err := db.write.ExecContext(ctx, db.q("DELETE FROM sessions WHERE expires_at <= ?"), now)
	if err != nil {
		return h, fmt.Errorf("store: expired sessions: %w", err)
	}
	if h.Sessions, _ = res.RowsAffected(); h.Sessions > 0 {
		db.accountsChanged()
	}
	res, err = db.write.ExecContext(ctx, db.q("DELETE FROM idempotency_keys WHERE created_at < ?"), now.Add(-IdempotencyKeep))
	if err != nil {
		return h, fmt.Errorf("store: old idempotency keys: %w", err)
	}
	h.IdempotencyKeys, _ = res.RowsAffected()
	return h, nil
}
