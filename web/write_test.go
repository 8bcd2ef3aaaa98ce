package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"shuangbai/web/webtest"
)

// TestReadOnly checks that a viewer is refused the account pages and the
// audit log. (The station network's writes are checked so in package
// network.)
func TestReadOnly(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcViewer)
	for _, tt := range []struct {
		name string
		res  func() int
	}{
		{"GET /users", func() int { return c.Get(t, "/users").Code }},
		{"GET /users/new", func() int { return c.Get(t, "/users/new").Code }},
		{"POST /users", func() int { return c.PostForm(t, "/users", url.Values{"username": {"abc"}}).Code }},
		{"GET /audit", func() int { return c.Get(t, "/audit").Code }},
	} {
		if got := tt.res(); got != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tt.name, got)
		}
	}
}

func TestUserAdmin(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcAdmin)

	res := c.Get(t, "/users/new")
	webtest.Expect(t, res, http.StatusOK, "县级管理员", "河口街道")
	webtest.ExpectNot(t, res, "市级管理员", "罗定市")

	bad := url.Values{"username": {"X"}, "name": {""}, "role": {"city_admin"}, "region": {"445302003"}, "password": {"short"}, "password2": {"other"}}
	res = c.PostForm(t, "/users", bad)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "用户名为 3–32 位", "请填写姓名", "密码至少 10 位", "两次输入的密码不一致")
	webtest.ExpectNot(t, res, `value="short"`)

	good := url.Values{"username": {"hekou.lead"}, "name": {"何站长"}, "role": {"station_lead"}, "region": {"445302003"},
		"password": {"a-long-password"}, "password2": {"a-long-password"}}
	webtest.Expect(t, c.PostForm(t, "/users", good), http.StatusSeeOther)
	webtest.Expect(t, c.PostForm(t, "/users", good), http.StatusConflict, "用户名已被使用")
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "hekou.lead", "何站长", "站长", "云城区 / 河口街道")

	lead := f.Anon()
	res = lead.PostForm(t, "/login", url.Values{"username": {"hekou.lead"}, "password": {"a-long-password"}})
	webtest.Expect(t, res, http.StatusSeeOther)

	webtest.Expect(t, c.PostForm(t, "/users/hekou.lead/disabled", url.Values{"disabled": {"1"}}), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/users"), http.StatusOK, "已停用", "启用")
	webtest.Expect(t, c.PostForm(t, "/users/"+webtest.LdAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusNotFound)
	webtest.Expect(t, c.PostForm(t, "/users/"+webtest.YcAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusUnprocessableEntity)
	if !strings.Contains(c.Get(t, "/audit?entity=user").Body.String(), "hekou.lead") {
		t.Error("audit log lacks the new account")
	}
}
