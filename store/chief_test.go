package store_test

import (
	"testing"

	"shuangbai"
)

// TestChiefSuccession: appointing a city's chief supervisor closes the
// predecessor's term on the eve, keeps it in the history, audits both, and
// refuses a county admin, a region outside, a non-supervisor and a term
// starting before the one in office.
func TestChiefSuccession(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	sup := func(region, name string, role shuangbai.StaffRole) *shuangbai.Person {
		p := &shuangbai.Person{Region: region, Name: name, Gender: "女", Role: role}
		if err := w.db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	first, second, worker := sup("4453", "甲督导", shuangbai.StaffSupervisor), sup("445302", "乙督导", shuangbai.StaffSupervisor), sup("445302", "社工丙", shuangbai.StaffWorker)
	a := &shuangbai.ChiefSupervisor{PersonID: first.ID, Region: "4453", From: shuangbai.NewDate(2021, 1, 1)}
	if err := w.db.AppointChief(ctx, w.city, a); err != nil {
		t.Fatal(err)
	}
	if a.Title != "总督导" || a.Name != "甲督导" {
		t.Errorf("appointed %+v", a)
	}
	for _, tt := range []struct {
		name string
		u    *shuangbai.User
		c    shuangbai.ChiefSupervisor
		code string
	}{
		{"county admin, the city's chief", w.yc, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "4453", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.EFORBIDDEN},
		{"county admin, the other county", w.yc, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "445381", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.ENOTFOUND},
		{"viewer", w.view, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "4453", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.EFORBIDDEN},
		{"another city", w.city, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "4452", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.ENOTFOUND},
		{"no such county", w.city, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "445399", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.ENOTFOUND},
		{"a town", w.city, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "445302003", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.EINVALID},
		{"not a supervisor", w.city, shuangbai.ChiefSupervisor{PersonID: worker.ID, Region: "4453", From: shuangbai.NewDate(2021, 8, 1)}, shuangbai.EINVALID},
		{"before the one in office", w.city, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "4453", From: shuangbai.NewDate(2021, 1, 1)}, shuangbai.ECONFLICT},
		{"no day", w.city, shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "4453"}, shuangbai.EINVALID},
	} {
		c := tt.c
		if err := w.db.AppointChief(ctx, tt.u, &c); shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}

	b := &shuangbai.ChiefSupervisor{PersonID: second.ID, Region: "4453", Title: "“双百工程”市总督导", From: shuangbai.NewDate(2021, 8, 1)}
	if err := w.db.AppointChief(ctx, w.city, b); err != nil {
		t.Fatal(err)
	}
	terms, err := w.db.ChiefTerms(ctx, shuangbai.Scope{Code: "445302"})
	if err != nil || len(terms) != 2 || terms[0].ID != b.ID || terms[1].ID != a.ID || terms[1].To != shuangbai.NewDate(2021, 7, 31) || !terms[0].To.IsZero() {
		t.Fatalf("terms = %+v, %v", terms, err)
	}
	for _, tt := range []struct {
		day  shuangbai.Date
		want string
	}{{shuangbai.NewDate(2021, 7, 31), "甲督导"}, {shuangbai.NewDate(2021, 8, 1), "乙督导"}} {
		_, chiefs, err := w.db.Supervisors(ctx, shuangbai.Scope{Code: "4453"}, tt.day)
		if err != nil || len(chiefs) != 1 || chiefs[0].Name != tt.want {
			t.Errorf("on %s: chiefs %+v, %v; want %s alone", tt.day, chiefs, err, tt.want)
		}
	}

	// Ending a term: the county admin may not end the city's; the city may.
	if _, err := w.db.EndChief(ctx, w.yc, b.ID, shuangbai.NewDate(2021, 12, 31)); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("county ends the city's chief: %v", err)
	}
	if _, err := w.db.EndChief(ctx, w.city, b.ID, shuangbai.NewDate(2021, 7, 1)); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("end before start: %v", err)
	}
	if got, err := w.db.EndChief(ctx, w.city, b.ID, shuangbai.NewDate(2021, 12, 31)); err != nil || got.To != shuangbai.NewDate(2021, 12, 31) {
		t.Errorf("end = %+v, %v", got, err)
	}
	if _, err := w.db.EndChief(ctx, w.city, b.ID, shuangbai.NewDate(2022, 1, 31)); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("end again later: %v", err)
	}

	// Two appointments and two closings are in the audit log.
	if n, err := w.db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE entity = 'chief_supervisor'"); err != nil || n != "4" {
		t.Errorf("audit rows = %s, %v; want 4", n, err)
	}
}
