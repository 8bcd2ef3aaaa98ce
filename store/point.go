package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

const pointColumns = "p.id, p.region, p.station_id, " + "p.name, p.status, p.built_on, p.office, p.office_address, p.office_since, p.equipment, p.lat, p.lng, p.phone" + ", p.created_at, p.updated_at"

func scanPoint(sc interface{ Scan(...any) error }, extra ...any) (shuangbai.Point, error) {
	var p shuangbai.Point
	dest := append([]any{&p.ID, &p.Region, &p.StationID}, siteDest(&p.Site)...)
	dest = append(dest, &p.CreatedAt, &p.UpdatedAt)
	err := sc.Scan(append(dest, extra...)...)
	return p, err
}

// PointFilter selects points: the site filter, and the station they belong to.
type PointFilter struct {
	shuangbai.SiteFilter
	StationID int64
}

// Points returns one page of the points inside scope that match f, in region
// order, and how many match in all.
func (db *DB) Points(ctx context.Context, scope shuangbai.Scope, f PointFilter) ([]shuangbai.Point, int, error) {
	var w where
	siteFilter(&w, "p", scope, f.SiteFilter)
	if f.StationID != 0 {
		w.add("p.station_id = ?", f.StationID)
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+pointColumns+", COUNT(*) OVER () FROM points p WHERE "+w.String()+
		" ORDER BY p.region"+page(f.Limit, f.Offset)), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: points: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Point
	var total int
	for rows.Next() {
		p, err := scanPoint(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// Point returns the point with the given id if it lies inside scope.
func (db *DB) Point(ctx context.Context, scope shuangbai.Scope, id int64) (shuangbai.Point, error) {
	return db.point(ctx, db.read, scope, id)
}

func (db *DB) point(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (shuangbai.Point, error) {
	var w where
	w.add("p.id = ?", id)
	w.scope("p.region", scope)
	p, err := scanPoint(q.QueryRowContext(ctx, db.q("SELECT "+pointColumns+" FROM points p WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return p, notFound("社工点")
	}
	if err != nil {
		return p, fmt.Errorf("store: point %d: %w", id, err)
	}
	return p, nil
}

// checkPointStation makes sure the point's station is the station of the
// point's own town.
func (db *DB) checkPointStation(ctx context.Context, q querier, u *shuangbai.User, p *shuangbai.Point) error {
	st, err := db.station(ctx, q, u.Scope(), p.StationID)
	if err != nil || st.Region != shuangbai.ParentCode(p.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所属社工站不正确",
			Fields: map[string]string{"station_id": "社工点应属于其所在乡镇（街道）的社工站"}}
	}
	return nil
}

// CreatePoint stores a new point and sets its ID.
func (db *DB) CreatePoint(ctx context.Context, u *shuangbai.User, p *shuangbai.Point) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	if err := p.Validate(db.today()); err != nil {
		return err
	}
	now := db.now()
	p.CreatedAt, p.UpdatedAt = now, now
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), p.Region, false); err != nil {
			return err
		}
		if err := db.checkPointStation(ctx, tx, u, p); err != nil {
			return err
		}
		args := append([]any{p.Region, p.StationID}, siteArgs(&p.Site)...)
		args = append(args, now, now)
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO points (region, station_id, `+siteColumns+`, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), args...).Scan(&p.ID)
		if err != nil {
			err = mapError(err)
			if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
				return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该村（社区）已有社工点",
					Fields: map[string]string{"region": "该村（社区）已有社工点"}}
			}
			return fmt.Errorf("store: create point: %w", err)
		}
		if err := db.recordSite(ctx, tx, "point", p.ID, p.BuiltOn, p.Site); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "create", "point", p.ID, p.Region, nil, p)
	})
}

// UpdatePoint stores changes to a point's site fields.
func (db *DB) UpdatePoint(ctx context.Context, u *shuangbai.User, p *shuangbai.Point) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.point(ctx, tx, u.Scope(), p.ID)
		if err != nil {
			return err
		}
		p.Region, p.StationID, p.CreatedAt = old.Region, old.StationID, old.CreatedAt
		if err := p.Validate(db.today()); err != nil {
			return err
		}
		p.UpdatedAt = db.now()
		args := append(siteArgs(&p.Site), p.UpdatedAt, p.ID)
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE points SET name = ?, status = ?, built_on = ?, office = ?, office_address = ?,
			office_since = ?, equipment = ?, lat = ?, lng = ?, phone = ?, updated_at = ? WHERE id = ?`), args...); err != nil {
			return fmt.Errorf("store: update point: %w", mapError(err))
		}
		if siteChanged(old.Site, p.Site) {
			if err := db.recordSite(ctx, tx, "point", p.ID, shuangbai.Date{}, p.Site); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, u, "update", "point", p.ID, p.Region, old, p)
	})
}
