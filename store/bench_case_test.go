package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/secret"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// The case benchmarks share one database: the province network with
// gen.Million cases (1,000,000 beneficiaries, 10,000,000 visits) unless
// SHUANGBAI_BENCH_CASES names a smaller count. Generating it takes minutes;
// with SHUANGBAI_BENCH_DB naming an SQLite file, it is generated once and
// reused by later runs.
var cases struct {
	once sync.Once
	db   *store.DB
	err  error
}

func caseDB(b *testing.B) *store.DB {
	cases.once.Do(func() {
		preset := gen.Million
		if n, err := strconv.Atoi(os.Getenv("SHUANGBAI_BENCH_CASES")); err == nil && n > 0 {
			preset.Beneficiaries = n
		}
		ctx := context.Background()
		if dsn := os.Getenv("SHUANGBAI_BENCH_DB"); dsn != "" {
			// An SQLite file or a PostgreSQL URL kept between runs: generate
			// only into an empty one.
			if cases.db, cases.err = store.Open(ctx, dsn); cases.err != nil {
				return
			}
			box, _ := secret.New(secret.AES256GCM, storetest.Key)
			cases.db.UseBox(box)
			if n, err := cases.db.PersonalRecords(ctx); err != nil || n > 0 {
				if err == nil {
					err = cases.db.Analyze(ctx)
				}
				cases.err = err
				return
			}
		} else if cases.db, _, cases.err = storetest.OpenShared(); cases.err != nil { // left for the process to end
			return
		}
		start := time.Now()
		net, err := gen.Load(ctx, cases.db, gen.Province)
		if err != nil {
			cases.err = err
			return
		}
		cases.err = gen.LoadCases(ctx, cases.db, net, preset, func(done int) {
			if done%100_000 == 0 {
				fmt.Fprintf(os.Stderr, "generated %d beneficiaries in %v\n", done, time.Since(start).Round(time.Second))
			}
		})
		fmt.Fprintf(os.Stderr, "generated %d beneficiaries, %d visits in %v\n", preset.Beneficiaries, preset.Beneficiaries*preset.VisitsEach, time.Since(start).Round(time.Second))
	})
	if cases.err != nil {
		b.Fatal(cases.err)
	}
	return cases.db
}

var province = shuangbai.Scope{Code: gen.ProvinceCode}

// BenchmarkCaseWorklistWorker: one social worker's cases due within a week,
// nearest first.
func BenchmarkCaseWorklistWorker(b *testing.B) {
	db := caseDB(b)
	ctx := b.Context()
	some, err := db.Beneficiaries(ctx, province, shuangbai.BeneficiaryFilter{Limit: 100})
	if err != nil || len(some) == 0 {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		x := some[i%len(some)]
		i++
		if _, err := db.Worklist(ctx, shuangbai.Scope{Code: x.Region[:6]}, x.WorkerID, gen.AsOf.AddDays(7), 100); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCaseSearchName: a name search across the province.
func BenchmarkCaseSearchName(b *testing.B) {
	db := caseDB(b)
	names := []string{"陈敏", "李婷伟", "黄芳", "张俊丽", "梁"}
	i := 0
	for b.Loop() {
		if _, err := db.Beneficiaries(b.Context(), province, shuangbai.BeneficiaryFilter{Name: names[i%len(names)], Limit: 50}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCaseSearchID: a search by full ID number, through its keyed hash.
func BenchmarkCaseSearchID(b *testing.B) {
	db := caseDB(b)
	some, err := db.Beneficiaries(b.Context(), province, shuangbai.BeneficiaryFilter{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		got, err := db.Beneficiaries(b.Context(), province, shuangbai.BeneficiaryFilter{IDNumber: some[i%len(some)].IDNumber})
		if err != nil || len(got) != 1 {
			b.Fatalf("%d found, %v", len(got), err)
		}
		i++
	}
}

// BenchmarkCaseRecordVisit: recording one visit (validation, the case's
// next due day, the audit entry) in one transaction.
func BenchmarkCaseRecordVisit(b *testing.B) {
	db := caseDB(b)
	t := true
	some, err := db.Beneficiaries(b.Context(), province, shuangbai.BeneficiaryFilter{Open: &t, Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		v := &shuangbai.Visit{BeneficiaryID: some[i%len(some)].ID, On: gen.AsOf, Kind: shuangbai.VisitHome, Services: []string{"精神慰藉"}}
		if err := db.RecordVisit(b.Context(), shuangbai.SystemUser, v); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCaseOutcomesCityYear: the outcomes of one city over a year.
// BenchmarkCaseOutcomesCityYear: "kept" while no file changes (the counts
// of files and applications served from under the files version), "a file
// just filed" with the version moved on before each call, as filing a file
// anywhere does: everything counted again.
func BenchmarkCaseOutcomesCityYear(b *testing.B) {
	db := caseDB(b)
	for _, bump := range []bool{false, true} {
		name := "kept"
		if bump {
			name = "a file just filed"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if bump {
					b.StopTimer()
					if err := db.ExecForTest(b.Context(), "UPDATE data_versions SET version = version + 1 WHERE name = 'files'"); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if _, err := db.Outcomes(b.Context(), province, gen.CityCode(0), gen.AsOf.AddDays(-365), gen.AsOf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
