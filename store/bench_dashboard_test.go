package store_test

import (
	"os"
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/secret"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// dashboardYear is the period a city's dashboard is benchmarked over: the
// generated history's last year, compared with the year before.
var dashboardYear = shuangbai.Period{From: shuangbai.NewDate(2025, 1, 1), To: gen.AsOf}

// BenchmarkDashboardCity: a city's dashboard over a year with last year's
// comparison, on the generated province with its cases (a city holds
// about 50,000 files and 500,000 visits). warm asks for one city again and
// again; cold asks for each of the 21 cities in turn, and with
// SHUANGBAI_BENCH_DB set opens a new connection pool for each, so neither
// the database's page cache in the process nor a prepared plan helps (the
// operating system's file cache is left alone: other work shares the
// machine).
func BenchmarkDashboardCity(b *testing.B) {
	db := caseDB(b)
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Dashboard(b.Context(), province, gen.CityCode(0), dashboardYear, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold", func(b *testing.B) {
		dsn := os.Getenv("SHUANGBAI_BENCH_DB")
		i := 0
		for b.Loop() {
			use := db
			if dsn != "" {
				b.StopTimer()
				fresh, err := store.Open(b.Context(), dsn)
				if err != nil {
					b.Fatal(err)
				}
				box, _ := secret.New(secret.AES256GCM, storetest.Key)
				fresh.UseBox(box)
				use = fresh
				b.StartTimer()
			}
			if _, err := use.Dashboard(b.Context(), province, gen.CityCode(i%gen.Province.Cities), dashboardYear, true); err != nil {
				b.Fatal(err)
			}
			if use != db {
				b.StopTimer()
				use.Close()
				b.StartTimer()
			}
			i++
		}
	})
}
