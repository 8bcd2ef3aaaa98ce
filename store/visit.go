package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// RecordVisit stores a visit to a beneficiary and moves the case's next due
// day: the day proposed from the level unless the worker chose another.
func (db *DB) RecordVisit(ctx context.Context, u *shuangbai.User, v *shuangbai.Visit) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.visitedCase(ctx, tx, u, v)
		if err != nil {
			return err
		}
		return db.insertVisit(ctx, tx, u, b, v)
	})
}

// visitedCase reads the case a visit is for, inside the user's scope.
func (db *DB) visitedCase(ctx context.Context, tx *sql.Tx, u *shuangbai.User, v *shuangbai.Visit) (*shuangbai.Beneficiary, error) {
	b, err := db.beneficiary(ctx, tx, u.Scope(), v.BeneficiaryID)
	if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
		return nil, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "服务对象不存在或不在您的管辖范围内",
			Fields: map[string]string{"beneficiary": "服务对象不存在或不在您的管辖范围内"}}
	}
	return b, err
}

// insertVisit validates v against its case b and stores it in tx.
func (db *DB) insertVisit(ctx context.Context, tx *sql.Tx, u *shuangbai.User, b *shuangbai.Beneficiary, v *shuangbai.Visit) error {
	scope := u.Scope()
	if err := v.Validate(b, db.today()); err != nil {
		return err
	}
	for _, w := range v.Workers {
		if err := db.checkWorker(ctx, tx, scope, w); err != nil {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "探访社工不存在", Fields: map[string]string{"workers": "探访社工不存在或不在您的管辖范围内"}}
		}
	}
	intervals, err := db.intervals(ctx, tx)
	if err != nil {
		return err
	}
	if v.NextDue.IsZero() {
		v.NextDue = intervals.NextDue(b.Level, v.On)
	}
	v.Region, v.By, v.CreatedAt = b.Region, u.Username, db.now()
	// The dashboard's summaries count the visit and the case's new due day
	// in the same transaction (store/tally.go).
	err = db.counted(ctx, tx, b.ID, func(t *tally) error {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO visits (beneficiary_id, region, visited_on, kind, findings, services, next_due, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			v.BeneficiaryID, v.Region, v.On, string(v.Kind), v.Findings, strings.Join(v.Services, ","), v.NextDue, v.By, v.CreatedAt).Scan(&v.ID)
		if err != nil {
			return fmt.Errorf("store: record visit: %w", err)
		}
		t.visit(v.Region, v.On, v.Kind, 1)
		for _, w := range v.Workers {
			if _, err := tx.ExecContext(ctx, db.q("INSERT INTO visit_workers (visit_id, person_id) VALUES (?, ?)"), v.ID, w); err != nil {
				return fmt.Errorf("store: visit worker: %w", mapError(err))
			}
		}
		// A late entry of an older visit does not move the case backwards.
		if b.LastVisit.IsZero() || !v.On.Before(b.LastVisit) {
			if _, err := tx.ExecContext(ctx, db.q("UPDATE beneficiaries SET last_visit = ?, next_due = ? WHERE id = ?"), v.On, v.NextDue, b.ID); err != nil {
				return fmt.Errorf("store: move next due: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.audit(ctx, tx, u, "create", "visit", v.ID, v.Region, nil, v)
}

// Visits returns a beneficiary's visits inside scope, newest first.
func (db *DB) Visits(ctx context.Context, scope shuangbai.Scope, beneficiaryID int64, limit int) ([]shuangbai.Visit, error) {
	var w where
	w.add("v.beneficiary_id = ?", beneficiaryID)
	w.scope("v.region", scope)
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT v.id, v.beneficiary_id, v.region, v.visited_on, v.kind, v.findings, v.services, v.next_due, v.recorded_by, v.created_at
		FROM visits v WHERE `+w.String()+` ORDER BY v.visited_on DESC, v.id DESC`+page(limit, 0)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: visits: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Visit
	for rows.Next() {
		var v shuangbai.Visit
		var services string
		if err := rows.Scan(&v.ID, &v.BeneficiaryID, &v.Region, &v.On, (*string)(&v.Kind), &v.Findings, &services, &v.NextDue, &v.By, &v.CreatedAt); err != nil {
			return nil, err
		}
		if services != "" {
			v.Services = strings.Split(services, ",")
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// intervalsKey is the settings key holding the level intervals.
const intervalsKey = "followup_intervals"

// intervals returns the follow-up intervals: the defaults, overridden by a
// city admin's settings.
func (db *DB) intervals(ctx context.Context, q querier) (shuangbai.Intervals, error) {
	var s string
	err := q.QueryRowContext(ctx, db.q("SELECT value FROM settings WHERE key = ?"), intervalsKey).Scan(&s)
	if err == sql.ErrNoRows {
		return shuangbai.DefaultIntervals, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: intervals: %w", err)
	}
	iv := shuangbai.Intervals{}
	for _, part := range strings.Split(s, ";") {
		var l, times, days int
		if _, err := fmt.Sscanf(part, "%d:%d/%d", &l, &times, &days); err == nil && shuangbai.Level4(l).Valid() && times > 0 && days > 0 {
			iv[shuangbai.Level4(l)] = shuangbai.Interval{Times: times, PeriodDays: days}
		}
	}
	return iv.WithDefaults(), nil
}

// Intervals returns the follow-up intervals in force.
func (db *DB) Intervals(ctx context.Context) (shuangbai.Intervals, error) {
	return db.intervals(ctx, db.read)
}

// SetIntervals changes the follow-up intervals; only a city admin may.
func (db *DB) SetIntervals(ctx context.Context, u *shuangbai.User, iv shuangbai.Intervals) error {
	if u.Role != shuangbai.RoleCityAdmin && u.Role != shuangbai.RoleSystem {
		return forbidden()
	}
	if err := iv.Validate(); err != nil {
		return err
	}
	var parts []string
	for l := shuangbai.Level4(1); l <= 4; l++ {
		parts = append(parts, fmt.Sprintf("%d:%d/%d", l, iv[l].Times, iv[l].PeriodDays))
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`), intervalsKey, strings.Join(parts, ";")); err != nil {
			return fmt.Errorf("store: set intervals: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "settings", intervalsKey, u.Region, nil, parts)
	})
}

// ChangeLevel changes a case's follow-up level with a reason. Raising it
// takes effect at once; lowering it is recorded as pending until a station
// lead or supervisor confirms it (ConfirmLevel). The next due day follows
// the level in force.
func (db *DB) ChangeLevel(ctx context.Context, u *shuangbai.User, id int64, to shuangbai.Level4, reason string) (*shuangbai.LevelChange, error) {
	if !u.CanEditCases() {
		return nil, forbidden()
	}
	fe := shuangbai.FieldErrors{}
	if !to.Valid() {
		fe.Add("level", "请选择跟进级别（一级至四级）")
	}
	fe.Text("reason", "理由", &reason, shuangbai.TextLine, 200)
	if reason == "" {
		fe.Add("reason", "调整跟进级别须说明理由")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var c *shuangbai.LevelChange
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.beneficiary(ctx, tx, u.Scope(), id)
		if err != nil {
			return err
		}
		if b.Level == to {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "级别未变", Fields: map[string]string{"level": "该个案已是" + to.Label()}}
		}
		// A new change supersedes any lowering still waiting: confirming
		// it later would undo this one. It stays in the history, neither
		// pending nor confirmed.
		if _, err := tx.ExecContext(ctx, db.q("UPDATE level_changes SET pending = ? WHERE beneficiary_id = ? AND pending"), false, id); err != nil {
			return fmt.Errorf("store: supersede level change: %w", err)
		}
		c = &shuangbai.LevelChange{BeneficiaryID: id, From: b.Level, To: to, Reason: reason, On: db.today(), RequestedBy: u.Username}
		c.Pending = !c.Raises()
		if !c.Pending {
			c.ConfirmedBy = u.Username
		}
		err = tx.QueryRowContext(ctx, db.q(`INSERT INTO level_changes (beneficiary_id, region, from_level, to_level, reason, changed_on, requested_by, confirmed_by, pending, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), id, b.Region, int(c.From), int(c.To), c.Reason, c.On, c.RequestedBy, c.ConfirmedBy, c.Pending, db.now()).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: level change: %w", err)
		}
		if !c.Pending {
			if err := db.applyLevel(ctx, tx, b, to); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, u, "level", "beneficiary", id, b.Region, map[string]any{"level": c.From}, c)
	})
	return c, err
}

func (db *DB) applyLevel(ctx context.Context, tx *sql.Tx, b *shuangbai.Beneficiary, to shuangbai.Level4) error {
	iv, err := db.intervals(ctx, tx)
	if err != nil {
		return err
	}
	next := b.NextDue
	if !b.LastVisit.IsZero() {
		next = iv.NextDue(to, b.LastVisit)
	}
	return db.counted(ctx, tx, b.ID, func(*tally) error {
		_, err := tx.ExecContext(ctx, db.q("UPDATE beneficiaries SET level = ?, next_due = ?, updated_at = ? WHERE id = ?"), int(to), next, db.now(), b.ID)
		return err
	})
}

// ConfirmLevel confirms a pending lowering of a case's level.
func (db *DB) ConfirmLevel(ctx context.Context, u *shuangbai.User, changeID int64) error {
	if !u.CanConfirmLowering() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "降低跟进级别须由站长或督导确认")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var w where
		w.add("id = ? AND pending", changeID)
		w.scope("region", u.Scope())
		var bid int64
		var to int
		var requester string
		err := tx.QueryRowContext(ctx, db.q("SELECT beneficiary_id, to_level, requested_by FROM level_changes WHERE "+w.String()), w.args...).Scan(&bid, &to, &requester)
		if err == sql.ErrNoRows {
			return notFound("待确认的级别调整")
		}
		if err != nil {
			return err
		}
		if requester == u.Username && u.Role != shuangbai.RoleSystem {
			return shuangbai.Errorf(shuangbai.EFORBIDDEN, "降低跟进级别须由另一位站长或督导确认，不能确认自己提出的申请")
		}
		b, err := db.beneficiary(ctx, tx, u.Scope(), bid)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE level_changes SET pending = ?, confirmed_by = ? WHERE id = ?"), false, u.Username, changeID); err != nil {
			return err
		}
		if err := db.applyLevel(ctx, tx, b, shuangbai.Level4(to)); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "confirm_level", "beneficiary", bid, b.Region, map[string]any{"level": b.Level}, map[string]any{"level": to})
	})
}

// LevelChanges returns a case's level history, newest first.
func (db *DB) LevelChanges(ctx context.Context, scope shuangbai.Scope, beneficiaryID int64, pendingOnly bool) ([]shuangbai.LevelChange, error) {
	var w where
	w.scope("region", scope)
	if beneficiaryID != 0 {
		w.add("beneficiary_id = ?", beneficiaryID)
	}
	if pendingOnly {
		w.add("pending")
	}
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, beneficiary_id, from_level, to_level, reason, changed_on, requested_by, confirmed_by, pending
		FROM level_changes WHERE `+w.String()+` ORDER BY id DESC LIMIT 200`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: level changes: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.LevelChange
	for rows.Next() {
		var c shuangbai.LevelChange
		if err := rows.Scan(&c.ID, &c.BeneficiaryID, (*int)(&c.From), (*int)(&c.To), &c.Reason, &c.On, &c.RequestedBy, &c.ConfirmedBy, &c.Pending); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CloseCase closes a case with a reason; a closed case takes no visits.
func (db *DB) CloseCase(ctx context.Context, u *shuangbai.User, id int64, why string) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	why, err := shuangbai.CleanText("closed_why", "结案原因", why, shuangbai.TextLine, 200)
	if err != nil {
		return err
	}
	if why == "" {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请填写结案原因", Fields: map[string]string{"closed_why": "请填写结案原因"}}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.beneficiary(ctx, tx, u.Scope(), id)
		if err != nil {
			return err
		}
		if err := db.counted(ctx, tx, id, func(*tally) error {
			_, err := tx.ExecContext(ctx, db.q("UPDATE beneficiaries SET open = ?, closed_on = ?, closed_why = ?, next_due = NULL, updated_at = ? WHERE id = ?"),
				false, db.today(), why, db.now(), id)
			return err
		}); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "close", "beneficiary", id, b.Region, nil, map[string]string{"why": why})
	})
}

// ReopenCase opens a closed case again with a reason (the person is back,
// or was closed by mistake): it takes visits again, due at once, and
// keeps its history. Reopening an open case is refused.
func (db *DB) ReopenCase(ctx context.Context, u *shuangbai.User, id int64, why string) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	if strings.TrimSpace(why) == "" {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请填写重新开案的原因", Fields: map[string]string{"reopen_why": "请填写重新开案的原因"}}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := db.beneficiary(ctx, tx, u.Scope(), id)
		if err != nil {
			return err
		}
		if b.Open {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "该档案未结案，无需重新开案", Fields: map[string]string{"reopen_why": "该档案未结案，无需重新开案"}}
		}
		if err := db.counted(ctx, tx, id, func(*tally) error {
			_, err := tx.ExecContext(ctx, db.q("UPDATE beneficiaries SET open = ?, closed_on = NULL, closed_why = '', next_due = ?, updated_at = ? WHERE id = ?"),
				true, db.today(), db.now(), id)
			return err
		}); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "reopen", "beneficiary", id, b.Region,
			map[string]any{"closed_on": b.ClosedOn, "closed_why": b.ClosedWhy}, map[string]string{"why": why})
	})
}

// PendingLowering is a lowering of a case's level waiting for confirmation,
// with the person's name, for a lead's list.
type PendingLowering struct {
	shuangbai.LevelChange
	Name string
}

// PendingLowerings returns the lowerings inside scope still waiting for a
// station lead or supervisor, oldest first.
func (db *DB) PendingLowerings(ctx context.Context, scope shuangbai.Scope) ([]PendingLowering, error) {
	var w where
	w.scope("c.region", scope)
	w.add("c.pending")
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT c.id, c.beneficiary_id, c.from_level, c.to_level, c.reason, c.changed_on, c.requested_by, b.name
		FROM level_changes c JOIN beneficiaries b ON b.id = c.beneficiary_id WHERE `+w.String()+` ORDER BY c.id LIMIT 200`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: pending lowerings: %w", err)
	}
	defer rows.Close()
	var out []PendingLowering
	for rows.Next() {
		var p PendingLowering
		p.Pending = true
		if err := rows.Scan(&p.ID, &p.BeneficiaryID, (*int)(&p.From), (*int)(&p.To), &p.Reason, &p.On, &p.RequestedBy, &p.Name); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
