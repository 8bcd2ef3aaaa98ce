package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shuangbai"
)

// A supervision visit is scoped by its region: the point's village when it
// went to a point, else the station's town, so a town's list holds both.
// Its supervisor is a person with the supervisor's role who covered the
// station on the day, or a chief supervisor (总督导) over it — who may live
// above the recording county's scope, as the programme's chief does.

const visitColumns = `v.id, v.station_id, s.name, COALESCE(v.point_id, 0), COALESCE(pt.name, ''), v.region, v.supervisor_id, p.name,
	v.visited_on, v.forms, v.topics, v.advice, v.recorded_by, v.created_at, v.updated_at`

// visitFrom names the visit's tables; its WHERE must start with
// visitJoin. CROSS JOIN keeps SQLite reading the visits of the scope
// first: with an inner join it scanned every station of the province and
// looked up each one's visits (40 ms for a county's page instead of 9).
const visitFrom = ` FROM supervision_visits v CROSS JOIN stations s CROSS JOIN people p LEFT JOIN points pt ON pt.id = v.point_id`

const visitJoin = "s.id = v.station_id AND p.id = v.supervisor_id AND "

func scanSupervisionVisit(sc interface{ Scan(...any) error }, extra ...any) (shuangbai.SupervisionVisit, error) {
	var v shuangbai.SupervisionVisit
	var forms string
	dest := []any{&v.ID, &v.StationID, &v.StationName, &v.PointID, &v.PointName, &v.Region, &v.SupervisorID, &v.SupervisorName,
		&v.VisitedOn, &forms, &v.Topics, &v.Advice, &v.RecordedBy, &v.CreatedAt, &v.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return v, err
	}
	v.Forms, _ = shuangbai.ParseSupervisionForms(forms)
	return v, nil
}

// VisitFilter selects supervision visits. Zero fields do not filter.
type VisitFilter struct {
	SupervisorID int64
	// CoveredBy keeps the visits a supervisor may see: their own, and
	// those at the stations they cover or covered.
	CoveredBy int64
	StationID int64
	From, To  shuangbai.Date
	Limit     int
	Offset    int
}

func (f VisitFilter) where(scope shuangbai.Scope) *where {
	w := &where{}
	w.scope("v.region", scope)
	if f.SupervisorID != 0 {
		w.add("v.supervisor_id = ?", f.SupervisorID)
	}
	if f.CoveredBy != 0 {
		w.add("(v.supervisor_id = ? OR v.station_id IN (SELECT c.station_id FROM supervisor_stations c WHERE c.person_id = ?))", f.CoveredBy, f.CoveredBy)
	}
	if f.StationID != 0 {
		w.add("v.station_id = ?", f.StationID)
	}
	if !f.From.IsZero() {
		w.add("v.visited_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("v.visited_on <= ?", f.To)
	}
	return w
}

// SupervisionVisits returns a page of the visits inside scope, newest
// first, each with its count of open items, and how many match in all.
func (db *DB) SupervisionVisits(ctx context.Context, scope shuangbai.Scope, f VisitFilter) ([]shuangbai.SupervisionVisit, int, error) {
	w := f.where(scope)
	var total int
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM supervision_visits v WHERE "+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count supervision visits: %w", err)
	}
	query := "SELECT " + visitColumns + `, (SELECT COUNT(*) FROM action_items i WHERE i.visit_id = v.id AND i.done_on IS NULL)` +
		visitFrom + " WHERE " + visitJoin + w.String() + " ORDER BY v.visited_on DESC, v.id DESC" + page(f.Limit, f.Offset)
	var out []shuangbai.SupervisionVisit
	err := db.eachRow(ctx, db.reader(ctx), query, w.args, func(scan func(...any) error) error {
		var open int
		v, err := scanSupervisionVisit(scanFunc(scan), &open)
		v.OpenItems = open
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: supervision visits: %w", err)
	}
	return out, total, nil
}

