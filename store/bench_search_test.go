package store_test

import (
	"context"
	"sync"
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// 10,000 published items (gen.SearchItems) indexed once per test binary.
const benchSearchItems = 10000

var (
	searchBenchOnce sync.Once
	searchBenchDB   *store.DB
	searchBenchErr  error
)

func searchBench(b *testing.B) *store.DB {
	b.Helper()
	searchBenchOnce.Do(func() {
		db, _, err := storetest.OpenShared()
		if err == nil {
			items := gen.SearchItems(benchSearchItems)
			for len(items) > 0 && err == nil {
				n := min(len(items), 500)
				err = db.IndexItems(context.Background(), items[:n])
				items = items[n:]
			}
			if err == nil {
				err = db.Analyze(context.Background())
			}
		}
		searchBenchDB, searchBenchErr = db, err
	})
	if searchBenchErr != nil {
		b.Fatal(searchBenchErr)
	}
	return searchBenchDB
}

// BenchmarkSearch: a search over 10,000 items, the city's and a county's,
// for a common two-character word, a rarer three-character one, two terms,
// and a word no item holds.
func BenchmarkSearch(b *testing.B) {
	db := searchBench(b)
	ctx := context.Background()
	city := shuangbai.Scope{Code: gen.CityCode(0)}
	county := shuangbai.Scope{Code: gen.CityCode(0) + "03"}
	for _, bc := range []struct {
		name string
		sc   shuangbai.Scope
		q    string
	}{
		{"city/老人", city, "老人"},
		{"county/低保", county, "低保"},
		{"city/呼叫器", city, "呼叫器"},
		{"city/老人+生日", city, "老人 生日"},
		{"city/none", city, "养老院"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				hs, err := db.Search(ctx, bc.sc, bc.q, 20)
				if err != nil {
					b.Fatal(err)
				}
				if bc.q != "养老院" && len(hs) == 0 {
					b.Fatalf("%q found nothing", bc.q)
				}
			}
		})
	}
}
