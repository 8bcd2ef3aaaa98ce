package store_test

import (
	"testing"

	"shuangbai"
)

// TestStaffNames checks that names come only for staff inside scope, once
// per id.
func TestStaffNames(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	yc := shuangbai.Scope{Code: "445302"}
	p := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	q := &shuangbai.Person{Region: "445381004", Name: "罗定人", Gender: "女", Role: shuangbai.StaffWorker}
	for _, x := range []*shuangbai.Person{p, q} {
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, x); err != nil {
			t.Fatal(err)
		}
	}
	names, err := db.StaffNames(ctx, yc, []int64{p.ID, q.ID, p.ID, 0})
	if err != nil || len(names) != 1 || names[p.ID] != "陈云城" {
		t.Errorf("StaffNames = %v, %v", names, err)
	}
}
