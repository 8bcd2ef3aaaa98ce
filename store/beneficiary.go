package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"shuangbai"
)

// Additional data bound to each sealed value, so that a ciphertext copied
// into another column or row fails to open.
const (
	aadIDNumber = "beneficiary.id_number"
	aadPhone    = "beneficiary.phone"
)

var errNoKey = errors.New("store: no encryption key configured (UseBox)")

const beneficiaryColumns = `b.id, b.region, COALESCE(b.household_id, 0), b.relation, b.name, b.gender, b.birth, b.id_number_enc, b.phone_enc,
	b.address, b.lat, b.lng, b.disability, b.found_by, b.found_on, COALESCE(b.worker_id, 0), b.level, b.open, b.closed_on, b.closed_why,
	b.last_visit, b.next_due, b.created_at, b.updated_at`

func (db *DB) scanBeneficiary(sc interface{ Scan(...any) error }, extra ...any) (*shuangbai.Beneficiary, error) {
	var b shuangbai.Beneficiary
	var idEnc, phoneEnc string
	dest := []any{&b.ID, &b.Region, &b.HouseholdID, &b.Relation, &b.Name, &b.Gender, &b.Birth, &idEnc, &phoneEnc,
		&b.Address, &b.Lat, &b.Lng, &b.Disability, (*string)(&b.FoundBy), &b.FoundOn, &b.WorkerID, (*int)(&b.Level), &b.Open, &b.ClosedOn, &b.ClosedWhy,
		&b.LastVisit, &b.NextDue, &b.CreatedAt, &b.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if db.box == nil {
		return nil, errNoKey
	}
	var err error
	if b.IDNumber, err = db.box.Open(idEnc, aadIDNumber); err != nil {
		return nil, fmt.Errorf("store: open id number of %d: %w", b.ID, err)
	}
	if b.Phone, err = db.box.Open(phoneEnc, aadPhone); err != nil {
		return nil, fmt.Errorf("store: open phone of %d: %w", b.ID, err)
	}
	return &b, nil
}

// groupsColumn is a column of a file's groups, comma-separated, for a
// query on beneficiaries b: a list reads them in its own query rather than
// in a second one (loadGroups), a round trip less on PostgreSQL.
func (db *DB) groupsColumn() string {
	agg := "group_concat(g.grp, ',')"
	if db.dialect == postgres {
		agg = "string_agg(g.grp, ',')"
	}
	return "(SELECT " + agg + " FROM beneficiary_groups g WHERE g.beneficiary_id = b.id)"
}

// setGroups sets b's groups from a groupsColumn, in the order loadGroups
// gives them.
func setGroups(b *shuangbai.Beneficiary, list sql.NullString) {
	if list.String == "" {
		return
	}
	gs := strings.Split(list.String, ",")
	slices.Sort(gs)
	for _, g := range gs {
		b.Groups = append(b.Groups, shuangbai.Group(g))
	}
}

// sealed returns the stored forms of a beneficiary's personal numbers.
func (db *DB) sealed(b *shuangbai.Beneficiary) (idEnc string, idHash any, phoneEnc string, err error) {
	if db.box == nil {
		return "", nil, "", errNoKey
	}
	if idEnc, err = db.box.Seal(b.IDNumber, aadIDNumber); err != nil {
		return
	}
	if phoneEnc, err = db.box.Seal(b.Phone, aadPhone); err != nil {
		return
	}
	if b.IDNumber != "" {
		idHash = db.box.Hash(b.IDNumber)
	}
	return
}

// groups loads the groups of the given beneficiaries.
func (db *DB) loadGroups(ctx context.Context, q querier, bs []*shuangbai.Beneficiary) error {
	if len(bs) == 0 {
		return nil
	}
	byID := make(map[int64]*shuangbai.Beneficiary, len(bs))
	args := make([]any, 0, len(bs))
	for _, b := range bs {
		byID[b.ID] = b
		args = append(args, b.ID)
	}
	rows, err := q.QueryContext(ctx, db.q("SELECT beneficiary_id, grp FROM beneficiary_groups WHERE beneficiary_id IN (?"+strings.Repeat(", ?", len(args)-1)+") ORDER BY beneficiary_id, grp"), args...)
	if err != nil {
		return fmt.Errorf("store: groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var g string
		if err := rows.Scan(&id, &g); err != nil {
			return err
		}
		byID[id].Groups = append(byID[id].Groups, shuangbai.Group(g))
	}
	return rows.Err()
}

func (db *DB) saveGroups(ctx context.Context, tx *sql.Tx, b *shuangbai.Beneficiary) error {
	if _, err := tx.ExecContext(ctx, db.q("DELETE FROM beneficiary_groups WHERE beneficiary_id = ?"), b.ID); err != nil {
		return err
	}
	seen := map[shuangbai.Group]bool{}
	for _, g := range b.Groups {
		if seen[g] {
			continue
		}
		seen[g] = true
		if _, err := tx.ExecContext(ctx, db.q("INSERT INTO beneficiary_groups (beneficiary_id, grp) VALUES (?, ?)"), b.ID, string(g)); err != nil {
			return fmt.Errorf("store: save group: %w", err)
		}
	}
	return nil
}

// auditView is what the audit log keeps of a beneficiary: the ID number as
// its last four characters and the age on the day of the write, never the
// number in clear nor the birth date, which is digits 7–14 of it. Audit
// readers include roles that may not see the number, and with the birth
// date beside the region any longer mask gives the whole number back. The
// age still shows a change of birth date that matters, such as one that
// makes someone old enough for 高龄津贴.
func auditView(b *shuangbai.Beneficiary, today shuangbai.Date) map[string]any {
	return map[string]any{"id": b.ID, "region": b.Region, "name": b.Name, "gender": b.Gender, "age": b.Age(today),
		"id_number": shuangbai.MaskIDNumber(b.IDNumber), "phone": shuangbai.MaskPhone(b.Phone), "groups": b.Groups,
		"level": b.Level, "open": b.Open, "worker_id": b.WorkerID, "household_id": b.HouseholdID}
}

// CreateBeneficiary files a new beneficiary (建档立卡). The same ID number
// is one person: a second filing is a conflict naming the existing file.
func (db *DB) CreateBeneficiary(ctx context.Context, u *shuangbai.User, b *shuangbai.Beneficiary) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	today := db.today()
	b.Open = true
	if b.FoundOn.IsZero() {
		b.FoundOn = today
	}
	if err := b.Validate(today); err != nil {
		return err
	}
	var elsewhere *AccessTarget
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), b.Region, false); err != nil {
			return err
		}
		var err error
		if elsewhere, err = db.idFiledElsewhere(ctx, tx, u.Scope(), b); err != nil || elsewhere != nil {
			return err
		}
		return db.insertBeneficiary(ctx, tx, u, b)
	})
	return db.refuseElsewhere(ctx, u, elsewhere, "建档", err)
}

