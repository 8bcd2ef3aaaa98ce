package web

import (
	"net/http"
	"net/url"
	"shuangbai/web/ui"
	"strings"
	"testing"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)

	t.Run("pages need a session", func(t *testing.T) {
		res := f.anon().get(t, "/stations?status=built")
		expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/login?next="+url.QueryEscape("/stations?status=built") {
			t.Errorf("Location = %q", loc)
		}
		expect(t, f.anon().get(t, "/login"), http.StatusOK, "用户名", "密码")
	})

	t.Run("api needs a token", func(t *testing.T) {
		for _, c := range []*client{f.anon(), {h: f.srv.Handler(), token: "forged"}, f.as(t, ycAdmin)} {
			res := c.get(t, "/api/v1/stations")
			expect(t, res, http.StatusUnauthorized, `"code":"unauthorized"`)
			if res.Header().Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		res := f.anon().postForm(t, "/login", url.Values{"username": {ldAdmin}, "password": {"wrong-password"}})
		expect(t, res, http.StatusUnauthorized, "用户名或密码错误", `value="`+ldAdmin+`"`)
		res = f.anon().postForm(t, "/login", url.Values{"username": {"nobody"}, "password": {"wrong-password"}})
		expect(t, res, http.StatusUnauthorized, "用户名或密码错误")
	})

	t.Run("cookie and logout", func(t *testing.T) {
		c := f.anon()
		res := c.postForm(t, "/login", url.Values{"username": {cityAdmin}, "password": {testPassword}, "next": {"/points"}})
		expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/points" {
			t.Errorf("Location = %q, want /points", loc)
		}
		for _, ck := range res.Result().Cookies() {
			if ck.Name == ui.CookieName {
				c.cookie = ck
			}
		}
		if c.cookie == nil || !c.cookie.HttpOnly || c.cookie.SameSite != http.SameSiteLaxMode || c.cookie.Secure || c.cookie.MaxAge != 12*3600 {
			t.Fatalf("session cookie = %+v", c.cookie)
		}
		expect(t, c.get(t, "/"), http.StatusOK, "云浮市社工站（点）建设情况")
		expect(t, c.postForm(t, "/logout", nil), http.StatusSeeOther)
		// The session is gone from the database, not only from the browser.
		expect(t, c.get(t, "/"), http.StatusSeeOther)
	})

	t.Run("next stays on this site", func(t *testing.T) {
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
			if got := safeNext(next); got != "/" {
				t.Errorf("safeNext(%q) = %q", next, got)
			}
		}
	})

	t.Run("api token", func(t *testing.T) {
		c := f.anon()
		res := c.json(t, "POST", "/api/v1/login", map[string]string{"username": ycAdmin, "password": testPassword})
		expect(t, res, http.StatusOK, `"token":`, `"expires_at":`)
		var out struct{ Token string }
		decode(t, res, &out)
		c.token = out.Token
		expect(t, c.get(t, "/api/v1/me"), http.StatusOK, `"username":"yc.admin"`, `"region":"445302"`)
		// A cookie session is no API token, and an API token no cookie.
		expect(t, (&client{h: c.h, cookie: f.as(t, ycAdmin).cookie}).get(t, "/api/v1/me"), http.StatusUnauthorized)
		expect(t, c.get(t, "/"), http.StatusSeeOther)
		expect(t, c.json(t, "POST", "/api/v1/logout", nil), http.StatusNoContent)
		expect(t, c.get(t, "/api/v1/me"), http.StatusUnauthorized)
		expect(t, f.anon().json(t, "POST", "/api/v1/login", `{"username":`), http.StatusBadRequest, `"code":"bad_request"`)
		expect(t, f.anon().json(t, "POST", "/api/v1/login", map[string]string{"username": ycAdmin, "password": "nope-nope"}),
			http.StatusUnauthorized, "用户名或密码错误")
	})

	t.Run("disabled account", func(t *testing.T) {
		c := f.as(t, ldAdmin)
		expect(t, f.as(t, cityAdmin).postForm(t, "/users/"+ldAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusSeeOther)
		expect(t, c.get(t, "/"), http.StatusSeeOther)
		res := f.anon().postForm(t, "/login", url.Values{"username": {ldAdmin}, "password": {testPassword}})
		expect(t, res, http.StatusForbidden, "已停用")
	})
}

// TestLoginThrottle checks that five failures lock a username out, even
// for the right password, on the page and the API alike, and that other
// users from another address are unaffected.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anon()
	for range 5 {
		expect(t, c.postForm(t, "/login", url.Values{"username": {ycAdmin}, "password": {"guess-guess"}}), http.StatusUnauthorized)
	}
	res := c.postForm(t, "/login", url.Values{"username": {ycAdmin}, "password": {testPassword}})
	expect(t, res, http.StatusTooManyRequests, "登录失败次数过多", "15 分钟")
	res = c.json(t, "POST", "/api/v1/login", map[string]string{"username": "YC.ADMIN", "password": testPassword})
	expect(t, res, http.StatusTooManyRequests, `"code":"too_many_requests"`)

	// The address that failed is throttled for every username too.
	res = c.postForm(t, "/login", url.Values{"username": {cityAdmin}, "password": {testPassword}})
	expect(t, res, http.StatusTooManyRequests)

	req := strings.NewReader(url.Values{"username": {cityAdmin}, "password": {testPassword}}.Encode())
	other := newRequest("POST", "/login", req)
	other.RemoteAddr = "198.51.100.7:4000"
	expect(t, c.do(other), http.StatusSeeOther)
}

// TestCrossOrigin checks that a form posted from another site is refused
// before it reaches a handler, and the same request from this site passes.
func TestCrossOrigin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.as(t, ycAdmin)
	form := url.Values{"region": {"445302102"}, "name": {"腰古镇社工站"}, "status": {"planned"}}
	res := c.postForm(t, "/stations", form, "Sec-Fetch-Site", "cross-site")
	expect(t, res, http.StatusForbidden, "请求来自其他网站")
	res = c.postForm(t, "/stations", form, "Origin", "https://evil.example")
	expect(t, res, http.StatusForbidden)
	res = f.anon().postForm(t, "/login", url.Values{"username": {ycAdmin}, "password": {testPassword}}, "Sec-Fetch-Site", "cross-site")
	expect(t, res, http.StatusForbidden)
	if list, total, _ := f.db.Stations(t.Context(), adminScope, siteFilterName("腰古镇社工站")); total != 0 {
		t.Fatalf("cross-site post stored %v", list)
	}
	res = c.postForm(t, "/stations", form, "Sec-Fetch-Site", "same-origin")
	expect(t, res, http.StatusSeeOther)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, path := range []string{"/login", "/", "/api/v1/stations", "/static/css/app.css"} {
		res := f.anon().get(t, path)
		h := res.Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP = %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers = %v", path, h)
		}
	}
	res := f.anon().get(t, "/static/css/app.css")
	expect(t, res, http.StatusOK, "@media print", "Microsoft YaHei")
	expect(t, f.anon().get(t, "/static/css/"), http.StatusNotFound)
	expect(t, f.anon().get(t, "/healthz"), http.StatusOK, "ok")
	expect(t, f.anon().get(t, "/no/such/page"), http.StatusNotFound, "页面不存在")
	expect(t, f.anon().get(t, "/api/v1/nothing"), http.StatusNotFound, `"code":"not_found"`)
}