// SupervisionVisit returns a visit inside scope with its action items.
func (db *DB) SupervisionVisit(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.SupervisionVisit, error) {
	return db.supervisionVisit(ctx, db.read, scope, id)
}

func (db *DB) supervisionVisit(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.SupervisionVisit, error) {
	var w where
	w.add("v.id = ?", id)
	w.scope("v.region", scope)
	v, err := scanSupervisionVisit(q.QueryRowContext(ctx, db.q("SELECT "+visitColumns+visitFrom+" WHERE "+visitJoin+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("督导记录")
	}
	if err != nil {
		return nil, fmt.Errorf("store: supervision visit %d: %w", id, err)
	}
	v.Items, err = db.actionItems(ctx, q, "i.visit_id = ?", id)
	return &v, err
}

// CreateSupervisionVisit records a visit with its action items in one
// transaction: a refused item leaves nothing stored.
func (db *DB) CreateSupervisionVisit(ctx context.Context, u *shuangbai.User, v *shuangbai.SupervisionVisit) error {
	if !u.CanRecordSupervision() {
		return forbidden()
	}
	for i := range v.Items {
		v.Items[i].Kind = shuangbai.ItemSupervision
	}
	if err := v.Validate(db.today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkVisit(ctx, tx, u, v); err != nil {
			return err
		}
		now := db.now()
		v.RecordedBy, v.CreatedAt, v.UpdatedAt = u.Username, now, now
		var point any
		if v.PointID != 0 {
			point = v.PointID
		}
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO supervision_visits (station_id, point_id, region, supervisor_id, visited_on, forms,
			topics, advice, recorded_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			v.StationID, point, v.Region, v.SupervisorID, v.VisitedOn, shuangbai.JoinForms(v.Forms), v.Topics, v.Advice,
			v.RecordedBy, now, now).Scan(&v.ID); err != nil {
			return fmt.Errorf("store: create supervision visit: %w", err)
		}
		if err := db.audit(ctx, tx, u, "create", "supervision_visit", v.ID, v.Region, nil, v); err != nil {
			return err
		}
		for i := range v.Items {
			a := &v.Items[i]
			a.VisitID, a.StationID, a.StationName, a.Region, a.From = v.ID, v.StationID, v.StationName, v.Region, v.VisitedOn
			if err := db.insertItem(ctx, tx, u, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateSupervisionVisit changes a visit's own fields (not its items).
func (db *DB) UpdateSupervisionVisit(ctx context.Context, u *shuangbai.User, v *shuangbai.SupervisionVisit) error {
	if !u.CanRecordSupervision() {
		return forbidden()
	}
	v.Items = nil
	if err := v.Validate(db.today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.supervisionVisit(ctx, tx, u.Scope(), v.ID)
		if err != nil {
			return err
		}
		if u.Role == shuangbai.RoleSupervisor && old.SupervisorID != u.PersonID {
			return shuangbai.Errorf(shuangbai.EFORBIDDEN, "督导只能修改自己的督导记录")
		}
		if err := db.checkVisit(ctx, tx, u, v); err != nil {
			return err
		}
		var point any
		if v.PointID != 0 {
			point = v.PointID
		}
		v.UpdatedAt = db.now()
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE supervision_visits SET station_id = ?, point_id = ?, region = ?, supervisor_id = ?,
			visited_on = ?, forms = ?, topics = ?, advice = ?, updated_at = ? WHERE id = ?`), v.StationID, point, v.Region, v.SupervisorID,
			v.VisitedOn, shuangbai.JoinForms(v.Forms), v.Topics, v.Advice, v.UpdatedAt, v.ID); err != nil {
			return fmt.Errorf("store: update supervision visit: %w", err)
		}
		if v.StationID != old.StationID || v.Region != old.Region {
			if _, err := tx.ExecContext(ctx, db.q("UPDATE action_items SET station_id = ?, region = ? WHERE visit_id = ?"), v.StationID, v.Region, v.ID); err != nil {
				return err
			}
		}
		old.Items = nil
		return db.audit(ctx, tx, u, "update", "supervision_visit", v.ID, v.Region, old, v)
	})
}

// checkVisit checks the station, point and supervisor of a visit and sets
// its region and names.
func (db *DB) checkVisit(ctx context.Context, tx *sql.Tx, u *shuangbai.User, v *shuangbai.SupervisionVisit) error {
	scope := u.Scope()
	st, err := db.station(ctx, tx, scope, v.StationID)
	if err != nil {
		if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
			return fieldError("station_id", "社工站不存在或不在您的管辖范围内")
		}
		return err
	}
	v.StationName, v.Region = st.Name, st.Region
	if v.PointID != 0 {
		pt, err := db.point(ctx, tx, scope, v.PointID)
		if err != nil || pt.StationID != st.ID {
			return fieldError("point_id", "所选社工点不属于该社工站")
		}
		v.PointName, v.Region = pt.Name, pt.Region
	}
	if u.Role == shuangbai.RoleSupervisor && v.SupervisorID != u.PersonID {
		return fieldError("supervisor_id", "督导只能记录自己的督导；请选择您本人")
	}
	name, err := db.checkSupervisor(ctx, tx, scope, v.SupervisorID, st, v.VisitedOn)
	v.SupervisorName = name
	return err
}

// checkSupervisor returns the name of the supervisor of a visit to st on
// day on: a supervisor covering st that day, or a chief supervisor in
// office over it. A person outside scope who is neither is not named.
func (db *DB) checkSupervisor(ctx context.Context, q querier, scope shuangbai.Scope, personID int64, st shuangbai.Station, on shuangbai.Date) (string, error) {
	var name, region, role string
	err := q.QueryRowContext(ctx, db.q("SELECT name, region, role FROM people WHERE id = ?"), personID).Scan(&name, &region, &role)
	if err != nil && err != sql.ErrNoRows {
		return "", err
	}
	var covers, chief int
	if err == nil {
		if err := q.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM supervisor_stations WHERE person_id = ? AND station_id = ?
			AND date_from <= ? AND (date_to IS NULL OR date_to >= ?)`), personID, st.ID, on, on).Scan(&covers); err != nil {
			return "", err
		}
		var above []any
		for code := st.Region; code != ""; code = shuangbai.ParentCode(code) {
			above = append(above, code)
		}
		if err := q.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM chief_supervisors WHERE person_id = ? AND region IN (`+placeholders(len(above))+`)
			AND date_from <= ? AND (date_to IS NULL OR date_to >= ?)`), append(append([]any{personID}, above...), on, on)...).Scan(&chief); err != nil {
			return "", err
		}
	}
	switch {
	case err == sql.ErrNoRows || covers == 0 && chief == 0 && !scope.Contains(region):
		return "", fieldError("supervisor_id", "督导不存在或不在您的管辖范围内")
	case role != string(shuangbai.StaffSupervisor):
		return "", fieldError("supervisor_id", name+"不是督导；请先在人员中把岗位设为督导")
	case covers == 0 && chief == 0:
		return "", fieldError("supervisor_id", fmt.Sprintf("%s在 %s 不负责%s，也不是其上级的总督导；请先在“督导”页增加负责站点", name, on, st.Name))
	}
	return name, nil
}

// fieldError is an EINVALID error with one field's message.
func fieldError(field, msg string) error {
	return &shuangbai.Error{Code: shuangbai.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

const itemColumns = `i.id, i.kind, COALESCE(i.visit_id, 0), COALESCE(i.round_id, 0), i.station_id, s.name, i.region, i.title, i.owner,
	COALESCE(i.owner_person_id, 0), i.due, i.from_on, i.done_on, i.done_note, i.created_at`

func scanItem(sc interface{ Scan(...any) error }) (shuangbai.ActionItem, error) {
	var a shuangbai.ActionItem
	err := sc.Scan(&a.ID, (*string)(&a.Kind), &a.VisitID, &a.RoundID, &a.StationID, &a.StationName, &a.Region, &a.Title, &a.Owner,
		&a.OwnerPersonID, &a.Due, &a.From, &a.DoneOn, &a.DoneNote, &a.CreatedAt)
	return a, err
}

// actionItems returns the items matching cond, in the order they were set.
func (db *DB) actionItems(ctx context.Context, q querier, cond string, args ...any) ([]shuangbai.ActionItem, error) {
	var out []shuangbai.ActionItem
	err := db.eachRow(ctx, q, "SELECT "+itemColumns+" FROM action_items i JOIN stations s ON s.id = i.station_id WHERE "+cond+" ORDER BY i.id", args,
		func(scan func(...any) error) error {
			a, err := scanItem(scanFunc(scan))
			out = append(out, a)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: action items: %w", err)
	}
	return out, nil
}

// insertItem validates and stores a new item whose visit or round, station
// and region are set, linking its owner to the station's staff member of
// that name when exactly one has it.
func (db *DB) insertItem(ctx context.Context, tx *sql.Tx, u *shuangbai.User, a *shuangbai.ActionItem) error {
	if err := a.Validate(a.From, db.today()); err != nil {
		return err
	}
	town := a.Region
	if len(town) > 9 {
		town = town[:9]
	}
	var w where
	w.add("name = ?", a.Owner)
	w.scope("region", shuangbai.Scope{Code: town})
	var ids []int64
	if err := db.eachRow(ctx, tx, "SELECT id FROM people WHERE "+w.String()+" LIMIT 2", w.args, func(scan func(...any) error) error {
		var id int64
		ids = append(ids, id)
		return scan(&ids[len(ids)-1])
	}); err != nil {
		return err
	}
	var owner, visit, round, done any
	if len(ids) == 1 {
		a.OwnerPersonID, owner = ids[0], ids[0]
	}
	if a.VisitID != 0 {
		visit = a.VisitID
	} else {
		round = a.RoundID
	}
	if a.Done() {
		done = a.DoneOn
	}
	a.CreatedAt = db.now()
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO action_items (kind, visit_id, round_id, station_id, region, title, owner, owner_person_id,
		due, from_on, done_on, done_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		string(a.Kind), visit, round, a.StationID, a.Region, a.Title, a.Owner, owner, a.Due, a.From, done, a.DoneNote, a.CreatedAt).Scan(&a.ID); err != nil {
		return fmt.Errorf("store: create action item: %w", err)
	}
	return db.audit(ctx, tx, u, "create", "action_item", a.ID, a.Region, nil, a)
}

// AddVisitItem adds an action item to a visit inside the user's scope.
func (db *DB) AddVisitItem(ctx context.Context, u *shuangbai.User, visitID int64, a *shuangbai.ActionItem) error {
	if !u.CanRecordSupervision() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		v, err := db.supervisionVisit(ctx, tx, u.Scope(), visitID)
		if err != nil {
			return err
		}
		if u.Role == shuangbai.RoleSupervisor && v.SupervisorID != u.PersonID {
			return shuangbai.Errorf(shuangbai.EFORBIDDEN, "督导只能修改自己的督导记录")
		}
		a.Kind, a.VisitID, a.RoundID, a.StationID, a.Region, a.From = shuangbai.ItemSupervision, v.ID, 0, v.StationID, v.Region, v.VisitedOn
		return db.insertItem(ctx, tx, u, a)
	})
}

// CloseActionItem records that an item inside the user's scope was done
// on day on, with a note of how.
func (db *DB) CloseActionItem(ctx context.Context, u *shuangbai.User, id int64, on shuangbai.Date, note string) (*shuangbai.ActionItem, error) {
	if !u.CanCloseItems() {
		return nil, forbidden()
	}
	var out *shuangbai.ActionItem
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var w where
		w.add("i.id = ?", id)
		w.scope("i.region", u.Scope())
		a, err := scanItem(tx.QueryRowContext(ctx, db.q("SELECT "+itemColumns+" FROM action_items i JOIN stations s ON s.id = i.station_id WHERE "+w.String()), w.args...))
		if err == sql.ErrNoRows {
			return notFound("待办事项")
		}
		if err != nil {
			return err
		}
		before := a
		if err := a.Close(on, strings.TrimSpace(note), db.today()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE action_items SET done_on = ?, done_note = ? WHERE id = ?"), a.DoneOn, a.DoneNote, a.ID); err != nil {
			return fmt.Errorf("store: close action item: %w", err)
		}
		out = &a
		return db.audit(ctx, tx, u, "update", "action_item", a.ID, a.Region, before, a)
	})
	return out, err
}

// ItemFilter selects action items. Zero fields do not filter.
type ItemFilter struct {
	Kind      shuangbai.ItemKind
	Open      bool           // only those not done
	OverdueOn shuangbai.Date // only those open past their due day on this day
	CoveredBy int64          // only at the stations this supervisor covers or covered
	Limit     int
	Offset    int
}

// ActionItems returns the items inside scope, the nearest due first, and
// how many match in all: the overdue list of a county or a station.
func (db *DB) ActionItems(ctx context.Context, scope shuangbai.Scope, f ItemFilter) ([]shuangbai.ActionItem, int, error) {
	var w where
	w.scope("i.region", scope)
	if f.Kind != "" {
		w.add("i.kind = ?", string(f.Kind))
	}
	if f.Open || !f.OverdueOn.IsZero() {
		w.add("i.done_on IS NULL")
	}
	if !f.OverdueOn.IsZero() {
		w.add("i.due < ?", f.OverdueOn)
	}
	if f.CoveredBy != 0 {
		w.add("i.station_id IN (SELECT c.station_id FROM supervisor_stations c WHERE c.person_id = ?)", f.CoveredBy)
	}
	var total int
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM action_items i WHERE "+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count action items: %w", err)
	}
	var out []shuangbai.ActionItem
	err := db.eachRow(ctx, db.reader(ctx), "SELECT "+itemColumns+" FROM action_items i JOIN stations s ON s.id = i.station_id WHERE "+w.String()+
		" ORDER BY i.due, i.id"+page(f.Limit, f.Offset), w.args, func(scan func(...any) error) error {
		a, err := scanItem(scanFunc(scan))
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: action items: %w", err)
	}
	return out, total, nil
}

// StationRef is a station's id and town, for generators and pickers.
type StationRef struct {
	ID     int64
	Region string
	Name   string
}

// StationRefs returns every station inside scope by region: unlike
// Stations it has no page limit, and reads only three columns.
func (db *DB) StationRefs(ctx context.Context, scope shuangbai.Scope) ([]StationRef, error) {
	var w where
	w.scope("region", scope)
	var out []StationRef
	err := db.eachRow(ctx, db.read, "SELECT id, region, name FROM stations WHERE "+w.String()+" ORDER BY region", w.args, func(scan func(...any) error) error {
		var s StationRef
		err := scan(&s.ID, &s.Region, &s.Name)
		out = append(out, s)
		return err
	})
	return out, err
}

// ActionItem returns an item inside scope.
func (db *DB) ActionItem(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.ActionItem, error) {
	var w where
	w.add("i.id = ?", id)
	w.scope("i.region", scope)
	a, err := scanItem(db.read.QueryRowContext(ctx, db.q("SELECT "+itemColumns+" FROM action_items i JOIN stations s ON s.id = i.station_id WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("待办事项")
	}
	if err != nil {
		return nil, fmt.Errorf("store: action item %d: %w", id, err)
	}
	return &a, nil
}

// ID runs an INSERT … RETURNING id for the generator's rows that have no
// method of their own (visits, sets, rounds), with the load's statements.
func (b *Bulk) ID(ctx context.Context, query string, args ...any) (int64, error) {
	return b.id(ctx, query, args...)
}
