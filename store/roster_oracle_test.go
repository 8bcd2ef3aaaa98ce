package store_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestDryRunIsNoOracle: a dry run answers a row whose ID number is filed
// in another county exactly as a row whose number is filed nowhere, so a
// dry run of guessed numbers tells nothing. The match is still logged on
// the other county's file, without an alert: nothing was refused yet.
func TestDryRunIsNoOracle(t *testing.T) {
	const elsewhere, fresh = "44538119600101004", "44530219600101015" // both born 1960-01-01
	for _, tt := range []struct {
		name string
		mode store.ImportMode
		// twin files a person of the same name and birth date in the row's
		// village, so both rows get the note about a possible duplicate.
		twin bool
	}{
		{"valid rows, nothing alike filed", store.ImportValid, false},
		{"all or nothing, nothing alike filed", store.ImportAll, false},
		{"valid rows, a namesake filed in the village", store.ImportValid, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, yc, ld := rosterFixture(t)
			ctx := t.Context()
			if _, err := db.ImportRoster(ctx, ld, []store.RosterRow{person(2, "罗定人", elsewhere, shuangdong, "")}, store.RosterImport{Mode: store.ImportAll}); err != nil {
				t.Fatal(err)
			}
			if tt.twin {
				twin := person(2, "罗定人", "44530219600101023", shuangshang, "")
				if _, err := db.ImportRoster(ctx, yc, []store.RosterRow{twin}, store.RosterImport{Mode: store.ImportAll}); err != nil {
					t.Fatal(err)
				}
			}
			dry := func(first17 string) *store.RosterResult {
				t.Helper()
				rows := []store.RosterRow{person(7, "罗定人", first17, shuangshang, ""), person(8, "陈小明", "44530219900101123", shuangshang, "")}
				res, err := db.ImportRoster(ctx, yc, rows, store.RosterImport{Mode: tt.mode, DryRun: true})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			a, b := answer(dry(elsewhere)), answer(dry(fresh))
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("dry run of a number filed elsewhere:\n%+v\nof a new number:\n%+v", a, b)
			}
			if a.Created != 2 || len(a.Problems) != 0 || tt.twin != (len(a.Notes) == 1) {
				t.Errorf("dry run = %+v", a)
			}
			if l, _ := db.AccessLog(ctx, ld.Scope(), 0, 0, 0); len(l) != 1 || l[0].Action != store.AccessIDMatch || l[0].Detail != "名册试导入" {
				t.Errorf("access log of 罗定市 after the dry run: %+v", l)
			}
			if n, _ := db.UnreadAlerts(ctx, ld); n != 0 {
				t.Errorf("a dry run raised %d alerts", n)
			}
		})
	}
}

// answer is what an import tells its caller: the result's exported fields.
func answer(r *store.RosterResult) store.RosterResult {
	return store.RosterResult{Rows: r.Rows, Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Skipped: r.Skipped,
		Households: r.Households, Imported: r.Imported, Problems: r.Problems, Notes: r.Notes}
}

// TestAppliedImportRaisesAlert: applying refuses the row filed elsewhere
// in the neutral words, logs it on the file and alerts the admins of the
// file's county and the city, not those of the importer's county, naming
// who tried but not what they typed.
func TestAppliedImportRaisesAlert(t *testing.T) {
	db, yc, ld := rosterFixture(t)
	ctx := t.Context()
	city := storetest.User(t, db, "city.admin", shuangbai.RoleCityAdmin, "4453", "x")
	worker := storetest.User(t, db, "hekou.sw", shuangbai.RoleWorker, "445302003", "x")
	luoding := person(2, "罗定人", "44538119600101004", shuangdong, "")
	if _, err := db.ImportRoster(ctx, ld, []store.RosterRow{luoding}, store.RosterImport{Mode: store.ImportAll}); err != nil {
		t.Fatal(err)
	}
	rows := []store.RosterRow{person(7, "罗定人", "44538119600101004", shuangshang, "13700137000"), person(8, "陈小明", "44530219900101123", shuangshang, "")}
	res, err := db.ImportRoster(ctx, worker, rows, store.RosterImport{Mode: store.ImportValid})
	if err != nil || res.Created != 1 || len(res.Problems) != 1 || res.Problems[0].Message != "该身份证号无法在此建档或导入，请联系上级民政部门核实" {
		t.Fatalf("applied import: %+v, %v", res, err)
	}
	for _, tt := range []struct {
		who  *shuangbai.User
		want int
	}{{ld, 1}, {city, 1}, {yc, 0}} {
		list, err := db.Alerts(ctx, tt.who, 0, 0)
		if err != nil || len(list) != tt.want {
			t.Fatalf("alerts of %s: %+v, %v", tt.who.Username, list, err)
		}
		if n, _ := db.UnreadAlerts(ctx, tt.who); n != tt.want {
			t.Errorf("unread alerts of %s: %d, want %d", tt.who.Username, n, tt.want)
		}
	}
	list, _ := db.Alerts(ctx, ld, 0, 0)
	a := list[0]
	if a.Region != "445381" || a.Kind != store.AlertIDElsewhere || !strings.Contains(a.Message, "hekou.sw") || !strings.Contains(a.Message, "名册导入") ||
		!strings.Contains(a.Message, "1 个") {
		t.Errorf("alert = %+v", a)
	}
	for _, typed := range []string{"44538119600101004", "13700137000", "陈小明", "罗定人"} {
		if strings.Contains(a.Message, typed) {
			t.Errorf("alert repeats what was typed (%s): %s", typed, a.Message)
		}
	}
	// Only the admins of the alert's region mark it read, once.
	if err := db.MarkAlertRead(ctx, yc, a.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county marks the alert read: %v", err)
	}
	if err := db.MarkAlertRead(ctx, worker, a.ID); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a worker marks the alert read: %v", err)
	}
	if _, err := db.Alerts(ctx, worker, 0, 0); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a worker reads alerts: %v", err)
	}
	if err := db.MarkAlertRead(ctx, ld, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkAlertRead(ctx, city, a.ID); err != nil {
		t.Fatal(err)
	}
	list, _ = db.Alerts(ctx, city, 0, 0)
	if n, _ := db.UnreadAlerts(ctx, city); n != 0 || !list[0].ReadAt.Valid || list[0].ReadBy != "ld.admin" {
		t.Errorf("after reading: %d unread, %+v", n, list[0])
	}
}

