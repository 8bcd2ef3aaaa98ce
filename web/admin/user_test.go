package admin_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/admin"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a page template of package admin was
// never rendered.
func TestMain(m *testing.M) { webtest.Main(m, admin.Pages) }

// goodPassword meets the default policy (level 3).
const goodPassword = "Hekou-Lead-2021"

// TestUserAdmin walks a county's system administrator through creating an
// account with mistakes, then disabling it; both are in the audit log. A
// county admin no longer manages accounts.
func TestUserAdmin(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcSys)
	webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, "/users/new"), http.StatusForbidden, "只有系统管理员可以管理账号")

	res := c.Get(t, "/users/new")
	webtest.Expect(t, res, http.StatusOK, "县级管理员", "河口街道", "至少 8 个字符", "首次登录时须修改")
	webtest.ExpectNot(t, res, `value="city_admin"`, "罗定市", `value="sys_admin"`, `value="sec_admin"`, `value="audit_admin"`)

	form := func(change ...string) url.Values {
		v := url.Values{"username": {"hekou.lead"}, "name": {"何站长"}, "role": {"station_lead"}, "region": {"445302003"},
			"password": {goodPassword}, "password2": {goodPassword}}
		for i := 0; i+1 < len(change); i += 2 {
			v.Set(change[i], change[i+1])
		}
		return v
	}
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"everything wrong", form("username", "X", "name", "", "password", "short", "password2", "other"),
			[]string{"用户名为 3–32 位", "请填写姓名", "至少 8 个字符", "两次输入的密码不一致"}},
		{"one class of characters", form("password", "hekoulead", "password2", "hekoulead"), []string{"至少 3 种（现在 1 种）"}},
		{"the username in the password", form("password", "Hekou.lead-1", "password2", "Hekou.lead-1"), []string{"不能包含用户名"}},
		{"a common password", form("password", "Password123!", "password2", "Password123!"), []string{"常见密码"}},
		{"a city admin from a county", form("role", "city_admin"), []string{"县级的管理员不能创建市级管理员"}},
		{"a security administrator", form("role", "sec_admin"), []string{"只能由安全管理员授予"}},
		{"another county", form("region", "445381004"), []string{"不在您的管辖范围内"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := c.PostForm(t, "/users", tt.form)
			webtest.Expect(t, res, http.StatusUnprocessableEntity, tt.want...)
			webtest.ExpectNot(t, res, `value="`+tt.form.Get("password")+`"`)
		})
	}

	webtest.Expect(t, c.PostForm(t, "/users", form()), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, "/users", form()), http.StatusConflict, "用户名已被使用")
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "hekou.lead", "何站长", "站长", "云城区 / 河口街道", "待修改初始密码",
		`<a href="/users" aria-current="page">`)
	if u, _, err := f.DB.UserByName(t.Context(), "hekou.lead"); err != nil || !u.MustChangePassword {
		t.Errorf("the new account need not change its first password: %+v, %v", u, err)
	}

	lead := f.Anon()
	res = lead.PostForm(t, "/login", url.Values{"username": {"hekou.lead"}, "password": {goodPassword}})
	webtest.Expect(t, res, http.StatusSeeOther)

	webtest.Expect(t, c.PostForm(t, "/users/hekou.lead/disabled", url.Values{"disabled": {"1"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "已停用", "启用")
	webtest.Expect(t, c.PostForm(t, "/users/"+webtest.LdAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusNotFound)
	webtest.Expect(t, c.PostForm(t, "/users/"+webtest.YcSys+"/disabled", url.Values{"disabled": {"1"}}), http.StatusUnprocessableEntity)
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/audit?entity=user"), http.StatusOK, "hekou.lead", `<a href="/audit" aria-current="page">`)
}

// TestUserEdit: a system administrator corrects an account's name, region
// and staff entry inside their scope; mistakes come back next to their
// field, accounts elsewhere do not exist, and only the system administrator
// edits.
func TestUserEdit(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	yc, city := f.As(t, webtest.YcSys), f.As(t, webtest.CitySys)
	webtest.Expect(t, yc.Get(t, "/users/"+webtest.YcViewer+"/edit"), http.StatusOK, webtest.YcViewer, "只读用户", "陈云城", "重置密码")

	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		path   string
		status int
	}{
		{"another county", yc, "/users/" + webtest.LdAdmin + "/edit", http.StatusNotFound},
		{"no such account", yc, "/users/nobody/edit", http.StatusNotFound},
		{"a security administrator", f.As(t, webtest.CitySec), "/users/" + webtest.YcViewer + "/edit", http.StatusForbidden},
		{"a county admin", f.As(t, webtest.YcAdmin), "/users/" + webtest.YcViewer + "/edit", http.StatusForbidden},
		{"the audit administrator", f.As(t, webtest.CityAudit), "/users/" + webtest.YcViewer + "/edit", http.StatusForbidden},
	} {
		t.Run("GET "+tt.name, func(t *testing.T) { webtest.Expect(t, tt.c.Get(t, tt.path), tt.status) })
	}

	viewer := func(name, region, person string) url.Values {
		return url.Values{"name": {name}, "region": {region}, "person_id": {person}}
	}
	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		user   string
		form   url.Values
		status int
		want   string
	}{
		{"no name", yc, webtest.YcViewer, viewer(" ", "445302", "0"), http.StatusUnprocessableEntity, "请填写姓名"},
		{"moved to another county", yc, webtest.YcViewer, viewer("云城领导", "445381", "0"), http.StatusUnprocessableEntity, "所属区划不在您的管辖范围内"},
		{"a person of another county", yc, webtest.YcViewer, viewer("云城领导", "445302", webtest.ID(f.LdPerson.ID)), http.StatusUnprocessableEntity, "人员不存在或不在您的管辖范围内"},
		{"a person id that is no number", yc, webtest.YcViewer, viewer("云城领导", "445302", "x"), http.StatusUnprocessableEntity, "请从列表中选择人员"},
		{"moving the security administrator", city, webtest.CitySec, viewer("安全员", "445302", "0"), http.StatusUnprocessableEntity, "只能由安全管理员授予"},
		{"an account elsewhere", yc, webtest.LdAdmin, viewer("罗定", "445381", "0"), http.StatusNotFound, ""},
		{"a county admin", f.As(t, webtest.YcAdmin), webtest.YcViewer, viewer("云城领导", "445302", "0"), http.StatusForbidden, ""},
		{"renamed and linked", yc, webtest.YcViewer, viewer("云城领导", "445302003", webtest.ID(f.YcPerson.ID)), http.StatusSeeOther, ""},
	} {
		t.Run("POST "+tt.name, func(t *testing.T) {
			webtest.Expect(t, tt.c.PostForm(t, "/users/"+tt.user, tt.form), tt.status, tt.want)
		})
	}
	u, _, err := f.DB.UserByName(t.Context(), webtest.YcViewer)
	if err != nil || u.Name != "云城领导" || u.Region != "445302003" || u.PersonID != f.YcPerson.ID {
		t.Fatalf("after the edit: %+v, %v", u, err)
	}
	webtest.Expect(t, yc.Get(t, "/users"), http.StatusOK, "云城领导")
	// The log names the region and the person, not their codes.
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/audit?entity=user"), http.StatusOK, "云城领导", "<del>云城区</del> → <ins>云城区 / 河口街道</ins>",
		"对应人员</span>：<ins>陈云城</ins>")
}

