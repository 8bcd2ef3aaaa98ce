package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestScopeRosterStaff: the staff a county's register may name as
// responsible worker are that county's; a namesake elsewhere is not offered.
func TestScopeRosterStaff(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	for _, region := range []string{"445302003", "445381004"} {
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, &shuangbai.Person{Region: region, Name: "陈社工", Gender: "女", Role: shuangbai.StaffWorker}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		scope, want string
	}{{"445302", "445302003"}, {"445381", "445381004"}} {
		staff, err := db.RosterStaff(ctx, shuangbai.Scope{Code: tt.scope})
		if err != nil {
			t.Fatal(err)
		}
		if ms := staff["陈社工"]; len(ms) != 1 || ms[0].Region != tt.want {
			t.Errorf("RosterStaff(%s) = %+v, want only the one in %s", tt.scope, ms, tt.want)
		}
	}
}
