package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"shuangbai"
)

// rosterWriter writes the rows of an import with statements prepared once:
// per row, one round trip per table instead of a parse and plan each time.
type rosterWriter struct {
	db     *DB
	ctx    context.Context
	tx     *sql.Tx
	u      *shuangbai.User
	now    time.Time
	today  shuangbai.Date
	source string // the register, for the files it leaves incomplete
	stmts  []*sql.Stmt

	insPerson, updPerson, delGroups, insGroup, insHousehold, insAudit, delGaps, insGap *sql.Stmt
	tally                                                                              *tally // the summaries' change, applied once the rows are written
	chain                                                                              *chain // the audit chain, once the first entry is written
}

func (db *DB) newRosterWriter(ctx context.Context, tx *sql.Tx, u *shuangbai.User, source string) (*rosterWriter, error) {
	w := &rosterWriter{db: db, ctx: ctx, tx: tx, u: u, now: db.now(), today: db.today(), source: source, tally: newTally()}
	for _, s := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&w.insPerson, `INSERT INTO beneficiaries (region, household_id, relation, name, gender, birth, id_number_enc, id_number_hash,
			phone_enc, address, lat, lng, disability, found_by, found_on, worker_id, level, open, last_visit, next_due, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`},
		{&w.updPerson, `UPDATE beneficiaries SET region = ?, household_id = ?, relation = ?, name = ?, gender = ?, birth = ?,
			id_number_enc = ?, id_number_hash = ?, phone_enc = ?, address = ?, disability = ?, found_by = ?, found_on = ?, worker_id = ?, updated_at = ?
			WHERE id = ?`},
		{&w.delGroups, "DELETE FROM beneficiary_groups WHERE beneficiary_id = ?"},
		{&w.insGroup, "INSERT INTO beneficiary_groups (beneficiary_id, grp) VALUES (?, ?)"},
		{&w.insHousehold, "INSERT INTO households (region, head_name, address, created_at) VALUES (?, ?, ?, ?) RETURNING id"},
		{&w.delGaps, "DELETE FROM beneficiary_gaps WHERE beneficiary_id = ?"},
		{&w.insGap, "INSERT INTO beneficiary_gaps (beneficiary_id, region, item, source, created_at) VALUES (?, ?, ?, ?, ?)"},
		{&w.insAudit, `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, region, before, after, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, db.q(s.query))
		if err != nil {
			w.close()
			return nil, fmt.Errorf("store: roster prepare: %w", err)
		}
		*s.stmt = st
		w.stmts = append(w.stmts, st)
	}
	return w, nil
}

func (w *rosterWriter) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

// write writes the rows plan does not skip and counts them in res.
func (w *rosterWriter) write(rows []RosterRow, plan []rosterAction, res *RosterResult, progress func(int)) error {
	old, err := w.load(plan)
	if err != nil {
		return err
	}
	res.Created, res.Updated, res.Unchanged, res.Households, res.Incomplete = 0, 0, 0, 0, 0
	household, err := w.households(rows, plan, old, res)
	if err != nil {
		return err
	}
	for i := range rows {
		if i%500 == 0 {
			progress(i)
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		if plan[i].skip {
			continue
		}
		b := rows[i].Person
		b.Validate(w.today) // fills in birth and gender from the ID number
		if rows[i].HeadName != "" {
			b.HouseholdID = household[householdKey{b.Region, rows[i].HeadName}]
		}
		if id := plan[i].existing; id != 0 {
			changed, err := w.update(old[id], &b)
			if err != nil {
				return fmt.Errorf("store: roster row %d: %w", rows[i].Line, err)
			}
			if changed != nil {
				res.Updated++
				if len(changed.Gaps()) > 0 {
					res.Incomplete++
				}
			} else {
				res.Unchanged++
			}
			continue
		}
		if err := w.create(&b); err != nil {
			return fmt.Errorf("store: roster row %d: %w", rows[i].Line, err)
		}
		res.Created++
		if len(b.Gaps()) > 0 {
			res.Incomplete++
		}
	}
	return w.tally.apply(w.ctx, w.db, w.tx)
}

// load reads the files the plan updates, with their groups.
func (w *rosterWriter) load(plan []rosterAction) (map[int64]*shuangbai.Beneficiary, error) {
	var ids []any
	for _, a := range plan {
		if !a.skip && a.existing != 0 {
			ids = append(ids, a.existing)
		}
	}
	old := make(map[int64]*shuangbai.Beneficiary, len(ids))
	err := inBatches(ids, func(batch []any) error {
		var bs []*shuangbai.Beneficiary
		err := w.db.eachRow(w.ctx, w.tx, "SELECT "+beneficiaryColumns+" FROM beneficiaries b WHERE b.id IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch,
			func(sc func(...any) error) error {
				b, err := w.db.scanBeneficiary(scanFunc(sc))
				if err != nil {
					return err
				}
				old[b.ID] = b
				bs = append(bs, b)
				return nil
			})
		if err != nil {
			return err
		}
		return w.db.loadGroups(w.ctx, w.tx, bs)
	})
	if err != nil {
		return nil, fmt.Errorf("store: roster load: %w", err)
	}
	return old, nil
}

// scanFunc lets a scan function stand where a row is expected.
type scanFunc func(...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// households returns the household of each head named in the rows: the one
// a member already belongs to, or a new one.
func (w *rosterWriter) households(rows []RosterRow, plan []rosterAction, old map[int64]*shuangbai.Beneficiary, res *RosterResult) (map[householdKey]int64, error) {
	out := map[householdKey]int64{}
	have := map[int64]int64{}
	for i, r := range rows {
		if plan[i].skip || r.HeadName == "" || plan[i].existing == 0 {
			continue
		}
		// The household she has, unless she moves to another village: a
		// household is one village's (see planRoster).
		if o := old[plan[i].existing]; o.HouseholdID != 0 && o.Region == r.Person.Region {
			hh := o.HouseholdID
			have[plan[i].existing] = hh
			k := householdKey{r.Person.Region, r.HeadName}
			if out[k] == 0 {
				out[k] = hh
			}
		}
	}
	for k, i := range newHouseholds(rows, plan, have) {
		var id int64
		if err := w.insHousehold.QueryRowContext(w.ctx, k.region, k.head, rows[i].Person.Address, w.now).Scan(&id); err != nil {
			return nil, fmt.Errorf("store: roster household: %w", err)
		}
		out[k] = id
		res.Households++
	}
	return out, nil
}

func (w *rosterWriter) create(b *shuangbai.Beneficiary) error {
	idEnc, idHash, phoneEnc, err := w.db.sealed(b)
	if err != nil {
		return err
	}
	b.Open = true
	if b.FoundOn.IsZero() {
		b.FoundOn = w.today
	}
	b.NextDue = b.FoundOn // a new case is due a first visit at once
	b.CreatedAt, b.UpdatedAt = w.now, w.now
	err = w.insPerson.QueryRowContext(w.ctx, b.Region, nullID(b.HouseholdID), b.Relation, b.Name, b.Gender, b.Birth, idEnc, idHash, phoneEnc,
		b.Address, b.Lat, b.Lng, b.Disability, string(b.FoundBy), b.FoundOn, nullID(b.WorkerID), int(b.Level), b.Open, b.LastVisit, b.NextDue, w.now, w.now).Scan(&b.ID)
	if err != nil {
		return mapError(err)
	}
	if err := w.groups(b.ID, b.Groups, false); err != nil {
		return err
	}
	if err := w.gaps(b, false); err != nil {
		return err
	}
	w.tally.file(stateOf(b), +1) // as inserted: no need to read it back
	return w.audit("create", b, nil)
}

// gaps records what the file b lacks (待补充), replacing what was recorded.
func (w *rosterWriter) gaps(b *shuangbai.Beneficiary, replace bool) error {
	if replace {
		if _, err := w.delGaps.ExecContext(w.ctx, b.ID); err != nil {
			return fmt.Errorf("store: roster gaps: %w", err)
		}
	}
	for _, g := range b.Gaps() {
		if _, err := w.insGap.ExecContext(w.ctx, b.ID, b.Region, string(g), w.source, w.now); err != nil {
			return fmt.Errorf("store: roster gap: %w", err)
		}
	}
	return nil
}

// update merges a row into a file: what the row gives replaces what is
// stored, blanks keep it. It returns the file as changed, or nil when
// nothing changed.
func (w *rosterWriter) update(old, row *shuangbai.Beneficiary) (*shuangbai.Beneficiary, error) {
	m := *old
	m.Groups = slices.Clone(old.Groups)
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&m.Region, row.Region}, {&m.Name, row.Name}, {&m.Gender, row.Gender}, {&m.IDNumber, row.IDNumber}, {&m.Phone, row.Phone},
		{&m.Address, row.Address}, {&m.Relation, row.Relation}, {&m.Disability, row.Disability}, {(*string)(&m.FoundBy), string(row.FoundBy)},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if !row.Birth.IsZero() {
		m.Birth = row.Birth
	}
	if !row.FoundOn.IsZero() {
		m.FoundOn = row.FoundOn
	}
	if row.HouseholdID != 0 {
		m.HouseholdID = row.HouseholdID
	} else if m.Region != old.Region {
		// Moved to another village with no household named there: she
		// leaves the old one, which stays its village's.
		m.HouseholdID, m.Relation = 0, row.Relation
	}
	if row.WorkerID != 0 {
		m.WorkerID = row.WorkerID
	}
	if len(row.Groups) > 0 {
		m.Groups = row.Groups
	}
	groupsChanged := !sameGroups(old.Groups, m.Groups)
	if !groupsChanged && m.Region == old.Region && m.Name == old.Name && m.Gender == old.Gender && m.IDNumber == old.IDNumber &&
		m.Phone == old.Phone && m.Address == old.Address && m.Relation == old.Relation && m.Disability == old.Disability &&
		m.FoundBy == old.FoundBy && m.Birth == old.Birth && m.FoundOn == old.FoundOn && m.HouseholdID == old.HouseholdID && m.WorkerID == old.WorkerID {
		return nil, nil
	}
	if err := m.ValidateImport(w.today); err != nil {
		return nil, err
	}
	idEnc, idHash, phoneEnc, err := w.db.sealed(&m)
	if err != nil {
		return nil, err
	}
	m.UpdatedAt = w.now
	// What the summaries count changes only with the village, the day
	// found or the groups; then it is read before and after from the
	// records, which a second row for the same file would leave stale in old.
	counts := groupsChanged || m.Region != old.Region || m.FoundOn != old.FoundOn
	var before *fileState
	if counts {
		if before, err = w.db.fileState(w.ctx, w.tx, m.ID, true); err != nil {
			return nil, err
		}
	}
	_, err = w.updPerson.ExecContext(w.ctx, m.Region, nullID(m.HouseholdID), m.Relation, m.Name, m.Gender, m.Birth, idEnc, idHash, phoneEnc,
		m.Address, m.Disability, string(m.FoundBy), m.FoundOn, nullID(m.WorkerID), w.now, m.ID)
	if err != nil {
		return nil, mapError(err)
	}
	if groupsChanged {
		if err := w.groups(m.ID, m.Groups, true); err != nil {
			return nil, err
		}
	}
	if m.Region != old.Region {
		if err := w.db.moveCaseRows(w.ctx, w.tx, m.ID, m.Region); err != nil {
			return nil, err
		}
	}
	if counts {
		after, err := w.db.fileState(w.ctx, w.tx, m.ID, false)
		if err != nil {
			return nil, err
		}
		w.tally.file(before, -1)
		w.tally.file(after, +1)
	}
	if err := w.gaps(&m, true); err != nil {
		return nil, err
	}
	return &m, w.audit("update", &m, old)
}

func sameGroups(a, b []shuangbai.Group) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func (w *rosterWriter) groups(id int64, gs []shuangbai.Group, replace bool) error {
	if replace {
		if _, err := w.delGroups.ExecContext(w.ctx, id); err != nil {
			return err
		}
	}
	seen := map[shuangbai.Group]bool{}
	for _, g := range gs {
		if seen[g] {
			continue
		}
		seen[g] = true
		if _, err := w.insGroup.ExecContext(w.ctx, id, string(g)); err != nil {
			return fmt.Errorf("store: roster group: %w", err)
		}
	}
	return nil
}

// audit records one person created or changed by the import, as
// CreateBeneficiary and UpdateBeneficiary do, noting the import.
func (w *rosterWriter) audit(action string, b, before *shuangbai.Beneficiary) error {
	after := auditView(b, w.today)
	after["via"] = "roster_import"
	if gs := b.Gaps(); len(gs) > 0 {
		after["gaps"] = gapItems(gs)
	}
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	var bef []byte
	if before != nil {
		if bef, err = json.Marshal(auditView(before, w.today)); err != nil {
			return err
		}
	}
	if w.chain == nil {
		if w.chain, err = w.db.lockChain(w.ctx, w.tx, chainAudit); err != nil {
			return err
		}
	}
	eid := fmt.Sprint(b.ID)
	prev, h := w.chain.link(auditFields(w.now, w.u.ID, w.u.Username, action, "beneficiary", eid, b.Region, string(bef), string(a))...)
	_, err = w.insAudit.ExecContext(w.ctx, w.now, w.u.ID, w.u.Username, action, "beneficiary", eid, b.Region, string(bef), string(a), prev, h)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}
