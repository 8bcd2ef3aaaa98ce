package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"shuangbai"
)

// Bulk loads generated data (benchmarks, load tests) in one transaction
// with prepared statements: thousands of rows a second instead of one
// audited transaction per row. It skips validation and per-row audit, so
// only the data generator may use it; the load itself is audited once.
type Bulk struct {
	db    *DB
	conn  *sql.Conn // the transaction's connection: COPY runs on it (bulk_copy.go)
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	n     int
	tally *tally // what the load adds to the dashboard's summaries, applied before it commits
	// files are the files Insert added, by id, counted with their groups
	// (which come in a later Insert) when the load ends.
	files map[int64]*fileState
}

// BulkLoad runs fn with a Bulk and commits everything it added, or nothing.
// The transaction is held on one connection of its own so that Insert can
// reach the driver's COPY on PostgreSQL inside it.
func (db *DB) BulkLoad(ctx context.Context, fn func(b *Bulk) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: bulk conn: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	b := &Bulk{db: db, conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}, tally: newTally(), files: map[int64]*fileState{}}
	err = fn(b)
	for _, s := range b.stmts {
		s.Close()
	}
	if err == nil {
		for _, f := range b.files {
			b.tally.file(f, +1)
		}
		err = b.tally.apply(ctx, db, tx)
	}
	if err == nil {
		err = db.audit(ctx, tx, shuangbai.SystemUser, "bulk_load", "generated", b.n, "", nil, map[string]int{"rows": b.n})
	}
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapError(err))
	}
	db.namesChanged() // a load adds regions and staff
	db.noteWrite(ctx)
	return nil
}

func (b *Bulk) id(ctx context.Context, query string, args ...any) (int64, error) {
	s, ok := b.stmts[query]
	if !ok {
		var err error
		if s, err = b.tx.PrepareContext(ctx, b.db.q(query)); err != nil {
			return 0, fmt.Errorf("store: bulk prepare: %w", err)
		}
		b.stmts[query] = s
	}
	b.n++
	var id int64
	if err := s.QueryRowContext(ctx, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: bulk: %w", mapError(err))
	}
	return id, nil
}

// Region adds a region valid since ever.
func (b *Bulk) Region(ctx context.Context, r shuangbai.Region) error {
	_, err := b.id(ctx, `INSERT INTO regions (code, valid_from, name, parent, level, kind) VALUES (?, ?, ?, ?, ?, ?) RETURNING level`,
		r.Code, sinceEver, r.Name, r.Parent, int(r.Level()), string(r.Kind()))
	return err
}

// Station adds a station and sets its ID.
func (b *Bulk) Station(ctx context.Context, s *shuangbai.Station) (err error) {
	now := b.db.now()
	args := append([]any{s.Region}, siteArgs(&s.Site)...)
	s.ID, err = b.id(ctx, `INSERT INTO stations (region, `+siteColumns+`, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, now, now)...)
	return err
}

// Point adds a point and sets its ID.
func (b *Bulk) Point(ctx context.Context, p *shuangbai.Point) (err error) {
	now := b.db.now()
	args := append([]any{p.Region, p.StationID}, siteArgs(&p.Site)...)
	p.ID, err = b.id(ctx, `INSERT INTO points (region, station_id, `+siteColumns+`, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, now, now)...)
	return err
}

// Person adds a member of staff and sets its ID.
func (b *Bulk) Person(ctx context.Context, p *shuangbai.Person) (err error) {
	now := b.db.now()
	phoneEnc, err := b.db.sealPhone(p.Phone)
	if err != nil {
		return err
	}
	p.ID, err = b.id(ctx, `INSERT INTO people (region, name, gender, phone_enc, role, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.Region, p.Name, p.Gender, phoneEnc, string(p.Role), now, now)
	return err
}

// Assign adds an assignment of a person to a site in region.
func (b *Bulk) Assign(ctx context.Context, a *shuangbai.Assignment, region string) (err error) {
	a.ID, err = b.id(ctx, `INSERT INTO assignments (person_id, station_id, point_id, region, date_from, date_to)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, a.PersonID, nullID(a.StationID), nullID(a.PointID), region, a.From, a.To)
	return err
}

