package store_test

import (
	"testing"

	"shuangbai"
)

// TestApplication checks that one application is read inside scope only.
func TestApplication(t *testing.T) {
	db, _, b := caseFixture(t)
	ctx := t.Context()
	yc := shuangbai.Scope{Code: "445302"}
	app := &shuangbai.Application{BeneficiaryID: b.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	if err := db.SaveApplication(ctx, shuangbai.SystemUser, app); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Application(ctx, yc, app.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county's application: %v", err)
	}
	if got, err := db.Application(ctx, shuangbai.Scope{Code: "445381"}, app.ID); err != nil || got.Kind != shuangbai.AppMedical {
		t.Errorf("Application = %+v, %v", got, err)
	}
}
