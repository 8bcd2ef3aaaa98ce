package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func TestPasswordHistoryAndReset(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	sys := storetest.User(t, db, "sysadmin", shuangbai.RoleSysAdmin, "4453", "h0")
	zhang := storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "h1")
	storetest.User(t, db, "luo", shuangbai.RoleCountyAdmin, "445381", "h9")
	if err := db.SetPassword(ctx, zhang, "zhang", "h2"); err != nil {
		t.Fatal(err)
	}
	u, _, _ := db.UserByName(ctx, "zhang")
	if u.MustChangePassword {
		t.Error("changing one's own password left it to be changed")
	}
	if err := db.SetPassword(ctx, sys, "zhang", "h3"); err != nil {
		t.Fatal(err)
	}
	u, _, _ = db.UserByName(ctx, "zhang")
	if !u.MustChangePassword {
		t.Error("an administrator's reset does not have to be changed at the next login")
	}
	recent, err := db.RecentPasswords(ctx, u.ID, 5)
	if err != nil || len(recent) != 3 || recent[0] != "h3" || recent[1] != "h2" || recent[2] != "h1" {
		t.Errorf("recent = %v, %v; want h3 h2 h1", recent, err)
	}
	if recent, _ := db.RecentPasswords(ctx, u.ID, 2); len(recent) != 2 {
		t.Errorf("recent of 2 = %v", recent)
	}
	// Only one's own password, or an account manager's reset inside scope.
	for _, tt := range []struct {
		actor *shuangbai.User
		user  string
		code  string
	}{
		{zhang, "luo", shuangbai.EFORBIDDEN},
		{&shuangbai.User{Username: "yc", Role: shuangbai.RoleSysAdmin, Region: "445302"}, "luo", shuangbai.ENOTFOUND},
	} {
		if err := db.SetPassword(ctx, tt.actor, tt.user, "x"); shuangbai.ErrorCode(err) != tt.code {
			t.Errorf("%s resets %s: %v, want %s", tt.actor.Username, tt.user, err, tt.code)
		}
	}
}

func TestPolicySettings(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	sec := storetest.User(t, db, "sec", shuangbai.RoleSecAdmin, "4453", "h")
	sys := storetest.User(t, db, "sys", shuangbai.RoleSysAdmin, "4453", "h")
	if p, err := db.PasswordPolicy(ctx); err != nil || p != auth.DefaultPolicy {
		t.Fatalf("default policy = %+v, %v", p, err)
	}
	p := auth.DefaultPolicy
	p.MaxAgeDays = 60
	if err := db.SetPasswordPolicy(ctx, sys, p); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("system administrator set the policy: %v", err)
	}
	if err := db.SetPasswordPolicy(ctx, sec, p); err != nil {
		t.Fatal(err)
	}
	weak := p
	weak.MinLength = 6
	if err := db.SetPasswordPolicy(ctx, sec, weak); shuangbai.ErrorCode(err) != shuangbai.EINVALID || shuangbai.ErrorCode(err) == "" {
		t.Errorf("a policy below level 3: %v", err)
	}
	if got, _ := db.PasswordPolicy(ctx); got.MaxAgeDays != 60 || got.MinLength != 8 {
		t.Errorf("policy = %+v", got)
	}
	if roles, _ := db.TOTPRoles(ctx); len(roles) != len(store.DefaultTOTPRoles) {
		t.Errorf("default 2FA roles = %v", roles)
	}
	if err := db.SetTOTPRoles(ctx, sec, []shuangbai.Role{shuangbai.RoleWorker}); err != nil {
		t.Fatal(err)
	}
	roles, _ := db.TOTPRoles(ctx)
	if len(roles) != 2 || roles[0] != shuangbai.RoleWorker || roles[1] != shuangbai.RoleSecAdmin {
		t.Errorf("2FA roles = %v; want the worker and, always, the security administrator", roles)
	}
	if err := db.SetTOTPRoles(ctx, sec, []shuangbai.Role{"king"}); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("unknown role: %v", err)
	}
}

func TestTOTPStore(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	u := storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "h")
	sec := storetest.User(t, db, "sec", shuangbai.RoleSecAdmin, "4453", "h")
	codes, hashes := auth.NewRecoveryCodes(3)
	if err := db.EnrolTOTP(ctx, u, "JBSWY3DPEHPK3PXP", 100, hashes); err != nil {
		t.Fatal(err)
	}
	if raw, _ := db.RawForTest(ctx, "SELECT totp_secret_enc FROM users WHERE username = 'zhang'"); raw == "" || raw == "JBSWY3DPEHPK3PXP" {
		t.Errorf("secret at rest = %q: want it sealed", raw)
	}
	secret, step, err := db.TOTPSecret(ctx, u.ID)
	if err != nil || secret != "JBSWY3DPEHPK3PXP" || step != 100 {
		t.Fatalf("secret = %q %d %v", secret, step, err)
	}
	if got, _, _ := db.UserByName(ctx, "zhang"); !got.TOTPEnabled {
		t.Error("TOTPEnabled not set")
	}
	if ok, _ := db.UseTOTPStep(ctx, u.ID, 100); ok {
		t.Error("the same step was accepted twice")
	}
	if ok, _ := db.UseTOTPStep(ctx, u.ID, 101); !ok {
		t.Error("the next step was refused")
	}
	ok, left, err := db.UseRecoveryCode(ctx, u, auth.RecoveryHash(codes[0]))
	if err != nil || !ok || left != 2 {
		t.Fatalf("recovery = %v %d %v", ok, left, err)
	}
	if ok, _, _ := db.UseRecoveryCode(ctx, u, auth.RecoveryHash(codes[0])); ok {
		t.Error("a recovery code was used twice")
	}
	if err := db.ResetTOTP(ctx, u, "zhang"); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a county admin reset a second factor: %v", err)
	}
	if err := db.ResetTOTP(ctx, sec, "zhang"); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := db.TOTPSecret(ctx, u.ID); s != "" {
		t.Error("secret kept after the reset")
	}
	if ok, _, _ := db.UseRecoveryCode(ctx, u, auth.RecoveryHash(codes[1])); ok {
		t.Error("a recovery code outlived the reset")
	}
}

// TestSessionsLeaveOutPending: a login waiting for its second factor is
// not a session to list or revoke.
func TestSessionsLeaveOutPending(t *testing.T) {
	ctx := t.Context()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	u := storetest.User(t, db, "zhang", shuangbai.RoleCountyAdmin, "445302", "h")
	for _, k := range []string{store.SessionCookie, store.SessionPending, store.SessionAPI} {
		if _, err := db.CreateSession(ctx, u.ID, "tok-"+k, k, k, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	l, err := db.Sessions(ctx, shuangbai.Scope{Code: "445302"}, u.ID, "")
	if err != nil || len(l) != 2 {
		t.Fatalf("sessions = %+v, %v; want the cookie and the token", l, err)
	}
	for _, s := range l {
		if s.Kind == store.SessionPending {
			t.Errorf("pending login listed: %+v", s)
		}
	}
}
