package store_test

import (
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// box is a square outline around (lng, lat).
func box(lng, lat, d float64) shuangbai.MultiPolygon {
	return shuangbai.MultiPolygon{{{{lng - d, lat - d}, {lng + d, lat - d}, {lng + d, lat + d}, {lng - d, lat + d}, {lng - d, lat - d}}}}
}

func feat(i int, code, name string, lng, lat float64) shuangbai.BoundaryFeature {
	return shuangbai.BoundaryFeature{Index: i, Code: code, Name: name, Shape: box(lng, lat, 0.01)}
}

func TestReplaceBoundaries(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	city := storetest.User(t, db, "map-city", shuangbai.RoleCityAdmin, "4453", "x")
	yc := storetest.User(t, db, "map-yc", shuangbai.RoleCountyAdmin, "445302", "x")
	ld := storetest.User(t, db, "map-ld", shuangbai.RoleCountyAdmin, "445381", "x")
	worker := storetest.User(t, db, "map-w", shuangbai.RoleWorker, "445302003", "x")
	towns := func(fs ...shuangbai.BoundaryFeature) store.BoundaryImport {
		return store.BoundaryImport{Level: shuangbai.LevelTown, CRS: shuangbai.CRSWGS84, Source: "towns.geojson", Features: fs}
	}
	// The city uploads every town; by code and by name.
	if _, n, err := db.ReplaceBoundaries(ctx, city, towns(feat(1, "445302003", "", 112.05, 22.92), feat(2, "", "腰古镇", 112.1, 22.9),
		feat(3, "445381004", "", 111.57, 22.77), feat(4, "445381400", "罗平农场", 111.6, 22.7))); err != nil || n != 4 {
		t.Fatalf("city upload: %d, %v", n, err)
	}
	codes := func(sc shuangbai.Scope) string {
		bs, err := db.Boundaries(ctx, sc, shuangbai.LevelTown)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, b := range bs {
			out = append(out, b.Region)
		}
		return strings.Join(out, ",")
	}
	if got := codes(city.Scope()); got != "445302003,445302102,445381004,445381400" {
		t.Fatalf("after the city's upload: %s", got)
	}

	// Refusals: each names the first offending feature, and nothing changes.
	refusals := []struct {
		name string
		u    *shuangbai.User
		imp  store.BoundaryImport
		want string
	}{
		{"another county's town", yc, towns(feat(1, "445302003", "", 112, 22.9), feat(2, "445381004", "双东街道", 111.5, 22.7)), "第 2 个要素（双东街道，445381004）的区划代码 445381004 不是您管辖范围内的乡镇（街道）"},
		{"unknown name", yc, towns(feat(1, "", "河口街道", 112, 22.9), feat(2, "", "不存在镇", 112, 22.8)), "第 2 个要素（不存在镇）的名称在您管辖范围内"},
		{"same town twice", yc, towns(feat(1, "445302003", "", 112, 22.9), feat(2, "", "河口街道", 112, 22.8)), "与第 1 个要素是同一区划"},
		{"a village code for a town", yc, towns(feat(1, "445302003208", "", 112, 22.9)), "不是您管辖范围内"},
		{"a worker", worker, towns(feat(1, "445302003", "", 112, 22.9)), "没有此项操作的权限"},
		{"a county level from a town's user", worker, store.BoundaryImport{Level: shuangbai.LevelCounty, Features: []shuangbai.BoundaryFeature{feat(1, "445302", "", 112, 22.9)}}, "权限"},
		{"the city level", city, store.BoundaryImport{Level: shuangbai.LevelCity, Features: []shuangbai.BoundaryFeature{feat(1, "4453", "", 112, 22.9)}}, "县、乡镇或村级"},
	}
	for _, tt := range refusals {
		before := snapshot(t, db)
		_, _, err := db.ReplaceBoundaries(ctx, tt.u, tt.imp)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
		if snapshot(t, db) != before {
			t.Errorf("%s: something changed", tt.name)
		}
	}

	// 云城区 replaces its own towns: 罗定市's stay as they were.
	replaced, n, err := db.ReplaceBoundaries(ctx, yc, towns(feat(1, "445302003", "河口街道", 112.06, 22.93)))
	if err != nil || replaced != 2 || n != 1 {
		t.Fatalf("county replace: %d %d %v", replaced, n, err)
	}
	if got := codes(city.Scope()); got != "445302003,445381004,445381400" {
		t.Fatalf("after 云城区's upload: %s", got)
	}
	if got := codes(ld.Scope()); got != "445381004,445381400" {
		t.Fatalf("罗定市 sees: %s", got)
	}
	bs, _ := db.Boundaries(ctx, yc.Scope(), shuangbai.LevelTown)
	if len(bs) != 1 || bs[0].Label != (shuangbai.Pos{112.06, 22.93}) || bs[0].UploadedBy != "map-yc" || len(bs[0].Shape[0][0]) != 5 {
		t.Fatalf("stored boundary: %+v", bs)
	}
	levels, err := db.BoundaryLevels(ctx, city.Scope())
	if err != nil || len(levels) != 1 || levels[0].Count != 3 || levels[0].Level != shuangbai.LevelTown || levels[0].Source != "towns.geojson" {
		t.Fatalf("levels: %+v %v", levels, err)
	}
	if levels, _ := db.BoundaryLevels(ctx, shuangbai.Scope{Code: "445302102"}); len(levels) != 0 {
		t.Fatalf("腰古镇 has no boundary left: %+v", levels)
	}
}
