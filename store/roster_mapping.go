package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"shuangbai"
)

// RosterMapping returns the column mapping saved for registers whose header
// has the given signature, as field names by column, or nil. A mapping is
// saved for the saver's region: the user's own, else the nearest one saved
// above it (a county's applies to its towns), never a neighbour's, so one
// county cannot change how another's imports read.
func (db *DB) RosterMapping(ctx context.Context, u *shuangbai.User, signature string) ([]string, error) {
	for code := u.Region; code != ""; code = shuangbai.ParentCode(code) {
		var raw string
		err := db.read.QueryRowContext(ctx, db.q("SELECT mapping FROM roster_mappings WHERE signature = ?"), mappingKey(code, signature)).Scan(&raw)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: roster mapping: %w", err)
		}
		var fields []string
		if err := json.Unmarshal([]byte(raw), &fields); err != nil {
			return nil, nil // unreadable: as if none had been saved
		}
		return fields, nil
	}
	return nil, nil
}

// mappingKey scopes a header signature to the region that saved it.
func mappingKey(region, signature string) string { return region + "|" + signature }

// SaveRosterMapping remembers the mapping a user chose for registers whose
// header has the given signature, for the user's region and below. Mappings
// name columns, never people.
func (db *DB) SaveRosterMapping(ctx context.Context, u *shuangbai.User, signature string, fields []string) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO roster_mappings (signature, mapping, updated_by, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
			mappingKey(u.Region, signature), string(raw), u.ID, db.now())
		if err != nil {
			return fmt.Errorf("store: save roster mapping: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "roster_mapping", signature, u.Region, nil, fields)
	})
}
