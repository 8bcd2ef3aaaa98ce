package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"shuangbai"
)

// Throttle is how many attempts a key (an account at an address, or an
// address) may make in Window before it is locked. Each lock lasts Lock
// times two to the number of locks before it, up to MaxLock: a guesser
// slows down fast, a user who mistyped five times waits a quarter hour.
type Throttle struct {
	Max     int
	Window  time.Duration
	Lock    time.Duration
	MaxLock time.Duration
}

// The throttle lives in the database, so neither a restart nor a second
// server process resets it.

// TakeLogin counts an attempt for key before it is checked (so parallel
// guesses cannot all slip through while the first is checked) and reports
// whether it may go ahead. When it may not, wait says for how long, and
// locked reports whether this attempt is the one that locked the key.
func (db *DB) TakeLogin(ctx context.Context, key string, t Throttle) (ok bool, wait time.Duration, locked bool, err error) {
	key = capKey(key)
	now := db.now()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var attempts, locks int
		var until sql.NullTime
		var updated time.Time
		// The upsert takes the row's lock first, on PostgreSQL too.
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO login_throttle (key, attempts, locks, updated_at) VALUES (?, 0, 0, ?)
			ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING attempts, locks, locked_until, updated_at`), key, now).
			Scan(&attempts, &locks, &until, &updated)
		if err != nil {
			return fmt.Errorf("store: throttle: %w", err)
		}
		if until.Valid && until.Time.After(now) {
			wait = until.Time.Sub(now)
			return nil
		}
		if now.Sub(updated) > t.Window {
			attempts = 0
		}
		attempts++
		var lockUntil any
		if attempts > t.Max {
			d := t.Lock << min(locks, 16)
			if d > t.MaxLock || d <= 0 {
				d = t.MaxLock
			}
			wait, locked, attempts, locks = d, true, 0, locks+1
			lockUntil = now.Add(d)
		} else {
			ok = true
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE login_throttle SET attempts = ?, locks = ?, locked_until = ?, updated_at = ? WHERE key = ?`),
			attempts, locks, lockUntil, now, key)
		return err
	})
	return ok, wait, locked, err
}

// ReleaseLogin hands back one attempt counted for key (a login that
// succeeded), leaving its locks as they are.
func (db *DB) ReleaseLogin(ctx context.Context, key string) error {
	_, err := db.exec(ctx, db.q(`UPDATE login_throttle SET attempts = attempts - 1 WHERE key = ? AND attempts > 0`), capKey(key))
	return err
}

// ClearLogin forgets key's attempts and locks: a successful login to an
// account from an address.
func (db *DB) ClearLogin(ctx context.Context, key string) error {
	_, err := db.exec(ctx, db.q(`DELETE FROM login_throttle WHERE key = ?`), capKey(key))
	return err
}

// LoginLock is a key locked now, for the security administrator's page.
type LoginLock struct {
	Key   string
	Until time.Time
	Locks int
}

// LoginLocks lists the accounts locked now inside scope (a lock on an
// address alone names no account and is not listed), whose key starts
// with prefix.
func (db *DB) LoginLocks(ctx context.Context, scope shuangbai.Scope, prefix string) ([]LoginLock, error) {
	var w where
	w.scope("u.region", scope)
	w.add("t.locked_until > ?", db.now())
	w.add("substr(t.key, 1, ?) = ?", len(prefix), prefix)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT t.key, t.locked_until, t.locks FROM login_throttle t
		JOIN users u ON substr(t.key, 1, length(u.username) + 6) = 'acct:' || u.username || '@'
		WHERE `+w.String()+` ORDER BY t.locked_until DESC LIMIT 500`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: login locks: %w", err)
	}
	defer rows.Close()
	var out []LoginLock
	for rows.Next() {
		var l LoginLock
		if err := rows.Scan(&l.Key, &l.Until, &l.Locks); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// UnlockAccount lifts every lock on an account, at every address: the
// security administrator's answer to "I am locked out". It is audited.
func (db *DB) UnlockAccount(ctx context.Context, actor *shuangbai.User, username string) (int, error) {
	if !actor.CanManageSecurity() {
		return 0, forbidden()
	}
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var region string
		err := tx.QueryRowContext(ctx, db.q(`SELECT id, region FROM users WHERE username = ?`), username).Scan(&id, &region)
		if err == sql.ErrNoRows || err == nil && !actor.Scope().Contains(region) {
			return shuangbai.Errorf(shuangbai.ENOTFOUND, "账号 %s 不存在或不在您的管辖范围内", username)
		}
		if err != nil {
			return err
		}
		prefix := AccountKey(username, "")
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM login_throttle WHERE substr(key, 1, ?) = ?`), len(prefix), prefix)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return db.audit(ctx, tx, actor, "unlock", "user", id, region, nil, map[string]any{"username": username, "keys": n})
	})
	return int(n), err
}

// AccountKey is the throttle key of username at address ("" for the
// prefix of all of its addresses).
func AccountKey(username, address string) string {
	return "acct:" + strings.ToLower(username) + "@" + address
}

// capKey keeps a key the size of a real one: a login with a megabyte of
// username must not store a megabyte.
func capKey(key string) string {
	if len(key) > 200 {
		return key[:200]
	}
	return key
}
