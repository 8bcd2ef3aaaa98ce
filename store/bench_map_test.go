package store_test

import (
	"encoding/json"
	"math"
	"sync"
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
)

// mapBoundaries gives every village of the generated province a boundary
// of 48 vertices (a bureau's traced village has tens to hundreds), once
// per database: the county map reads and sends them all.
var mapBoundaries sync.Once

func mapDB(b *testing.B) *store.DB {
	db := caseDB(b)
	var err error
	mapBoundaries.Do(func() {
		ctx := b.Context()
		prov := shuangbai.Scope{Code: gen.ProvinceCode}
		levels, e := db.BoundaryLevels(ctx, prov)
		if err = e; err != nil || len(levels) > 0 {
			return
		}
		villages, e := db.RegionsAt(ctx, prov, shuangbai.LevelVillage, shuangbai.Date{})
		if err = e; err != nil {
			return
		}
		fs := make([]shuangbai.BoundaryFeature, len(villages))
		for i, v := range villages {
			c := shuangbai.Pos{110 + float64(i%160)*0.03, 21 + float64(i/160)*0.03}
			ring := make([]shuangbai.Pos, 0, 49)
			for k := range 48 {
				a := 2 * math.Pi * float64(k) / 48
				ring = append(ring, shuangbai.Pos{shuangbai.Round6(c[0] + 0.012*math.Cos(a)), shuangbai.Round6(c[1] + 0.012*math.Sin(a))})
			}
			fs[i] = shuangbai.BoundaryFeature{Index: i + 1, Code: v.Code, Shape: shuangbai.MultiPolygon{{append(ring, ring[0])}}}
		}
		_, _, err = db.ReplaceBoundaries(ctx, shuangbai.SystemUser, store.BoundaryImport{Level: shuangbai.LevelVillage, CRS: shuangbai.CRSWGS84, Source: "bench", Features: fs})
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// countyMap reads what GET /map?region=COUNTY reads for a county admin —
// the villages' boundaries, the villages, the open files counted per
// village, the stations and points — and encodes the shapes.
func countyMap(b *testing.B, db *store.DB, county string, f shuangbai.MapFilter) {
	ctx := b.Context()
	sc := shuangbai.Scope{Code: county}
	admin := &shuangbai.User{Username: "bench", Role: shuangbai.RoleCountyAdmin, Region: county}
	bs, err := db.Boundaries(ctx, sc, shuangbai.LevelVillage)
	if err != nil || len(bs) == 0 {
		b.Fatalf("%s: %d boundaries, %v", county, len(bs), err)
	}
	if _, err := db.RegionsAt(ctx, sc, shuangbai.LevelVillage, shuangbai.Date{}); err != nil {
		b.Fatal(err)
	}
	counts, err := db.MapCounts(ctx, admin, sc, shuangbai.LevelVillage, f)
	if err != nil || len(counts) == 0 {
		b.Fatalf("%s: %d counts, %v", county, len(counts), err)
	}
	if _, err := db.MapSites(ctx, sc); err != nil {
		b.Fatal(err)
	}
	if _, err := json.Marshal(bs); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkMapCounty: a county admin's map on the generated province
// (1,000,000 beneficiaries, 10,000,000 visits unless SHUANGBAI_BENCH_CASES
// says fewer). cold opens a different county each time (122 in turn, each
// read for the first time by this process); warm opens the same one again.
// The budget is 500 ms.
func BenchmarkMapCounty(b *testing.B) {
	db := mapDB(b)
	counties, err := db.RegionsAt(b.Context(), shuangbai.Scope{Code: gen.ProvinceCode}, shuangbai.LevelCounty, shuangbai.Date{})
	if err != nil || len(counties) < 2 {
		b.Fatal(len(counties), err)
	}
	b.Run("cold", func(b *testing.B) {
		i := 1
		for b.Loop() {
			countyMap(b, db, counties[i%len(counties)].Code, shuangbai.MapFilter{})
			i++
		}
	})
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			countyMap(b, db, counties[0].Code, shuangbai.MapFilter{})
		}
	})
	b.Run("warm-filtered", func(b *testing.B) {
		for b.Loop() {
			countyMap(b, db, counties[0].Code, shuangbai.MapFilter{Group: shuangbai.GroupDibao, Overdue: true})
		}
	})
}