// idFiledElsewhere returns the file outside scope that already holds b's
// ID number, if any.
func (db *DB) idFiledElsewhere(ctx context.Context, q querier, scope shuangbai.Scope, b *shuangbai.Beneficiary) (*AccessTarget, error) {
	if b.IDNumber == "" || db.box == nil {
		return nil, nil
	}
	var t AccessTarget
	err := q.QueryRowContext(ctx, db.q("SELECT id, region FROM beneficiaries WHERE id_number_hash = ? AND id <> ?"), db.box.Hash(b.IDNumber), b.ID).
		Scan(&t.BeneficiaryID, &t.Region)
	if err == sql.ErrNoRows || err == nil && scope.Contains(t.Region) {
		return nil, nil // none, or in scope: the unique index answers with a conflict naming it
	}
	if err != nil {
		return nil, fmt.Errorf("store: id lookup: %w", err)
	}
	return &t, nil
}

// refuseElsewhere turns a match outside scope into a neutral field error,
// logged on the file that matched; otherwise it returns err.
func (db *DB) refuseElsewhere(ctx context.Context, u *shuangbai.User, t *AccessTarget, what string, err error) error {
	if t == nil {
		return err
	}
	if err := db.logIDMatches(ctx, u, []AccessTarget{*t}, what, true); err != nil {
		return err
	}
	return &shuangbai.Error{Code: shuangbai.EINVALID, Message: idElsewhereMessage, Fields: map[string]string{"id_number": idElsewhereMessage}}
}

func (db *DB) insertBeneficiary(ctx context.Context, tx *sql.Tx, u *shuangbai.User, b *shuangbai.Beneficiary) error {
	idEnc, idHash, phoneEnc, err := db.sealed(b)
	if err != nil {
		return err
	}
	if err := db.checkWorker(ctx, tx, u.Scope(), b.WorkerID); err != nil {
		return err
	}
	now := db.now()
	b.CreatedAt, b.UpdatedAt = now, now
	if b.NextDue.IsZero() {
		b.NextDue = b.FoundOn // a new case is due a first visit at once
	}
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO beneficiaries (region, household_id, relation, name, gender, birth, id_number_enc, id_number_hash,
		phone_enc, address, lat, lng, disability, found_by, found_on, worker_id, level, open, last_visit, next_due, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		b.Region, nullID(b.HouseholdID), b.Relation, b.Name, b.Gender, b.Birth, idEnc, idHash, phoneEnc, b.Address, b.Lat, b.Lng,
		b.Disability, string(b.FoundBy), b.FoundOn, nullID(b.WorkerID), int(b.Level), b.Open, b.LastVisit, b.NextDue, now, now).Scan(&b.ID)
	if err != nil {
		err = mapError(err)
		if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
			return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该身份证号已建档",
				Fields: map[string]string{"id_number": "该身份证号已建档，同一身份证号只能建一份档案"}}
		}
		return fmt.Errorf("store: create beneficiary: %w", err)
	}
	if err := db.saveGroups(ctx, tx, b); err != nil {
		return err
	}
	if err := db.countNew(ctx, tx, b.ID); err != nil {
		return err
	}
	return db.audit(ctx, tx, u, "create", "beneficiary", b.ID, b.Region, nil, auditView(b, db.today()))
}

