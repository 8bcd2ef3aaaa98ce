package store_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

var (
	d20210101 = shuangbai.NewDate(2021, 1, 1)
	d20210809 = shuangbai.NewDate(2021, 8, 9)
)

func TestMigrationsInStep(t *testing.T) {
	list := func(dir string) []string {
		var names []string
		err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	a, b := list("migrations/sqlite"), list("migrations/postgres")
	if !slices.Equal(a, b) {
		t.Fatalf("migrations differ: sqlite %v, postgres %v", a, b)
	}
	// The same tables, columns and indexes must be created on both sides.
	checkSchemas(t)
}

func TestOpenUnwritable(t *testing.T) {
	// root writes anywhere, so make the path unwritable by putting it under a file.
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o600)
	_, err := store.Open(context.Background(), filepath.Join(f, "db.sqlite"))
	if err == nil || !strings.Contains(err.Error(), "无法创建数据库目录") {
		t.Fatalf("Open under a file: %v", err)
	}
	_, err = store.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?connect_timeout=1")
	if err == nil || !strings.Contains(err.Error(), "无法连接数据库") {
		t.Fatalf("Open unreachable postgres: %v", err)
	}
}

func TestRegions(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	county := shuangbai.Scope{Code: "445302"}

	kids, err := db.Children(ctx, county, "445302", shuangbai.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(kids); !slices.Equal(got, []string{"445302003", "445302102"}) {
		t.Errorf("Children = %v", got)
	}
	// Ancestors are visible (breadcrumbs), siblings are not.
	if _, err := db.Region(ctx, county, "4453", shuangbai.Date{}); err != nil {
		t.Errorf("ancestor: %v", err)
	}
	if _, err := db.Region(ctx, county, "445381", shuangbai.Date{}); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("sibling county: err = %v, want not found", err)
	}
	if _, err := db.Children(ctx, county, "445381", shuangbai.Date{}); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("children of sibling: err = %v", err)
	}

	// A rename needs a date and keeps the old name for earlier days.
	renamed := []shuangbai.Region{{Code: "445302102", Name: "新腰古镇", Parent: "445302"}}
	if _, err := db.ImportRegions(ctx, shuangbai.SystemUser, renamed, shuangbai.Date{}); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Fatalf("rename without date: %v", err)
	}
	if res, err := db.ImportRegions(ctx, shuangbai.SystemUser, renamed, d20210809); err != nil || res.Renamed != 1 {
		t.Fatalf("rename: %+v %v", res, err)
	}
	for _, tt := range []struct {
		on   shuangbai.Date
		want string
	}{{d20210101, "腰古镇"}, {d20210809, "新腰古镇"}, {shuangbai.Date{}, "新腰古镇"}} {
		r, err := db.Region(ctx, county, "445302102", tt.on)
		if err != nil || r.Name != tt.want {
			t.Errorf("Region on %v = %q, %v; want %q", tt.on, r.Name, err, tt.want)
		}
	}

	// Unknown parent: nothing of the batch is stored.
	bad := []shuangbai.Region{
		{Code: "445302105", Name: "前锋镇", Parent: "445302"},
		{Code: "445399001", Name: "孤儿街道", Parent: "445399"},
	}
	if _, err := db.ImportRegions(ctx, shuangbai.SystemUser, bad, shuangbai.Date{}); err == nil || !strings.Contains(err.Error(), "第 2 条") {
		t.Fatalf("unknown parent: %v", err)
	}
	if _, err := db.Region(ctx, county, "445302105", shuangbai.Date{}); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("half an import was stored: %v", err)
	}
}

