package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

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
	// Incomplete counts the files the import leaves to complete (待补充):
	// lacking an item filing by hand requires. In a dry run it counts the
	// good rows that lack one (a file already filed may have it).
	Incomplete int
	Imported   bool
	Problems   []RosterProblem // rows refused here, beyond those the reader marked Invalid
	Notes      []RosterProblem // rows imported in a way worth checking: matched without an ID number …

	elsewhere []AccessTarget // files outside the user's scope whose ID number a row gave
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
// Every row is checked again here: its village and its responsible worker
// must be in the user's scope, and an ID number filed outside it is
// refused. A row may lack what ValidateImport lets through: its file is
// marked 待补充 with what it lacks (see IncompleteFiles). In ImportAll mode any bad
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
		res, _, err := db.planRoster(ctx, db.read, u, rows, true)
		if err != nil {
			return nil, err
		}
		if err := db.logIDMatches(ctx, u, res.elsewhere, "名册试导入", false); err != nil {
			return nil, err
		}
		progress(len(rows))
		return res, nil
	}
	var res *RosterResult
	refused := false
	err := db.inTxAlone(ctx, func(tx *sql.Tx) error {
		var plan []rosterAction
		var err error
		if res, plan, err = db.planRoster(ctx, tx, u, rows, false); err != nil {
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
		w, err := db.newRosterWriter(ctx, tx, u, opt.Source)
		if err != nil {
			return err
		}
		defer w.close()
		if err := w.write(rows, plan, res, progress); err != nil {
			return err
		}
		if w.chain != nil {
			if err := w.chain.save(ctx, db, tx); err != nil {
				return err
			}
		}
		res.Imported = true
		return db.audit(ctx, tx, u, "import", "beneficiary", "roster", u.Scope().Code, nil, map[string]any{
			"source": opt.Source, "mode": opt.Mode, "rows": res.Rows, "created": res.Created, "updated": res.Updated,
			"unchanged": res.Unchanged, "skipped": res.Skipped, "households": res.Households, "incomplete": res.Incomplete})
	})
	if res != nil {
		if lerr := db.logIDMatches(ctx, u, res.elsewhere, "名册导入", true); lerr != nil && err == nil {
			err = lerr
		}
	}
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
//
// A row whose ID number is filed outside the user's scope is refused only
// when the import is applied. A dry run plans it exactly as a number filed
// nowhere — created, with the same notes a new number would get — so that
// a dry run of guessed numbers cannot tell which of them are filed in
// another county: the refusal costs an import that files the other guesses
// and raises an alert where the matches are. Either way the match is
// logged on the file.
func (db *DB) planRoster(ctx context.Context, q querier, u *shuangbai.User, rows []RosterRow, dryRun bool) (*RosterResult, []rosterAction, error) {
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
	staff, err := db.rosterWorkers(ctx, q, scope, rows)
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
		if b.WorkerID != 0 && !staff[b.WorkerID] {
			refuse(i, "责任社工不存在或不在您的管辖范围内")
			continue
		}
		if err := b.ValidateImport(today); err != nil {
			refuse(i, "%s", shuangbai.ErrorMessage(err)+fieldText(err))
			continue
		}
		if hh := (shuangbai.Household{HeadName: r.HeadName}); r.HeadName != "" {
			if err := hh.Validate(); err != nil {
				refuse(i, "%s", shuangbai.ErrorMessage(err)+fieldText(err))
				continue
			}
		}
		if b.IDNumber == "" {
			continue
		}
		h := db.box.Hash(b.IDNumber)
		if j, ok := hashes[h]; ok {
			refuse(i, "与第%d行身份证号重复：同一人只导入第一次出现的行，本行不导入", rows[j].Line)
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
				if dryRun && !scope.Contains(e.region) {
					res.elsewhere = append(res.elsewhere, AccessTarget{BeneficiaryID: e.id, Region: e.region})
					return nil // planned below as if filed nowhere
				}
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
				// The same words as for any number that cannot be taken, and
				// the attempt is logged where the person's file is: an import
				// must not be a silent way to ask who is on file elsewhere.
				refuse(i, idElsewhereMessage)
				res.elsewhere = append(res.elsewhere, AccessTarget{BeneficiaryID: match.id, Region: match.region})
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
			// A person moving village leaves her household: a household is
			// one village's (as CheckHousehold keeps it for the forms).
			if match.household != 0 && match.region == b.Region {
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
		if !plan[i].skip && len(rows[i].Person.Gaps()) > 0 {
			res.Incomplete++
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
