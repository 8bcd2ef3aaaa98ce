package store

import (
	"context"
	"database/sql"
	"fmt"

	"shuangbai"
)

const personColumns = "p.id, p.region, p.name, p.gender, p.phone, p.phone_enc, p.role, p.created_at, p.updated_at"

// aadPersonPhone binds a sealed staff phone number to its column.
const aadPersonPhone = "person.phone"

// scanPerson reads a person, opening the sealed phone number. A number
// still in the clear column (a database upgraded but not yet given its
// key, see SealStaffPhones) is read as it is.
func (db *DB) scanPerson(sc interface{ Scan(...any) error }, extra ...any) (shuangbai.Person, error) {
	var p shuangbai.Person
	var phoneEnc string
	if err := sc.Scan(append([]any{&p.ID, &p.Region, &p.Name, &p.Gender, &p.Phone, &phoneEnc, (*string)(&p.Role), &p.CreatedAt, &p.UpdatedAt}, extra...)...); err != nil {
		return p, err
	}
	if phoneEnc == "" {
		return p, nil
	}
	if db.box == nil {
		return p, errNoKey
	}
	var err error
	if p.Phone, err = db.box.Open(phoneEnc, aadPersonPhone); err != nil {
		return p, fmt.Errorf("store: open phone of person %d: %w", p.ID, err)
	}
	return p, nil
}

// sealPhone returns the stored form of a staff phone number.
func (db *DB) sealPhone(phone string) (string, error) {
	if phone == "" {
		return "", nil
	}
	if db.box == nil {
		return "", errNoKey
	}
	return db.box.Seal(phone, aadPersonPhone)
}

// PersonFilter selects staff. Zero fields do not filter.
type PersonFilter struct {
	Region string
	Role   shuangbai.StaffRole
	Query  string
	Offset int
	Limit  int
}

// People returns one page of the staff inside scope that match f, and how
// many match in all.
func (db *DB) People(ctx context.Context, scope shuangbai.Scope, f PersonFilter) ([]shuangbai.Person, int, error) {
	var w where
	w.scope("p.region", scope)
	if f.Region != "" {
		w.scope("p.region", shuangbai.Scope{Code: f.Region})
	}
	if f.Role != "" {
		w.add("p.role = ?", string(f.Role))
	}
	if f.Query != "" {
		w.add("p.name LIKE ? ESCAPE '\\'", "%"+likeEscape(f.Query)+"%")
	}
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+personColumns+", COUNT(*) OVER () FROM people p WHERE "+w.String()+
		" ORDER BY p.region, p.name, p.id"+page(f.Limit, f.Offset)), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: people: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Person
	var total int
	for rows.Next() {
		p, err := db.scanPerson(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// Person returns the member of staff with the given id if inside scope.
func (db *DB) Person(ctx context.Context, scope shuangbai.Scope, id int64) (shuangbai.Person, error) {
	var w where
	w.add("p.id = ?", id)
	w.scope("p.region", scope)
	p, err := db.scanPerson(db.read.QueryRowContext(ctx, db.q("SELECT "+personColumns+" FROM people p WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return p, notFound("人员")
	}
	return p, err
}

// CreatePerson stores a new member of staff.
func (db *DB) CreatePerson(ctx context.Context, u *shuangbai.User, p *shuangbai.Person) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if !u.Scope().Contains(p.Region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所选区划不在您的管辖范围内", Fields: map[string]string{"region": "所选区划不在您的管辖范围内"}}
	}
	defer db.namesChanged()
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.createPerson(ctx, tx, u, p) })
}

// createPerson inserts a validated person inside tx, so that signing a
// contract can make the member of staff in the same transaction. The phone
// number is sealed like a beneficiary's.
func (db *DB) createPerson(ctx context.Context, tx *sql.Tx, u *shuangbai.User, p *shuangbai.Person) error {
	phoneEnc, err := db.sealPhone(p.Phone)
	if err != nil {
		return err
	}
	now := db.now()
	p.CreatedAt, p.UpdatedAt = now, now
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO people (region, name, gender, phone_enc, role, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), p.Region, p.Name, p.Gender, phoneEnc, string(p.Role), now, now).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("store: create person: %w", mapError(err))
	}
	return db.audit(ctx, tx, u, "create", "person", p.ID, p.Region, nil, personAudit(*p))
}

// Assign places a person at a station or point from a day on. The site and
// the person must both lie inside the user's scope.
func (db *DB) Assign(ctx context.Context, u *shuangbai.User, a *shuangbai.Assignment) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	if err := a.Validate(db.today()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.assign(ctx, tx, u, a) })
}

// assign stores a validated assignment inside tx, checking the site and the
// person against the user's scope, so that signing a contract can assign in
// the same transaction.
func (db *DB) assign(ctx context.Context, tx *sql.Tx, u *shuangbai.User, a *shuangbai.Assignment) error {
	scope := u.Scope()
	var region string
	if a.StationID != 0 {
		s, err := db.station(ctx, tx, scope, a.StationID)
		if err != nil {
			return err
		}
		region = s.Region
	} else {
		p, err := db.point(ctx, tx, scope, a.PointID)
		if err != nil {
			return err
		}
		region = p.Region
	}
	var w where
	w.add("id = ?", a.PersonID)
	w.scope("region", scope)
	var home string
	err := tx.QueryRowContext(ctx, db.q("SELECT region FROM people WHERE "+w.String()), w.args...).Scan(&home)
	if err == sql.ErrNoRows {
		return notFound("人员")
	}
	if err != nil {
		return err
	}
	// A person works within the region they belong to; a transfer
	// changes that region first.
	if !(shuangbai.Scope{Code: home}).Contains(region) {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "只能分配到其所属区划内的社工站（点）",
			Fields: map[string]string{"site": "只能分配到其所属区划内的社工站（点）；如调动，请先修改人员的所属区划"}}
	}
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO assignments (person_id, station_id, point_id, region, date_from, date_to)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), a.PersonID, nullID(a.StationID), nullID(a.PointID), region, a.From, a.To).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("store: assign: %w", mapError(err))
	}
	return db.audit(ctx, tx, u, "create", "assignment", a.ID, region, nil, a)
}

