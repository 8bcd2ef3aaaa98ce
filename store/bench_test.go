package store_test

import (
	"encoding/json"
	"io"
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// provinceDB loads the province preset into a fresh database.
func provinceDB(b *testing.B) *store.DB {
	db := storetest.Open(b)
	if _, err := gen.Load(b.Context(), db, gen.Province); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkProgressProvinceCompute computes the progress table of a
// province (21 cities, 122 counties, 1,600 stations, 26,000 points, 30,000
// staff, 5 years of history) afresh, as after any write to its inputs, and
// encodes it as the API does.
func BenchmarkProgressProvinceCompute(b *testing.B) {
	db := provinceDB(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	for b.Loop() {
		t, err := db.ComputeProgressForTest(b.Context(), scope, gen.ProvinceCode, gen.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewEncoder(io.Discard).Encode(t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgressProvinceJSON serves the same table as a request does:
// from the cache while no input has changed (one read of the data version
// and a copy), and encodes it.
func BenchmarkProgressProvinceJSON(b *testing.B) {
	db := provinceDB(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	b.ResetTimer()
	for b.Loop() {
		t, err := db.Progress(b.Context(), scope, gen.ProvinceCode, gen.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewEncoder(io.Discard).Encode(t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgressProvinceXLSX builds the same table and writes the
// bureau's Excel form.
func BenchmarkProgressProvinceXLSX(b *testing.B) {
	db := provinceDB(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	b.ResetTimer()
	for b.Loop() {
		t, err := db.Progress(b.Context(), scope, gen.ProvinceCode, gen.AsOf)
		if err != nil {
			b.Fatal(err)
		}
		if err := report.ProgressXLSX(io.Discard, t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgressCityJSON is one city of the same size class as 云浮市.
func BenchmarkProgressCityJSON(b *testing.B) {
	db := storetest.Open(b)
	if _, err := gen.Load(b.Context(), db, gen.City); err != nil {
		b.Fatal(err)
	}
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Progress(b.Context(), scope, gen.ProvinceCode, gen.AsOf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPointsProvincePage: the first page of the province's 26,000
// points, as the list page asks for it.
func BenchmarkPointsProvincePage(b *testing.B) {
	db := provinceDB(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	for b.Loop() {
		if _, _, err := db.Points(b.Context(), scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 50}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStationsCountyFiltered: one county's built stations.
func BenchmarkStationsCountyFiltered(b *testing.B) {
	db := provinceDB(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	f := shuangbai.SiteFilter{Region: gen.CityCode(3) + "02", Status: shuangbai.SiteBuilt, Limit: 50}
	for b.Loop() {
		if _, _, err := db.Stations(b.Context(), scope, f); err != nil {
			b.Fatal(err)
		}
	}
}
