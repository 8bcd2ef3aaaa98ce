package store_test

import (
	"strconv"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
)

// TestImportRosterIncomplete: a row in 残疾人 without the disability's
// type and grade is imported and its file marked 待补充 with the missing
// item, listed for the scope (and the responsible worker), not outside it;
// a re-import that gives the grade, or a hand edit, completes the file.
// Filing by hand still refuses the person without a grade.
func TestImportRosterIncomplete(t *testing.T) {
	db, yc, ld := rosterFixture(t)
	ctx := t.Context()
	worker := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, worker); err != nil {
		t.Fatal(err)
	}
	rows := threeRows()
	rows[0].Person.Groups = []shuangbai.Group{shuangbai.GroupDisabled} // 陈小明: no grade
	rows[0].Person.WorkerID = worker.ID
	rows[1].Person.Groups = []shuangbai.Group{shuangbai.GroupDisabled} // 李阿婆: no grade
	rows[2].Person.Groups = []shuangbai.Group{shuangbai.GroupDisabled}
	rows[2].Person.Disability = "肢体二级"

	dry, err := db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: store.ImportAll, DryRun: true})
	if err != nil || dry.Created != 3 || dry.Incomplete != 2 || len(dry.Problems) != 0 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	res, err := db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: store.ImportAll, Source: "村名册.xlsx"})
	if err != nil || res.Created != 3 || res.Incomplete != 2 {
		t.Fatalf("import: %+v, %v", res, err)
	}

	list, total, err := db.IncompleteFiles(ctx, yc.Scope(), store.IncompleteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(list) != 2 || list[0].Name != "李阿婆" && list[1].Name != "李阿婆" {
		t.Fatalf("incomplete files: %d %+v", total, list)
	}
	for _, f := range list {
		if len(f.Gaps) != 1 || f.Gaps[0].Item != shuangbai.GapDisability || f.Gaps[0].Source != "村名册.xlsx" || f.Gaps[0].Since.IsZero() {
			t.Errorf("gaps of %s: %+v", f.Name, f.Gaps)
		}
	}
	mine, n, err := db.IncompleteFiles(ctx, yc.Scope(), store.IncompleteFilter{WorkerID: worker.ID})
	if err != nil || n != 1 || len(mine) != 1 || mine[0].Name != "陈小明" || mine[0].WorkerID != worker.ID {
		t.Errorf("the worker's incomplete files: %d %+v %v", n, mine, err)
	}
	if other, n, err := db.IncompleteFiles(ctx, ld.Scope(), store.IncompleteFilter{}); err != nil || n != 0 || len(other) != 0 {
		t.Errorf("another county sees %d: %+v %v", n, other, err)
	}
	chen := mine[0].ID
	if gaps, err := db.FileGaps(ctx, ld.Scope(), chen); err != nil || len(gaps) != 0 {
		t.Errorf("gaps read outside scope: %+v %v", gaps, err)
	}
	if one, n, err := db.IncompleteFiles(ctx, yc.Scope(), store.IncompleteFilter{Limit: 1}); err != nil || n != 2 || len(one) != 1 {
		t.Errorf("limited: %d %+v %v", n, one, err)
	}

	// The audit entry of the file says what it lacks.
	log, err := db.AuditLog(ctx, yc.Scope(), store.AuditFilter{Entity: "beneficiary", EntityID: strconv.FormatInt(chen, 10)})
	if err != nil || len(log) != 1 || !strings.Contains(log[0].After, `"gaps":["disability"]`) {
		t.Errorf("audit %+v %v", log, err)
	}

	// A re-import with the grade completes 陈小明's file.
	again := threeRows()[:1]
	again[0].Person.Disability = "视力一级"
	if res, err := db.ImportRoster(ctx, yc, again, store.RosterImport{Mode: store.ImportAll}); err != nil || res.Updated != 1 || res.Incomplete != 0 {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
	if gaps, err := db.FileGaps(ctx, yc.Scope(), chen); err != nil || len(gaps) != 0 {
		t.Errorf("gaps after the grade was imported: %+v %v", gaps, err)
	}
	// The worker's own list is empty now; 李阿婆 is left.
	if _, n, _ := db.IncompleteFiles(ctx, yc.Scope(), store.IncompleteFilter{WorkerID: worker.ID}); n != 0 {
		t.Errorf("the worker still has %d", n)
	}
	b, err := db.Beneficiary(ctx, yc.Scope(), chen)
	if err != nil || b.WorkerID != worker.ID || b.Disability != "视力一级" {
		t.Errorf("file after re-import: %+v %v", b, err)
	}

	// By hand: the edit must give the grade, and completes the file.
	list, _, _ = db.IncompleteFiles(ctx, yc.Scope(), store.IncompleteFilter{})
	li, err := db.Beneficiary(ctx, yc.Scope(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	li.Phone = "13800138001"
	if err := db.UpdateBeneficiary(ctx, yc, li, nil); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("a hand edit without the grade: %v", err)
	}
	li.Disability = "听力三级"
	if err := db.UpdateBeneficiary(ctx, yc, li, nil); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := db.IncompleteFiles(ctx, yc.Scope(), store.IncompleteFilter{}); n != 0 {
		t.Errorf("%d incomplete after the hand edit", n)
	}
	hand := &shuangbai.Beneficiary{Name: "王五", Region: shuangshang, Gender: "男", Birth: shuangbai.NewDate(1950, 1, 1), Level: 4,
		Groups: []shuangbai.Group{shuangbai.GroupDisabled}}
	if err := db.CreateBeneficiary(ctx, yc, hand); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("filing by hand without the grade: %v", err)
	}
}

// TestImportRosterWorkerAndDuplicates: the responsible worker a row names
// is set on the file when it is staff in scope, kept when a re-import
// leaves it blank, and a worker outside scope refuses the row. An ID
// number twice in one register keeps the first row.
func TestImportRosterWorkerAndDuplicates(t *testing.T) {
	db, yc, _ := rosterFixture(t)
	ctx := t.Context()
	mine := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	theirs := &shuangbai.Person{Region: "445381004", Name: "罗定人", Gender: "女", Role: shuangbai.StaffWorker}
	for _, p := range []*shuangbai.Person{mine, theirs} {
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
	}
	rows := threeRows()
	rows[0].Person.WorkerID = mine.ID
	rows[1].Person.WorkerID = theirs.ID
	twice := rows[0]
	twice.Line, twice.Person.Name = 5, "陈明"
	rows = append(rows, twice)

	res, err := db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: store.ImportValid})
	if err != nil || res.Created != 2 || res.Skipped != 2 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	want := map[int]string{3: "责任社工不存在或不在您的管辖范围内", 5: "与第2行身份证号重复：同一人只导入第一次出现的行，本行不导入"}
	for _, p := range res.Problems {
		if want[p.Line] != p.Message {
			t.Errorf("row %d: %q, want %q", p.Line, p.Message, want[p.Line])
		}
		delete(want, p.Line)
	}
	if len(want) != 0 {
		t.Errorf("not refused: %v", want)
	}
	list, err := db.Beneficiaries(ctx, yc.Scope(), shuangbai.BeneficiaryFilter{IDNumber: rows[0].Person.IDNumber})
	if err != nil || len(list) != 1 || list[0].Name != "陈小明" || list[0].WorkerID != mine.ID {
		t.Fatalf("the first row's file: %+v %v", list, err)
	}
	// A re-import that names no worker keeps the one the file has.
	if res, err := db.ImportRoster(ctx, yc, threeRows()[:1], store.RosterImport{Mode: store.ImportAll}); err != nil || res.Unchanged != 1 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	if b, _ := db.Beneficiary(ctx, yc.Scope(), list[0].ID); b.WorkerID != mine.ID {
		t.Errorf("worker %d after a re-import without one", b.WorkerID)
	}
}

// TestIncompleteFileMoves: a file still to complete that a re-import moves
// to another town is listed there, no longer in the town it left.
func TestIncompleteFileMoves(t *testing.T) {
	db, yc, _ := rosterFixture(t)
	ctx := t.Context()
	row := threeRows()[:1]
	row[0].Person.Groups = []shuangbai.Group{shuangbai.GroupDisabled}
	if _, err := db.ImportRoster(ctx, yc, row, store.RosterImport{Mode: store.ImportAll}); err != nil {
		t.Fatal(err)
	}
	row[0].Person.Region = yaogu
	if res, err := db.ImportRoster(ctx, yc, row, store.RosterImport{Mode: store.ImportAll}); err != nil || res.Updated != 1 || res.Incomplete != 1 {
		t.Fatalf("moved: %+v %v", res, err)
	}
	for town, want := range map[string]int{"445302003": 0, "445302102": 1} {
		if _, n, err := db.IncompleteFiles(ctx, shuangbai.Scope{Code: town}, store.IncompleteFilter{}); err != nil || n != want {
			t.Errorf("%s: %d files to complete, want %d (%v)", town, n, want, err)
		}
	}
}