// Facts adds a version of a region's facts.
func (b *Bulk) Facts(ctx context.Context, f *shuangbai.CountyFacts) (err error) {
	f.ID, err = b.id(ctx, `INSERT INTO county_facts (region, effective, plan_issued, plan_date, plan_doc, coordination,
		coordination_date, management, management_date, funding_status, funding_requested, funding_approved, funding_note, recorded_at, recorded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.Region, f.Effective, f.PlanIssued, f.PlanDate, f.PlanDoc, f.Coordination, f.CoordinationDate, f.Management, f.ManagementDate,
		string(f.FundingStatus), f.FundingRequested, f.FundingApproved, f.FundingNote, b.db.now(), "system")
	return err
}

// Training adds a training.
func (b *Bulk) Training(ctx context.Context, t *shuangbai.Training) (err error) {
	t.ID, err = b.id(ctx, `INSERT INTO trainings (region, held_on, kind, title, hours) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		t.Region, t.HeldOn, string(t.Kind), t.Title, t.Hours)
	return err
}

// Visit adds a visit and moves its case's last visit and next due day, as
// RecordVisit does, without validation or audit.
func (b *Bulk) Visit(ctx context.Context, v *shuangbai.Visit) (err error) {
	services := strings.Join(v.Services, ",")
	v.ID, err = b.id(ctx, `INSERT INTO visits (beneficiary_id, region, visited_on, kind, findings, services, next_due, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.BeneficiaryID, v.Region, v.On, string(v.Kind), v.Findings, services, v.NextDue, "system", b.db.now())
	if err != nil {
		return err
	}
	b.tally.visit(v.Region, v.On, v.Kind, 1)
	for _, w := range v.Workers {
		if _, err := b.tx.ExecContext(ctx, b.db.q("INSERT INTO visit_workers (visit_id, person_id) VALUES (?, ?)"), v.ID, w); err != nil {
			return fmt.Errorf("store: bulk visit worker: %w", err)
		}
	}
	// The due day may move: read the file before and after (the demo's
	// few hundred visits come this way; generated volume through Insert).
	before, err := b.db.fileState(ctx, b.tx, v.BeneficiaryID, true)
	if err != nil {
		return err
	}
	if _, err = b.tx.ExecContext(ctx, b.db.q(`UPDATE beneficiaries SET last_visit = ?, next_due = ? WHERE id = ? AND (last_visit IS NULL OR last_visit <= ?)`),
		v.On, v.NextDue, v.BeneficiaryID, v.On); err != nil {
		return err
	}
	after, err := b.db.fileState(ctx, b.tx, v.BeneficiaryID, false)
	if err != nil {
		return err
	}
	b.tally.file(before, -1)
	b.tally.file(after, +1)
	return nil
}

// Insert adds rows to a table: COPY on PostgreSQL (bulk_copy.go), and on
// SQLite multi-row INSERTs of up to batch rows through prepared statements,
// each engine's fastest path for generated volume (millions of visits).
// It does not return ids; see IDs for rows that others refer to.
func (b *Bulk) Insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if err := b.countInserted(table, cols, rows); err != nil {
		return err
	}
	if b.db.dialect == postgres {
		return b.copy(ctx, table, cols, rows)
	}
	const maxParams = 30000 // PostgreSQL allows 65,535; SQLite 32,766
	batch := max(1, maxParams/len(cols))
	one := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	for len(rows) > 0 {
		n := min(batch, len(rows))
		query := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.Repeat(one+", ", n-1) + one
		s, ok := b.stmts[query]
		if !ok {
			var err error
			if s, err = b.tx.PrepareContext(ctx, b.db.q(query)); err != nil {
				return fmt.Errorf("store: bulk prepare %s: %w", table, err)
			}
			b.stmts[query] = s
		}
		args := make([]any, 0, n*len(cols))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := s.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("store: bulk insert %s: %w", table, err)
		}
		b.n += n
		rows = rows[n:]
	}
	return nil
}

// Beneficiary adds a file with its groups, sealing its personal numbers,
// and sets its ID. LastVisit and NextDue are stored as given.
func (b *Bulk) Beneficiary(ctx context.Context, x *shuangbai.Beneficiary) (err error) {
	idEnc, idHash, phoneEnc, err := b.db.sealed(x)
	if err != nil {
		return err
	}
	now := b.db.now()
	x.ID, err = b.id(ctx, `INSERT INTO beneficiaries (region, household_id, relation, name, gender, birth, id_number_enc, id_number_hash,
		phone_enc, address, lat, lng, disability, found_by, found_on, worker_id, level, open, last_visit, next_due, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		x.Region, nullID(x.HouseholdID), x.Relation, x.Name, x.Gender, x.Birth, idEnc, idHash, phoneEnc, x.Address, x.Lat, x.Lng,
		x.Disability, string(x.FoundBy), x.FoundOn, nullID(x.WorkerID), int(x.Level), x.Open, x.LastVisit, x.NextDue, now, now)
	if err != nil {
		return err
	}
	for _, g := range x.Groups {
		if _, err := b.id(ctx, "INSERT INTO beneficiary_groups (beneficiary_id, grp) VALUES (?, ?) RETURNING beneficiary_id", x.ID, string(g)); err != nil {
			return err
		}
	}
	b.tally.file(stateOf(x), +1)
	return nil
}

// countInserted adds what Insert adds to the dashboard's summaries: visits
// by their region, day and kind; files by their columns, kept until the load ends
// so that their groups, inserted after them, count with them. A group of a
// file this load did not add is refused: its file's state is not known here.
func (b *Bulk) countInserted(table string, cols []string, rows [][]any) error {
	col := func(name string) int { return slices.Index(cols, name) }
	switch table {
	case "visits":
		region, on, kind := col("region"), col("visited_on"), col("kind")
		if region < 0 || on < 0 || kind < 0 {
			return fmt.Errorf("store: bulk visits without region, visited_on and kind")
		}
		for _, r := range rows {
			reg, ok1 := r[region].(string)
			day, ok2 := r[on].(shuangbai.Date)
			if !ok1 || !ok2 {
				return fmt.Errorf("store: bulk visit region %T and day %T: want a string and a shuangbai.Date", r[region], r[on])
			}
			var k shuangbai.VisitKind
			switch x := r[kind].(type) {
			case string:
				k = shuangbai.VisitKind(x)
			case shuangbai.VisitKind:
				k = x
			default:
				return fmt.Errorf("store: bulk visit kind %T: want a string", r[kind])
			}
			b.tally.visit(reg, day, k, 1)
		}
	case "beneficiaries":
		id, region, open, level, due, found := col("id"), col("region"), col("open"), col("level"), col("next_due"), col("found_on")
		if slices.Contains([]int{id, region, open, level, due, found}, -1) {
			return fmt.Errorf("store: bulk files need id, region, open, level, next_due and found_on to be counted")
		}
		for _, r := range rows {
			f := &fileState{}
			var fid int64
			var ok [6]bool
			fid, ok[0] = r[id].(int64)
			f.region, ok[1] = r[region].(string)
			f.open, ok[2] = r[open].(bool)
			f.level, ok[3] = r[level].(int)
			f.due, ok[4] = r[due].(shuangbai.Date)
			f.found, ok[5] = r[found].(shuangbai.Date)
			if slices.Contains(ok[:], false) {
				return fmt.Errorf("store: bulk file row of unexpected types (%T %T %T %T %T %T)", r[id], r[region], r[open], r[level], r[due], r[found])
			}
			b.files[fid] = f
		}
	case "beneficiary_groups":
		id, grp := col("beneficiary_id"), col("grp")
		if id < 0 || grp < 0 {
			return fmt.Errorf("store: bulk groups need beneficiary_id and grp")
		}
		for _, r := range rows {
			fid, _ := r[id].(int64)
			g, _ := r[grp].(string)
			f := b.files[fid]
			if f == nil {
				return fmt.Errorf("store: bulk group of file %d, which this load did not add", fid)
			}
			if !slices.Contains(f.groups, g) {
				f.groups = append(f.groups, g)
			}
		}
	}
	return nil
}
