package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// Community activities (社区活动) are the station's work in the open: they
// are read by everyone who reads case work in the region (not the three
// administrators: the participants are named people, and the photos show
// them) and recorded by those who edit case work. An activity is held by
// a station in scope, in the station's own town or one of its villages.

const activityColumns = `a.id, a.station_id, a.region, a.held_on, a.kind, a.title, a.place, a.targets, a.reached, a.volunteers,
	a.materials, a.handed_out, a.partners, a.summary, a.created_at, a.updated_at, a.created_by`

func scanActivity(sc interface{ Scan(...any) error }) (*shuangbai.Activity, error) {
	var a shuangbai.Activity
	err := sc.Scan(&a.ID, &a.StationID, &a.Region, &a.HeldOn, (*string)(&a.Kind), &a.Title, &a.Place, &a.Targets, &a.Reached, &a.Volunteers,
		&a.Materials, &a.HandedOut, &a.Partners, &a.Summary, &a.CreatedAt, &a.UpdatedAt, &a.CreatedBy)
	return &a, err
}

// activityAudit is what the audit log keeps of an activity.
func activityAudit(a *shuangbai.Activity) map[string]any {
	return map[string]any{"station_id": a.StationID, "region": a.Region, "held_on": a.HeldOn.String(), "kind": a.Kind, "title": a.Title,
		"place": a.Place, "targets": a.Targets, "reached": a.Reached, "volunteers": a.Volunteers, "materials": a.Materials,
		"handed_out": a.HandedOut, "partners": a.Partners, "summary": a.Summary}
}

// checkActivityPlace makes sure the organising station is in scope and the
// place is the station's town or one of its villages, existing now.
func (db *DB) checkActivityPlace(ctx context.Context, q querier, scope shuangbai.Scope, a *shuangbai.Activity) error {
	st, err := db.station(ctx, q, scope, a.StationID)
	if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "社工站不存在或不在您的管辖范围内",
			Fields: map[string]string{"station_id": "社工站不存在或不在您的管辖范围内"}}
	}
	if err != nil {
		return err
	}
	if !strings.HasPrefix(a.Region, st.Region) {
		msg := "活动地点应在" + st.Name + "所在的镇（街道）内"
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: msg, Fields: map[string]string{"region": msg}}
	}
	return db.checkSiteRegion(ctx, q, scope, a.Region, false)
}

// CreateActivity records an activity and sets its ID.
func (db *DB) CreateActivity(ctx context.Context, u *shuangbai.User, a *shuangbai.Activity) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	if err := a.Validate(db.today()); err != nil {
		return err
	}
	now := db.now()
	a.CreatedAt, a.UpdatedAt, a.CreatedBy = now, now, u.Username
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkActivityPlace(ctx, tx, u.Scope(), a); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO activities (station_id, region, held_on, kind, title, place, targets, reached, volunteers,
			materials, handed_out, partners, summary, created_at, updated_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			a.StationID, a.Region, a.HeldOn, string(a.Kind), a.Title, a.Place, a.Targets, a.Reached, a.Volunteers,
			a.Materials, a.HandedOut, a.Partners, a.Summary, now, now, a.CreatedBy).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store: create activity: %w", err)
		}
		return db.audit(ctx, tx, u, "create", "activity", a.ID, a.Region, nil, activityAudit(a))
	})
}

// UpdateActivity stores changes to an activity in scope. Its participants
// and photos keep the activity's region: they move with it.
func (db *DB) UpdateActivity(ctx context.Context, u *shuangbai.User, a *shuangbai.Activity) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	if err := a.Validate(db.today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.activity(ctx, tx, u.Scope(), a.ID)
		if err != nil {
			return err
		}
		if err := db.checkActivityPlace(ctx, tx, u.Scope(), a); err != nil {
			return err
		}
		a.CreatedAt, a.CreatedBy, a.UpdatedAt = old.CreatedAt, old.CreatedBy, db.now()
		_, err = tx.ExecContext(ctx, db.q(`UPDATE activities SET station_id = ?, region = ?, held_on = ?, kind = ?, title = ?, place = ?, targets = ?,
			reached = ?, volunteers = ?, materials = ?, handed_out = ?, partners = ?, summary = ?, updated_at = ? WHERE id = ?`),
			a.StationID, a.Region, a.HeldOn, string(a.Kind), a.Title, a.Place, a.Targets, a.Reached, a.Volunteers,
			a.Materials, a.HandedOut, a.Partners, a.Summary, a.UpdatedAt, a.ID)
		if err != nil {
			return fmt.Errorf("store: update activity: %w", err)
		}
		if old.Region != a.Region {
			for _, t := range []string{"activity_participants", "activity_photos"} {
				if _, err := tx.ExecContext(ctx, db.q("UPDATE "+t+" SET region = ? WHERE activity_id = ?"), a.Region, a.ID); err != nil {
					return fmt.Errorf("store: move activity: %w", err)
				}
			}
		}
		return db.audit(ctx, tx, u, "update", "activity", a.ID, a.Region, activityAudit(old), activityAudit(a))
	})
}