// Assignments returns a person's assignments, newest first.
func (db *DB) Assignments(ctx context.Context, scope shuangbai.Scope, personID int64) ([]shuangbai.Assignment, error) {
	var w where
	w.add("person_id = ?", personID)
	w.scope("region", scope)
	rows, err := db.read.QueryContext(ctx, db.q(`SELECT id, person_id, COALESCE(station_id, 0), COALESCE(point_id, 0), date_from, date_to
		FROM assignments WHERE `+w.String()+` ORDER BY date_from DESC, id DESC`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: assignments: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Assignment
	for rows.Next() {
		var a shuangbai.Assignment
		if err := rows.Scan(&a.ID, &a.PersonID, &a.StationID, &a.PointID, &a.From, &a.To); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Staffed returns the staff assigned on day d to a station (stationID) or a
// point (pointID).
func (db *DB) Staffed(ctx context.Context, scope shuangbai.Scope, stationID, pointID int64, d shuangbai.Date) ([]shuangbai.Person, error) {
	var w where
	if stationID != 0 {
		w.add("a.station_id = ?", stationID)
	} else {
		w.add("a.point_id = ?", pointID)
	}
	w.scope("a.region", scope)
	w.add("a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?)", d, d)
	rows, err := db.read.QueryContext(ctx, db.q("SELECT "+personColumns+" FROM assignments a JOIN people p ON p.id = a.person_id WHERE "+w.String()+" ORDER BY p.role, p.name"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: staffed: %w", err)
	}
	defer rows.Close()
	var out []shuangbai.Person
	for rows.Next() {
		p, err := db.scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// EndAssignment records the last day of an open assignment (离岗): staffing
// on later days no longer counts the person there.
func (db *DB) EndAssignment(ctx context.Context, u *shuangbai.User, personID, assignmentID int64, last shuangbai.Date) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var w where
		w.add("id = ? AND person_id = ?", assignmentID, personID)
		w.scope("region", u.Scope())
		var a shuangbai.Assignment
		var region string
		err := tx.QueryRowContext(ctx, db.q("SELECT id, person_id, date_from, date_to, region FROM assignments WHERE "+w.String()), w.args...).
			Scan(&a.ID, &a.PersonID, &a.From, &a.To, &region)
		if err == sql.ErrNoRows {
			return notFound("工作分配")
		}
		if err != nil {
			return fmt.Errorf("store: end assignment: %w", err)
		}
		field := fmt.Sprintf("end:%d", assignmentID)
		switch {
		case !a.To.IsZero():
			return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该分配已登记离岗", Fields: map[string]string{field: "已于 " + a.To.String() + " 离岗"}}
		case last.IsZero():
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请填写离岗日期", Fields: map[string]string{field: "请填写离岗日期"}}
		case last.Before(a.From):
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "离岗日期不能早于到岗日期", Fields: map[string]string{field: "离岗日期不能早于到岗日期（" + a.From.String() + "）"}}
		}
		if err := shuangbai.CheckDay(field, "离岗日期", last, db.today(), true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q("UPDATE assignments SET date_to = ? WHERE id = ?"), last, assignmentID); err != nil {
			return fmt.Errorf("store: end assignment: %w", err)
		}
		before := a
		a.To = last
		return db.audit(ctx, tx, u, "update", "assignment", a.ID, region, before, a)
	})
}

// UpdatePerson stores changes to a member of staff inside the user's scope.
func (db *DB) UpdatePerson(ctx context.Context, u *shuangbai.User, p *shuangbai.Person) error {
	if !u.CanEditNetwork() {
		return forbidden()
	}
	if err := p.Validate(); err != nil {
		return err
	}
	phoneEnc, err := db.sealPhone(p.Phone)
	if err != nil {
		return err
	}
	defer db.namesChanged()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.Person(ctx, u.Scope(), p.ID)
		if err != nil {
			return err
		}
		if !u.Scope().Contains(p.Region) {
			return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "所选区划不在您的管辖范围内", Fields: map[string]string{"region": "所选区划不在您的管辖范围内"}}
		}
		p.CreatedAt, p.UpdatedAt = old.CreatedAt, db.now()
		if _, err := tx.ExecContext(ctx, db.q("UPDATE people SET region = ?, name = ?, gender = ?, phone = '', phone_enc = ?, role = ?, updated_at = ? WHERE id = ?"),
			p.Region, p.Name, p.Gender, phoneEnc, string(p.Role), p.UpdatedAt, p.ID); err != nil {
			return fmt.Errorf("store: update person: %w", err)
		}
		return db.audit(ctx, tx, u, "update", "person", p.ID, p.Region, personAudit(old), personAudit(*p))
	})
}

// personAudit is what the audit log keeps of a member of staff: the phone
// number masked, as staff pages show it to those who may not edit.
func personAudit(p shuangbai.Person) shuangbai.Person {
	p.Phone = shuangbai.MaskPhone(p.Phone)
	return p
}
