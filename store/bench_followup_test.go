package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/gen"
)

// A county of the generated province (gen.CityCode(0)'s first county):
// about 8,000 of its 1,000,000 beneficiaries.
func benchCounty() shuangbai.Scope { return shuangbai.Scope{Code: gen.CityCode(0) + "01"} }

// BenchmarkEscalationsCounty: the county tier's list of late visits.
func BenchmarkEscalationsCounty(b *testing.B) {
	db := caseDB(b)
	for b.Loop() {
		if _, err := db.Escalations(b.Context(), benchCounty(), shuangbai.TierCounty, gen.AsOf, 200); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEscalationsLead: a station lead's list (the widest tier after
// the worker's).
func BenchmarkEscalationsLead(b *testing.B) {
	db := caseDB(b)
	for b.Loop() {
		if _, err := db.Escalations(b.Context(), benchCounty(), shuangbai.TierLead, gen.AsOf, 200); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOverdueHistoryCounty: a county's late-visit rate per station at
// the last twelve month ends.
func BenchmarkOverdueHistoryCounty(b *testing.B) {
	db := caseDB(b)
	var ends []shuangbai.Date
	for m := 0; m < 12; m++ {
		first := shuangbai.NewDate(gen.AsOf.Time().Year(), gen.AsOf.Time().Month()-time.Month(m), 1)
		ends = append(ends, first.AddDays(-1))
	}
	for b.Loop() {
		if _, err := db.OverdueHistory(b.Context(), benchCounty(), false, ends); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEligibleCounty: 政策找人 for one county, every shipped rule.
func BenchmarkEligibleCounty(b *testing.B) {
	db := caseDB(b)
	for b.Loop() {
		if _, _, err := db.Eligible(b.Context(), benchCounty(), "", gen.AsOf, "", 200); err != nil {
			b.Fatal(err)
		}
	}
}
