package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// sinceEver stands for a zero ValidFrom, which is part of the primary key
// and so cannot be NULL.
var sinceEver = shuangbai.NewDate(1000, 1, 1)

const regionColumns = "code, name, parent, valid_from, valid_to"

func scanRegion(s interface{ Scan(...any) error }) (shuangbai.Region, error) {
	var r shuangbai.Region
	if err := s.Scan(&r.Code, &r.Name, &r.Parent, &r.ValidFrom, &r.ValidTo); err != nil {
		return r, err
	}
	if r.ValidFrom == sinceEver {
		r.ValidFrom = shuangbai.Date{}
	}
	return r, nil
}

// validOn returns the condition that a region version was valid on day d;
// the zero day means "now": the current version.
func validOn(d shuangbai.Date) (string, []any) {
	if d.IsZero() {
		return "valid_to IS NULL", nil
	}
	return "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)", []any{d, d}
}

// visible reports whether a user with scope may read the region with code:
// those inside the scope and the ancestors of its root, whose names a
// breadcrumb shows.
func visible(scope shuangbai.Scope, code string) bool {
	return scope.Contains(code) || (!scope.Empty() && code != "" && strings.HasPrefix(scope.Code, code))
}

// Region returns the region with the given code as it is now, or as it was
// on day on when on is not zero.
func (db *DB) Region(ctx context.Context, scope shuangbai.Scope, code string, on shuangbai.Date) (shuangbai.Region, error) {
	if !visible(scope, code) {
		return shuangbai.Region{}, notFound("区划")
	}
	cond, args := validOn(on)
	row := db.read.QueryRowContext(ctx, db.q("SELECT "+regionColumns+" FROM regions WHERE code = ? AND "+cond), append([]any{code}, args...)...)
	r, err := scanRegion(row)
	if err == sql.ErrNoRows {
		return r, notFound("区划")
	}
	if err != nil {
		return r, fmt.Errorf("store: region %s: %w", code, err)
	}
	return r, nil
}

// Children returns the regions directly under code inside scope, in code
// order, as they are now or were on day on.
func (db *DB) Children(ctx context.Context, scope shuangbai.Scope, code string, on shuangbai.Date) ([]shuangbai.Region, error) {
	if !visible(scope, code) {
		return nil, notFound("区划")
	}
	var w where
	w.add("parent = ?", code)
	w.scope("code", scope)
	cond, args := validOn(on)
	w.add(cond, args...)
	return db.regions(ctx, w)
}

// RegionsAt returns the regions inside scope at one level, in code order, as
// they are now or were on day on.
func (db *DB) RegionsAt(ctx context.Context, scope shuangbai.Scope, level shuangbai.Level, on shuangbai.Date) ([]shuangbai.Region, error) {
	var w where
	w.add("level = ?", int(level))
	w.scope("code", scope)
	cond, args := validOn(on)
	w.add(cond, args...)
	return db.regions(ctx, w)
}

func (db *DB) regions(ctx context.Context, w where) ([]shuangbai.Region, error) {
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+regionColumns+" FROM regions WHERE "+w.String()+" ORDER BY code"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: regions: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ImportResult counts what an import did.
type ImportResult struct {
	Added, Renamed, Unchanged int
}

// ImportRegions stores regions in one transaction: all of them or none.
// A region already stored with the same name and parent is left alone. One
// whose name or parent differs is a rename or a move: it needs the day it
// took effect (effective), on which the old version ends and the new one
// begins, so that reports for earlier days still show the old one. Every
// region's parent must be in the import or already stored.
func (db *DB) ImportRegions(ctx context.Context, u *shuangbai.User, regions []shuangbai.Region, effective shuangbai.Date) (ImportResult, error) {
	var res ImportResult
	if !u.CanEditNetwork() || u.Role != shuangbai.RoleSystem && u.Role != shuangbai.RoleCityAdmin {
		return res, forbidden()
	}
	scope := u.Scope()
	inFile := make(map[string]bool, len(regions))
	for _, r := range regions {
		inFile[r.Code] = true
	}
	defer db.namesChanged()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for i, r := range regions {
			if !scope.Contains(r.Code) {
				return shuangbai.Errorf(shuangbai.EFORBIDDEN, "第 %d 条：区划 %s 不在您的管辖范围内", i+1, r.Code)
			}
			if r.Parent != "" && !inFile[r.Parent] {
				var n int
				if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM regions WHERE code = ? AND valid_to IS NULL"), r.Parent).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return shuangbai.Errorf(shuangbai.EINVALID, "第 %d 条：区划 %s（%s）的上级 %s 不存在", i+1, r.Code, r.Name, r.Parent)
				}
			}
			old, err := scanRegion(tx.QueryRowContext(ctx, db.q("SELECT "+regionColumns+" FROM regions WHERE code = ? AND valid_to IS NULL"), r.Code))
			switch {
			case err == sql.ErrNoRows:
				if err := db.insertRegion(ctx, tx, r, r.ValidFrom); err != nil {
					return err
				}
				res.Added++
				continue
			case err != nil:
				return err
			}
			if old.Name == r.Name && old.Parent == r.Parent {
				res.Unchanged++
				continue
			}
			if effective.IsZero() {
				return shuangbai.Errorf(shuangbai.EINVALID, "第 %d 条：区划 %s 现名“%s”，导入为“%s”；如属更名或调整，请指定生效日期", i+1, r.Code, old.Name, r.Name)
			}
			if !old.ValidFrom.Before(effective) {
				return shuangbai.Errorf(shuangbai.EINVALID, "第 %d 条：生效日期 %s 不晚于区划 %s 现有记录的启用日期", i+1, effective, r.Code)
			}
			from := old.ValidFrom
			if from.IsZero() {
				from = sinceEver
			}
			if _, err := tx.ExecContext(ctx, db.q("UPDATE regions SET valid_to = ? WHERE code = ? AND valid_from = ?"), effective, r.Code, from); err != nil {
				return err
			}
			if err := db.insertRegion(ctx, tx, r, effective); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, u, "rename", "region", r.Code, r.Code, old, r); err != nil {
				return err
			}
			res.Renamed++
		}
		if res.Added > 0 {
			return db.audit(ctx, tx, u, "import", "region", fmt.Sprintf("%d", res.Added), scope.Code, nil, map[string]int{"added": res.Added})
		}
		return nil
	})
	return res, err
}

func (db *DB) insertRegion(ctx context.Context, tx *sql.Tx, r shuangbai.Region, from shuangbai.Date) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("区划 %s: %w", r.Code, err)
	}
	if from.IsZero() {
		from = sinceEver
	}
	var to any
	if !r.ValidTo.IsZero() {
		to = r.ValidTo
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO regions (code, valid_from, valid_to, name, parent, level, kind)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), r.Code, from, to, r.Name, r.Parent, int(r.Level()), string(r.Kind()))
	if err != nil {
		return fmt.Errorf("store: insert region %s: %w", r.Code, mapError(err))
	}
	return nil
}