// TestFilingElsewhereRaisesAlert: typing another county's number into
// the filing form, whichever way it files (the form and the API file
// through FileBeneficiary, possibly with a new household), is refused in
// the same neutral words as an import — not "already filed", which would
// say that it is — logged on the file and alerted to that county; no
// household is left behind.
func TestFilingElsewhereRaisesAlert(t *testing.T) {
	for _, tt := range []struct {
		name string
		file func(db *store.DB, u *shuangbai.User, b *shuangbai.Beneficiary) error
	}{
		{"CreateBeneficiary", func(db *store.DB, u *shuangbai.User, b *shuangbai.Beneficiary) error {
			return db.CreateBeneficiary(t.Context(), u, b)
		}},
		{"FileBeneficiary", func(db *store.DB, u *shuangbai.User, b *shuangbai.Beneficiary) error {
			return db.FileBeneficiary(t.Context(), u, b, nil)
		}},
		{"FileBeneficiary with a new household", func(db *store.DB, u *shuangbai.User, b *shuangbai.Beneficiary) error {
			return db.FileBeneficiary(t.Context(), u, b, &shuangbai.Household{HeadName: "试探"})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, yc, ld := rosterFixture(t)
			ctx := t.Context()
			if _, err := db.ImportRoster(ctx, ld, []store.RosterRow{person(2, "罗定人", "44538119600101004", shuangdong, "")}, store.RosterImport{Mode: store.ImportAll}); err != nil {
				t.Fatal(err)
			}
			probe := &shuangbai.Beneficiary{Region: shuangshang, Name: "试探", IDNumber: idNumber("44538119600101004"), Level: 3}
			err := tt.file(db, yc, probe)
			if e, ok := err.(*shuangbai.Error); !ok || e.Code != shuangbai.EINVALID || e.Fields["id_number"] != "该身份证号无法在此建档或导入，请联系上级民政部门核实" {
				t.Fatalf("filing another county's number: %v", err)
			}
			list, err := db.Alerts(ctx, ld, 0, 0)
			if err != nil || len(list) != 1 || !strings.Contains(list[0].Message, "“建档”") || !strings.Contains(list[0].Message, "yc.admin") {
				t.Fatalf("alerts of 罗定市: %+v, %v", list, err)
			}
			if l, _ := db.AccessLog(ctx, ld.Scope(), 0, 0, 0); len(l) != 1 || l[0].Action != store.AccessIDMatch {
				t.Errorf("access log of 罗定市: %+v", l)
			}
			if n, _ := db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM households"); n != "0" {
				t.Errorf("%s households left behind", n)
			}
		})
	}
}

// TestTakeImport: at most max runs in any window, per user; the run that
// is refused is not counted, and the window slides.
func TestTakeImport(t *testing.T) {
	db, yc, ld := rosterFixture(t)
	ctx := t.Context()
	now := seedDay
	db.Now = func() time.Time { return now }
	take := func(u *shuangbai.User) (bool, time.Duration) {
		t.Helper()
		ok, wait, err := db.TakeImport(ctx, u.ID, 3, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return ok, wait
	}
	for _, step := range []struct {
		after  time.Duration // since the previous step
		u      *shuangbai.User
		ok     bool
		waitIs time.Duration // when refused
	}{
		{0, yc, true, 0},
		{10 * time.Minute, yc, true, 0},
		{10 * time.Minute, yc, true, 0},
		{10 * time.Minute, yc, false, 30 * time.Minute}, // the first run is 30 minutes old
		{0, ld, true, 0},                                // another user has their own count
		{29 * time.Minute, yc, false, time.Minute},
		{time.Minute, yc, true, 0}, // the first run has left the window
		{0, yc, false, 10 * time.Minute},
	} {
		now = now.Add(step.after)
		ok, wait := take(step.u)
		if ok != step.ok || !ok && wait != step.waitIs {
			t.Fatalf("at %s, %s: ok %v wait %s; want %v %s", now.Format("15:04"), step.u.Username, ok, wait, step.ok, step.waitIs)
		}
	}
}

// TestTakeImportParallel: uploads at once cannot together take more runs
// than are left.
func TestTakeImportParallel(t *testing.T) {
	db, yc, _ := rosterFixture(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := db.TakeImport(t.Context(), yc.ID, 20, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if taken != 20 {
		t.Errorf("%d of 30 parallel runs taken, want 20", taken)
	}
}
