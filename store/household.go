package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// CreateHousehold files a household in a village inside the user's scope.
func (db *DB) CreateHousehold(ctx context.Context, u *shuangbai.User, h *shuangbai.Household) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	if err := h.Validate(); err != nil {
		return err
	}
	h.CreatedAt = db.now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), h.Region, false); err != nil {
			return err
		}
		if shuangbai.LevelOf(h.Region) != shuangbai.LevelVillage {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请选择村（社区）", Fields: map[string]string{"region": "请选择所在村（社区）"}}
		}
		return db.insertHousehold(ctx, tx, u, h)
	})
}

// insertHousehold files h, with its audit entry, in tx.
func (db *DB) insertHousehold(ctx context.Context, tx *sql.Tx, u *shuangbai.User, h *shuangbai.Household) error {
	err := tx.QueryRowContext(ctx, db.q("INSERT INTO households (region, head_name, address, created_at) VALUES (?, ?, ?, ?) RETURNING id"),
		h.Region, h.HeadName, h.Address, h.CreatedAt).Scan(&h.ID)
	if err != nil {
		return fmt.Errorf("store: create household: %w", err)
	}
	return db.audit(ctx, tx, u, "create", "household", h.ID, h.Region, nil, h)
}

// Household returns a household inside scope and its members inside scope.
func (db *DB) Household(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.Household, []*shuangbai.Beneficiary, error) {
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	var h shuangbai.Household
	err := db.read.QueryRowContext(ctx, db.q("SELECT id, region, head_name, address, created_at FROM households WHERE "+w.String()), w.args...).
		Scan(&h.ID, &h.Region, &h.HeadName, &h.Address, &h.CreatedAt)
	if err == sql.ErrNoRows {
		return nil, nil, notFound("家庭")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: household: %w", err)
	}
	// Members outside scope (a member who moved away) are not shown.
	var mw where
	mw.add("b.household_id = ?", id)
	mw.scope("b.region", scope)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+beneficiaryColumns+" FROM beneficiaries b WHERE "+mw.String()+" ORDER BY b.id"), mw.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var members []*shuangbai.Beneficiary
	for rows.Next() {
		b, err := db.scanBeneficiary(rows)
		if err != nil {
			return nil, nil, err
		}
		members = append(members, b)
	}
	return &h, members, rows.Err()
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

// newHouseholdOf files hh in tx as the new household of b, in b's village
// (at b's address unless hh has one), and makes b its member.
func (db *DB) newHouseholdOf(ctx context.Context, tx *sql.Tx, u *shuangbai.User, b *shuangbai.Beneficiary, hh *shuangbai.Household) error {
	hh.Region, hh.CreatedAt = b.Region, db.now()
	if hh.Address == "" {
		hh.Address = b.Address
	}
	if err := db.insertHousehold(ctx, tx, u, hh); err != nil {
		return err
	}
	b.HouseholdID = hh.ID
	return nil
}