// Activity returns an activity inside scope.
func (db *DB) Activity(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.Activity, error) {
	return db.activity(ctx, db.read, scope, id)
}

func (db *DB) activity(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Activity, error) {
	var w where
	w.add("a.id = ?", id)
	w.scope("a.region", scope)
	a, err := scanActivity(q.QueryRowContext(ctx, db.q("SELECT "+activityColumns+" FROM activities a WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("活动")
	}
	if err != nil {
		return nil, fmt.Errorf("store: activity %d: %w", id, err)
	}
	return a, nil
}

// ActivityFilter selects activities. Zero fields do not filter.
type ActivityFilter struct {
	Kind      shuangbai.ActivityKind
	StationID int64
	From, To  shuangbai.Date // held on or after From, on or before To
	// Keyset paging, newest first: the rows after the one held on
	// BeforeOn with id BeforeID (the last row of the previous page).
	BeforeOn shuangbai.Date
	BeforeID int64
	Limit    int // default and most: 500
}

func activityWhere(scope shuangbai.Scope, f ActivityFilter) where {
	var w where
	w.scope("a.region", scope)
	if f.Kind != "" {
		w.add("a.kind = ?", string(f.Kind))
	}
	if f.StationID != 0 {
		w.add("a.station_id = ?", f.StationID)
	}
	if !f.From.IsZero() {
		w.add("a.held_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("a.held_on <= ?", f.To)
	}
	return w
}

// Activities lists the activities in scope, newest first (by day, then by
// id), a page at a time: the (region, held_on, id) index answers a county
// with one range, and the page after a key costs what the first does.
func (db *DB) Activities(ctx context.Context, scope shuangbai.Scope, f ActivityFilter) ([]*shuangbai.Activity, error) {
	w := activityWhere(scope, f)
	if !f.BeforeOn.IsZero() {
		w.add("(a.held_on < ? OR a.held_on = ? AND a.id < ?)", f.BeforeOn, f.BeforeOn, f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+activityColumns+" FROM activities a WHERE "+w.String()+
		fmt.Sprintf(" ORDER BY a.held_on DESC, a.id DESC LIMIT %d", limit)), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ActivityCount is the activities of one kind in a period: how many, and
// the people and volunteers they reached.
type ActivityCount struct {
	Kind       shuangbai.ActivityKind
	Activities int
	Reached    int
	Volunteers int
}

// ActivityCounts counts the activities held in scope from from to to (both
// included; a zero date is open), per kind in the order of
// shuangbai.ActivityKinds, leaving out the kinds with none. stationID, if
// not 0, counts only that station's. A station plan's "activities held"
// and the briefing's figures come from here.
func (db *DB) ActivityCounts(ctx context.Context, scope shuangbai.Scope, stationID int64, from, to shuangbai.Date) ([]ActivityCount, error) {
	w := activityWhere(scope, ActivityFilter{StationID: stationID, From: from, To: to})
	by := map[shuangbai.ActivityKind]ActivityCount{}
	err := db.eachRow(ctx, db.reader(ctx), "SELECT a.kind, COUNT(*), COALESCE(SUM(a.reached), 0), COALESCE(SUM(a.volunteers), 0) FROM activities a WHERE "+
		w.String()+" GROUP BY a.kind", w.args, func(scan func(...any) error) error {
		var c ActivityCount
		if err := scan((*string)(&c.Kind), &c.Activities, &c.Reached, &c.Volunteers); err != nil {
			return err
		}
		by[c.Kind] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: activity counts: %w", err)
	}
	var out []ActivityCount
	for _, k := range shuangbai.ActivityKinds {
		if c, ok := by[k]; ok {
			out = append(out, c)
			delete(by, k)
		}
	}
	for _, c := range by { // a kind this binary does not know, kept rather than lost
		out = append(out, c)
	}
	return out, nil
}
