package admin_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
	"shuangbai/web/webtest"
)

// ycSec is a security administrator of 云城区 only, for the refusals
// outside scope.
const ycSec = "yc.sec"

// securityFixture is New with a county's security administrator, the
// viewer locked out at one address and 罗定市's admin at another, the
// viewer with a second factor, and 罗定市's admin holding an API token.
func securityFixture(t *testing.T) (*webtest.Fixture, string) {
	t.Helper()
	f := webtest.New(t)
	ctx := t.Context()
	storetest.User(t, f.DB, ycSec, shuangbai.RoleSecAdmin, "445302", webtest.Hash())
	rule := store.Throttle{Max: 1, Window: time.Hour, Lock: time.Hour, MaxLock: time.Hour}
	for _, k := range []string{store.AccountKey(webtest.YcViewer, "10.0.0.7"), store.AccountKey(webtest.LdAdmin, "10.0.0.8")} {
		for range 2 {
			if _, _, _, err := f.DB.TakeLogin(ctx, k, rule); err != nil {
				t.Fatal(err)
			}
		}
	}
	viewer, _, _ := f.DB.UserByName(ctx, webtest.YcViewer)
	if err := f.DB.EnrolTOTP(ctx, viewer, "JBSWY3DPEHPK3PXP", 1, nil); err != nil {
		t.Fatal(err)
	}
	f.KnowTOTP(webtest.YcViewer, "JBSWY3DPEHPK3PXP")
	// The page shows the policy in force: the shipped one, every
	// administrator with a second factor (webtest asks only the security
	// administrator's, like the demo; As enrols the others as they log in).
	if err := f.DB.SetTOTPRoles(ctx, shuangbai.SystemUser, store.DefaultTOTPRoles); err != nil {
		t.Fatal(err)
	}
	f.As(t, webtest.YcViewer) // a browser session
	f.API(t, webtest.LdAdmin)
	ld, _, _ := f.DB.UserByName(ctx, webtest.LdAdmin)
	l, err := f.DB.Sessions(ctx, webtest.AdminScope, ld.ID, store.SessionAPI)
	if err != nil || len(l) != 1 {
		t.Fatalf("罗定市's token: %+v, %v", l, err)
	}
	return f, l[0].ID
}

// TestSecurityPage: the security administrator sees the locks, accounts,
// policies and sessions of their scope, and no one else sees the page.
func TestSecurityPage(t *testing.T) {
	t.Parallel()
	f, _ := securityFixture(t)
	res := f.As(t, webtest.CitySec).Get(t, "/security")
	webtest.Expect(t, res, http.StatusOK, `<a href="/security" aria-current="page">`,
		"10.0.0.7", "10.0.0.8", `action="/security/users/`+webtest.YcViewer+`/unlock"`,
		`action="/security/users/`+webtest.YcViewer+`/totp"`, "已绑定",
		`name="min_length" value="8"`, `name="min_classes" value="3"`, `name="max_age_days" value="90"`,
		`value="city_admin" checked`, `value="audit_admin" checked`, "安全管理员始终须使用双因素认证",
		"浏览器会话", "API 令牌", `<option value="sec_admin">安全管理员</option>`)
	webtest.ExpectNot(t, res, `value="worker" checked`, `action="/security/users/`+webtest.CitySec+`/role"`)

	county := f.As(t, ycSec).Get(t, "/security")
	webtest.Expect(t, county, http.StatusOK, "10.0.0.7", webtest.YcViewer)
	webtest.ExpectNot(t, county, "10.0.0.8", webtest.LdAdmin, `value="city_admin">`)

	for _, user := range []string{webtest.CitySys, webtest.CityAudit, webtest.CityAdmin, webtest.YcViewer} {
		t.Run(user, func(t *testing.T) {
			webtest.Expect(t, f.As(t, user).Get(t, "/security"), http.StatusForbidden, "只有安全管理员可以使用此功能")
		})
	}
}

