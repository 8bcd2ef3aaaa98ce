package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func TestMapLayers(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return seedDay }
	ctx := t.Context()
	sys := shuangbai.SystemUser
	st := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2017, 7, 1))
	st.Lat, st.Lng = 22.92, 112.05
	if err := db.UpdateStation(ctx, sys, st); err != nil {
		t.Fatal(err)
	}
	storetest.Station(t, db, "445302102", "腰古镇社工站", shuangbai.NewDate(2018, 1, 1)) // no coordinates: not on the map
	// Four open files in 双上村 (two overdue, one of level 2, one disabled),
	// one closed, one in 罗定市.
	var ids []int64
	for i, x := range []struct {
		region string
		level  shuangbai.Level4
		due    shuangbai.Date
		group  shuangbai.Group
		open   bool
	}{
		{"445302003208", 1, shuangbai.NewDate(2021, 8, 1), shuangbai.GroupDibao, true},
		{"445302003208", 1, shuangbai.NewDate(2021, 8, 5), shuangbai.GroupDisabled, true},
		{"445302003208", 2, shuangbai.NewDate(2021, 8, 20), shuangbai.GroupDibao, true},
		{"445302003208", 1, shuangbai.NewDate(2021, 9, 1), shuangbai.GroupDibao, true},
		{"445302003208", 1, shuangbai.NewDate(2021, 8, 1), shuangbai.GroupDibao, false},
		{"445381004001", 1, shuangbai.NewDate(2021, 8, 1), shuangbai.GroupDibao, true},
	} {
		b := &shuangbai.Beneficiary{Region: x.region, Name: fmt.Sprintf("对象%d", i), IDNumber: idNumber(fmt.Sprintf("%s19500101%03d", x.region[:6], i)),
			Level: x.level, Groups: []shuangbai.Group{x.group}, FoundOn: shuangbai.NewDate(2021, 3, 1)}
		if x.group == shuangbai.GroupDisabled {
			b.Disability = "肢体二级"
		}
		if err := db.CreateBeneficiary(ctx, sys, b); err != nil {
			t.Fatal(err)
		}
		open := "FALSE"
		if x.open {
			open = "TRUE"
		}
		if err := db.ExecForTest(ctx, fmt.Sprintf("UPDATE beneficiaries SET next_due = '%s', open = %s WHERE id = %d", x.due, open, b.ID)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	worker := storetest.User(t, db, "map-w", shuangbai.RoleWorker, "445302003", "x")
	yc := storetest.User(t, db, "map-yc", shuangbai.RoleCountyAdmin, "445302", "x")
	audit := storetest.User(t, db, "map-au", shuangbai.RoleAuditAdmin, "4453", "x")
	ldWorker := storetest.User(t, db, "map-lw", shuangbai.RoleWorker, "445381004", "x")

	// The worker records where three of her people live.
	for i, id := range ids[:3] {
		if err := db.SetBeneficiaryLocation(ctx, worker, id, 22.921+float64(i)/1000, 112.051); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetBeneficiaryLocation(ctx, ldWorker, ids[0], 22.9, 112); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county's worker moved a file: %v", err)
	}
	if err := db.SetBeneficiaryLocation(ctx, worker, ids[0], 112.05, 22.9); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("swapped coordinates accepted: %v", err)
	}

	sites, err := db.MapSites(ctx, yc.Scope())
	if err != nil || len(sites) != 1 || sites[0].Name != "河口街道社工站" || sites[0].Kind != "station" {
		t.Fatalf("sites: %+v %v", sites, err)
	}

	counts := []struct {
		name string
		f    shuangbai.MapFilter
		want store.MapCount
	}{
		{"all open", shuangbai.MapFilter{}, store.MapCount{Open: 4, Overdue: 2}},
		{"overdue", shuangbai.MapFilter{Overdue: true}, store.MapCount{Open: 2, Overdue: 2}},
		{"level 2", shuangbai.MapFilter{Level: 2}, store.MapCount{Open: 1}},
		{"disabled", shuangbai.MapFilter{Group: shuangbai.GroupDisabled}, store.MapCount{Open: 1, Overdue: 1}},
	}
	for _, tt := range counts {
		got, err := db.MapCounts(ctx, yc, yc.Scope(), shuangbai.LevelVillage, tt.f)
		if err != nil || len(got) != 1 || got["445302003208"] != tt.want {
			t.Errorf("%s: %+v %v", tt.name, got, err)
		}
	}
	if got, err := db.MapCounts(ctx, yc, yc.Scope(), shuangbai.LevelTown, shuangbai.MapFilter{}); err != nil || got["445302003"].Open != 4 {
		t.Errorf("per town: %+v %v", got, err)
	}
	if _, err := db.MapCounts(ctx, yc, shuangbai.Scope{Code: "445381"}, shuangbai.LevelVillage, shuangbai.MapFilter{}); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county's counts: %v", err)
	}
	if _, err := db.MapCounts(ctx, audit, audit.Scope(), shuangbai.LevelVillage, shuangbai.MapFilter{}); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("the auditor read case counts: %v", err)
	}

	// People: the worker sees her three located, open ones; the county
	// admin none at all.
	people, err := db.MapPeople(ctx, worker, worker.Scope(), shuangbai.MapFilter{})
	if err != nil || len(people) != 3 || !people[0].Overdue || people[2].Overdue {
		t.Fatalf("worker's people: %+v %v", people, err)
	}
	if p, _ := db.MapPeople(ctx, worker, worker.Scope(), shuangbai.MapFilter{Overdue: true}); len(p) != 2 {
		t.Errorf("overdue people: %+v", p)
	}
	if _, err := db.MapPeople(ctx, yc, shuangbai.Scope{Code: "445302003"}, shuangbai.MapFilter{}); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a county admin got people: %v", err)
	}
	if _, err := db.MapPeople(ctx, worker, yc.Scope(), shuangbai.MapFilter{}); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("a worker widened her scope: %v", err)
	}
	if p, err := db.MapPeople(ctx, ldWorker, ldWorker.Scope(), shuangbai.MapFilter{}); err != nil || len(p) != 0 {
		t.Errorf("罗定 worker: %+v %v", p, err)
	}
	raw, _ := db.RawForTest(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'beneficiary' AND action = 'update'")
	if strings.TrimSpace(raw) != "3" {
		t.Errorf("location changes audited: %s", raw)
	}
}
