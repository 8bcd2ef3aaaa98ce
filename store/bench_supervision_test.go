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

// The generated province (1,600 stations over 122 counties) with five
// years of station work: 32,000 supervision visits with about 64,000
// action items, and 105 evaluation rounds (one a year per city) with
// 40,000 scores. Built once per test binary.

var (
	workOnce  sync.Once
	workDB    *store.DB
	workErr   error
	workRound int64
)

func stationWorkBench(b *testing.B) *store.DB {
	b.Helper()
	workOnce.Do(func() {
		ctx := context.Background()
		db, _, err := storetest.OpenShared()
		if err != nil {
			workErr = err
			return
		}
		if _, err = gen.Load(ctx, db, gen.Province); err == nil {
			err = gen.LoadSupervision(ctx, db, gen.StationWork)
		}
		workDB, workErr = db, err
		if err == nil {
			var rs []*shuangbai.EvaluationRound
			rs, _, workErr = db.EvaluationRounds(ctx, shuangbai.Scope{Code: gen.CityCode(0)}, store.RoundFilter{Limit: 1})
			if workErr == nil && len(rs) == 1 {
				workRound = rs[0].ID
			}
		}
	})
	if workErr != nil {
		b.Fatal(workErr)
	}
	return workDB
}

// BenchmarkSupervisionVisitsCounty: the first page of a county's visits
// (13 stations, about 260 visits), with the count and each visit's open
// items, as the list page and the API ask for it.
func BenchmarkSupervisionVisitsCounty(b *testing.B) {
	db := stationWorkBench(b)
	scope := shuangbai.Scope{Code: gen.CityCode(0) + "01"}
	for b.Loop() {
		l, n, err := db.SupervisionVisits(b.Context(), scope, store.VisitFilter{Limit: 50})
		if err != nil || len(l) != 50 || n < 200 {
			b.Fatalf("%d of %d: %v", len(l), n, err)
		}
	}
}

// BenchmarkSupervisionItemsOverdueProvince: the first page of the
// province's overdue items.
func BenchmarkSupervisionItemsOverdueProvince(b *testing.B) {
	db := stationWorkBench(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	for b.Loop() {
		if _, _, err := db.ActionItems(b.Context(), scope, store.ItemFilter{OverdueOn: gen.AsOf, Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluationRound reads a city's round (76 stations) with its
// set, every score, the rectification items and the completeness figures
// of each station's records on the round's day: the round's page.
func BenchmarkEvaluationRound(b *testing.B) {
	db := stationWorkBench(b)
	scope := shuangbai.Scope{Code: gen.ProvinceCode}
	for b.Loop() {
		r, _, err := db.EvaluationRound(b.Context(), scope, workRound)
		if err != nil || len(r.Stations) < 50 {
			b.Fatalf("%v %v", r, err)
		}
	}
}

// BenchmarkEvaluationRoundsCounty: a county's list of rounds.
func BenchmarkEvaluationRoundsCounty(b *testing.B) {
	db := stationWorkBench(b)
	scope := shuangbai.Scope{Code: gen.CityCode(0) + "01"}
	for b.Loop() {
		if l, _, err := db.EvaluationRounds(b.Context(), scope, store.RoundFilter{Limit: 50}); err != nil || len(l) == 0 {
			b.Fatal(err)
		}
	}
}
