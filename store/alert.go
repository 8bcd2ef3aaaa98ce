package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"shuangbai"
)

// Alert kinds.
const (
	// AlertIDElsewhere: someone outside the region typed or imported ID
	// numbers filed in it, and was refused.
	AlertIDElsewhere = "id_elsewhere"
)

// Alert is a security alert (安全提醒) for the bureau admins of a region
// and the regions above it.
type Alert struct {
	ID        int64
	Region    string // the county whose files were asked for
	Kind      string
	Message   string // who tried and how; never what they typed
	CreatedAt time.Time
	ReadAt    sql.NullTime
	ReadBy    string // the admin who marked it read
}

// alertWho names u for an alert: name, account, role and region, so the
// admins who read it know whom to call.
func (db *DB) alertWho(ctx context.Context, u *shuangbai.User) (string, error) {
	names, err := db.RegionNames(ctx, []string{u.Region})
	if err != nil {
		return "", err
	}
	name := u.Name
	if name == "" {
		name = u.Username
	}
	where := names[u.Region]
	if where == "" {
		where = u.Region
	}
	return fmt.Sprintf("%s（账号 %s，%s，%s）", name, u.Username, u.Role.Label(), where), nil
}

// raiseIDAlerts writes one alert for each county holding one of the
// files in targets. It counts the files and names who asked and how, but
// not the numbers nor anything else they typed: the alert is read by more
// people than the files are.
func (db *DB) raiseIDAlerts(ctx context.Context, tx *sql.Tx, who string, targets []AccessTarget, how string) error {
	files := map[string]map[int64]bool{} // county → files
	for _, t := range targets {
		county := t.Region
		if len(county) > 6 {
			county = county[:6]
		}
		if files[county] == nil {
			files[county] = map[int64]bool{}
		}
		files[county][t.BeneficiaryID] = true
	}
	counties := make([]string, 0, len(files))
	for c := range files {
		counties = append(counties, c)
	}
	slices.Sort(counties)
	now := db.now()
	for _, c := range counties {
		msg := fmt.Sprintf("%s在“%s”时填写了 %d 个已在本辖区建档的身份证号，已被拒绝。这些档案的个人信息访问记录中有这次查询；如非正常工作需要，请核实。",
			who, how, len(files[c]))
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO alerts (region, kind, message, created_at) VALUES (?, ?, ?, ?)`),
			c, AlertIDElsewhere, msg, now); err != nil {
			return fmt.Errorf("store: alert: %w", err)
		}
	}
	return nil
}

// requireAlerts returns EFORBIDDEN unless u reads the alerts of their
// scope: the city and county admins, whose bureaus answer for the files.
func requireAlerts(u *shuangbai.User) error {
	if !u.IsBureauAdmin() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有市级、县级管理员可以查看安全提醒")
	}
	return nil
}

// Alerts returns the alerts inside u's scope, newest first, older than
// beforeID when it is not 0.
func (db *DB) Alerts(ctx context.Context, u *shuangbai.User, beforeID int64, limit int) ([]Alert, error) {
	if err := requireAlerts(u); err != nil {
		return nil, err
	}
	var w where
	w.scope("region", u.Scope())
	if beforeID > 0 {
		w.add("id < ?", beforeID)
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, region, kind, message, created_at, read_at, read_by FROM alerts
		WHERE `+w.String()+` ORDER BY id DESC LIMIT `+strconv.Itoa(limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		if err := rows.Scan(&a.ID, &a.Region, &a.Kind, &a.Message, &a.CreatedAt, &a.ReadAt, &a.ReadBy); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// UnreadAlerts counts the alerts inside u's scope no one has marked read;
// 0 for a user who does not read alerts.
func (db *DB) UnreadAlerts(ctx context.Context, u *shuangbai.User) (int, error) {
	if requireAlerts(u) != nil {
		return 0, nil
	}
	var w where
	w.scope("region", u.Scope())
	w.add("read_at IS NULL")
	var n int
	if err := db.read.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM alerts WHERE `+w.String()), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unread alerts: %w", err)
	}
	return n, nil
}

// MarkAlertRead records that u has dealt with alert id. An alert outside
// u's scope is not found; one already read keeps its first reader.
func (db *DB) MarkAlertRead(ctx context.Context, u *shuangbai.User, id int64) error {
	if err := requireAlerts(u); err != nil {
		return err
	}
	var w where
	w.add("id = ?", id)
	w.scope("region", u.Scope())
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var read sql.NullTime
		err := tx.QueryRowContext(ctx, db.q(`SELECT read_at FROM alerts WHERE `+w.String()), w.args...).Scan(&read)
		if err == sql.ErrNoRows {
			return shuangbai.Errorf(shuangbai.ENOTFOUND, "该安全提醒不存在或不在您的管辖范围内")
		}
		if err != nil || read.Valid {
			return err
		}
		// The alert keeps who read it and when; it is never deleted.
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE alerts SET read_at = ?, read_by = ? WHERE id = ?`), db.now(), u.Username, id); err != nil {
			return fmt.Errorf("store: mark alert read: %w", err)
		}
		return nil
	})
}
