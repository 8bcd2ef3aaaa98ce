package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// rosterFixture is a database with the Yunfu tree on the seed's day and a
// county admin of 云城区 and one of 罗定市.
func rosterFixture(t testing.TB) (*store.DB, *shuangbai.User, *shuangbai.User) {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return seedDay }
	yc := storetest.User(t, db, "yc.admin", shuangbai.RoleCountyAdmin, "445302", "x")
	ld := storetest.User(t, db, "ld.admin", shuangbai.RoleCountyAdmin, "445381", "x")
	return db, yc, ld
}

// person is a row of a register as the sheet package reads it.
func person(line int, name, first17, region, phone string) store.RosterRow {
	r := store.RosterRow{Line: line, Person: shuangbai.Beneficiary{Name: name, Region: region, Phone: phone, Level: 4}}
	if first17 != "" {
		r.Person.IDNumber = idNumber(first17)
	}
	return r
}

const (
	shuangshang = "445302003208" // 双上村, 河口街道, 云城区
	yaogu       = "445302102201" // 腰古村, 腰古镇, 云城区
	shuangdong  = "445381004001" // 双东社区, 罗定市
)

func threeRows() []store.RosterRow {
	return []store.RosterRow{
		person(2, "陈小明", "44530219900101123", shuangshang, "13800138000"),
		person(3, "李阿婆", "44530219400301002", shuangshang, ""),
		person(4, "张小红", "44530220100615004", yaogu, "0766-8812345"),
	}
}

