package store_test

import (
	"strconv"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestAccountPerson: an account is linked to its staff entry when it is
// created or edited: a person inside the administrator's scope, where the
// account works (the same town, or above or below it). The person's page
// lists the accounts linked to it, inside the reader's scope.
func TestAccountPerson(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	city := storetest.User(t, db, "city-sys", shuangbai.RoleSysAdmin, "4453", "h")
	yc := storetest.User(t, db, "yc-sys", shuangbai.RoleSysAdmin, "445302", "h")
	ld := storetest.User(t, db, "ld-sys", shuangbai.RoleSysAdmin, "445381", "h")
	hekou := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	yaogu := &shuangbai.Person{Region: "445302102", Name: "腰古人", Gender: "女", Role: shuangbai.StaffWorker}
	county := &shuangbai.Person{Region: "445302", Name: "督导员", Gender: "男", Role: shuangbai.StaffSupervisor}
	luoding := &shuangbai.Person{Region: "445381004", Name: "罗定人", Gender: "女", Role: shuangbai.StaffWorker}
	for _, p := range []*shuangbai.Person{hekou, yaogu, county, luoding} {
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
	}
	for i, tt := range []struct {
		name   string
		actor  *shuangbai.User
		region string
		role   shuangbai.Role
		person int64
		ok     bool
	}{
		{"her own town's person", yc, "445302003", shuangbai.RoleWorker, hekou.ID, true},
		{"a village account, its town's person", yc, "445302003208", shuangbai.RoleWorker, hekou.ID, true},
		{"a county supervisor", yc, "445302", shuangbai.RoleSupervisor, county.ID, true},
		{"a town worker, a county's person", yc, "445302003", shuangbai.RoleWorker, county.ID, true},
		{"another town's person", yc, "445302003", shuangbai.RoleWorker, yaogu.ID, false},
		{"another county's person", yc, "445302003", shuangbai.RoleWorker, luoding.ID, false},
		{"no such person", city, "445302003", shuangbai.RoleWorker, 99999, false},
		{"no person", yc, "445302003", shuangbai.RoleWorker, 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := &shuangbai.User{Username: "new-" + strconv.Itoa(i), Name: "新社工", Role: tt.role, Region: tt.region, PersonID: tt.person}
			err := db.CreateUser(ctx, tt.actor, u, "h")
			if tt.ok != (err == nil) {
				t.Fatalf("CreateUser: %v", err)
			}
			if err != nil {
				if e, ok := err.(*shuangbai.Error); !ok || e.Fields["person_id"] == "" {
					t.Errorf("not a person_id field error: %#v", err)
				}
				return
			}
			got, _, err := db.UserByName(ctx, u.Username)
			if err != nil || got.PersonID != tt.person {
				t.Errorf("stored person %d, %v", got.PersonID, err)
			}
		})
	}

	accounts, err := db.PersonAccounts(ctx, yc.Scope(), hekou.ID)
	if err != nil || len(accounts) != 2 {
		t.Fatalf("accounts of %s: %+v %v", hekou.Name, accounts, err)
	}
	if other, err := db.PersonAccounts(ctx, ld.Scope(), hekou.ID); err != nil || len(other) != 0 {
		t.Errorf("another county reads %+v %v", other, err)
	}
	// Editing links too, with the same rule.
	if err := db.UpdateUser(ctx, yc, accounts[0].Username, "新社工", "445302003", yaogu.ID); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("edit to another town's person: %v", err)
	}
	if err := db.UpdateUser(ctx, yc, accounts[0].Username, "新社工", "445302102", yaogu.ID); err != nil {
		t.Errorf("moved with her person: %v", err)
	}
	if left, _ := db.PersonAccounts(ctx, yc.Scope(), hekou.ID); len(left) != 1 {
		t.Errorf("%d accounts left on %s", len(left), hekou.Name)
	}
}
