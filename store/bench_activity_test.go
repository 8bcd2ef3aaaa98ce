package store_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// The activity benchmarks share one database: the province network (1,600
// stations) with gen.ActivitiesPerStationYear activities per station for
// each of its 5 years: 400,000 activities. Built once per test binary.
var activities struct {
	once     sync.Once
	db       *store.DB
	counties []string
	err      error
}

func activityDB(b *testing.B) (*store.DB, []string) {
	activities.once.Do(func() {
		ctx := context.Background()
		db, _, err := storetest.OpenShared() // lives as long as the test binary
		if err != nil {
			activities.err = err
			return
		}
		start := time.Now()
		net, err := gen.Load(ctx, db, gen.Province)
		if err != nil {
			activities.err = err
			return
		}
		n, err := gen.LoadActivities(ctx, db, net, gen.ActivitiesPerStationYear, gen.Province.Years)
		if err != nil {
			activities.err = err
			return
		}
		fmt.Fprintf(os.Stderr, "generated %d activities (%s) in %v\n", n, db.Engine(), time.Since(start).Round(time.Second))
		seen := map[string]bool{}
		for _, v := range net.Villages {
			if !seen[v[:6]] {
				seen[v[:6]] = true
				activities.counties = append(activities.counties, v[:6])
			}
		}
		activities.db = db
	})
	if activities.err != nil {
		b.Fatal(activities.err)
	}
	return activities.db, activities.counties
}

// BenchmarkActivityCountyList: the first page (50) of a county's activity
// list, newest first, then the page after it by key, county after county.
func BenchmarkActivityCountyList(b *testing.B) {
	db, counties := activityDB(b)
	ctx := b.Context()
	i := 0
	for b.Loop() {
		scope := shuangbai.Scope{Code: counties[i%len(counties)]}
		i++
		page, err := db.Activities(ctx, scope, store.ActivityFilter{Limit: 50})
		if err != nil || len(page) != 50 {
			b.Fatalf("%d rows, %v", len(page), err)
		}
		last := page[len(page)-1]
		if _, err := db.Activities(ctx, scope, store.ActivityFilter{Limit: 50, BeforeOn: last.HeldOn, BeforeID: last.ID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkActivityCountyListKind: a county's list of one kind in one
// year, the filters the list page offers.
func BenchmarkActivityCountyListKind(b *testing.B) {
	db, counties := activityDB(b)
	ctx := b.Context()
	i := 0
	for b.Loop() {
		scope := shuangbai.Scope{Code: counties[i%len(counties)]}
		i++
		f := store.ActivityFilter{Kind: shuangbai.ActivityAntiDrug, From: gen.AsOf.AddDays(-364), To: gen.AsOf, Limit: 50}
		if _, err := db.Activities(ctx, scope, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkActivityProvinceList: the first page of the whole province's
// list, 400,000 activities.
func BenchmarkActivityProvinceList(b *testing.B) {
	db, _ := activityDB(b)
	for b.Loop() {
		if _, err := db.Activities(b.Context(), shuangbai.Scope{Code: gen.ProvinceCode}, store.ActivityFilter{Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkActivityCountsCountyYear: a county's activities of a year
// counted by kind, as a station plan or the briefing reads them.
func BenchmarkActivityCountsCountyYear(b *testing.B) {
	db, counties := activityDB(b)
	i := 0
	for b.Loop() {
		scope := shuangbai.Scope{Code: counties[i%len(counties)]}
		i++
		if _, err := db.ActivityCounts(b.Context(), scope, 0, gen.AsOf.AddDays(-364), gen.AsOf); err != nil {
			b.Fatal(err)
		}
	}
}
