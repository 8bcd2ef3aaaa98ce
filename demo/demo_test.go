package demo_test

import (
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestLoad checks the demo against the seed's table for 2021-08-09, county
// by county: stations, points, offices, equipment classes and staff.
func TestLoad(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code                     string
		stations, points         int
		stationStaff, pointStaff int
		stationClass, pointClass shuangbai.EquipmentClass
	}{
		{"445302", 8, 19, 16, 47, shuangbai.EquipBasic, shuangbai.EquipBasic},
		{"445303", 7, 17, 14, 42, shuangbai.EquipBasic, shuangbai.EquipBasic},
		{"445381", 21, 50, 28, 131, shuangbai.EquipBasic, shuangbai.EquipIncomplete},
		{"445321", 12, 30, 24, 82, shuangbai.EquipBasic, shuangbai.EquipBasic},
		{"445322", 15, 30, 30, 62, shuangbai.EquipBasic, shuangbai.EquipBasic},
	}
	all := 0
	for _, w := range want {
		scope := shuangbai.Scope{Code: w.code}
		ss, n, err := db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		ps, m, err := db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		if n != w.stations || m != w.points {
			t.Errorf("%s: %d stations, %d points; want %d, %d", w.code, n, m, w.stations, w.points)
		}
		all += m
		sClass, pClass := shuangbai.EquipNone, shuangbai.EquipNone
		sStaff, pStaff := 0, 0
		for _, s := range ss {
			if !s.BuiltBy(demo.AsOf) || !s.OfficeBy(demo.AsOf) {
				t.Errorf("station %s not built with an office by %v", s.Name, demo.AsOf)
			}
			sClass = max(sClass, s.Equipment.Class())
			staff, err := db.Staffed(ctx, scope, s.ID, 0, demo.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			sStaff += len(staff)
		}
		for _, p := range ps {
			if !p.BuiltBy(demo.AsOf) || !p.OfficeBy(demo.AsOf) {
				t.Errorf("point %s not built with an office by %v", p.Name, demo.AsOf)
			}
			pClass = max(pClass, p.Equipment.Class())
			staff, err := db.Staffed(ctx, scope, 0, p.ID, demo.AsOf)
			if err != nil {
				t.Fatal(err)
			}
			pStaff += len(staff)
		}
		if sStaff != w.stationStaff || pStaff != w.pointStaff {
			t.Errorf("%s: staff %d at stations, %d at points; want %d, %d", w.code, sStaff, pStaff, w.stationStaff, w.pointStaff)
		}
		if sClass != w.stationClass || pClass != w.pointClass {
			t.Errorf("%s: classes %v / %v; want %v / %v", w.code, sClass, pClass, w.stationClass, w.pointClass)
		}
	}
	if all != 146 {
		t.Errorf("%d points in all, want 146", all)
	}
	// The seed's named places.
	hk, err := db.StationByRegion(ctx, shuangbai.Scope{Code: "4453"}, "445302003")
	if err != nil {
		t.Fatal(err)
	}
	if ps, _, _ := db.Points(ctx, shuangbai.Scope{Code: "445302003208"}, store.PointFilter{}); len(ps) != 1 || ps[0].StationID != hk.ID {
		t.Errorf("双上村 point: %+v", ps)
	}
	if ps, _, _ := db.Points(ctx, shuangbai.Scope{Code: "445322100209"}, store.PointFilter{}); len(ps) != 1 || ps[0].Name != "都城镇夏袭服务点" {
		t.Errorf("夏袭 point: %+v", ps)
	}
	for _, a := range demo.Accounts {
		if _, _, err := db.UserByName(ctx, a.Username); err != nil {
			t.Errorf("account %s: %v", a.Username, err)
		}
	}
}
