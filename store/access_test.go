package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestLogAccessMany checks that an export is logged on each person's file,
// with its reason, and only with one.
func TestLogAccessMany(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	yc := shuangbai.Scope{Code: "445302"}
	u := storetest.User(t, db, "city", shuangbai.RoleCityAdmin, "4453", "x")
	targets := []store.AccessTarget{{BeneficiaryID: a.ID, Region: a.Region}, {BeneficiaryID: b.ID, Region: b.Region}}
	if err := db.LogAccessMany(ctx, u, store.AccessExport, targets, "", ""); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("export without a reason: %v", err)
	}
	many := make([]store.AccessTarget, 0, 250)
	for range 125 {
		many = append(many, targets...)
	}
	if err := db.LogAccessMany(ctx, u, store.AccessExport, many, "年度核查", "CSV"); err != nil {
		t.Fatal(err)
	}
	l, err := db.AccessLog(ctx, yc, a.ID, 0, 500)
	if err != nil || len(l) != 125 || l[0].Reason != "年度核查" || l[0].Action != store.AccessExport || l[0].Name != "陈小明" {
		t.Errorf("access log of a: %d entries, %+v", len(l), l[:min(1, len(l))])
	}
	if l, _ := db.AccessLog(ctx, yc, b.ID, 0, 0); len(l) != 0 {
		t.Errorf("another county's person in a 云城区 log: %d", len(l))
	}
}
