package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SealStaffPhones seals the staff phone numbers still held in the clear
// (written before migration 0015, or by an older binary) and empties the
// clear column, in one transaction, returning how many it sealed. The key
// is only known after Open, so the command that gives the store its box
// (UseBox) calls this next, at every start: once nothing is left in the
// clear it finds nothing and writes nothing.
func (db *DB) SealStaffPhones(ctx context.Context) (int, error) {
	if db.box == nil {
		return 0, errNoKey
	}
	n := 0
	err := db.inTxAlone(ctx, func(tx *sql.Tx) error {
		type clear struct {
			id    int64
			phone string
		}
		var list []clear
		rows, err := tx.QueryContext(ctx, "SELECT id, phone FROM people WHERE phone <> ''")
		if err != nil {
			return fmt.Errorf("store: staff phones: %w", err)
		}
		for rows.Next() {
			var c clear
			if err := rows.Scan(&c.id, &c.phone); err != nil {
				rows.Close()
				return err
			}
			list = append(list, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range list {
			enc, err := db.sealPhone(c.phone)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.q("UPDATE people SET phone_enc = ?, phone = '' WHERE id = ?"), enc, c.id); err != nil {
				return fmt.Errorf("store: seal staff phone: %w", err)
			}
		}
		n = len(list)
		return nil
	})
	if err != nil || n == 0 {
		return n, err
	}
	// The old values may still sit in freed space: SQLite overwrites freed
	// pages (secure_delete) but keeps them in the WAL until a checkpoint;
	// PostgreSQL keeps dead rows until a vacuum. Both are best effort here:
	// the numbers are sealed either way, and autovacuum or the next
	// checkpoint would get there too.
	if db.dialect == sqlite {
		db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	} else {
		db.write.ExecContext(ctx, "VACUUM people")
	}
	return n, nil
}

// SealedRecords counts the records holding a value sealed with the key:
// beneficiaries, staff with a sealed phone number and accounts with a
// second factor. The operator's tools
// check it before making a new key, which would leave them unreadable.
func (db *DB) SealedRecords(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM beneficiaries)
		+ (SELECT COUNT(*) FROM people WHERE phone_enc <> '')
		+ (SELECT COUNT(*) FROM users WHERE totp_secret_enc <> '')`).Scan(&n)
	return n, err
}