func countBeneficiaries(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := db.PersonalRecords(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportRosterModes(t *testing.T) {
	bad := person(5, "王五", "44530219500101003", shuangshang, "")
	bad.Invalid = true // the reader found an error in it
	outside := person(6, "罗定人", "44538119600101004", shuangdong, "")
	rows := append(threeRows(), bad, outside)

	for _, tt := range []struct {
		name                      string
		mode                      store.ImportMode
		wantErr                   bool
		created, skipped, records int
	}{
		{"all or nothing: one bad row imports nothing", store.ImportAll, true, 0, 5, 0},
		{"valid rows only: exactly the valid rows", store.ImportValid, false, 3, 2, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, yc, _ := rosterFixture(t)
			res, err := db.ImportRoster(t.Context(), yc, rows, store.RosterImport{Mode: tt.mode, Source: "名册.xlsx"})
			if tt.wantErr != (err != nil) || tt.wantErr && shuangbai.ErrorCode(err) != shuangbai.EINVALID {
				t.Fatalf("err = %v", err)
			}
			if err != nil && !strings.Contains(err.Error(), "有 2 行有误") {
				t.Errorf("message %q", err)
			}
			if res.Created != tt.created || res.Skipped != tt.skipped || res.Imported == tt.wantErr {
				t.Errorf("result %+v", res)
			}
			// The store refuses the row outside the user's scope itself.
			if len(res.Problems) != 1 || res.Problems[0].Line != 6 || !strings.Contains(res.Problems[0].Message, "不在您的管辖范围内") {
				t.Errorf("problems %+v", res.Problems)
			}
			if n := countBeneficiaries(t, db); n != tt.records {
				t.Errorf("%d files, want %d", n, tt.records)
			}
			log, err := db.AuditLog(t.Context(), yc.Scope(), store.AuditFilter{Entity: "beneficiary"})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr && len(log) != 0 {
				t.Errorf("a refused import left %d audit entries", len(log))
			}
			if !tt.wantErr {
				// One entry per person, and the import's own with its counts.
				if len(log) != 4 || log[0].Action != "import" || !strings.Contains(log[0].After, `"created":3`) || !strings.Contains(log[0].After, `"source":"名册.xlsx"`) {
					t.Errorf("audit: %d entries, newest %+v", len(log), log[0])
				}
				if strings.Contains(log[1].After, "13800138000") {
					t.Errorf("audit holds a phone number in clear: %s", log[1].After)
				}
			}
		})
	}
}

func TestImportRosterReimport(t *testing.T) {
	db, yc, _ := rosterFixture(t)
	ctx := t.Context()
	imp := store.RosterImport{Mode: store.ImportAll}
	if res, err := db.ImportRoster(ctx, yc, threeRows(), imp); err != nil || res.Created != 3 {
		t.Fatalf("first import: %+v, %v", res, err)
	}

	// The same file again changes nothing and files no one twice.
	res, err := db.ImportRoster(ctx, yc, threeRows(), imp)
	if err != nil || res.Created != 0 || res.Updated != 0 || res.Unchanged != 3 {
		t.Fatalf("same file again: %+v, %v", res, err)
	}

	// A changed phone is updated; a blank phone keeps what is stored; a
	// lower-case x in the ID number still matches.
	rows := threeRows()
	rows[0].Person.Phone = "13900139000"
	rows[2].Person.Phone = ""
	rows[1].Person.IDNumber = strings.ToLower(rows[1].Person.IDNumber)
	res, err = db.ImportRoster(ctx, yc, rows, imp)
	if err != nil || res.Created != 0 || res.Updated != 1 || res.Unchanged != 2 {
		t.Fatalf("changed phone: %+v, %v", res, err)
	}
	if n := countBeneficiaries(t, db); n != 3 {
		t.Fatalf("%d files after three imports, want 3", n)
	}
	for _, want := range []struct{ id, phone string }{{rows[0].Person.IDNumber, "13900139000"}, {rows[2].Person.IDNumber, "0766-8812345"}} {
		got, err := db.Beneficiaries(ctx, yc.Scope(), shuangbai.BeneficiaryFilter{IDNumber: want.id})
		if err != nil || len(got) != 1 || got[0].Phone != want.phone {
			t.Errorf("after re-import, %s: %v %v", want.id, got, err)
		}
	}
}

func TestImportRosterScope(t *testing.T) {
	db, yc, ld := rosterFixture(t)
	ctx := t.Context()
	// 罗定市 files a person; 云城区 may not take them over by importing.
	luoding := person(2, "罗定人", "44538119600101004", shuangdong, "")
	if _, err := db.ImportRoster(ctx, ld, []store.RosterRow{luoding}, store.RosterImport{Mode: store.ImportAll}); err != nil {
		t.Fatal(err)
	}
	moved := person(7, "罗定人", "44538119600101004", shuangshang, "")
	res, err := db.ImportRoster(ctx, yc, []store.RosterRow{moved}, store.RosterImport{Mode: store.ImportValid})
	if err != nil || res.Created+res.Updated != 0 || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Message, "无法在此建档或导入") {
		t.Fatalf("import of a person filed elsewhere: %+v, %v", res, err)
	}
	// The refusal names no place, and the attempt is logged on the file.
	if strings.Contains(res.Problems[0].Message, "罗定") {
		t.Errorf("refusal names the other county: %s", res.Problems[0].Message)
	}
	if l, _ := db.AccessLog(ctx, ld.Scope(), 0, 0, 0); len(l) != 1 || l[0].Action != store.AccessIDMatch {
		t.Errorf("access log of 罗定市 after the refused import: %+v", l)
	}
	// A worker of a town cannot import into another town of the county.
	town := storetest.User(t, db, "hekou", shuangbai.RoleWorker, "445302003", "x")
	res, err = db.ImportRoster(ctx, town, threeRows(), store.RosterImport{Mode: store.ImportValid})
	if err != nil || res.Created != 2 || len(res.Problems) != 1 || res.Problems[0].Line != 4 {
		t.Fatalf("town worker: %+v, %v", res, err)
	}
	viewer := storetest.User(t, db, "viewer", shuangbai.RoleViewer, "445302", "x")
	if _, err := db.ImportRoster(ctx, viewer, threeRows(), store.RosterImport{Mode: store.ImportValid}); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Fatalf("viewer: %v", err)
	}
}

