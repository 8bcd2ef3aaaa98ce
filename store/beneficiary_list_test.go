package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestBeneficiaryPages: walking a list page by page after the last file of
// each gives the list read in one page, in (region, id) order, for every
// scope, region filter, open state and page size; and a page after a file
// outside the scope starts where that file would lie.
func TestBeneficiaryPages(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	villages := []string{"445302003208", "445381004001", "445302102201"}
	var ids []int64
	for i := range 30 {
		b := &shuangbai.Beneficiary{Region: villages[i*7%len(villages)], Name: fmt.Sprintf("对象%02d", i),
			IDNumber: idNumber(fmt.Sprintf("44530219500101%03d", i)), Level: shuangbai.Level4(1 + i%4)}
		if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, b); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	for i := 0; i < len(ids); i += 4 {
		if err := db.ExecForTest(ctx, fmt.Sprintf("UPDATE beneficiaries SET open = FALSE WHERE id = %d", ids[i])); err != nil {
			t.Fatal(err)
		}
	}
	yes, no := true, false
	for _, scope := range []shuangbai.Scope{{All: true}, {Code: "4453"}, {Code: "445302"}, {Code: "445302003"}, {Code: "445381"}, {Code: "445399"}} {
		for _, region := range []string{"", "445302102", "445302102201"} {
			for _, open := range []*bool{nil, &yes, &no} {
				f := shuangbai.BeneficiaryFilter{Region: region, Open: open, Limit: 500}
				all, err := db.Beneficiaries(ctx, scope, f)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.IsSortedFunc(all, func(x, y *shuangbai.Beneficiary) int {
					if x.Region != y.Region {
						return strings.Compare(x.Region, y.Region)
					}
					return int(x.ID - y.ID)
				}) {
					t.Fatalf("%+v %+v: not in (region, id) order", scope, f)
				}
				for _, size := range []int{1, 3, 7} {
					var walked []int64
					f := f
					f.Limit = size
					for range 100 {
						page, err := db.Beneficiaries(ctx, scope, f)
						if err != nil {
							t.Fatal(err)
						}
						for _, b := range page {
							walked = append(walked, b.ID)
						}
						if len(page) < size {
							break
						}
						f.After = page[len(page)-1].ID
					}
					if want := idsOf(all); !slices.Equal(walked, want) {
						t.Errorf("scope %+v region %q open %v by %d: walked %v, want %v", scope, region, open, size, walked, want)
					}
				}
			}
		}
	}
	// After a file of another county (the first open one of 罗定市): what
	// lies after it in (region, id).
	f := shuangbai.BeneficiaryFilter{Open: &yes, Limit: 500}
	all, err := db.Beneficiaries(ctx, shuangbai.Scope{All: true}, f)
	if err != nil {
		t.Fatal(err)
	}
	var cursor *shuangbai.Beneficiary
	for _, b := range all {
		if cursor == nil && b.Region == "445381004001" {
			cursor = b
		}
	}
	f.After = cursor.ID
	for _, scope := range []shuangbai.Scope{{Code: "445302"}, {Code: "4453"}} {
		got, err := db.Beneficiaries(ctx, scope, f)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, b := range all {
			if scope.Contains(b.Region) && (b.Region > cursor.Region || b.Region == cursor.Region && b.ID > cursor.ID) {
				want = append(want, b.ID)
			}
		}
		if !slices.Equal(idsOf(got), want) {
			t.Errorf("scope %s after %d (%s): %v, want %v", scope.Code, cursor.ID, cursor.Region, idsOf(got), want)
		}
	}
}

func idsOf(bs []*shuangbai.Beneficiary) []int64 {
	out := []int64{}
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out
}
