package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// Chief supervisors (总督导) lead a programme over a province, city or
// county. A region has one at a time: appointing a successor closes the
// predecessor's term on the eve of the new one, so the terms read as a
// history and no day has two chiefs.

const chiefColumns = "c.id, c.person_id, p.name, c.region, c.title, c.date_from, c.date_to"

// chiefs returns the chief supervisors in office on d inside scope or
// over it.
func (db *DB) chiefs(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) ([]shuangbai.ChiefSupervisor, error) {
	cond, args := chiefScope(scope)
	args = append(args, d, d)
	return db.scanChiefs(ctx, cond+" AND c.date_from <= ? AND (c.date_to IS NULL OR c.date_to >= ?) ORDER BY c.region, c.id", args)
}

// ChiefTerms returns every term of a chief supervisor inside scope or over
// it, past and future included: by region, newest first.
func (db *DB) ChiefTerms(ctx context.Context, scope shuangbai.Scope) ([]shuangbai.ChiefSupervisor, error) {
	cond, args := chiefScope(scope)
	return db.scanChiefs(ctx, cond+" ORDER BY c.region, c.date_from DESC, c.id DESC", args)
}

// chiefScope is the condition on c.region of the chiefs a user of scope
// sees: those inside it and those over it — the chief of the programme a
// county belongs to leads that county too.
func chiefScope(scope shuangbai.Scope) (string, []any) {
	inside, args := inScope("c.region", scope)
	if scope.All {
		return inside, args
	}
	var above []any
	for code := shuangbai.ParentCode(scope.Code); code != ""; code = shuangbai.ParentCode(code) {
		above = append(above, code)
	}
	if len(above) == 0 {
		return inside, args
	}
	return "(" + inside + " OR c.region IN (" + placeholders(len(above)) + "))", append(args, above...)
}

func (db *DB) scanChiefs(ctx context.Context, rest string, args []any) ([]shuangbai.ChiefSupervisor, error) {
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT `+chiefColumns+` FROM chief_supervisors c JOIN people p ON p.id = c.person_id WHERE `+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("store: chief supervisors: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.ChiefSupervisor
	for rows.Next() {
		var c shuangbai.ChiefSupervisor
		if err := rows.Scan(&c.ID, &c.PersonID, &c.Name, &c.Region, &c.Title, &c.From, &c.To); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AppointChief records a chief supervisor (总督导) over a region from
// c.From, and closes the term of the one in office then on the day
// before. The region must be the user's own or lie below it: a county
// admin does not appoint the city's chief (EFORBIDDEN), and a region
// outside the user's tree is not found. The person, a supervisor, must lie
// inside the user's scope.
func (db *DB) AppointChief(ctx context.Context, u *shuangbai.User, c *shuangbai.ChiefSupervisor) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	if err := c.Validate(); err != nil {
		return err
	}
	scope := u.Scope()
	switch {
	case scope.Contains(c.Region):
	case visible(scope, c.Region): // above the user's home
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "总督导由其负责区划的管理员任命：%s不能任命上级区划的总督导", u.Role.Label())
	default:
		return notFound("区划")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM regions WHERE code = ?"), c.Region).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return notFound("区划")
		}
		p, err := db.person(ctx, tx, scope, c.PersonID)
		if err != nil {
			return err
		}
		if p.Role != shuangbai.StaffSupervisor {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: p.Name + "不是督导，请先在人员名册中把岗位改为督导",
				Fields: map[string]string{"person_id": p.Name + "不是督导，请选择督导"}}
		}
		c.Name = p.Name
		if err := db.closePredecessor(ctx, tx, u, c); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO chief_supervisors (person_id, region, title, date_from, date_to)
			VALUES (?, ?, ?, ?, ?) RETURNING id`), c.PersonID, c.Region, c.Title, c.From, c.To).Scan(&c.ID); err != nil {
			return fmt.Errorf("store: chief supervisor: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "chief_supervisor", c.ID, c.Region, nil, c)
	})
}

// closePredecessor ends, on the eve of c.From, the term of the chief of
// c's region still in office then. A term that starts on or after c.From
// is a conflict: the history would no longer be one chief at a time.
func (db *DB) closePredecessor(ctx context.Context, tx *sql.Tx, u *shuangbai.User, c *shuangbai.ChiefSupervisor) error {
	rows, err := tx.QueryContext(ctx, db.q(`SELECT `+chiefColumns+` FROM chief_supervisors c JOIN people p ON p.id = c.person_id
		WHERE c.region = ? AND (c.date_to IS NULL OR c.date_to >= ?) ORDER BY c.date_from`), c.Region, c.From)
	if err != nil {
		return fmt.Errorf("store: chief predecessor: %w", err)
	}
	var open []shuangbai.ChiefSupervisor
	for rows.Next() {
		var o shuangbai.ChiefSupervisor
		if err := rows.Scan(&o.ID, &o.PersonID, &o.Name, &o.Region, &o.Title, &o.From, &o.To); err != nil {
			rows.Close()
			return err
		}
		open = append(open, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, o := range open {
		if !o.From.Before(c.From) {
			msg := o.Name + "自 " + o.From.String() + " 起任总督导，新任日期应晚于此"
			return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: msg, Fields: map[string]string{"from": msg}}
		}
		before := o
		o.To = c.From.AddDays(-1)
		if _, err := tx.ExecContext(ctx, db.q("UPDATE chief_supervisors SET date_to = ? WHERE id = ?"), o.To, o.ID); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, u, "update", "chief_supervisor", o.ID, o.Region, before, o); err != nil {
			return err
		}
	}
	return nil
}

// EndChief records the last day of a chief supervisor's term. The term
// must lie inside the user's scope: the chief of a region above is not the
// user's to end, and is not found.
func (db *DB) EndChief(ctx context.Context, u *shuangbai.User, id int64, last shuangbai.Date) (shuangbai.ChiefSupervisor, error) {
	var c shuangbai.ChiefSupervisor
	if !u.CanRunRecruitment() {
		return c, forbidden()
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		cond, args := inScope("c.region", u.Scope())
		err := tx.QueryRowContext(ctx, db.q(`SELECT `+chiefColumns+` FROM chief_supervisors c JOIN people p ON p.id = c.person_id
			WHERE c.id = ? AND `+cond), append([]any{id}, args...)...).Scan(&c.ID, &c.PersonID, &c.Name, &c.Region, &c.Title, &c.From, &c.To)
		if err == sql.ErrNoRows {
			return notFound("总督导任职记录")
		}
		if err != nil {
			return err
		}
		switch {
		case last.IsZero() || last.Before(c.From):
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "离任日期不能早于任职日期",
				Fields: map[string]string{"to": "请填写不早于 " + c.From.String() + " 的离任日期"}}
		case !c.To.IsZero() && !last.Before(c.To):
			return shuangbai.Errorf(shuangbai.ECONFLICT, "%s的任期已于 %s 结束", c.Name, c.To)
		}
		before := c
		c.To = last
		if _, err := tx.ExecContext(ctx, db.q("UPDATE chief_supervisors SET date_to = ? WHERE id = ?"), last, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "update", "chief_supervisor", id, c.Region, before, c)
	})
	return c, err
}