func TestImportRosterHouseholdsAndMatching(t *testing.T) {
	db, yc, _ := rosterFixture(t)
	ctx := t.Context()
	head := person(2, "陈大明", "44530219650101121", shuangshang, "")
	head.HeadName, head.Person.Relation, head.Person.Address = "陈大明", "户主", "双上村12号"
	son := person(3, "陈小明", "44530219900101123", shuangshang, "")
	son.HeadName, son.Person.Relation = "陈大明", "子女"
	// No ID number: matched on a re-import by village, name and birth.
	granny := store.RosterRow{Line: 4, HeadName: "陈大明", Person: shuangbai.Beneficiary{Name: "陈阿婆", Gender: "女",
		Birth: shuangbai.NewDate(1940, 3, 1), Region: shuangshang, Relation: "母亲", Level: 4}}
	other := person(5, "李阿婆", "44530219400301002", shuangshang, "")
	rows := []store.RosterRow{head, son, granny, other}

	dry, err := db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: store.ImportAll, DryRun: true})
	if err != nil || dry.Created != 4 || dry.Households != 1 || dry.Imported || countBeneficiaries(t, db) != 0 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	var calls, last [2]int
	progress := func(done, total int) { calls[0]++; last = [2]int{done, total} }
	res, err := db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: store.ImportAll, Progress: progress})
	if err != nil || res.Created != 4 || res.Households != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if calls[0] < 2 || last != [2]int{4, 4} {
		t.Errorf("progress: %d calls, last %v", calls[0], last)
	}
	all, err := db.Beneficiaries(ctx, yc.Scope(), shuangbai.BeneficiaryFilter{})
	if err != nil || len(all) != 4 {
		t.Fatal(all, err)
	}
	hh := all[0].HouseholdID
	if hh == 0 || all[1].HouseholdID != hh || all[2].HouseholdID != hh || all[3].HouseholdID != 0 {
		t.Fatalf("households: %d %d %d %d", all[0].HouseholdID, all[1].HouseholdID, all[2].HouseholdID, all[3].HouseholdID)
	}
	h, members, err := db.Household(ctx, yc.Scope(), hh)
	if err != nil || h.HeadName != "陈大明" || h.Address != "双上村12号" || len(members) != 3 {
		t.Fatalf("household %+v, %d members, %v", h, len(members), err)
	}

	// Again, with granny's phone now known: no new household, no new file.
	rows[2].Person.Phone = "13700137000"
	res, err = db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: store.ImportAll})
	if err != nil || res.Created != 0 || res.Updated != 1 || res.Households != 0 {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
	if len(res.Notes) != 1 || res.Notes[0].Line != 4 || !strings.Contains(res.Notes[0].Message, "按村、姓名、出生日期") {
		t.Errorf("notes %+v", res.Notes)
	}
	// Her ID number found later joins her file rather than making another.
	withID := store.RosterRow{Line: 9, Person: shuangbai.Beneficiary{Name: "陈阿婆", IDNumber: idNumber("44530219400301024"), Region: shuangshang, Level: 4}}
	res, err = db.ImportRoster(ctx, yc, []store.RosterRow{withID}, store.RosterImport{Mode: store.ImportAll})
	if err != nil || res.Created != 0 || res.Updated != 1 || countBeneficiaries(t, db) != 4 {
		t.Fatalf("ID found later: %+v, %v", res, err)
	}

	// Two rows for one file: the second is refused.
	twice := []store.RosterRow{person(2, "李阿婆", "44530219400301002", shuangshang, ""), person(3, "李阿婆", "44530219400301002", shuangshang, "")}
	res, err = db.ImportRoster(ctx, yc, twice, store.RosterImport{Mode: store.ImportValid})
	if err != nil || len(res.Problems) != 1 || res.Problems[0].Line != 3 || !strings.Contains(res.Problems[0].Message, "与第2行身份证号重复") {
		t.Fatalf("twice: %+v, %v", res, err)
	}
}

func TestRosterMappings(t *testing.T) {
	db, yc, ld := rosterFixture(t)
	ctx := t.Context()
	if got, err := db.RosterMapping(ctx, yc, "abc"); err != nil || got != nil {
		t.Fatalf("none saved: %v %v", got, err)
	}
	for _, m := range [][]string{{"name", "", "id_number"}, {"name", "region", "id_number"}} {
		if err := db.SaveRosterMapping(ctx, yc, "abc", m); err != nil {
			t.Fatal(err)
		}
		if got, err := db.RosterMapping(ctx, yc, "abc"); err != nil || !slices.Equal(got, m) {
			t.Fatalf("RosterMapping = %v, %v; want %v", got, err, m)
		}
	}
	// A county's mapping applies to its towns, never to another county.
	town := storetest.User(t, db, "hekou-map", shuangbai.RoleWorker, "445302003", "x")
	if got, _ := db.RosterMapping(ctx, town, "abc"); len(got) != 3 {
		t.Errorf("town does not inherit the county's mapping: %v", got)
	}
	if got, _ := db.RosterMapping(ctx, ld, "abc"); got != nil {
		t.Errorf("another county reads the mapping: %v", got)
	}
	v, err := db.RosterVillages(ctx, yc.Scope())
	if err != nil || len(v) != 2 || v[shuangshang] != "双上村民委员会" {
		t.Fatalf("villages %v %v", v, err)
	}
}

