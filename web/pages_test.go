package web_test

import (
	"net/http"
	"shuangbai/web"
	"shuangbai/web/webtest"
	"testing"
)

// TestPages renders the read-only pages package web still serves itself
// for a city admin and checks what a reader should find on each. (The
// station network's pages are checked so in package network.)
func TestPages(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.CityAdmin)
	for _, tt := range []struct {
		as, role string
		path     string
		want     []string
	}{
		{webtest.CitySys, "系统管理员", "/users", []string{webtest.CityAdmin, webtest.YcAdmin, webtest.LdAdmin, "（本人）"}},
		{webtest.CityAdmin, "市级管理员", "/audit", []string{"新增", "社工站", "双东街道社工站"}},
		{webtest.CityAudit, "审计管理员", "/audit", []string{"新增", "社工站", "双东街道社工站"}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res := f.As(t, tt.as).Get(t, tt.path)
			webtest.Expect(t, res, http.StatusOK, tt.want...)
			webtest.Expect(t, res, http.StatusOK, "退出登录", tt.role, "云浮市")
		})
	}

	t.Run("bad parameters", func(t *testing.T) {
		t.Parallel()
		webtest.Expect(t, c.Get(t, "/audit?before=x"), http.StatusBadRequest, "请求有误")
	})
}

// TestDevAndPanics checks that dev mode reads templates from disk, and that
// a panicking handler becomes a logged 500 page instead of a dropped
// connection.
func TestDevAndPanics(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	cfg := f.Config()
	cfg.Dev = true
	dev, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	webtest.Expect(t, (&webtest.Client{H: dev.Handler()}).Get(t, "/login"), http.StatusOK, "用户名")

	boom := web.RecoverPanicsOf(f.Srv, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	res := (&webtest.Client{H: boom}).Get(t, "/stations")
	webtest.Expect(t, res, http.StatusInternalServerError, "系统内部错误")
	webtest.ExpectNot(t, res, "boom")
}