// checkWorker makes sure a responsible worker, if given, is staff in scope.
func (db *DB) checkWorker(ctx context.Context, q querier, scope shuangbai.Scope, id int64) error {
	if id == 0 {
		return nil
	}
	var w where
	w.add("id = ?", id)
	w.scope("region", scope)
	var n int
	if err := q.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM people WHERE "+w.String()), w.args...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "责任社工不存在", Fields: map[string]string{"worker_id": "责任社工不存在或不在您的管辖范围内"}}
	}
	return nil
}

// UpdateBeneficiary stores changes to a file. Level and status change
// through ChangeLevel and CloseCase, which keep their history. When hh is
// not nil, hh is filed as a new household in the file's village with the
// person as its member (b.HouseholdID is then hh.ID), in the same
// transaction as the edit: a refused edit leaves no empty household behind,
// as with FileBeneficiary. An existing household (b.HouseholdID) is taken
// as given: callers that accept it from a user check it with
// CheckHousehold first.
func (db *DB) UpdateBeneficiary(ctx context.Context, u *shuangbai.User, b *shuangbai.Beneficiary, hh *shuangbai.Household) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	if hh != nil {
		if err := hh.Validate(); err != nil {
			return err
		}
	}
	var elsewhere *AccessTarget
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := db.beneficiary(ctx, tx, u.Scope(), b.ID)
		if err != nil {
			return err
		}
		if elsewhere, err = db.idFiledElsewhere(ctx, tx, u.Scope(), b); err != nil || elsewhere != nil {
			return err
		}
		b.Level, b.Open, b.ClosedOn, b.ClosedWhy, b.LastVisit, b.NextDue, b.CreatedAt = old.Level, old.Open, old.ClosedOn, old.ClosedWhy, old.LastVisit, old.NextDue, old.CreatedAt
		if err := b.Validate(db.today()); err != nil {
			return err
		}
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), b.Region, false); err != nil {
			return err
		}
		if err := db.checkWorker(ctx, tx, u.Scope(), b.WorkerID); err != nil {
			return err
		}
		idEnc, idHash, phoneEnc, err := db.sealed(b)
		if err != nil {
			return err
		}
		if hh != nil {
			if err := db.newHouseholdOf(ctx, tx, u, b, hh); err != nil {
				return err
			}
		}
		b.UpdatedAt = db.now()
		err = db.counted(ctx, tx, b.ID, func(*tally) error {
			_, err := tx.ExecContext(ctx, db.q(`UPDATE beneficiaries SET region = ?, household_id = ?, relation = ?, name = ?, gender = ?, birth = ?,
			id_number_enc = ?, id_number_hash = ?, phone_enc = ?, address = ?, lat = ?, lng = ?, disability = ?, found_by = ?, found_on = ?,
			worker_id = ?, updated_at = ? WHERE id = ?`),
				b.Region, nullID(b.HouseholdID), b.Relation, b.Name, b.Gender, b.Birth, idEnc, idHash, phoneEnc, b.Address, b.Lat, b.Lng,
				b.Disability, string(b.FoundBy), b.FoundOn, nullID(b.WorkerID), b.UpdatedAt, b.ID)
			if err != nil {
				err = mapError(err)
				if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
					return &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: "该身份证号已建档", Fields: map[string]string{"id_number": "该身份证号已属于另一份档案"}}
				}
				return fmt.Errorf("store: update beneficiary: %w", err)
			}
			return db.saveGroups(ctx, tx, b)
		})
		if err != nil {
			return err
		}
		if err := db.clearGaps(ctx, tx, b.ID); err != nil { // Validate held the edit to the full rule: nothing is missing now
			return err
		}
		if b.Region != old.Region {
			if err := db.moveCaseRows(ctx, tx, b.ID, b.Region); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, u, "update", "beneficiary", b.ID, b.Region, auditView(old, db.today()), auditView(b, db.today()))
	})
	return db.refuseElsewhere(ctx, u, elsewhere, "修改档案", err)
}

