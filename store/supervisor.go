package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

// Supervisors (督导) are people on the roster with the supervisor's role;
// the stations each covers are dated like assignments, so coverage can
// change without losing its history. Chief supervisors (总督导) lead a
// programme over a province, city or county.

// Supervisors returns the supervisors inside scope with the stations they
// cover on day d, by region and name, and the chief supervisors in office
// on d over scope: those whose region lies inside it, and those above it
// — the chief of the programme a county belongs to leads that county too.
func (db *DB) Supervisors(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) ([]shuangbai.Supervisor, []shuangbai.ChiefSupervisor, error) {
	people, _, err := db.People(ctx, scope, PersonFilter{Role: shuangbai.StaffSupervisor, Limit: 500})
	if err != nil {
		return nil, nil, err
	}
	out := make([]shuangbai.Supervisor, len(people))
	index := map[int64]int{}
	for i, p := range people {
		out[i].Person = p
		index[p.ID] = i
	}
	var w where
	w.scope("c.region", scope)
	w.add("c.date_from <= ? AND (c.date_to IS NULL OR c.date_to >= ?)", d, d)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT c.id, c.person_id, c.station_id, s.name, c.region, c.date_from, c.date_to
		FROM supervisor_stations c JOIN stations s ON s.id = c.station_id WHERE `+w.String()+` ORDER BY c.region`), w.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: supervisors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c shuangbai.Coverage
		if err := rows.Scan(&c.ID, &c.PersonID, &c.StationID, &c.StationName, &c.Region, &c.From, &c.To); err != nil {
			return nil, nil, err
		}
		if i, ok := index[c.PersonID]; ok {
			out[i].Stations = append(out[i].Stations, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	chiefs, err := db.chiefs(ctx, scope, d)
	return out, chiefs, err
}

// Coverages returns every station a supervisor covered, newest first.
func (db *DB) Coverages(ctx context.Context, scope shuangbai.Scope, personID int64) ([]shuangbai.Coverage, error) {
	var w where
	w.add("c.person_id = ?", personID)
	w.scope("c.region", scope)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT c.id, c.person_id, c.station_id, s.name, c.region, c.date_from, c.date_to
		FROM supervisor_stations c JOIN stations s ON s.id = c.station_id WHERE `+w.String()+` ORDER BY c.date_from DESC, c.id DESC`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: coverages: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Coverage
	for rows.Next() {
		var c shuangbai.Coverage
		if err := rows.Scan(&c.ID, &c.PersonID, &c.StationID, &c.StationName, &c.Region, &c.From, &c.To); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CoverStation records that a supervisor covers a station from c.From.
// Both must lie inside the user's scope, and the station inside the
// supervisor's region.
func (db *DB) CoverStation(ctx context.Context, u *shuangbai.User, c *shuangbai.Coverage) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.cover(ctx, tx, u, c) })
}

func (db *DB) cover(ctx context.Context, tx *sql.Tx, u *shuangbai.User, c *shuangbai.Coverage) error {
	scope := u.Scope()
	if c.From.IsZero() {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请填写开始日期", Fields: map[string]string{"from": "请填写开始日期"}}
	}
	if !c.To.IsZero() && c.To.Before(c.From) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "结束日期不能早于开始日期", Fields: map[string]string{"to": "结束日期不能早于开始日期"}}
	}
	p, err := db.person(ctx, tx, scope, c.PersonID)
	if err != nil {
		return err
	}
	if p.Role != shuangbai.StaffSupervisor {
		return shuangbai.Errorf(shuangbai.EINVALID, "%s不是督导，请先在人员名册中把岗位改为督导", p.Name)
	}
	s, err := db.station(ctx, tx, scope, c.StationID)
	if err != nil {
		return err
	}
	if !(shuangbai.Scope{Code: p.Region}).Contains(s.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "督导只能负责其所属区划内的社工站",
			Fields: map[string]string{"station_id": "督导只能负责其所属区划内的社工站"}}
	}
	var open int
	if err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM supervisor_stations WHERE person_id = ? AND station_id = ?
		AND (date_to IS NULL OR date_to >= ?)`), c.PersonID, c.StationID, c.From).Scan(&open); err != nil {
		return err
	}
	if open > 0 {
		return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: p.Name + "已负责" + s.Name, Fields: map[string]string{"station_id": "已负责该站"}}
	}
	c.Region, c.StationName = s.Region, s.Name
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO supervisor_stations (person_id, station_id, region, date_from, date_to)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), c.PersonID, c.StationID, c.Region, c.From, c.To).Scan(&c.ID); err != nil {
		return fmt.Errorf("store: cover station: %w", err)
	}
	return db.audit(ctx, tx, u, "create", "supervision", c.ID, c.Region, nil, c)
}

// EndCoverage records the last day a supervisor covers a station.
func (db *DB) EndCoverage(ctx context.Context, u *shuangbai.User, id int64, last shuangbai.Date) error {
	if !u.CanRunRecruitment() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var w where
		w.add("id = ?", id)
		w.scope("region", u.Scope())
		var c shuangbai.Coverage
		err := tx.QueryRowContext(ctx, db.q("SELECT id, person_id, station_id, region, date_from, date_to FROM supervisor_stations WHERE "+w.String()), w.args...).
			Scan(&c.ID, &c.PersonID, &c.StationID, &c.Region, &c.From, &c.To)
		if err == sql.ErrNoRows {
			return notFound("督导负责记录")
		}
		if err != nil {
			return err
		}
		switch {
		case !c.To.IsZero():
			return shuangbai.Errorf(shuangbai.ECONFLICT, "已于 %s 结束", c.To)
		case last.IsZero() || last.Before(c.From):
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "结束日期不能早于开始日期",
				Fields: map[string]string{"to": "请填写不早于 " + c.From.String() + " 的结束日期"}}
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE supervisor_stations SET date_to = ? WHERE id = ?"), last, id); err != nil {
			return err
		}
		before := c
		c.To = last
		return db.audit(ctx, tx, u, "update", "supervision", id, c.Region, before, c)
	})
}

// person returns a member of staff inside scope, within q.
func (db *DB) person(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (shuangbai.Person, error) {
	var w where
	w.add("p.id = ?", id)
	w.scope("p.region", scope)
	p, err := db.scanPerson(q.QueryRowContext(ctx, db.q("SELECT "+personColumns+" FROM people p WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return p, notFound("人员")
	}
	return p, err
}
