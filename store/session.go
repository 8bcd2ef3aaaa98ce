package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"shuangbai"
)

// Session kinds.
const (
	SessionCookie  = "session"
	SessionAPI     = "api"
	SessionPending = "pending" // a login between the password and the second factor, for minutes; no page accepts it
)

// hashToken is what is stored for a session or API token: a stolen
// database does not yield tokens that work.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// sessionIDLen is how much of a token's hash names it on the tokens page: a
// prefix of a hash of 256 random bits says nothing of the token.
const sessionIDLen = 16

// maxSessionName caps what a client may call its token.
const maxSessionName = 100

// CreateSession records a new session or API token for a user. The name is
// cut to 100 characters: a login may not store a megabyte.
func (db *DB) CreateSession(ctx context.Context, userID int64, token, kind, name string, ttl time.Duration) (time.Time, error) {
	now := db.now()
	exp := now.Add(ttl)
	if utf8.RuneCountInString(name) > maxSessionName {
		name = string([]rune(name)[:maxSessionName])
	}
	_, err := db.exec(ctx, db.q(`INSERT INTO sessions (token_hash, user_id, kind, name, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		hashToken(token), userID, kind, name, now, exp, now)
	if err != nil {
		return exp, fmt.Errorf("store: create session: %w", err)
	}
	return exp, nil
}

// touchEvery is how stale a session's last_seen may get before a request
// writes it again: writing on every request would make each page a write.
const touchEvery = time.Minute

// SessionUser returns the enabled user behind an unexpired token of kind. A
// browser session also ends after db.SessionIdle without a request (0: it
// does not); API tokens, used by scripts, end only at their expiry.
// The answer is kept for a few seconds (see session_cache.go).
func (db *DB) SessionUser(ctx context.Context, token, kind string) (*shuangbai.User, error) {
	now := db.now()
	h := hashToken(token)
	ttl := db.cacheTTL()
	u, gen := db.sessions.get(h, kind, now, ttl, db.SessionIdle)
	if u != nil {
		return u, nil
	}
	read := time.Now()
	var seen sql.NullTime
	var expires time.Time
	u, err := scanUser(db.read.QueryRowContext(ctx, db.q(`SELECT `+userColumnsOf("u")+`, s.last_seen, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.kind = ? AND s.expires_at > ? AND NOT u.disabled`), h, kind, now), &seen, &expires)
	if err == sql.ErrNoRows {
		return nil, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "登录已过期，请重新登录")
	}
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", err)
	}
	seen = db.laterSeen(h, seen)
	if kind == SessionCookie && db.SessionIdle > 0 && seen.Valid && now.Sub(seen.Time) > db.SessionIdle {
		_, err := db.exec(ctx, db.q("DELETE FROM sessions WHERE token_hash = ?"), h)
		db.accountsChanged()
		if err != nil {
			return nil, fmt.Errorf("store: end idle session: %w", err)
		}
		return nil, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "您已超过 %d 分钟没有操作，为保护数据已自动退出，请重新登录", int(db.SessionIdle/time.Minute))
	}
	if !seen.Valid || now.Sub(seen.Time) > touchEvery {
		db.touchSession(h, now) // written in the background: see session_touch.go
		seen = sql.NullTime{Time: now, Valid: true}
	}
	if ttl > 0 {
		db.sessions.put(gen, h, &sessionEntry{user: *u, kind: kind, expires: expires, seen: seen.Time, read: read})
	}
	return u, nil
}

// accountsChanged is called after every write that ends sessions or
// changes an account: this process's kept answers go at once.
func (db *DB) accountsChanged() { db.sessions.clear() }

// DeleteSession ends a session (logout).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := db.exec(ctx, db.q("DELETE FROM sessions WHERE token_hash = ?"), hashToken(token))
	db.accountsChanged()
	return err
}

// SessionInfo is a session or API token as its owner sees it: never the
// token itself.
type SessionInfo struct {
	ID        string // a prefix of the token's hash
	UserID    int64
	Username  string
	Kind      string
	Name      string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
}

// Sessions lists the unexpired sessions and tokens of kind ("" for both)
// of a user (userID > 0), or of every user inside scope (userID 0), newest
// first.
func (db *DB) Sessions(ctx context.Context, scope shuangbai.Scope, userID int64, kind string) ([]SessionInfo, error) {
	var w where
	w.scope("u.region", scope)
	w.add("s.expires_at > ?", db.now())
	if userID > 0 {
		w.add("s.user_id = ?", userID)
	}
	if kind != "" {
		w.add("s.kind = ?", kind)
	} else {
		w.add("s.kind <> ?", SessionPending) // half a login is no session to list or revoke
	}
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT s.token_hash, s.user_id, u.username, s.kind, s.name, s.created_at, s.expires_at, s.last_seen
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE `+w.String()+` ORDER BY s.created_at DESC LIMIT 500`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		var si SessionInfo
		var seen sql.NullTime
		if err := rows.Scan(&si.ID, &si.UserID, &si.Username, &si.Kind, &si.Name, &si.CreatedAt, &si.ExpiresAt, &seen); err != nil {
			return nil, err
		}
		si.LastSeen = db.laterSeen(si.ID, seen).Time // by the whole hash
		si.ID = si.ID[:sessionIDLen]
		out = append(out, si)
	}
	return out, rows.Err()
}

// RevokeSession ends the session or token named by id: the owner's own, or,
// for a security administrator, any inside their scope. The revocation is
// audited.
func (db *DB) RevokeSession(ctx context.Context, actor *shuangbai.User, id string) error {
	if len(id) != sessionIDLen || strings.Trim(id, "0123456789abcdef") != "" {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "令牌不存在或已失效")
	}
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		var hash, kind, name, username, region string
		var owner int64
		err := tx.QueryRowContext(ctx, db.q(`SELECT s.token_hash, s.kind, s.name, s.user_id, u.username, u.region
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash LIKE ?`), id+"%").Scan(&hash, &kind, &name, &owner, &username, &region)
		if err == sql.ErrNoRows || err == nil && owner != actor.ID && !(actor.CanManageSecurity() && actor.Scope().Contains(region)) {
			return shuangbai.Errorf(shuangbai.ENOTFOUND, "令牌不存在或已失效")
		}
		if err != nil {
			return fmt.Errorf("store: revoke session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE token_hash = ?"), hash); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "revoke", "session", id, region, map[string]any{"user": username, "kind": kind, "name": name}, nil)
	})
}
