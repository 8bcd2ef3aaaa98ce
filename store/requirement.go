package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// Requirements returns the overrides of required counts for the counties
// inside scope, keyed by county code.
func (db *DB) Requirements(ctx context.Context, scope shuangbai.Scope) (map[string]shuangbai.Requirement, error) {
	var w where
	w.scope("county", scope)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT county, stations, points, reason, updated_at FROM requirements WHERE "+w.String()), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: requirements: %w", err)
	}
	defer rows.Close()
	out := map[string]shuangbai.Requirement{}
	for rows.Next() {
		var r shuangbai.Requirement
		var st, pt sql.NullInt64
		if err := rows.Scan(&r.County, &st, &pt, &r.Reason, &r.UpdatedAt); err != nil {
			return nil, err
		}
		if st.Valid {
			n := int(st.Int64)
			r.Stations = &n
		}
		if pt.Valid {
			n := int(pt.Int64)
			r.Points = &n
		}
		out[r.County] = r
	}
	return out, rows.Err()
}

// SetRequirement overrides a county's required counts; nil counts restore
// the default. A reason is required, since the figure departs from the rule.
func (db *DB) SetRequirement(ctx context.Context, u *shuangbai.User, r shuangbai.Requirement) error {
	if !u.IsBureauAdmin() {
		return forbidden()
	}
	fe := shuangbai.FieldErrors{}
	if shuangbai.LevelOf(r.County) != shuangbai.LevelCounty || !u.Scope().Contains(r.County) {
		fe.Add("county", "请选择您管辖范围内的县（市、区）")
	}
	if r.Stations != nil && *r.Stations < 0 {
		fe.Add("stations", "应建数量不能为负数")
	}
	if r.Points != nil && *r.Points < 0 {
		fe.Add("points", "应建数量不能为负数")
	}
	fe.Text("reason", "理由", &r.Reason, shuangbai.TextLine, 200)
	if (r.Stations != nil || r.Points != nil) && r.Reason == "" {
		fe.Add("reason", "调整应建数量须说明理由（如县级方案文号）")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	r.UpdatedAt = db.now()
	ptr := func(p *int) any {
		if p == nil {
			return nil
		}
		return *p
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO requirements (county, stations, points, reason, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (county) DO UPDATE SET stations = excluded.stations, points = excluded.points, reason = excluded.reason, updated_at = excluded.updated_at`),
			r.County, ptr(r.Stations), ptr(r.Points), r.Reason, r.UpdatedAt); err != nil {
			return fmt.Errorf("store: set requirement: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "requirement", r.County, r.County, nil, r)
	})
}

// RequiredDefault is what a county must build by the rule, before any
// override: a station per town or street needing one, a point per
// registered point.
type RequiredDefault struct {
	County   shuangbai.Region
	Stations int
	Points   int
}

// RequiredDefaults returns the default required counts of the counties
// inside scope, in code order.
func (db *DB) RequiredDefaults(ctx context.Context, scope shuangbai.Scope) ([]RequiredDefault, error) {
	counties, err := db.RegionsAt(ctx, scope, shuangbai.LevelCounty, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	towns, err := db.groupCount(ctx, `SELECT SUBSTR(code, 1, 6), COUNT(*) FROM regions WHERE `+inScopeCond("code", scope)+
		` AND level = 4 AND kind IN ('street', 'town', 'township') AND valid_to IS NULL GROUP BY 1`, scopeArgs(scope)...)
	if err != nil {
		return nil, err
	}
	points, err := db.groupCount(ctx, `SELECT SUBSTR(region, 1, 6), COUNT(*) FROM points WHERE `+inScopeCond("region", scope)+` GROUP BY 1`, scopeArgs(scope)...)
	if err != nil {
		return nil, err
	}
	out := make([]RequiredDefault, 0, len(counties))
	for _, c := range counties {
		out = append(out, RequiredDefault{County: c, Stations: towns[c.Code], Points: points[c.Code]})
	}
	return out, nil
}
