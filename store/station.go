package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

const stationColumns = "s.id, s.region, " + "s.name, s.status, s.built_on, s.office, s.office_address, s.office_since, s.equipment, s.lat, s.lng, s.phone" + ", s.created_at, s.updated_at"

func scanStation(sc interface{ Scan(...any) error }, extra ...any) (shuangbai.Station, error) {
	var s shuangbai.Station
	dest := append([]any{&s.ID, &s.Region}, siteDest(&s.Site)...)
	dest = append(dest, &s.CreatedAt, &s.UpdatedAt)
	err := sc.Scan(append(dest, extra...)...)
	return s, err
}

// Stations returns one page of the stations inside scope that match f, in
// region order, and how many match in all.
func (db *DB) Stations(ctx context.Context, scope shuangbai.Scope, f shuangbai.SiteFilter) ([]shuangbai.Station, int, error) {
	var w where
	siteFilter(&w, "s", scope, f)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+stationColumns+", COUNT(*) OVER () FROM stations s WHERE "+w.String()+
		" ORDER BY s.region"+page(f.Limit, f.Offset)), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: stations: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Station
	var total int
	for rows.Next() {
		s, err := scanStation(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// Station returns the station with the given id if it lies inside scope.
func (db *DB) Station(ctx context.Context, scope shuangbai.Scope, id int64) (shuangbai.Station, error) {
	return db.station(ctx, db.read, scope, id)
}

func (db *DB) station(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (shuangbai.Station, error) {
	var w where
	w.add("s.id = ?", id)
	w.scope("s.region", scope)
	s, err := scanStation(q.QueryRowContext(ctx, db.q("SELECT "+stationColumns+" FROM stations s WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return s, notFound("社工站")
	}
	if err != nil {
		return s, fmt.Errorf("store: station %d: %w", id, err)
	}
	return s, nil
}

// StationByRegion returns the station of a town or street.
func (db *DB) StationByRegion(ctx context.Context, scope shuangbai.Scope, town string) (shuangbai.Station, error) {
	if !scope.Contains(town) {
		return shuangbai.Station{}, notFound("社工站")
	}
	s, err := scanStation(db.read.QueryRowContext(ctx, db.q("SELECT "+stationColumns+" FROM stations s WHERE s.region = ?"), town))
	if err == sql.ErrNoRows {
		return s, notFound("社工站")
	}
	return s, err
}

// checkSiteRegion makes sure a site's region exists now, is of the kind it
// needs and lies inside the user's scope.
func (db *DB) checkSiteRegion(ctx context.Context, q querier, scope shuangbai.Scope, code string, wantStation bool) error {
	if !scope.Contains(code) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所选区划不在您的管辖范围内",
			Fields: map[string]string{"region": "所选区划不在您的管辖范围内"}}
	}
	var r shuangbai.Region
	r, err := scanRegion(q.QueryRowContext(ctx, db.q("SELECT "+regionColumns+" FROM regions WHERE code = ? AND valid_to IS NULL"), code))
	if err == sql.ErrNoRows {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "区划代码不存在",
			Fields: map[string]string{"region": "区划代码 " + code + " 不存在"}}
	}
	if err != nil {
		return err
	}
	if wantStation && !r.NeedsStation() {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "该区划不设社工站",
			Fields: map[string]string{"region": r.Name + "属于" + r.Kind().Label() + "，不设社工站"}}
	}
	return nil
}

// CreateStation stores a new station and sets its ID.
func (db *DB) CreateStation(ctx context.Context, u *shuangbai.User, s *shuangbai.Station) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	if err := s.Validate(db.today()); err != nil {
		return err
	}
	now := db.now()
	s.CreatedAt, s.UpdatedAt = now, now
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), s.Region, true); err != nil {
			return err
		}
		args := append([]any{s.Region}, siteArgs(&s.Site)...)
		args = append(args, now, now)
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO stations (region, `+siteColumns+`, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), args...).Scan(&s.ID)
		if err != nil {
			err = mapError(err)
			if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
				return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该乡镇（街道）已有社工站",
					Fields: map[string]string{"region": "该乡镇（街道）已有社工站，一个乡镇（街道）只设一个社工站"}}
			}
			return fmt.Errorf("store: create station: %w", err)
		}
		if err := db.recordSite(ctx, tx, "station", s.ID, s.BuiltOn, s.Site); err != nil {
			return err
		}
		return db.audit(ctx, tx, u, "create", "station", s.ID, s.Region, nil, s)
	})
}

// UpdateStation stores changes to a station's site fields. Its region does
// not change: a station moves by being closed and opened elsewhere.
func (db *DB) UpdateStation(ctx context.Context, u *shuangbai.User, s *shuangbai.Station) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.station(ctx, tx, u.Scope(), s.ID)
		if err != nil {
			return err
		}
		s.Region, s.CreatedAt = old.Region, old.CreatedAt
		if err := s.Validate(db.today()); err != nil {
			return err
		}
		s.UpdatedAt = db.now()
		args := append(siteArgs(&s.Site), s.UpdatedAt, s.ID)
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE stations SET name = ?, status = ?, built_on = ?, office = ?, office_address = ?,
			office_since = ?, equipment = ?, lat = ?, lng = ?, phone = ?, updated_at = ? WHERE id = ?`), args...); err != nil {
			return fmt.Errorf("store: update station: %w", mapError(err))
		}
		if siteChanged(old.Site, s.Site) {
			if err := db.recordSite(ctx, tx, "station", s.ID, shuangbai.Date{}, s.Site); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, u, "update", "station", s.ID, s.Region, old, s)
	})
}
