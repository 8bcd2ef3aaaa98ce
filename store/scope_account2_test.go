package store_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store/storetest"
)

// TestScopeFollowupAndAttachments: attachments and the late-visit history
// of one county never show another's, whoever asks.
func TestScopeFollowupAndAttachments(t *testing.T) {
	db, chen, li := caseFixture(t)
	ctx := t.Context()
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2)))
	for _, b := range []*shuangbai.Beneficiary{chen, li} {
		if err := db.AddAttachment(ctx, shuangbai.SystemUser, &shuangbai.Attachment{BeneficiaryID: b.ID, Name: "证件.png"}, buf.Bytes(), nil); err != nil {
			t.Fatal(err)
		}
	}
	yc, ld := shuangbai.Scope{Code: "445302"}, shuangbai.Scope{Code: "445381"}
	for _, tt := range []struct {
		scope shuangbai.Scope
		b     *shuangbai.Beneficiary
		want  int
	}{{yc, chen, 1}, {yc, li, 0}, {ld, li, 1}, {ld, chen, 0}} {
		if l, err := db.Attachments(ctx, tt.scope, tt.b.ID); err != nil || len(l) != tt.want {
			t.Errorf("Attachments(%s, %s) = %d, %v; want %d", tt.scope.Code, tt.b.Name, len(l), err, tt.want)
		}
	}
	day := shuangbai.NewDate(2021, 8, 9)
	for _, tt := range []struct {
		scope shuangbai.Scope
		want  string
	}{{yc, "445302003"}, {ld, "445381004"}} {
		h, err := db.OverdueHistory(ctx, tt.scope, false, []shuangbai.Date{day})
		if err != nil || len(h) != 1 || h[0].Key != tt.want {
			t.Errorf("OverdueHistory(%s) = %+v, %v; want only %s", tt.scope.Code, h, err, tt.want)
		}
	}
}

// TestScopeSecurityWrites: a county's security administrator changes the
// roles and second factors of that county's accounts only.
func TestScopeSecurityWrites(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ycSec := storetest.User(t, db, "yc.sec", shuangbai.RoleSecAdmin, "445302", "h")
	storetest.User(t, db, "yc.user", shuangbai.RoleViewer, "445302", "h")
	ld := storetest.User(t, db, "ld.user", shuangbai.RoleViewer, "445381", "h")
	if err := db.EnrolTOTP(ctx, ld, "JBSWY3DPEHPK3PXP", 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRole(ctx, ycSec, "ld.user", shuangbai.RoleWorker); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("role of another county's account: %v", err)
	}
	if err := db.ResetTOTP(ctx, ycSec, "ld.user"); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("second factor of another county's account: %v", err)
	}
	if u, _, _ := db.UserByName(ctx, "ld.user"); u.Role != shuangbai.RoleViewer || !u.TOTPEnabled {
		t.Errorf("another county's account changed: %+v", u)
	}
	if err := db.SetRole(ctx, ycSec, "yc.user", shuangbai.RoleSupervisor); err != nil {
		t.Errorf("own county's account: %v", err)
	}
	yc, _, _ := db.UserByName(ctx, "yc.user")
	_, hashes := auth.NewRecoveryCodes(1)
	if err := db.EnrolTOTP(ctx, yc, "JBSWY3DPEHPK3PXP", 1, hashes); err != nil {
		t.Fatal(err)
	}
	if err := db.ResetTOTP(ctx, ycSec, "yc.user"); err != nil {
		t.Errorf("own county's second factor: %v", err)
	}
}
