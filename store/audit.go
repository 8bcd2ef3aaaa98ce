package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"shuangbai"
)

// audit records a write in the same transaction as the write itself, so the
// log and the data can never disagree. before and after are marshalled to
// JSON; nil means "none" (a create has no before, a delete no after).
func (db *DB) audit(ctx context.Context, tx *sql.Tx, u *shuangbai.User, action, entity string, id any, region string, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	var uid int64
	var uname string
	if u != nil {
		uid, uname = u.ID, u.Username
	}
	c, err := db.lockChain(ctx, tx, chainAudit)
	if err != nil {
		return err
	}
	at, eid := db.now(), fmt.Sprint(id)
	prev, h := c.link(auditFields(at, uid, uname, action, entity, eid, region, b, a)...)
	_, err = tx.ExecContext(ctx, db.q(`INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, region, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), at, uid, uname, action, entity, eid, region, b, a, prev, h)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return c.save(ctx, db, tx)
}

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	Entity   string
	EntityID string
	BeforeID int64 // keyset paging: entries older than this id
	Limit    int
}

// AuditLog returns audit entries inside scope, newest first.
func (db *DB) AuditLog(ctx context.Context, scope shuangbai.Scope, f AuditFilter) ([]shuangbai.AuditEntry, error) {
	var w where
	w.scope("region", scope)
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.BeforeID > 0 {
		w.add("id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, at, user_id, username, action, entity, entity_id, region, before, after
		FROM audit_log WHERE `+w.String()+` ORDER BY id DESC LIMIT `+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.AuditEntry
	for rows.Next() {
		var e shuangbai.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Region, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.Before, e.After = scrubPersonal(e.Before), scrubPersonal(e.After)
		out = append(out, e)
	}
	return out, rows.Err()
}

// scrubPersonal cuts what an audit entry written before the current mask
// rule holds of a person down to that rule: no birth date, and the ID
// number as its last four characters. Such entries kept the birth date
// beside a mask that showed the region and the last four, which together
// are the whole number. They stay as written in the table, since the hash
// chain covers them; they are scrubbed here, as they are read, so no
// reader of the log sees them.
func scrubPersonal(js string) string {
	if !strings.Contains(js, `"birth"`) && !strings.Contains(js, `"id_number"`) {
		return js
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(js), &m) != nil {
		return js
	}
	delete(m, "birth")
	if raw, ok := m["id_number"]; ok {
		var masked string
		json.Unmarshal(raw, &masked) // a non-string leaves "", shown as nothing
		m["id_number"], _ = json.Marshal(shuangbai.IDTailOf(masked))
	}
	out, err := json.Marshal(m)
	if err != nil {
		return js
	}
	return string(out)
}

// Logs an audit administrator exports, as LogExport names them.
const (
	LogAudit  = "audit_log"
	LogAccess = "access_log"
)

// LogExport records in the audit log that u exported log (LogAudit or
// LogAccess) as format (xlsx, csv): how many entries, under what filter.
// Exporting a log is itself audited, before any entry is sent, and only the
// audit administrator may. The entry is filed under u's region, so it is
// read where the export could have been.
func (db *DB) LogExport(ctx context.Context, u *shuangbai.User, log, format string, entries int, filter string) error {
	if !u.CanExportAudit() {
		return forbidden()
	}
	if log != LogAudit && log != LogAccess {
		return fmt.Errorf("store: export of unknown log %q", log)
	}
	after := map[string]any{"entries": entries, "format": format}
	if filter != "" {
		after["filter"] = filter
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, u, "export", log, format, u.Region, nil, after)
	})
}
