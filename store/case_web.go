package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// The case pages need a few reads and writes beyond the case-work core:
// names for lists, household choices for forms, filing a person and a new
// household in one step, and logging a whole export at once.

// StaffNames returns the names of the staff with the given ids inside
// scope. Ids outside scope are absent from the map.
func (db *DB) StaffNames(ctx context.Context, scope shuangbai.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	var args []any
	seen := map[int64]bool{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	var w where
	w.add("p.id IN (?"+strings.Repeat(", ?", len(args)-1)+")", args...)
	w.scope("p.region", scope)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT p.id, p.name FROM people p WHERE "+w.String()), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: staff names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Households returns up to limit households inside scope, by village and
// head's name: the choices of a form's household field.
func (db *DB) Households(ctx context.Context, scope shuangbai.Scope, limit int) ([]shuangbai.Household, error) {
	var w where
	w.scope("region", scope)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT id, region, head_name, address, created_at FROM households WHERE "+
		w.String()+" ORDER BY region, head_name, id"+page(limit, 0)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: households: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Household
	for rows.Next() {
		var h shuangbai.Household
		if err := rows.Scan(&h.ID, &h.Region, &h.HeadName, &h.Address, &h.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// CheckHousehold makes sure an existing household a beneficiary joins lies
// inside scope and in the beneficiary's own village. CreateBeneficiary and
// UpdateBeneficiary take the id as given, so callers that accept it from a
// user check it here first.
func (db *DB) CheckHousehold(ctx context.Context, scope shuangbai.Scope, id int64, village string) error {
	return db.checkHousehold(ctx, db.read, scope, id, village)
}

func (db *DB) checkHousehold(ctx context.Context, q querier, scope shuangbai.Scope, id int64, village string) error {
	if id == 0 {
		return nil
	}
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	var region string
	err := q.QueryRowContext(ctx, db.q("SELECT region FROM households WHERE "+w.String()), w.args...).Scan(&region)
	if err == sql.ErrNoRows {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "家庭不存在",
			Fields: map[string]string{"household": "家庭不存在或不在您的管辖范围内"}}
	}
	if err != nil {
		return fmt.Errorf("store: check household: %w", err)
	}
	if region != village {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "家庭不在本人所在的村（社区）",
			Fields: map[string]string{"household": "所选家庭不在本人所在的村（社区），请重新选择或新建家庭"}}
	}
	return nil
}

// FileBeneficiary files a beneficiary (建档立卡) like CreateBeneficiary,
// and, when hh is not nil, first files hh as a new household in the same
// village with the beneficiary as its member, all in one transaction: a
// refused filing leaves no empty household behind. An existing household
// (b.HouseholdID) must be in scope and in the same village.
func (db *DB) FileBeneficiary(ctx context.Context, u *shuangbai.User, b *shuangbai.Beneficiary, hh *shuangbai.Household) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	today := db.today()
	b.Open = true
	if b.FoundOn.IsZero() {
		b.FoundOn = today
	}
	fe := shuangbai.FieldErrors{}
	if hh != nil && strings.TrimSpace(hh.HeadName) == "" {
		fe.Add("head_name", "请填写户主姓名")
	}
	if err := b.Validate(today); err != nil {
		for k, v := range err.(*shuangbai.Error).Fields {
			fe.Add(k, v)
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), b.Region, false); err != nil {
			return err
		}
		if hh != nil {
			hh.Region, hh.CreatedAt = b.Region, db.now()
			if hh.Address == "" {
				hh.Address = b.Address
			}
			err := tx.QueryRowContext(ctx, db.q("INSERT INTO households (region, head_name, address, created_at) VALUES (?, ?, ?, ?) RETURNING id"),
				hh.Region, hh.HeadName, hh.Address, hh.CreatedAt).Scan(&hh.ID)
			if err != nil {
				return fmt.Errorf("store: create household: %w", err)
			}
			if err := db.audit(ctx, tx, u, "create", "household", hh.ID, hh.Region, nil, hh); err != nil {
				return err
			}
			b.HouseholdID = hh.ID
		} else if err := db.checkHousehold(ctx, tx, u.Scope(), b.HouseholdID, b.Region); err != nil {
			return err
		}
		return db.insertBeneficiary(ctx, tx, u, b)
	})
}

// Application returns one application inside scope.
func (db *DB) Application(ctx context.Context, scope shuangbai.Scope, id int64) (shuangbai.Application, error) {
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	var a shuangbai.Application
	err := db.read.QueryRowContext(ctx, db.q("SELECT "+applicationColumns+" FROM applications WHERE "+w.String()), w.args...).
		Scan(&a.ID, &a.BeneficiaryID, &a.Region, (*string)(&a.Kind), (*string)(&a.Status), &a.PreparedOn, &a.SubmittedOn,
			&a.DecidedOn, &a.Amount, &a.Documents, &a.Note, &a.CreatedAt)
	if err == sql.ErrNoRows {
		return a, notFound("申请")
	}
	if err != nil {
		return a, fmt.Errorf("store: application %d: %w", id, err)
	}
	return a, nil
}

// AccessTarget is one person whose record an access touched.
type AccessTarget struct {
	BeneficiaryID int64
	Region        string
}

// LogAccessMany records one access-log line per person for an access that
// touched many records at once, such as an export, in one transaction: so
// that each person's own history shows who exported their data.
func (db *DB) LogAccessMany(ctx context.Context, u *shuangbai.User, action string, targets []AccessTarget, reason, detail string) error {
	if (action == AccessReveal || action == AccessExport) && strings.TrimSpace(reason) == "" {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请填写查看或导出的理由", Fields: map[string]string{"reason": "请填写查看或导出的理由"}}
	}
	now := db.now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		const batch = 100
		for start := 0; start < len(targets); start += batch {
			part := targets[start:min(start+batch, len(targets))]
			var args []any
			for _, t := range part {
				args = append(args, now, u.ID, u.Username, action, nullID(t.BeneficiaryID), t.Region, reason, detail)
			}
			values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(part)), ", ")
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO access_log (at, user_id, username, action, beneficiary_id, region, reason, detail)
				VALUES `+values), args...); err != nil {
				return fmt.Errorf("store: access log: %w", err)
			}
		}
		return nil
	})
}
