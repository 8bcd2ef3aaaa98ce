package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"shuangbai"
	"shuangbai/auth"
)

// SetPassword replaces an account's password hash, keeps the old one in
// its history (so it cannot come back soon), restarts the password's age
// and ends the account's sessions. Set by anyone but the account's owner
// (an administrator's reset, or the command line), it must be changed at
// the next login. The owner may change their own; resetting another's
// needs the right to manage accounts inside one's scope.
func (db *DB) SetPassword(ctx context.Context, actor *shuangbai.User, username, passwordHash string) error {
	own := actor.Username == username && actor.Role != shuangbai.RoleSystem
	if !own && !actor.CanManageUsers() {
		return forbidden()
	}
	var id int64
	var region, old string
	err := db.read.QueryRowContext(ctx, db.q("SELECT id, region, password_hash FROM users WHERE username = ?"), username).Scan(&id, &region, &old)
	if err == sql.ErrNoRows || err == nil && !own && !actor.Scope().Contains(region) {
		return notFound("用户")
	}
	if err != nil {
		return fmt.Errorf("store: user %s: %w", username, err)
	}
	now := db.now()
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q("INSERT INTO password_history (user_id, hash, changed_at) VALUES (?, ?, ?)"), id, old, now); err != nil {
			return fmt.Errorf("store: password history: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE users SET password_hash = ?, password_changed_at = ?, must_change = ? WHERE id = ?"),
			passwordHash, now, !own, id); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE user_id = ?"), id); err != nil {
			return err
		}
		after := map[string]any{"username": username, "by_owner": own}
		return db.audit(ctx, tx, actor, "password", "user", id, region, nil, after)
	})
}

// RecentPasswords returns the hashes of the account's current password and
// of the ones before it, newest first, at most n in all: what a new
// password may not repeat.
func (db *DB) RecentPasswords(ctx context.Context, userID int64, n int) ([]string, error) {
	var cur string
	if err := db.read.QueryRowContext(ctx, db.q("SELECT password_hash FROM users WHERE id = ?"), userID).Scan(&cur); err != nil {
		return nil, fmt.Errorf("store: password of %d: %w", userID, err)
	}
	out := []string{cur}
	rows, err := db.read.QueryContext(ctx, db.q("SELECT hash FROM password_history WHERE user_id = ? ORDER BY changed_at DESC LIMIT ?"), userID, max(0, n-1))
	if err != nil {
		return nil, fmt.Errorf("store: password history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Settings keys of the security administrator's policies.
const (
	passwordPolicyKey = "password_policy"
	totpRolesKey      = "totp_roles"
)

// DefaultTOTPRoles are the roles that must log in with a second factor
// until the security administrator says otherwise: every administrator.
var DefaultTOTPRoles = []shuangbai.Role{shuangbai.RoleCityAdmin, shuangbai.RoleCountyAdmin,
	shuangbai.RoleSysAdmin, shuangbai.RoleSecAdmin, shuangbai.RoleAuditAdmin}

// PasswordPolicy returns the password policy in force.
func (db *DB) PasswordPolicy(ctx context.Context) (auth.Policy, error) {
	p := auth.DefaultPolicy
	_, err := db.setting(ctx, passwordPolicyKey, &p)
	return p, err
}

// SetPasswordPolicy changes the password policy: the security
// administrator's. A policy below level 3 is refused.
func (db *DB) SetPasswordPolicy(ctx context.Context, actor *shuangbai.User, p auth.Policy) error {
	if !actor.CanManageSecurity() {
		return forbidden()
	}
	if err := p.Validate(); err != nil {
		pe := err.(*auth.PolicyError)
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: pe.Message, Fields: map[string]string{pe.Field: pe.Message}}
	}
	return db.saveSetting(ctx, actor, passwordPolicyKey, p)
}

// TOTPRoles returns the roles that must log in with a second factor.
func (db *DB) TOTPRoles(ctx context.Context) ([]shuangbai.Role, error) {
	// A copy: decoding the stored list into the default's own array would
	// overwrite the default for every other database of the process.
	roles := slices.Clone(DefaultTOTPRoles)
	_, err := db.setting(ctx, totpRolesKey, &roles)
	return roles, err
}

// SetTOTPRoles sets the roles that must log in with a second factor: the
// security administrator's. The security administrator's own role always
// stays on the list, so the policy cannot be switched off by one account.
func (db *DB) SetTOTPRoles(ctx context.Context, actor *shuangbai.User, roles []shuangbai.Role) error {
	if !actor.CanManageSecurity() {
		return forbidden()
	}
	seen := map[shuangbai.Role]bool{}
	var out []shuangbai.Role
	for _, r := range append(roles, shuangbai.RoleSecAdmin) {
		if !r.Valid() {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "未知的角色：" + string(r), Fields: map[string]string{"roles": "未知的角色：" + string(r)}}
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return db.saveSetting(ctx, actor, totpRolesKey, out)
}

// setting reads a JSON setting into dst and reports whether it was set.
// It is kept for a few seconds (see session_cache.go).
func (db *DB) setting(ctx context.Context, key string, dst any) (bool, error) {
	ttl := db.cacheTTL()
	s, ok, gen := db.settings.get(key, ttl)
	if !ok {
		read := time.Now()
		err := db.read.QueryRowContext(ctx, db.q("SELECT value FROM settings WHERE key = ?"), key).Scan(&s)
		if err != nil && err != sql.ErrNoRows {
			return false, fmt.Errorf("store: setting %s: %w", key, err)
		}
		if ttl > 0 {
			db.settings.put(gen, key, settingEntry{value: s, read: read})
		}
	}
	if s == "" {
		return false, nil
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return true, nil
}

// saveSetting stores a JSON setting, audited.
func (db *DB) saveSetting(ctx context.Context, actor *shuangbai.User, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	defer db.settings.clear()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, string(b)); err != nil {
			return fmt.Errorf("store: save %s: %w", key, err)
		}
		return db.audit(ctx, tx, actor, "update", "settings", key, actor.Region, nil, v)
	})
}
