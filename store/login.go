package store

import (
	"context"
	"database/sql"

	"shuangbai"
)

// Login events, as the audit log names them.
const (
	LoginOK      = "login"
	LoginFailed  = "login_failed"
	LoginLockout = "lockout"
	TokenIssued  = "token_issue"
)

// LogLogin records a login event in the audit log: the account when it
// exists (u; else only the name typed, cut to 64 characters), the address,
// and what happened. Failures of names that do not exist are kept too:
// guessing names is an attack worth seeing.
func (db *DB) LogLogin(ctx context.Context, u *shuangbai.User, typed, action, address, detail string) error {
	actor, id, region := u, any(typed), ""
	if u == nil {
		if r := []rune(typed); len(r) > 64 {
			typed = string(r[:64])
		}
		actor, id = &shuangbai.User{Username: typed}, typed
	} else {
		id, region = u.ID, u.Region
	}
	after := map[string]any{"address": address}
	if detail != "" {
		after["detail"] = detail
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, actor, action, "user", id, region, nil, after)
	})
}
