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

// TestUserAdmin walks a county's system administrator through creating an
// account with mistakes, then disabling it; both are in the audit log. A
// county admin no longer manages accounts.
func TestUserAdmin(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcSys)
	webtest.Expect(t, f.As(t, webtest.YcAdmin).Get(t, "/users/new"), http.StatusForbidden, "只有系统管理员可以管理账号")

	res := c.Get(t, "/users/new")
	webtest.Expect(t, res, http.StatusOK, "县级管理员", "河口街道")
	webtest.ExpectNot(t, res, "市级管理员", "罗定市", "安全管理员", "审计管理员")

	bad := url.Values{"username": {"X"}, "name": {""}, "role": {"city_admin"}, "region": {"445302003"}, "password": {"short"}, "password2": {"other"}}
	res = c.PostForm(t, "/users", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "用户名为 3–32 位", "请填写姓名", "密码至少 10 位", "两次输入的密码不一致")
	webtest.ExpectNot(t, res, `value="short"`)

	good := url.Values{"username": {"hekou.lead"}, "name": {"何站长"}, "role": {"station_lead"}, "region": {"445302003"},
		"password": {"a-long-password"}, "password2": {"a-long-password"}}
	webtest.Expect(t, c.PostForm(t, "/users", good), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, "/users", good), http.StatusConflict, "用户名已被使用")
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "hekou.lead", "何站长", "站长", "云城区 / 河口街道", `<a href="/users" aria-current="page">`)

	lead := f.Anon()
	res = lead.PostForm(t, "/login", url.Values{"username": {"hekou.lead"}, "password": {"a-long-password"}})
	webtest.Expect(t, res, http.StatusSeeOther)

	webtest.Expect(t, c.PostForm(t, "/users/hekou.lead/disabled", url.Values{"disabled": {"1"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "已停用", "启用")
	webtest.Expect(t, c.PostForm(t, "/users/"+webtest.LdAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusNotFound)
	webtest.Expect(t, c.PostForm(t, "/users/"+webtest.YcSys+"/disabled", url.Values{"disabled": {"1"}}), http.StatusUnprocessableEntity)
	webtest.Expect(t, f.As(t, webtest.CityAudit).Get(t, "/audit?entity=user"), http.StatusOK, "hekou.lead", `<a href="/audit" aria-current="page">`)
}