// BenchmarkImportRoster100k imports a register of 100,000 people (about a
// third in households) into an empty database in one transaction: the
// brief asks for under 60 s on SQLite. Run it alone with -benchtime=1x.
func BenchmarkImportRoster100k(b *testing.B) {
	const n = 100_000
	rows := make([]store.RosterRow, n)
	surnames := []rune("陈李张王黄梁林刘吴何")
	base := shuangbai.NewDate(1930, 1, 1)
	for i := range rows {
		birth := base.AddDays(i % 29000).Time().Format("20060102")
		first17 := fmt.Sprintf("445302%s%03d", birth, i/29000)
		village := []string{shuangshang, yaogu}[(i/3)%2]
		r := store.RosterRow{Line: i + 2, Person: shuangbai.Beneficiary{
			Name: string(surnames[i%len(surnames)]) + fmt.Sprintf("某%d", i), IDNumber: idNumber(first17), Region: village,
			Phone: fmt.Sprintf("138%08d", i), Address: fmt.Sprintf("%d号", i), Level: shuangbai.Level4(1 + i%4),
			Groups: []shuangbai.Group{shuangbai.GroupElderly, shuangbai.GroupDibao}[:1+i%2],
		}}
		if i%3 != 0 {
			r.HeadName = fmt.Sprintf("户主%d", i/3)
		}
		rows[i] = r
	}
	for b.Loop() {
		db, yc, _ := rosterFixture(b)
		start := time.Now()
		res, err := db.ImportRoster(b.Context(), yc, rows, store.RosterImport{Mode: store.ImportAll})
		if err != nil || res.Created != n {
			b.Fatalf("%+v %v", res, err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		b.ReportMetric(float64(res.Households), "households")
	}
}

// TestImportRosterMoveLeavesHousehold: a register that moves a person to
// another village takes her out of her old village's household — into the
// household it names there, or none — so that no member lives outside her
// household's village (the forms refuse that too, CheckHousehold).
func TestImportRosterMoveLeavesHousehold(t *testing.T) {
	db, yc, _ := rosterFixture(t)
	ctx := t.Context()
	head := person(2, "陈大明", "44530219650101121", shuangshang, "")
	head.HeadName, head.Person.Relation = "陈大明", "户主"
	son := person(3, "陈小明", "44530219900101123", shuangshang, "")
	son.HeadName, son.Person.Relation = "陈大明", "子女"
	wife := person(4, "黄阿姨", "44530219660101122", shuangshang, "")
	wife.HeadName, wife.Person.Relation = "陈大明", "配偶"
	if _, err := db.ImportRoster(ctx, yc, []store.RosterRow{head, son, wife}, store.RosterImport{Mode: store.ImportAll}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		row        store.RosterRow
		households int // new households the import makes
		head       string
	}{
		{"to a household named in the new village", func() store.RosterRow {
			r := person(2, "陈小明", "44530219900101123", yaogu, "")
			r.HeadName, r.Person.Relation = "陈小明", "户主"
			return r
		}(), 1, "陈小明"},
		{"with no household named", person(3, "黄阿姨", "44530219660101122", yaogu, ""), 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dry, err := db.ImportRoster(ctx, yc, []store.RosterRow{tt.row}, store.RosterImport{Mode: store.ImportAll, DryRun: true})
			if err != nil || dry.Households != tt.households {
				t.Fatalf("dry run: %d new households, want %d (%v)", dry.Households, tt.households, err)
			}
			res, err := db.ImportRoster(ctx, yc, []store.RosterRow{tt.row}, store.RosterImport{Mode: store.ImportAll})
			if err != nil || res.Updated != 1 || res.Households != tt.households {
				t.Fatalf("import: %+v, %v", res, err)
			}
			list, err := db.Beneficiaries(ctx, yc.Scope(), shuangbai.BeneficiaryFilter{Name: tt.row.Person.Name})
			if err != nil || len(list) != 1 {
				t.Fatal(list, err)
			}
			b := list[0]
			if b.Region != yaogu {
				t.Fatalf("%s not moved: %s", b.Name, b.Region)
			}
			if tt.head == "" {
				if b.HouseholdID != 0 {
					t.Errorf("%s kept household %d in her old village", b.Name, b.HouseholdID)
				}
				return
			}
			h, _, err := db.Household(ctx, yc.Scope(), b.HouseholdID)
			if err != nil || h.Region != yaogu || h.HeadName != tt.head {
				t.Errorf("%s's household %+v, %v: want %s's in %s", b.Name, h, err, tt.head, yaogu)
			}
		})
	}
	// The head stays, in her household of the old village.
	list, _ := db.Beneficiaries(ctx, yc.Scope(), shuangbai.BeneficiaryFilter{Name: "陈大明"})
	if len(list) != 1 || list[0].HouseholdID == 0 {
		t.Fatalf("head %+v", list)
	}
	if h, members, err := db.Household(ctx, yc.Scope(), list[0].HouseholdID); err != nil || h.Region != shuangshang || len(members) != 1 {
		t.Errorf("old household %+v with %d members, %v", h, len(members), err)
	}
}
