package store_test

import (
	"testing"

	"shuangbai"
)

// A county's beneficiary list, the default page a county officer opens:
// page 1, and page 100 reached by keyset paging. A list whose cost grows
// with the county rather than with the page is a bug (province-scale issue).

func benchCountyPage(b *testing.B, pages int) {
	db := caseDB(b)
	ctx := b.Context()
	county := shuangbai.Scope{Code: "440101"}
	f := shuangbai.BeneficiaryFilter{Limit: 51}
	for range pages - 1 {
		page, err := db.Beneficiaries(ctx, county, f)
		if err != nil || len(page) < 51 {
			b.Fatalf("%d rows, %v", len(page), err)
		}
		f.After = page[49].ID
	}
	for b.Loop() {
		if page, err := db.Beneficiaries(ctx, county, f); err != nil || len(page) != 51 {
			b.Fatalf("%d rows, %v", len(page), err)
		}
	}
}

// BenchmarkCaseCountyPage1: a county's first page of 50 (and one to know
// there is a next).
func BenchmarkCaseCountyPage1(b *testing.B) { benchCountyPage(b, 1) }

// BenchmarkCaseCountyPage100: the same county's hundredth page.
func BenchmarkCaseCountyPage100(b *testing.B) { benchCountyPage(b, 100) }
