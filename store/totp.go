package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// aadTOTP binds a sealed second-factor secret to its column.
const aadTOTP = "users.totp_secret"

// EnrolTOTP stores u's new second factor, sealed like personal data, and
// its one-time recovery codes (their hashes), replacing any earlier ones.
// Only the account's owner enrols, after proving the app shows the right
// code. It is audited.
func (db *DB) EnrolTOTP(ctx context.Context, u *shuangbai.User, secret string, step int64, recoveryHashes []string) error {
	if db.box == nil {
		return errNoKey
	}
	enc, err := db.box.Seal(secret, aadTOTP)
	if err != nil {
		return err
	}
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q("UPDATE users SET totp_secret_enc = ?, totp_step = ? WHERE id = ?"), enc, step, u.ID); err != nil {
			return fmt.Errorf("store: enrol totp: %w", err)
		}
		if err := db.replaceRecoveryCodes(ctx, tx, u.ID, recoveryHashes); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "totp_enrol", "user", u.ID, u.Region, nil, map[string]any{"username": u.Username, "recovery_codes": len(recoveryHashes)})
	})
}

func (db *DB) replaceRecoveryCodes(ctx context.Context, tx *sql.Tx, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, db.q("DELETE FROM recovery_codes WHERE user_id = ?"), userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, db.q("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)"), userID, h); err != nil {
			return fmt.Errorf("store: recovery code: %w", err)
		}
	}
	return nil
}

// TOTPSecret returns the account's second-factor secret and the step of
// the last code it accepted; "" when none is enrolled.
func (db *DB) TOTPSecret(ctx context.Context, userID int64) (secret string, step int64, err error) {
	var enc string
	if err := db.read.QueryRowContext(ctx, db.q("SELECT totp_secret_enc, totp_step FROM users WHERE id = ?"), userID).Scan(&enc, &step); err != nil {
		return "", 0, fmt.Errorf("store: totp of %d: %w", userID, err)
	}
	if enc == "" {
		return "", 0, nil
	}
	if db.box == nil {
		return "", 0, errNoKey
	}
	secret, err = db.box.Open(enc, aadTOTP)
	return secret, step, err
}

// UseTOTPStep records that the code of step was used, and reports false if
// that step, or a later one, was used already: two logins racing with one
// code cannot both pass.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := db.exec(ctx, db.q("UPDATE users SET totp_step = ? WHERE id = ? AND totp_step < ?"), step, userID, step)
	if err != nil {
		return false, fmt.Errorf("store: use totp step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UseRecoveryCode spends one recovery code, returning false if the hash is
// not one of the account's unused codes, and how many are left.
func (db *DB) UseRecoveryCode(ctx context.Context, u *shuangbai.User, hash string) (ok bool, left int, err error) {
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL"), db.now(), u.ID, hash)
		if err != nil {
			return fmt.Errorf("store: recovery code: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		ok = true
		if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL"), u.ID).Scan(&left); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "recovery_used", "user", u.ID, u.Region, nil, map[string]any{"username": u.Username, "left": left})
	})
	return ok, left, err
}

// ResetTOTP removes an account's second factor (a lost phone), so it
// enrols again at its next login: the security administrator's, inside
// their scope. The account's sessions end. It is audited.
func (db *DB) ResetTOTP(ctx context.Context, actor *shuangbai.User, username string) error {
	if !actor.CanManageSecurity() {
		return forbidden()
	}
	var id int64
	var region string
	err := db.read.QueryRowContext(ctx, db.q("SELECT id, region FROM users WHERE username = ?"), username).Scan(&id, &region)
	if err == sql.ErrNoRows || err == nil && !actor.Scope().Contains(region) {
		return notFound("用户")
	}
	if err != nil {
		return err
	}
	return db.inAccountTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q("UPDATE users SET totp_secret_enc = '', totp_step = 0 WHERE id = ?"), id); err != nil {
			return err
		}
		if err := db.replaceRecoveryCodes(ctx, tx, id, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("DELETE FROM sessions WHERE user_id = ?"), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "totp_reset", "user", id, region, nil, map[string]any{"username": username})
	})
}
