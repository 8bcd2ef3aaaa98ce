package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// stationWork is the small Yunfu tree with a station in each county, a
// point under 河口街道, a supervisor of 云城区 covering 河口街道 from
// 2021-01-01, one of 罗定市 covering 双东街道, and the programme's chief
// supervisor over the province.
type stationWork struct {
	db                   *store.DB
	city, yc, ld, view   *shuangbai.User
	ycSup, ldSup         *shuangbai.User // supervisors' own accounts
	ycStation, ldStation *shuangbai.Station
	ycPoint              *shuangbai.Point
	ycPerson, ldPerson   *shuangbai.Person
	chief                *shuangbai.Person
}

var workDay = time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC)

func stationWorkFixture(t *testing.T) *stationWork {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return workDay }
	ctx, sys := t.Context(), shuangbai.SystemUser
	w := &stationWork{db: db,
		city: storetest.User(t, db, "city", shuangbai.RoleCityAdmin, "4453", "x"),
		yc:   storetest.User(t, db, "yc.admin", shuangbai.RoleCountyAdmin, "445302", "x"),
		ld:   storetest.User(t, db, "ld.admin", shuangbai.RoleCountyAdmin, "445381", "x"),
		view: storetest.User(t, db, "view", shuangbai.RoleViewer, "445302", "x"),
	}
	built := shuangbai.NewDate(2020, 1, 1)
	w.ycStation = storetest.Station(t, db, "445302003", "河口街道社工站", built)
	w.ldStation = storetest.Station(t, db, "445381004", "双东街道社工站", built)
	w.ycPoint = storetest.Point(t, db, w.ycStation, "445302003208", "双上村社工点", built)
	for _, x := range []struct {
		p       **shuangbai.Person
		region  string
		name    string
		station int64
	}{{&w.ycPerson, "445302", "云城督导", w.ycStation.ID}, {&w.ldPerson, "445381", "罗定督导", w.ldStation.ID}} {
		p := &shuangbai.Person{Region: x.region, Name: x.name, Gender: "女", Role: shuangbai.StaffSupervisor}
		if err := db.CreatePerson(ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		if err := db.CoverStation(ctx, sys, &shuangbai.Coverage{PersonID: p.ID, StationID: x.station, From: shuangbai.NewDate(2021, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		*x.p = p
	}
	w.chief = &shuangbai.Person{Region: "44", Name: "张和清", Gender: "男", Role: shuangbai.StaffSupervisor}
	if err := db.CreatePerson(ctx, sys, w.chief); err != nil {
		t.Fatal(err)
	}
	if err := db.AppointChief(ctx, sys, &shuangbai.ChiefSupervisor{PersonID: w.chief.ID, Region: "44", Title: "总督导", From: shuangbai.NewDate(2021, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	w.ycSup = storetest.User(t, db, "yc.sup", shuangbai.RoleSupervisor, "445302", "x")
	w.ycSup.PersonID = w.ycPerson.ID
	w.ldSup = storetest.User(t, db, "ld.sup", shuangbai.RoleSupervisor, "445381", "x")
	w.ldSup.PersonID = w.ldPerson.ID
	return w
}

func (w *stationWork) visit(station *shuangbai.Station, supervisor int64) *shuangbai.SupervisionVisit {
	return &shuangbai.SupervisionVisit{StationID: station.ID, SupervisorID: supervisor, VisitedOn: shuangbai.NewDate(2021, 8, 1),
		Forms: []shuangbai.SupervisionForm{shuangbai.FormField, shuangbai.FormMeeting}, Topics: "站点从计划到工程的困难", Advice: "制定“53111”计划",
		Items: []shuangbai.ActionItem{{Title: "制定《双百概论》共学计划", Owner: "叶绮鸿", Due: shuangbai.NewDate(2021, 8, 31)}}}
}

func TestSupervisionVisitRecordAndFollow(t *testing.T) {
	w := stationWorkFixture(t)
	ctx := t.Context()
	// The chief supervisor, filed at the province, visits a 云城区 point:
	// the county records it.
	v := w.visit(w.ycStation, w.chief.ID)
	v.PointID = w.ycPoint.ID
	if err := w.db.CreateSupervisionVisit(ctx, w.yc, v); err != nil {
		t.Fatal(err)
	}
	if v.Region != "445302003208" || v.SupervisorName != "张和清" || len(v.Items) != 1 || v.Items[0].ID == 0 {
		t.Fatalf("visit = %+v", v)
	}
	got, err := w.db.SupervisionVisit(ctx, shuangbai.Scope{Code: "445302003"}, v.ID)
	if err != nil || got.PointName != "双上村社工点" || shuangbai.FormLabels(got.Forms) != "实地走访、座谈" || len(got.Items) != 1 {
		t.Fatalf("read back = %+v, %v", got, err)
	}
	// Listed by the town and the city, with its open item; not by the other county.
	for _, tt := range []struct {
		scope string
		n     int
	}{{"4453", 1}, {"445302003", 1}, {"445302003208", 1}, {"445381", 0}, {"445302102", 0}} {
		l, total, err := w.db.SupervisionVisits(ctx, shuangbai.Scope{Code: tt.scope}, store.VisitFilter{})
		if err != nil || total != tt.n || len(l) != tt.n || tt.n == 1 && l[0].OpenItems != 1 {
			t.Errorf("visits in %s = %+v %d %v, want %d", tt.scope, l, total, err, tt.n)
		}
	}
	// Overdue on 2021-09-01; the other county cannot close it; the viewer cannot.
	over, n, err := w.db.ActionItems(ctx, shuangbai.Scope{Code: "445302"}, store.ItemFilter{OverdueOn: shuangbai.NewDate(2021, 9, 1)})
	if err != nil || n != 1 || over[0].Title != "制定《双百概论》共学计划" {
		t.Fatalf("overdue = %+v %d %v", over, n, err)
	}
	id := v.Items[0].ID
	if _, err := w.db.CloseActionItem(ctx, w.ld, id, shuangbai.NewDate(2021, 8, 8), "已制定"); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("other county closes: %v", err)
	}
	if _, err := w.db.CloseActionItem(ctx, w.view, id, shuangbai.NewDate(2021, 8, 8), "已制定"); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("viewer closes: %v", err)
	}
	for _, bad := range []struct {
		on   shuangbai.Date
		note string
		f    string
	}{{shuangbai.Date{}, "x", "done_on"}, {shuangbai.NewDate(2021, 7, 1), "x", "done_on"}, {shuangbai.NewDate(2021, 8, 10), "x", "done_on"}, {shuangbai.NewDate(2021, 8, 8), " ", "done_note"}} {
		if _, err := w.db.CloseActionItem(ctx, w.yc, id, bad.on, bad.note); ui(err)[bad.f] == "" {
			t.Errorf("close on %v %q: %v, want a message on %s", bad.on, bad.note, err, bad.f)
		}
	}
	a, err := w.db.CloseActionItem(ctx, w.yc, id, shuangbai.NewDate(2021, 8, 8), "已制定学习计划，每周三共学")
	if err != nil || !a.Done() {
		t.Fatalf("close: %+v %v", a, err)
	}
	if _, err := w.db.CloseActionItem(ctx, w.yc, id, shuangbai.NewDate(2021, 8, 8), "again"); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("closed twice: %v", err)
	}
	if _, n, _ := w.db.ActionItems(ctx, shuangbai.Scope{Code: "4453"}, store.ItemFilter{Open: true}); n != 0 {
		t.Errorf("open items after closing: %d", n)
	}
}

// ui returns the field messages of err.
func ui(err error) map[string]string {
	if e, ok := err.(*shuangbai.Error); ok {
		return e.Fields
	}
	return nil
}

func TestSupervisionVisitRefused(t *testing.T) {
	w := stationWorkFixture(t)
	ctx := t.Context()
	stranger := &shuangbai.Person{Region: "445302", Name: "非督导", Gender: "女", Role: shuangbai.StaffWorker}
	if err := w.db.CreatePerson(ctx, shuangbai.SystemUser, stranger); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		u     *shuangbai.User
		edit  func(v *shuangbai.SupervisionVisit)
		code  string
		field string
	}{
		{"an item without an owner", w.yc, func(v *shuangbai.SupervisionVisit) { v.Items[0].Owner = "  " }, shuangbai.EINVALID, "item1_owner"},
		{"an item without a due day", w.yc, func(v *shuangbai.SupervisionVisit) { v.Items[0].Due = shuangbai.Date{} }, shuangbai.EINVALID, "item1_due"},
		{"an item due before the visit", w.yc, func(v *shuangbai.SupervisionVisit) { v.Items[0].Due = shuangbai.NewDate(2021, 7, 1) }, shuangbai.EINVALID, "item1_due"},
		{"no form", w.yc, func(v *shuangbai.SupervisionVisit) { v.Forms = nil }, shuangbai.EINVALID, "forms"},
		{"in the future", w.yc, func(v *shuangbai.SupervisionVisit) { v.VisitedOn = shuangbai.NewDate(2021, 8, 10) }, shuangbai.EINVALID, "visited_on"},
		{"another county's station", w.yc, func(v *shuangbai.SupervisionVisit) { v.StationID = w.ldStation.ID }, shuangbai.EINVALID, "station_id"},
		{"a point of another station", w.ld, func(v *shuangbai.SupervisionVisit) {
			v.StationID, v.SupervisorID, v.PointID = w.ldStation.ID, w.ldPerson.ID, w.ycPoint.ID
		}, shuangbai.EINVALID, "point_id"},
		{"not a supervisor", w.yc, func(v *shuangbai.SupervisionVisit) { v.SupervisorID = stranger.ID }, shuangbai.EINVALID, "supervisor_id"},
		{"another county's supervisor", w.ld, func(v *shuangbai.SupervisionVisit) { v.StationID, v.SupervisorID = w.ldStation.ID, w.ycPerson.ID }, shuangbai.EINVALID, "supervisor_id"},
		{"before the coverage", w.yc, func(v *shuangbai.SupervisionVisit) {
			v.SupervisorID, v.VisitedOn, v.Items = w.ycPerson.ID, shuangbai.NewDate(2020, 12, 1), nil
		}, shuangbai.EINVALID, "supervisor_id"},
		{"a supervisor for another", w.ycSup, func(v *shuangbai.SupervisionVisit) {}, shuangbai.EINVALID, "supervisor_id"},
		{"a viewer", w.view, func(v *shuangbai.SupervisionVisit) {}, shuangbai.EFORBIDDEN, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := w.visit(w.ycStation, w.chief.ID)
			tt.edit(v)
			err := w.db.CreateSupervisionVisit(ctx, tt.u, v)
			if shuangbai.ErrorCode(err) != tt.code || tt.field != "" && ui(err)[tt.field] == "" {
				t.Fatalf("err = %v, want %s on %q", err, tt.code, tt.field)
			}
		})
	}
	// Nothing half-saved: no visit and no item.
	if _, n, _ := w.db.SupervisionVisits(ctx, shuangbai.Scope{Code: "4453"}, store.VisitFilter{}); n != 0 {
		t.Errorf("%d visits stored by refused writes", n)
	}
	if _, n, _ := w.db.ActionItems(ctx, shuangbai.Scope{Code: "4453"}, store.ItemFilter{}); n != 0 {
		t.Errorf("%d items stored by refused writes", n)
	}
}

// A supervisor records their own visits at the stations they cover, and
// sees those, not the other visits of their county.
func TestSupervisionVisitBySupervisor(t *testing.T) {
	w := stationWorkFixture(t)
	ctx := t.Context()
	own := w.visit(w.ycStation, w.ycPerson.ID)
	if err := w.db.CreateSupervisionVisit(ctx, w.ycSup, own); err != nil {
		t.Fatal(err)
	}
	other := storetest.Station(t, w.db, "445302102", "腰古镇社工站", shuangbai.NewDate(2020, 1, 1))
	chiefs := w.visit(other, w.chief.ID)
	if err := w.db.CreateSupervisionVisit(ctx, w.yc, chiefs); err != nil {
		t.Fatal(err)
	}
	l, n, err := w.db.SupervisionVisits(ctx, w.ycSup.Scope(), store.VisitFilter{CoveredBy: w.ycPerson.ID})
	if err != nil || n != 1 || l[0].ID != own.ID {
		t.Fatalf("supervisor's list = %+v %d %v", l, n, err)
	}
	if _, n, _ := w.db.SupervisionVisits(ctx, w.yc.Scope(), store.VisitFilter{}); n != 2 {
		t.Errorf("county's list = %d, want 2", n)
	}
	// A supervisor of the county who does not cover the station is refused, with why.
	if err := w.db.CreateSupervisionVisit(ctx, w.yc, w.visit(other, w.ycPerson.ID)); ui(err)["supervisor_id"] == "" {
		t.Errorf("visit by a supervisor not covering the station: %v", err)
	}
	// Not another's visit to change.
	chiefs.Topics = "改"
	if err := w.db.UpdateSupervisionVisit(ctx, w.ycSup, chiefs); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("supervisor edits another's visit: %v", err)
	}
	own.Advice = "补充：定期访问、动态更新个案记录"
	if err := w.db.UpdateSupervisionVisit(ctx, w.ycSup, own); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddVisitItem(ctx, w.ld, own.ID, &shuangbai.ActionItem{Title: "x", Owner: "y", Due: shuangbai.NewDate(2021, 9, 1)}); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("other county adds an item: %v", err)
	}
	// The owner named is the station's staff member of that name.
	p := &shuangbai.Person{Region: "445302003", Name: "叶绮鸿", Gender: "女", Role: shuangbai.StaffDeputy}
	if err := w.db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
		t.Fatal(err)
	}
	a := &shuangbai.ActionItem{Title: "动态更新个案记录", Owner: "叶绮鸿", Due: shuangbai.NewDate(2021, 9, 1)}
	if err := w.db.AddVisitItem(ctx, w.ycSup, own.ID, a); err != nil || a.OwnerPersonID != p.ID {
		t.Fatalf("add item: %+v %v", a, err)
	}
	// Only the station's own: a namesake elsewhere (another county's) is
	// not linked, though no one at the station has the name.
	far := &shuangbai.Person{Region: "445381004", Name: "罗定同名", Gender: "女", Role: shuangbai.StaffWorker}
	if err := w.db.CreatePerson(ctx, shuangbai.SystemUser, far); err != nil {
		t.Fatal(err)
	}
	b := &shuangbai.ActionItem{Title: "补充服务计划", Owner: "罗定同名", Due: shuangbai.NewDate(2021, 9, 1)}
	if err := w.db.AddVisitItem(ctx, w.ycSup, own.ID, b); err != nil || b.OwnerPersonID != 0 {
		t.Fatalf("item owned by another county's namesake: linked to %d (%v), want none", b.OwnerPersonID, err)
	}
}