// Beneficiary returns a file inside scope, with its groups.
func (db *DB) Beneficiary(ctx context.Context, scope shuangbai.Scope, id int64) (*shuangbai.Beneficiary, error) {
	return db.beneficiary(ctx, db.read, scope, id)
}

func (db *DB) beneficiary(ctx context.Context, q querier, scope shuangbai.Scope, id int64) (*shuangbai.Beneficiary, error) {
	var w where
	w.add("b.id = ?", id)
	w.scope("b.region", scope)
	b, err := db.scanBeneficiary(q.QueryRowContext(ctx, db.q("SELECT "+beneficiaryColumns+" FROM beneficiaries b WHERE "+w.String()), w.args...))
	if err == sql.ErrNoRows {
		return nil, notFound("服务对象")
	}
	if err != nil {
		return nil, fmt.Errorf("store: beneficiary %d: %w", id, err)
	}
	return b, db.loadGroups(ctx, q, []*shuangbai.Beneficiary{b})
}

// PossibleDuplicates returns the other open files in the same village with
// the same name and birth date: the same person filed twice without (or with
// a mistyped) ID number. They are flagged for review, not merged.
func (db *DB) PossibleDuplicates(ctx context.Context, scope shuangbai.Scope, b *shuangbai.Beneficiary) ([]*shuangbai.Beneficiary, error) {
	var w where
	w.scope("b.region", scope)
	w.add("b.region = ? AND b.name = ? AND b.birth = ? AND b.id <> ?", b.Region, b.Name, b.Birth, b.ID)
	rows, err := db.read.QueryContext(ctx, db.qFixed("SELECT "+beneficiaryColumns+" FROM beneficiaries b WHERE "+w.String()+" ORDER BY b.id LIMIT 20"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: duplicates: %w", err)
	}
	defer rows.Close()
	var out []*shuangbai.Beneficiary
	for rows.Next() {
		d, err := db.scanBeneficiary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PersonalRecords counts the beneficiaries and applicants on file, whose
// personal numbers are sealed with the key: the operator's tools check it
// before making a new key.
func (db *DB) PersonalRecords(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM beneficiaries) + (SELECT COUNT(*) FROM applicants)").Scan(&n)
	return n, err
}

// moveCaseRows moves a person's visits, applications, level changes,
// attachments and what their file lacks (待补充) to their new village with
// them, so that the new county sees the history and can confirm a pending
// level change, and the old one no longer reads any of it. The access log
// keeps where each access happened.
func (db *DB) moveCaseRows(ctx context.Context, tx *sql.Tx, id int64, region string) error {
	if err := db.moveVisitTally(ctx, tx, id, region); err != nil {
		return err
	}
	for _, table := range []string{"visits", "applications", "level_changes", "attachments", "beneficiary_gaps"} {
		if _, err := tx.ExecContext(ctx, db.q("UPDATE "+table+" SET region = ? WHERE beneficiary_id = ?"), region, id); err != nil {
			return fmt.Errorf("store: move %s: %w", table, err)
		}
	}
	return nil
}

// FileBeneficiary files a beneficiary (建档立卡) like CreateBeneficiary,
// and, when hh is not nil, first files hh as a new household in the same
// village with the beneficiary as its member, all in one transaction: a
// refused filing leaves no empty household behind. An existing household
// (b.HouseholdID) must be in scope and in the same village.
func (db *DB) FileBeneficiary(ctx context.Context, u *shuangbai.User, b *shuangbai.Beneficiary, hh *shuangbai.Household) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	today := db.today()
	b.Open = true
	if b.FoundOn.IsZero() {
		b.FoundOn = today
	}
	fe := shuangbai.FieldErrors{}
	if hh != nil {
		mergeFields(fe, hh.Validate())
	}
	mergeFields(fe, b.Validate(today))
	if err := fe.Err(); err != nil {
		return err
	}
	var elsewhere *AccessTarget
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkSiteRegion(ctx, tx, u.Scope(), b.Region, false); err != nil {
			return err
		}
		// As in CreateBeneficiary: a number filed outside scope must not
		// answer "already filed", which would tell that it is, and where.
		var err error
		if elsewhere, err = db.idFiledElsewhere(ctx, tx, u.Scope(), b); err != nil || elsewhere != nil {
			return err
		}
		if hh != nil {
			if err := db.newHouseholdOf(ctx, tx, u, b, hh); err != nil {
				return err
			}
		} else if err := db.checkHousehold(ctx, tx, u.Scope(), b.HouseholdID, b.Region); err != nil {
			return err
		}
		return db.insertBeneficiary(ctx, tx, u, b)
	})
	return db.refuseElsewhere(ctx, u, elsewhere, "建档", err)
}
