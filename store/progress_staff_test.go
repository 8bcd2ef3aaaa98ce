package store_test

import (
	"fmt"
	"reflect"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestSiteStaffAsBefore: the staff of the progress table and the
// dashboard, at stations and at points, are counted in one pass (issue
// 14); with people at a station and a point at once, twice at one kind of
// site, and ended, on days before, during and after, per county, town and
// village, they are what a query a kind counted.
func TestSiteStaffAsBefore(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	u := shuangbai.SystemUser
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2019, 1, 4))
	hkp := storetest.Point(t, db, hk, "445302003208", "双上社工点", shuangbai.NewDate(2019, 2, 1))
	yg := storetest.Station(t, db, "445302102", "腰古镇社工站", shuangbai.NewDate(2019, 6, 1))
	sd := storetest.Station(t, db, "445381004", "双东街道社工站", shuangbai.NewDate(2019, 3, 1))
	sdp := storetest.Point(t, db, sd, "445381004001", "双东社工点", shuangbai.NewDate(2019, 4, 1))
	var people []*shuangbai.Person
	for i := range 8 {
		p := &shuangbai.Person{Region: []string{"445302", "445381"}[i%2], Name: fmt.Sprintf("社工%d", i), Gender: "女", Role: shuangbai.StaffWorker}
		if err := db.CreatePerson(ctx, u, p); err != nil {
			t.Fatal(err)
		}
		people = append(people, p)
	}
	for _, a := range []shuangbai.Assignment{
		{PersonID: people[0].ID, StationID: hk.ID, From: shuangbai.NewDate(2019, 2, 1)},
		{PersonID: people[0].ID, PointID: hkp.ID, From: shuangbai.NewDate(2019, 3, 1)}, // at both at once
		{PersonID: people[2].ID, PointID: hkp.ID, From: shuangbai.NewDate(2019, 3, 1), To: shuangbai.NewDate(2020, 6, 30)},
		{PersonID: people[4].ID, StationID: yg.ID, From: shuangbai.NewDate(2019, 7, 1)},
		{PersonID: people[6].ID, StationID: hk.ID, From: shuangbai.NewDate(2020, 1, 1), To: shuangbai.NewDate(2020, 12, 31)},
		{PersonID: people[6].ID, StationID: yg.ID, From: shuangbai.NewDate(2020, 3, 1)}, // twice at stations of one county
		{PersonID: people[1].ID, StationID: sd.ID, From: shuangbai.NewDate(2019, 4, 1)},
		{PersonID: people[3].ID, PointID: sdp.ID, From: shuangbai.NewDate(2019, 5, 1)},
		{PersonID: people[5].ID, PointID: sdp.ID, From: shuangbai.NewDate(2021, 1, 1)},
	} {
		if err := db.Assign(ctx, u, &a); err != nil {
			t.Fatal(err)
		}
	}
	for _, scope := range []shuangbai.Scope{{Code: "4453"}, {Code: "445302"}} {
		for _, n := range []int{6, 9, 12} {
			for _, d := range []shuangbai.Date{shuangbai.NewDate(2019, 1, 1), shuangbai.NewDate(2019, 3, 15), shuangbai.NewDate(2020, 6, 30), shuangbai.NewDate(2020, 7, 1), shuangbai.NewDate(2021, 8, 9)} {
				got, err := db.SiteStaffForTest(ctx, scope, d, n)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.SiteStaffBeforeForTest(ctx, scope, d, n)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s by %d on %s: %v, want %v", scope.Code, n, d, got, want)
				}
			}
		}
	}
	if got, _ := db.SiteStaffForTest(ctx, shuangbai.Scope{Code: "4453"}, shuangbai.NewDate(2020, 6, 1), 6); got["445302"] != [2]int{3, 2} || got["445381"] != [2]int{1, 1} {
		t.Errorf("staff on 2020-06-01 = %v", got)
	}
}
