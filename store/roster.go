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

// ImportMode says what an import does with a register that has bad rows.
type ImportMode string

// Import modes.
const (
	ImportAll   ImportMode = "all"   // 全部导入：one bad row and nothing is imported
	ImportValid ImportMode = "valid" // 只导入无误的行：the bad rows are skipped and reported
)

// RosterRow is one row of a register (名册) to import.
type RosterRow struct {
	Line     int // the row's number in the file, for messages
	Person   shuangbai.Beneficiary
	HeadName string // 户主姓名: rows with the same head in one village are one household
	Invalid  bool   // the reader found an error in the row: it is never imported
}

// RosterProblem is a message about one row of an import.
type RosterProblem struct {
	Line    int
	Message string
}

// RosterImport says how to import a register.
type RosterImport struct {
	Mode ImportMode
	// DryRun checks and counts what the import would do, writing nothing.
	DryRun bool
	// Source names the file, for the audit log.
	Source string
	// Progress, if set, is called as rows are written, and once at the end
	// with done == total.
	Progress func(done, total int)
}

// RosterResult counts what an import did, or in a dry run would do.
type RosterResult struct {
	Rows       int // rows given
	Created    int // people filed
	Updated    int // people already filed whose file changed; in a dry run, every person already filed
	Unchanged  int // people already filed, with nothing new in the row; 0 in a dry run
	Skipped    int // rows not imported: invalid, or refused here (see Problems)
	Households int // households created
	Imported   bool
	Problems   []RosterProblem // rows refused here, beyond those the reader marked Invalid
	Notes      []RosterProblem // rows imported in a way worth checking: matched without an ID number …
}

// rosterAction is what happens to one row.
type rosterAction struct {
	skip     bool
	existing int64 // the file updated; 0 to create one
}

// ImportRoster files the people of a register in one transaction. A person
// already filed is matched by ID number (through its keyed hash) and
// updated, never filed twice: a re-import of the same file changes nothing.
// A row without an ID number is matched by village, name and birth date.
// Blank cells leave what is stored: an import never erases. Follow-up levels
// and case status of people already filed do not change: they have their
// own history. Rows with the same head of household in a village are one
// household, created unless one of them already belongs to one.
//
// Every row is checked again here: its village must be in the user's scope,
// and an ID number filed outside it is refused. In ImportAll mode any bad
// row, marked Invalid by the reader or refused here, means nothing is
// written, and the error is EINVALID; in ImportValid mode exactly the good
// rows are written. Each person created or changed has an audit entry, and
// the import one more with its counts.
func (db *DB) ImportRoster(ctx context.Context, u *shuangbai.User, rows []RosterRow, opt RosterImport) (*RosterResult, error) {
	if !u.CanEditCases() {
		return nil, forbidden()
	}
	if opt.Mode != ImportAll && opt.Mode != ImportValid {
		return nil, shuangbai.Errorf(shuangbai.EBADREQUEST, "导入方式应为 all（全部导入）或 valid（只导入无误的行）")
	}
	if db.box == nil {
		return nil, errNoKey
	}
	progress := func(done int) {
		if opt.Progress != nil {
			opt.Progress(done, len(rows))
		}
	}
	progress(0)
	if opt.DryRun {
		res, _, err := db.planRoster(ctx, db.read, u, rows)
		if err != nil {
			return nil, err
		}
		progress(len(rows))
		return res, nil
	}
	var res *RosterResult
	refused := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var plan []rosterAction
		var err error
		if res, plan, err = db.planRoster(ctx, tx, u, rows); err != nil {
			return err
		}
		if opt.Mode == ImportAll && res.Skipped > 0 {
			res.Created, res.Updated, res.Households = 0, 0, 0
			res.Skipped, refused = len(rows), true
			return shuangbai.Errorf(shuangbai.EINVALID, "有 %d 行有误，按“全部导入”的要求，没有导入任何数据。请修改后重新上传，或选择“只导入无误的行”", countBad(rows, res))
		}
		if db.dialect == sqlite {
			// A large import outgrows SQLite's default 2 MB page cache and
			// spills pages to the WAL mid-transaction; 128 MB for the length
			// of the import makes it about 20% faster. The writer is one
			// connection: set the default back for its next user.
			if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -131072"); err != nil {
				return err
			}
			defer tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
		}
		w, err := db.newRosterWriter(ctx, tx, u)
		if err != nil {
			return err
		}
		defer w.close()
		if err := w.write(rows, plan, res, progress); err != nil {
			return err
		}
		res.Imported = true
		return db.audit(ctx, tx, u, "import", "beneficiary", "roster", u.Scope().Code, nil, map[string]any{
			"source": opt.Source, "mode": opt.Mode, "rows": res.Rows, "created": res.Created, "updated": res.Updated,
			"unchanged": res.Unchanged, "skipped": res.Skipped, "households": res.Households})
	})
	if refused {
		return res, err
	}
	if err != nil {
		return nil, err
	}
	progress(len(rows))
	return res, nil
}