// TestUserPassword: a system administrator resets a forgotten password to
// one the policy allows; the account is logged out and must change it at
// its next login. Another administrator's password, and one's own, are not
// reset here.
func TestUserPassword(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	sys := f.As(t, webtest.CitySys)
	viewer := f.As(t, webtest.YcViewer)
	webtest.Expect(t, sys.Get(t, "/users/"+webtest.CitySec+"/edit"), http.StatusOK, "shuangbai user passwd")
	webtest.ExpectNot(t, sys.Get(t, "/users/"+webtest.CitySec+"/edit"), `action="/users/`+webtest.CitySec+`/password"`)
	webtest.Expect(t, sys.Get(t, "/users/"+webtest.CitySys+"/edit"), http.StatusOK, "不能在此重置本人的密码")

	pw := func(a, b string) url.Values { return url.Values{"password": {a}, "password2": {b}} }
	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		user   string
		form   url.Values
		status int
		want   string
	}{
		{"too short", sys, webtest.YcViewer, pw("Ab1-", "Ab1-"), http.StatusUnprocessableEntity, "至少 8 个字符"},
		{"typed differently", sys, webtest.YcViewer, pw(goodPassword, goodPassword+"x"), http.StatusUnprocessableEntity, "两次输入的密码不一致"},
		{"holds the username", sys, webtest.YcViewer, pw("Yc.view-2021", "Yc.view-2021"), http.StatusUnprocessableEntity, "不能包含用户名"},
		{"the security administrator's", sys, webtest.CitySec, pw(goodPassword, goodPassword), http.StatusForbidden, "shuangbai user passwd"},
		{"one's own", sys, webtest.CitySys, pw(goodPassword, goodPassword), http.StatusForbidden, "本人"},
		{"another county's", f.As(t, webtest.YcSys), webtest.LdAdmin, pw(goodPassword, goodPassword), http.StatusNotFound, ""},
		{"by a county admin", f.As(t, webtest.YcAdmin), webtest.YcViewer, pw(goodPassword, goodPassword), http.StatusForbidden, ""},
		{"by the security administrator", f.As(t, webtest.CitySec), webtest.YcViewer, pw(goodPassword, goodPassword), http.StatusForbidden, ""},
		{"reset", sys, webtest.YcViewer, pw(goodPassword, goodPassword), http.StatusSeeOther, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.c.PostForm(t, "/users/"+tt.user+"/password", tt.form)
			webtest.Expect(t, res, tt.status, tt.want)
			webtest.ExpectNot(t, res, `value="`+tt.form.Get("password")+`"`)
		})
	}
	u, _, _ := f.DB.UserByName(t.Context(), webtest.YcViewer)
	if !u.MustChangePassword {
		t.Error("a reset password need not be changed at the next login")
	}
	// The account's session ended; the new password logs in.
	webtest.Expect(t, viewer.Get(t, "/"), http.StatusSeeOther)
	webtest.Expect(t, f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcViewer}, "password": {webtest.Password}}), http.StatusUnauthorized)
	webtest.Expect(t, f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcViewer}, "password": {goodPassword}}), http.StatusSeeOther)
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/audit?entity=user"), http.StatusOK, "修改密码")
}