// TestSecurityActions posts every form of the security page: mistakes come
// back as 422 next to their field, the wrong role is refused, accounts and
// sessions outside the scope do not exist, and what is done is stored.
func TestSecurityActions(t *testing.T) {
	t.Parallel()
	f, ldToken := securityFixture(t)
	ctx := t.Context()
	sec, county, sys := f.As(t, webtest.CitySec), f.As(t, ycSec), f.As(t, webtest.CitySys)
	viewerSession := f.As(t, webtest.YcViewer)
	role := func(r string) url.Values { return url.Values{"role": {r}} }
	policy := func(minLength, maxAge string) url.Values {
		return url.Values{"min_length": {minLength}, "min_classes": {"3"}, "max_age_days": {maxAge}, "warn_days": {"7"}, "history": {"5"}}
	}
	user := "/security/users/"
	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		path   string
		form   url.Values
		status int
		want   []string
	}{
		// The wrong role, for every form.
		{"role by the system administrator", sys, user + webtest.YcViewer + "/role", role("worker"), http.StatusForbidden, nil},
		{"unlock by the audit administrator", f.As(t, webtest.CityAudit), user + webtest.YcViewer + "/unlock", nil, http.StatusForbidden, nil},
		{"2FA reset by a city admin", f.As(t, webtest.CityAdmin), user + webtest.YcViewer + "/totp", nil, http.StatusForbidden, nil},
		{"policy by the system administrator", sys, "/security/password-policy", policy("12", "60"), http.StatusForbidden, nil},
		{"2FA roles by the system administrator", sys, "/security/totp-roles", url.Values{"roles": {"worker"}}, http.StatusForbidden, nil},
		{"revoke by the system administrator", sys, "/security/sessions/" + ldToken + "/revoke", nil, http.StatusForbidden, nil},

		// Outside the scope: nothing there.
		{"role in another county", county, user + webtest.LdAdmin + "/role", role("viewer"), http.StatusNotFound, nil},
		{"unlock in another county", county, user + webtest.LdAdmin + "/unlock", nil, http.StatusNotFound, nil},
		{"2FA reset in another county", county, user + webtest.LdAdmin + "/totp", nil, http.StatusNotFound, nil},
		{"revoke in another county", county, "/security/sessions/" + ldToken + "/revoke", nil, http.StatusNotFound, nil},
		{"revoke of no token", sec, "/security/sessions/zz/revoke", nil, http.StatusNotFound, nil},
		{"role of no account", sec, user + "nobody/role", role("viewer"), http.StatusNotFound, nil},

		// Mistakes, next to what they concern.
		{"a worker at a county", sec, user + webtest.YcViewer + "/role", role("worker"), http.StatusUnprocessableEntity, []string{"社工的所属区划应为其社工站所在的乡镇"}},
		{"an unknown role", sec, user + webtest.YcViewer + "/role", role("king"), http.StatusUnprocessableEntity, []string{"请选择角色"}},
		{"one's own role", sec, user + webtest.CitySec + "/role", role("city_admin"), http.StatusUnprocessableEntity, []string{"不能修改自己的角色"}},
		{"a city admin from a county", county, user + webtest.YcAdmin + "/role", role("city_admin"), http.StatusUnprocessableEntity, []string{"县级的管理员不能创建市级管理员"}},
		{"a policy below level 3", sec, "/security/password-policy", policy("6", "60"), http.StatusUnprocessableEntity, []string{"等保三级要求至少 8 位", `name="min_length" value="6"`}},
		{"a policy that is no number", sec, "/security/password-policy", policy("八", "x"), http.StatusUnprocessableEntity, []string{"请填写整数"}},
		{"a policy that never expires", sec, "/security/password-policy", policy("10", "365"), http.StatusUnprocessableEntity, []string{"等保三级要求定期更换"}},
		{"an unknown 2FA role", sec, "/security/totp-roles", url.Values{"roles": {"worker", "king"}}, http.StatusUnprocessableEntity, []string{"未知的角色：king", `value="worker" checked`}},

		// Done.
		{"role", sec, user + webtest.YcViewer + "/role", role("supervisor"), http.StatusSeeOther, nil},
		{"unlock", sec, user + webtest.YcViewer + "/unlock", nil, http.StatusSeeOther, nil},
		{"2FA reset", sec, user + webtest.YcViewer + "/totp", nil, http.StatusSeeOther, nil},
		{"policy", sec, "/security/password-policy", policy("10", "60"), http.StatusSeeOther, nil},
		{"2FA roles", sec, "/security/totp-roles", url.Values{"roles": {"worker", "city_admin"}}, http.StatusSeeOther, nil},
		{"revoke", sec, "/security/sessions/" + ldToken + "/revoke", nil, http.StatusSeeOther, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			webtest.Expect(t, tt.c.PostForm(t, tt.path, tt.form), tt.status, tt.want...)
		})
	}

	viewer, _, _ := f.DB.UserByName(ctx, webtest.YcViewer)
	if viewer.Role != shuangbai.RoleSupervisor || viewer.TOTPEnabled {
		t.Errorf("viewer after the changes: %+v", viewer)
	}
	if l, _ := f.DB.LoginLocks(ctx, webtest.AdminScope, store.AccountKey(webtest.YcViewer, "")); len(l) != 0 {
		t.Errorf("still locked: %+v", l)
	}
	if l, _ := f.DB.LoginLocks(ctx, webtest.AdminScope, store.AccountKey(webtest.LdAdmin, "")); len(l) != 1 {
		t.Errorf("罗定市's admin was unlocked from outside: %+v", l)
	}
	if p, _ := f.DB.PasswordPolicy(ctx); p.MinLength != 10 || p.MaxAgeDays != 60 {
		t.Errorf("policy = %+v", p)
	}
	if roles, _ := f.DB.TOTPRoles(ctx); !slices.Equal(roles, []shuangbai.Role{shuangbai.RoleWorker, shuangbai.RoleCityAdmin, shuangbai.RoleSecAdmin}) {
		t.Errorf("2FA roles = %v", roles)
	}
	webtest.Expect(t, viewerSession.Get(t, "/"), http.StatusSeeOther) // the role change logged the viewer out
	webtest.Expect(t, f.API(t, webtest.LdAdmin).Get(t, "/api/v1/me"), http.StatusUnauthorized)
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/audit?entity=user"), http.StatusOK, "调整角色", "解锁", "重置双因素认证")
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/audit"), http.StatusOK, "注销令牌")
}