func countBad(rows []RosterRow, res *RosterResult) int {
	bad := map[int]bool{}
	for _, r := range rows {
		if r.Invalid {
			bad[r.Line] = true
		}
	}
	for _, p := range res.Problems {
		bad[p.Line] = true
	}
	return len(bad)
}

// existingRef is what matching needs to know of a person already filed.
type existingRef struct {
	id, household int64
	region        string
	hasID         bool
}

// planRoster decides, reading only, what each row does: skip, create, or
// update which file. It counts the result as if every good row were written
// and the households to create.
func (db *DB) planRoster(ctx context.Context, q querier, u *shuangbai.User, rows []RosterRow) (*RosterResult, []rosterAction, error) {
	res := &RosterResult{Rows: len(rows)}
	plan := make([]rosterAction, len(rows))
	scope := u.Scope()
	today := db.today()
	refuse := func(i int, format string, args ...any) {
		plan[i].skip = true
		res.Problems = append(res.Problems, RosterProblem{rows[i].Line, fmt.Sprintf(format, args...)})
	}
	villages, err := db.RosterVillages(ctx, scope)
	if err != nil {
		return nil, nil, err
	}

	// Each row alone: in scope and valid.
	hashes := map[string]int{} // hash → first row with it
	var lookup []any
	for i := range rows {
		r := &rows[i]
		if r.Invalid {
			plan[i].skip = true
			continue
		}
		b := r.Person // a copy: Validate fills in birth and gender
		if _, ok := villages[b.Region]; !ok {
			refuse(i, "村（社区）代码 %s 不存在或不在您的管辖范围内", b.Region)
			continue
		}
		if err := b.Validate(today); err != nil {
			refuse(i, "%s", shuangbai.ErrorMessage(err)+fieldText(err))
			continue
		}
		if b.IDNumber == "" {
			continue
		}
		h := db.box.Hash(b.IDNumber)
		if j, ok := hashes[h]; ok {
			refuse(i, "身份证号与第%d行重复", rows[j].Line)
			continue
		}
		hashes[h] = i
		lookup = append(lookup, h)
	}

	// People already filed with these ID numbers, anywhere: the number is
	// unique across the whole database.
	byHash := map[string]existingRef{}
	err = inBatches(lookup, func(batch []any) error {
		return db.eachRow(ctx, q, "SELECT id, COALESCE(household_id, 0), region, id_number_hash FROM beneficiaries WHERE id_number_hash IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch,
			func(sc func(...any) error) error {
				var e existingRef
				var h string
				if err := sc(&e.id, &e.household, &e.region, &h); err != nil {
					return err
				}
				e.hasID = true
				byHash[h] = e
				return nil
			})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: roster match by ID: %w", err)
	}

	// People in the villages of rows not matched by ID number, by name and
	// birth date.
	type who struct{ region, name, birth string }
	byWho := map[who][]existingRef{}
	var regions []any
	seenRegion := map[string]bool{}
	for i := range rows {
		b := &rows[i].Person
		if plan[i].skip || b.IDNumber != "" && byHash[db.box.Hash(b.IDNumber)].id != 0 || seenRegion[b.Region] {
			continue
		}
		seenRegion[b.Region] = true
		regions = append(regions, b.Region)
	}
	err = inBatches(regions, func(batch []any) error {
		return db.eachRow(ctx, q, "SELECT id, COALESCE(household_id, 0), region, name, birth, COALESCE(id_number_hash, '') FROM beneficiaries WHERE region IN (?"+strings.Repeat(", ?", len(batch)-1)+")", batch,
			func(sc func(...any) error) error {
				var e existingRef
				var name, hash string
				var birth shuangbai.Date
				if err := sc(&e.id, &e.household, &e.region, &name, &birth, &hash); err != nil {
					return err
				}
				e.hasID = hash != ""
				k := who{e.region, name, birth.String()}
				byWho[k] = append(byWho[k], e)
				return nil
			})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: roster match by name: %w", err)
	}

	// Each row: create or update whom.
	taken := map[int64]int{} // file → row updating it
	households := map[int64]int64{}
	for i := range rows {
		if plan[i].skip {
			continue
		}
		r := &rows[i]
		b := r.Person
		b.Validate(today) // fills in birth and gender from the ID number
		var match existingRef
		if b.IDNumber != "" {
			match = byHash[db.box.Hash(b.IDNumber)]
			if match.id != 0 && !scope.Contains(match.region) {
				refuse(i, "该身份证号已在您管辖范围以外的地区建档，不能在此导入；如该人已迁入，请联系上级管理员办理")
				continue
			}
		}
		if match.id == 0 {
			var noID, withID []existingRef
			for _, e := range byWho[who{b.Region, b.Name, b.Birth.String()}] {
				if e.hasID {
					withID = append(withID, e)
				} else {
					noID = append(noID, e)
				}
			}
			switch {
			case b.IDNumber == "" && len(noID)+len(withID) > 1:
				refuse(i, "本村已有 %d 份同名、同出生日期的档案，无法确定是哪一份：请填写身份证号", len(noID)+len(withID))
				continue
			case b.IDNumber == "" && len(noID)+len(withID) == 1:
				match = append(noID, withID...)[0]
				res.Notes = append(res.Notes, RosterProblem{r.Line, "没有身份证号，按村、姓名、出生日期对应到已建档的人员，更新其档案"})
			case len(noID) == 1:
				match = noID[0]
				res.Notes = append(res.Notes, RosterProblem{r.Line, "已建档的同村、同名、同出生日期人员没有身份证号，按同一人处理：补上身份证号并更新其档案"})
			case len(withID) > 0:
				res.Notes = append(res.Notes, RosterProblem{r.Line, "本村已有同名、同出生日期但身份证号不同的档案，将新建档案，请核对是否重复"})
			}
		}
		if match.id != 0 {
			if j, ok := taken[match.id]; ok {
				refuse(i, "与第%d行对应同一份已建档的档案，请核对是否重复", rows[j].Line)
				continue
			}
			taken[match.id] = i
			plan[i].existing = match.id
			if match.household != 0 {
				households[match.id] = match.household
			}
		}
	}
	for i := range plan {
		switch {
		case plan[i].skip:
			res.Skipped++
		case plan[i].existing != 0:
			res.Updated++
		default:
			res.Created++
		}
	}
	res.Households = len(newHouseholds(rows, plan, households))
	return res, plan, nil
}

// householdKey names a household in a register: a head of household in a
// village.
type householdKey struct{ region, head string }

// newHouseholds returns the households rows name that none of their members
// already belongs to, with the row whose address the household takes (the
// head's, or else the first member's).
func newHouseholds(rows []RosterRow, plan []rosterAction, have map[int64]int64) map[householdKey]int {
	out := map[householdKey]int{}
	known := map[householdKey]bool{}
	for i, r := range rows {
		if plan[i].skip || r.HeadName == "" {
			continue
		}
		k := householdKey{r.Person.Region, r.HeadName}
		if have[plan[i].existing] != 0 {
			known[k] = true
		}
		if j, ok := out[k]; !ok || r.Person.Name == r.HeadName && rows[j].Person.Name != r.HeadName {
			out[k] = i
		}
	}
	for k := range known {
		delete(out, k)
	}
	return out
}

// fieldText appends the field messages of a validation error.
func fieldText(err error) string {
	var keys []string
	fe := map[string]string{}
	if e, ok := err.(*shuangbai.Error); ok {
		fe = e.Fields
	}
	for k := range fe {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("；" + fe[k])
	}
	return b.String()
}

// inBatches calls fn with args in slices short enough for one IN (…) list
// on either engine.
func inBatches(args []any, fn func(batch []any) error) error {
	for len(args) > 0 {
		n := min(len(args), 500)
		if err := fn(args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// eachRow runs a query and calls fn with a scanner for each row.
func (db *DB) eachRow(ctx context.Context, q querier, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RosterVillages returns the current villages and communities inside scope,
// code → name: where a user may file people.
func (db *DB) RosterVillages(ctx context.Context, scope shuangbai.Scope) (map[string]string, error) {
	var w where
	w.add("level = ?", int(shuangbai.LevelVillage))
	w.add("valid_to IS NULL")
	w.scope("code", scope)
	out := map[string]string{}
	err := db.eachRow(ctx, db.read, "SELECT code, name FROM regions WHERE "+w.String(), w.args, func(sc func(...any) error) error {
		var code, name string
		if err := sc(&code, &name); err != nil {
			return err
		}
		out[code] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: roster villages: %w", err)
	}
	return out, nil
}

// RosterMapping returns the column mapping last saved for registers whose
// header has the given signature, as field names by column, or nil.
func (db *DB) RosterMapping(ctx context.Context, signature string) ([]string, error) {
	var raw string
	err := db.read.QueryRowContext(ctx, db.q("SELECT mapping FROM roster_mappings WHERE signature = ?"), signature).Scan(&raw)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: roster mapping: %w", err)
	}
	var fields []string
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		return nil, nil // unreadable: as if none had been saved
	}
	return fields, nil
}

// SaveRosterMapping remembers the mapping a user chose for registers whose
// header has the given signature. Mappings name columns, never people, so
// they are shared by every user.
func (db *DB) SaveRosterMapping(ctx context.Context, u *shuangbai.User, signature string, fields []string) error {
	if !u.CanEditCases() {
		return forbidden()
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, db.q(`INSERT INTO roster_mappings (signature, mapping, updated_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
		signature, string(raw), u.ID, db.now())
	if err != nil {
		return fmt.Errorf("store: save roster mapping: %w", err)
	}
	return nil
}

// rosterWriter writes the rows of an import with statements prepared once:
// per row, one round trip per table instead of a parse and plan each time.
type rosterWriter struct {
	db    *DB
	ctx   context.Context
	tx    *sql.Tx
	u     *shuangbai.User
	now   time.Time
	today shuangbai.Date
	stmts []*sql.Stmt

	insPerson, updPerson, delGroups, insGroup, insHousehold, insAudit *sql.Stmt
}

func (db *DB) newRosterWriter(ctx context.Context, tx *sql.Tx, u *shuangbai.User) (*rosterWriter, error) {
	w := &rosterWriter{db: db, ctx: ctx, tx: tx, u: u, now: db.now(), today: db.today()}
	for _, s := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&w.insPerson, `INSERT INTO beneficiaries (region, household_id, relation, name, gender, birth, id_number_enc, id_number_hash,
			phone_enc, address, lat, lng, disability, found_by, found_on, worker_id, level, open, last_visit, next_due, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`},
		{&w.updPerson, `UPDATE beneficiaries SET region = ?, household_id = ?, relation = ?, name = ?, gender = ?, birth = ?,
			id_number_enc = ?, id_number_hash = ?, phone_enc = ?, address = ?, disability = ?, found_by = ?, found_on = ?, updated_at = ? WHERE id = ?`},
		{&w.delGroups, "DELETE FROM beneficiary_groups WHERE beneficiary_id = ?"},
		{&w.insGroup, "INSERT INTO beneficiary_groups (beneficiary_id, grp) VALUES (?, ?)"},
		{&w.insHousehold, "INSERT INTO households (region, head_name, address, created_at) VALUES (?, ?, ?, ?) RETURNING id"},
		{&w.insAudit, `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, region, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
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
	res.Created, res.Updated, res.Unchanged, res.Households = 0, 0, 0, 0
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
			if changed {
				res.Updated++
			} else {
				res.Unchanged++
			}
			continue
		}
		if err := w.create(&b); err != nil {
			return fmt.Errorf("store: roster row %d: %w", rows[i].Line, err)
		}
		res.Created++
	}
	return nil
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
		if hh := old[plan[i].existing].HouseholdID; hh != 0 {
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
		b.Address, b.Lat, b.Lng, b.Disability, string(b.FoundBy), b.FoundOn, nil, int(b.Level), b.Open, b.LastVisit, b.NextDue, w.now, w.now).Scan(&b.ID)
	if err != nil {
		return mapError(err)
	}
	if err := w.groups(b.ID, b.Groups, false); err != nil {
		return err
	}
	return w.audit("create", b, nil)
}

// update merges a row into a file: what the row gives replaces what is
// stored, blanks keep it. It reports whether anything changed.
func (w *rosterWriter) update(old, row *shuangbai.Beneficiary) (bool, error) {
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
	}
	if len(row.Groups) > 0 {
		m.Groups = row.Groups
	}
	groupsChanged := !sameGroups(old.Groups, m.Groups)
	if !groupsChanged && m.Region == old.Region && m.Name == old.Name && m.Gender == old.Gender && m.IDNumber == old.IDNumber &&
		m.Phone == old.Phone && m.Address == old.Address && m.Relation == old.Relation && m.Disability == old.Disability &&
		m.FoundBy == old.FoundBy && m.Birth == old.Birth && m.FoundOn == old.FoundOn && m.HouseholdID == old.HouseholdID {
		return false, nil
	}
	if err := m.Validate(w.today); err != nil {
		return false, err
	}
	idEnc, idHash, phoneEnc, err := w.db.sealed(&m)
	if err != nil {
		return false, err
	}
	m.UpdatedAt = w.now
	_, err = w.updPerson.ExecContext(w.ctx, m.Region, nullID(m.HouseholdID), m.Relation, m.Name, m.Gender, m.Birth, idEnc, idHash, phoneEnc,
		m.Address, m.Disability, string(m.FoundBy), m.FoundOn, w.now, m.ID)
	if err != nil {
		return false, mapError(err)
	}
	if groupsChanged {
		if err := w.groups(m.ID, m.Groups, true); err != nil {
			return false, err
		}
	}
	return true, w.audit("update", &m, old)
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
	after := auditView(b)
	after["via"] = "roster_import"
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	var bef []byte
	if before != nil {
		if bef, err = json.Marshal(auditView(before)); err != nil {
			return err
		}
	}
	_, err = w.insAudit.ExecContext(w.ctx, w.now, w.u.ID, w.u.Username, action, "beneficiary", fmt.Sprint(b.ID), b.Region, string(bef), string(a))
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}
