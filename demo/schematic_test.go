package demo_test

import (
	"encoding/json"
	"testing"

	"shuangbai"
	"shuangbai/demo"
)

// TestSchematic: the demo's map is whole and consistent — every county,
// town and village has a boundary that the upload's own checks accept,
// each county's outline is one ring, and every station, point and located
// person of 河口街道 lies inside its own region's boundary.
func TestSchematic(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	city := shuangbai.Scope{Code: "4453"}
	shapes := map[string]shuangbai.MultiPolygon{}
	for _, lv := range []shuangbai.Level{shuangbai.LevelCounty, shuangbai.LevelTown, shuangbai.LevelVillage} {
		bs, err := db.Boundaries(ctx, city, lv)
		if err != nil {
			t.Fatal(err)
		}
		regions, _ := db.RegionsAt(ctx, city, lv, shuangbai.Date{})
		if len(bs) != len(regions) {
			t.Errorf("%s: %d boundaries for %d regions", lv, len(bs), len(regions))
		}
		var fc struct {
			Type     string `json:"type"`
			Features []any  `json:"features"`
		}
		fc.Type = "FeatureCollection"
		for _, b := range bs {
			if !b.Schematic {
				t.Fatalf("%s not marked schematic", b.Region)
			}
			if lv == shuangbai.LevelCounty && len(b.Shape) != 1 {
				t.Errorf("county %s is %d pieces, want one outline", b.Region, len(b.Shape))
			}
			shapes[b.Region] = b.Shape
			fc.Features = append(fc.Features, map[string]any{"type": "Feature", "properties": map[string]any{"code": b.Region},
				"geometry": map[string]any{"type": "MultiPolygon", "coordinates": b.Shape}})
		}
		data, _ := json.Marshal(fc)
		if _, err := shuangbai.ParseBoundaries(data, shuangbai.CRSWGS84, lv); err != nil {
			t.Errorf("%s: the upload would refuse the schematic: %v", lv, err)
		}
	}
	sites, err := db.MapSites(ctx, city)
	if err != nil || len(sites) != 63+146 {
		t.Fatalf("sites on the map: %d, %v", len(sites), err)
	}
	for _, s := range sites {
		if !shapes[s.Region].Contains(shuangbai.Pos{s.Lng, s.Lat}) {
			t.Errorf("%s %s at %v, %v lies outside its region", s.Kind, s.Name, s.Lng, s.Lat)
		}
	}
	worker := &shuangbai.User{Username: "hekou-sw", Role: shuangbai.RoleWorker, Region: "445302003"}
	people, err := db.MapPeople(ctx, worker, worker.Scope(), shuangbai.MapFilter{})
	if err != nil || len(people) < 40 {
		t.Fatalf("located people: %d, %v", len(people), err)
	}
	for _, p := range people {
		if !shapes[demo.HekouVillage].Contains(shuangbai.Pos{p.Lng, p.Lat}) {
			t.Errorf("%s lives outside 双上村", p.Name)
		}
	}
}