func codes(rs []shuangbai.Region) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestSitesScope(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	sd := storetest.Station(t, db, "445381004", "双东街道社工站", d20210101)
	storetest.Point(t, db, hk, "445302003208", "双上村社工点", d20210101)
	sdp := storetest.Point(t, db, sd, "445381004001", "双东社区社工点", d20210101)

	tests := []struct {
		name     string
		scope    shuangbai.Scope
		stations []string
		points   []string
	}{
		{"city sees both", shuangbai.Scope{Code: "4453"}, []string{"445302003", "445381004"}, []string{"445302003208", "445381004001"}},
		{"county sees its own", shuangbai.Scope{Code: "445302"}, []string{"445302003"}, []string{"445302003208"}},
		{"town sees its own", shuangbai.Scope{Code: "445381004"}, []string{"445381004"}, []string{"445381004001"}},
		{"other county sees none", shuangbai.Scope{Code: "445303"}, nil, nil},
		{"zero scope sees none", shuangbai.Scope{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, n, err := db.Stations(ctx, tt.scope, shuangbai.SiteFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range ss {
				got = append(got, s.Region)
			}
			if !slices.Equal(got, tt.stations) || n != len(tt.stations) {
				t.Errorf("Stations = %v (%d), want %v", got, n, tt.stations)
			}
			ps, _, err := db.Points(ctx, tt.scope, store.PointFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for _, p := range ps {
				got = append(got, p.Region)
			}
			if !slices.Equal(got, tt.points) {
				t.Errorf("Points = %v, want %v", got, tt.points)
			}
		})
	}
	yc := shuangbai.Scope{Code: "445302"}
	if _, err := db.Station(ctx, yc, sd.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("Station of another county: %v", err)
	}
	if _, err := db.Point(ctx, yc, sdp.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("Point of another county: %v", err)
	}
	// A filter outside the scope narrows to nothing, never widens.
	if ss, _, _ := db.Stations(ctx, yc, shuangbai.SiteFilter{Region: "445381"}); len(ss) != 0 {
		t.Errorf("filter outside scope returned %d stations", len(ss))
	}
}

func TestSiteWrites(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	ycAdmin := storetest.User(t, db, "ycadmin", shuangbai.RoleCountyAdmin, "445302", "x")
	viewer := storetest.User(t, db, "viewer", shuangbai.RoleViewer, "445302", "x")
	built := shuangbai.Site{Name: "站", Status: shuangbai.SiteBuilt, BuiltOn: d20210101}

	tests := []struct {
		name  string
		user  *shuangbai.User
		st    shuangbai.Station
		code  string
		field string
	}{
		{"ok", ycAdmin, shuangbai.Station{Region: "445302003", Site: built}, "", ""},
		{"duplicate town", ycAdmin, shuangbai.Station{Region: "445302003", Site: built}, shuangbai.ECONFLICT, "region"},
		{"other county", ycAdmin, shuangbai.Station{Region: "445381004", Site: built}, shuangbai.EINVALID, "region"},
		{"special zone", shuangbai.SystemUser, shuangbai.Station{Region: "445381400", Site: built}, shuangbai.EINVALID, "region"},
		{"village not town", ycAdmin, shuangbai.Station{Region: "445302003208", Site: built}, shuangbai.EINVALID, "region"},
		{"built without date", ycAdmin, shuangbai.Station{Region: "445302102", Site: shuangbai.Site{Name: "x", Status: shuangbai.SiteBuilt}}, shuangbai.EINVALID, "built_on"},
		{"viewer", viewer, shuangbai.Station{Region: "445302102", Site: built}, shuangbai.EFORBIDDEN, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			err := db.CreateStation(ctx, tt.user, &st)
			if got := code(err); got != tt.code {
				t.Fatalf("CreateStation: err = %v, want code %q", err, tt.code)
			}
			if tt.field != "" {
				if e, ok := err.(*shuangbai.Error); !ok || e.Fields[tt.field] == "" {
					t.Errorf("no message for field %q in %v", tt.field, err)
				}
			}
		})
	}
	ss, _, _ := db.Stations(ctx, shuangbai.Scope{Code: "44"}, shuangbai.SiteFilter{})
	if len(ss) != 1 {
		t.Fatalf("%d stations stored, want only the valid one", len(ss))
	}
	// Update is audited with before and after.
	s := ss[0]
	s.Equipment = shuangbai.EquipAll &^ shuangbai.EquipPrinter
	if err := db.UpdateStation(ctx, ycAdmin, &s); err != nil {
		t.Fatal(err)
	}
	log, err := db.AuditLog(ctx, shuangbai.Scope{Code: "445302"}, store.AuditFilter{Entity: "station"})
	if err != nil || len(log) != 2 || log[0].Action != "update" || log[0].Before == "" || log[0].Username != "ycadmin" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
	if log, _ := db.AuditLog(ctx, shuangbai.Scope{Code: "445381"}, store.AuditFilter{}); len(log) != 0 {
		t.Errorf("another county reads %d audit entries", len(log))
	}
	// A point must belong to its own town's station.
	other := storetest.Station(t, db, "445302102", "腰古镇社工站", d20210101)
	p := shuangbai.Point{Region: "445302003208", StationID: other.ID, Site: built}
	if err := db.CreatePoint(ctx, ycAdmin, &p); code(err) != shuangbai.EINVALID {
		t.Errorf("point under another town's station: %v", err)
	}
}

func code(err error) string {
	if err == nil {
		return ""
	}
	return shuangbai.ErrorCode(err)
}

func TestStaffAndUsers(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	sd := storetest.Station(t, db, "445381004", "双东街道社工站", d20210101)
	p := &shuangbai.Person{Region: "445302003", Name: "陈社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	ycAdmin := storetest.User(t, db, "ycadmin", shuangbai.RoleCountyAdmin, "445302", "x")
	if err := db.Assign(ctx, ycAdmin, &shuangbai.Assignment{PersonID: p.ID, StationID: sd.ID, From: d20210101}); code(err) != shuangbai.ENOTFOUND {
		t.Errorf("assign to another county's station: %v", err)
	}
	a := &shuangbai.Assignment{PersonID: p.ID, StationID: hk.ID, From: d20210101, To: shuangbai.NewDate(2021, 6, 30)}
	if err := db.Assign(ctx, ycAdmin, a); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		on   shuangbai.Date
		want int
	}{{shuangbai.NewDate(2020, 12, 31), 0}, {shuangbai.NewDate(2021, 6, 30), 1}, {d20210809, 0}} {
		got, err := db.Staffed(ctx, shuangbai.Scope{Code: "4453"}, hk.ID, 0, tt.on)
		if err != nil || len(got) != tt.want {
			t.Errorf("Staffed on %v = %d, %v; want %d", tt.on, len(got), err, tt.want)
		}
	}
	if ps, _, _ := db.People(ctx, shuangbai.Scope{Code: "445381"}, store.PersonFilter{}); len(ps) != 0 {
		t.Errorf("another county sees %d people", len(ps))
	}

	// A county's system administrator cannot create a city admin, one of
	// the three administrators, nor a user elsewhere; a county admin no
	// longer manages accounts at all.
	ycSys := storetest.User(t, db, "ycsys", shuangbai.RoleSysAdmin, "445302", "x")
	for _, u := range []*shuangbai.User{
		{Username: "boss", Name: "x", Role: shuangbai.RoleCityAdmin, Region: "445302"},
		{Username: "sec2", Name: "x", Role: shuangbai.RoleSecAdmin, Region: "445302"},
		{Username: "ldview", Name: "x", Role: shuangbai.RoleViewer, Region: "445381"},
	} {
		if err := db.CreateUser(ctx, ycSys, u, "x"); code(err) != shuangbai.EINVALID {
			t.Errorf("CreateUser(%s): %v", u.Username, err)
		}
	}
	if err := db.CreateUser(ctx, ycAdmin, &shuangbai.User{Username: "ycview", Name: "x", Role: shuangbai.RoleViewer, Region: "445302"}, "x"); code(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a county admin created an account: %v", err)
	}
	if us, _ := db.Users(ctx, shuangbai.Scope{Code: "445381"}); len(us) != 0 {
		t.Errorf("another county sees %d users", len(us))
	}

	// Sessions: disabled users and expired tokens are refused.
	if _, err := db.CreateSession(ctx, ycAdmin.ID, "tok", store.SessionCookie, "", 3600e9); err != nil {
		t.Fatal(err)
	}
	if u, err := db.SessionUser(ctx, "tok", store.SessionCookie); err != nil || u.Username != "ycadmin" {
		t.Fatalf("SessionUser = %v, %v", u, err)
	}
	if _, err := db.SessionUser(ctx, "tok", store.SessionAPI); code(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("cookie session used as API token: %v", err)
	}
	if err := db.SetDisabled(ctx, shuangbai.SystemUser, "ycadmin", true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionUser(ctx, "tok", store.SessionCookie); code(err) != shuangbai.EUNAUTHORIZED {
		t.Errorf("disabled user's session still works: %v", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	dsn := storetest.DSN(t)
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ExecForTest(t.Context(), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(t.Context(), dsn); err == nil || !strings.Contains(err.Error(), "高于本程序支持") {
		t.Fatalf("Open of a newer database: %v", err)
	}
}

func TestEndAssignmentAndUpdatePerson(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	p := &shuangbai.Person{Region: "445302003", Name: "陈社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	a := &shuangbai.Assignment{PersonID: p.ID, StationID: hk.ID, From: d20210101}
	if err := db.Assign(ctx, shuangbai.SystemUser, a); err != nil {
		t.Fatal(err)
	}
	ld := storetest.User(t, db, "ldadmin", shuangbai.RoleCountyAdmin, "445381", "x")
	yc := storetest.User(t, db, "ycadmin", shuangbai.RoleCountyAdmin, "445302", "x")
	tests := []struct {
		name string
		user *shuangbai.User
		last shuangbai.Date
		code string
	}{
		{"another county", ld, shuangbai.NewDate(2021, 6, 30), shuangbai.ENOTFOUND},
		{"before the start", yc, shuangbai.NewDate(2020, 12, 31), shuangbai.EINVALID},
		{"ok", yc, shuangbai.NewDate(2021, 6, 30), ""},
		{"twice", yc, shuangbai.NewDate(2021, 7, 30), shuangbai.ECONFLICT},
	}
	for _, tt := range tests {
		if err := db.EndAssignment(ctx, tt.user, p.ID, a.ID, tt.last); code(err) != tt.code {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.code)
		}
	}
	if got, _ := db.Staffed(ctx, shuangbai.Scope{Code: "4453"}, hk.ID, 0, d20210809); len(got) != 0 {
		t.Errorf("still staffed after leaving: %v", got)
	}
	p.Phone, p.Role = "13800138000", shuangbai.StaffLead
	if err := db.UpdatePerson(ctx, ld, p); code(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county updates the person: %v", err)
	}
	if err := db.UpdatePerson(ctx, yc, p); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Person(ctx, yc.Scope(), p.ID); got.Role != shuangbai.StaffLead || got.Phone != "13800138000" {
		t.Errorf("after update: %+v", got)
	}
}

func TestAssignWithinHomeRegion(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", d20210101)
	yg := storetest.Station(t, db, "445302102", "腰古镇社工站", d20210101)
	p := &shuangbai.Person{Region: "445302003", Name: "陈社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	if err := db.Assign(ctx, shuangbai.SystemUser, &shuangbai.Assignment{PersonID: p.ID, StationID: yg.ID, From: d20210101}); code(err) != shuangbai.EINVALID {
		t.Errorf("assigned to another town's station: %v", err)
	}
	if err := db.Assign(ctx, shuangbai.SystemUser, &shuangbai.Assignment{PersonID: p.ID, StationID: hk.ID, From: d20210101}); err != nil {
		t.Errorf("assigned to her own town's station: %v", err)
	}
}
