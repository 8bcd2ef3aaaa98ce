package web_test

import (
	"net/http"
	"net/url"
	"shuangbai/web"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
	"strings"
	"testing"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)

	t.Run("pages need a session", func(t *testing.T) {
		res := f.Anon().Get(t, "/stations?status=built")
		webtest.Expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/login?next="+url.QueryEscape("/stations?status=built") {
			t.Errorf("Location = %q", loc)
		}
		webtest.Expect(t, f.Anon().Get(t, "/login"), http.StatusOK, "用户名", "密码")
	})

	t.Run("api needs a token", func(t *testing.T) {
		for _, c := range []*webtest.Client{f.Anon(), {H: f.Srv.Handler(), Token: "forged"}, f.As(t, webtest.YcAdmin)} {
			res := c.Get(t, "/api/v1/stations")
			webtest.Expect(t, res, http.StatusUnauthorized, `"code":"unauthorized"`)
			if res.Header().Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.LdAdmin}, "password": {"wrong-password"}})
		webtest.Expect(t, res, http.StatusUnauthorized, "用户名或密码错误", `value="`+webtest.LdAdmin+`"`)
		res = f.Anon().PostForm(t, "/login", url.Values{"username": {"nobody"}, "password": {"wrong-password"}})
		webtest.Expect(t, res, http.StatusUnauthorized, "用户名或密码错误")
	})

	t.Run("cookie and logout", func(t *testing.T) {
		c := f.Anon()
		res := c.PostForm(t, "/login", url.Values{"username": {webtest.CityAdmin}, "password": {webtest.Password}, "next": {"/points"}})
		webtest.Expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/points" {
			t.Errorf("Location = %q, want /points", loc)
		}
		for _, ck := range res.Result().Cookies() {
			if ck.Name == ui.CookieName {
				c.Cookie = ck
			}
		}
		if c.Cookie == nil || !c.Cookie.HttpOnly || c.Cookie.SameSite != http.SameSiteLaxMode || c.Cookie.Secure || c.Cookie.MaxAge != 12*3600 {
			t.Fatalf("session cookie = %+v", c.Cookie)
		}
		webtest.Expect(t, c.Get(t, "/"), http.StatusOK, "云浮市社工站（点）建设情况")
		webtest.Expect(t, c.PostForm(t, "/logout", nil), http.StatusSeeOther)
		// The session is gone from the database, not only from the browser.
		webtest.Expect(t, c.Get(t, "/"), http.StatusSeeOther)
	})

	t.Run("next stays on this site", func(t *testing.T) {
		for _, tt := range []struct{ next, want string }{
			{"//evil.example/", "/"},
			{"https://evil.example/", "/"},
			{"/\\evil.example", "/"},
			{"/\t/evil.example/", "/"}, // the browser drops the tab: //evil.example/
			{"/\n/evil.example/", "/"},
			{"/\r\n//evil.example", "/"},
			{" //evil.example", "/"},
			{"javascript:alert(1)", "/"},
			{"/%09/evil.example/", "/%09/evil.example/"}, // stays a path on this site
			{"/beneficiaries/12?tab=visits", "/beneficiaries/12?tab=visits"},
			{"", "/"},
		} {
			if got := web.SafeNext(tt.next); got != tt.want {
				t.Errorf("SafeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		}
		// Through the login itself, as the attacker's link would send it.
		res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}, "next": {"/\t/evil.example/"}})
		if loc := res.Header().Get("Location"); res.Code != http.StatusSeeOther || loc != "/" {
			t.Errorf("login with a tabbed next: %d to %q, want 303 to /", res.Code, loc)
		}
	})

	t.Run("api token", func(t *testing.T) {
		c := f.Anon()
		res := c.JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.YcAdmin, "password": webtest.Password})
		webtest.Expect(t, res, http.StatusOK, `"token":`, `"expires_at":`)
		var out struct{ Token string }
		webtest.Decode(t, res, &out)
		c.Token = out.Token
		webtest.Expect(t, c.Get(t, "/api/v1/me"), http.StatusOK, `"username":"yc.admin"`, `"region":"445302"`)
		// A cookie session is no API token, and an API token no cookie.
		webtest.Expect(t, (&webtest.Client{H: c.H, Cookie: f.As(t, webtest.YcAdmin).Cookie}).Get(t, "/api/v1/me"), http.StatusUnauthorized)
		webtest.Expect(t, c.Get(t, "/"), http.StatusSeeOther)
		webtest.Expect(t, c.JSON(t, "POST", "/api/v1/logout", nil), http.StatusNoContent)
		webtest.Expect(t, c.Get(t, "/api/v1/me"), http.StatusUnauthorized)
		webtest.Expect(t, f.Anon().JSON(t, "POST", "/api/v1/login", `{"username":`), http.StatusBadRequest, `"code":"bad_request"`)
		webtest.Expect(t, f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.YcAdmin, "password": "nope-nope"}),
			http.StatusUnauthorized, "用户名或密码错误")
	})

	t.Run("disabled account", func(t *testing.T) {
		c := f.As(t, webtest.LdAdmin)
		webtest.Expect(t, f.As(t, webtest.CityAdmin).PostForm(t, "/users/"+webtest.LdAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusSeeOther)
		webtest.Expect(t, c.Get(t, "/"), http.StatusSeeOther)
		res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.LdAdmin}, "password": {webtest.Password}})
		webtest.Expect(t, res, http.StatusForbidden, "已停用")
	})
}

// TestLoginThrottle checks that five failures lock a username out, even
// for the right password, on the page and the API alike, and that other
// users from another address are unaffected.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.Anon()
	for range 5 {
		webtest.Expect(t, c.PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {"guess-guess"}}), http.StatusUnauthorized)
	}
	res := c.PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}})
	webtest.Expect(t, res, http.StatusTooManyRequests, "登录失败次数过多", "15 分钟")
	res = c.JSON(t, "POST", "/api/v1/login", map[string]string{"username": "YC.ADMIN", "password": webtest.Password})
	webtest.Expect(t, res, http.StatusTooManyRequests, `"code":"too_many_requests"`)

	// The address that failed is throttled for every username too.
	res = c.PostForm(t, "/login", url.Values{"username": {webtest.CityAdmin}, "password": {webtest.Password}})
	webtest.Expect(t, res, http.StatusTooManyRequests)

	req := strings.NewReader(url.Values{"username": {webtest.CityAdmin}, "password": {webtest.Password}}.Encode())
	other := newRequest("POST", "/login", req)
	other.RemoteAddr = "198.51.100.7:4000"
	webtest.Expect(t, c.Do(other), http.StatusSeeOther)
}

// TestCrossOrigin checks that a form posted from another site is refused
// before it reaches a handler, and the same request from this site passes.
func TestCrossOrigin(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.YcAdmin)
	form := url.Values{"region": {"445302102"}, "name": {"腰古镇社工站"}, "status": {"planned"}}
	res := c.PostForm(t, "/stations", form, "Sec-Fetch-Site", "cross-site")
	webtest.Expect(t, res, http.StatusForbidden, "请求来自其他网站")
	res = c.PostForm(t, "/stations", form, "Origin", "https://evil.example")
	webtest.Expect(t, res, http.StatusForbidden)
	res = f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}}, "Sec-Fetch-Site", "cross-site")
	webtest.Expect(t, res, http.StatusForbidden)
	if list, total, _ := f.DB.Stations(t.Context(), webtest.AdminScope, siteFilterName("腰古镇社工站")); total != 0 {
		t.Fatalf("cross-site post stored %v", list)
	}
	res = c.PostForm(t, "/stations", form, "Sec-Fetch-Site", "same-origin")
	webtest.Expect(t, res, http.StatusSeeOther)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	for _, path := range []string{"/login", "/", "/api/v1/stations", "/static/css/app.css"} {
		res := f.Anon().Get(t, path)
		h := res.Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP = %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers = %v", path, h)
		}
	}
	res := f.Anon().Get(t, "/static/css/app.css")
	webtest.Expect(t, res, http.StatusOK, "@media print", "Microsoft YaHei")
	webtest.Expect(t, f.Anon().Get(t, "/static/css/"), http.StatusNotFound)
	webtest.Expect(t, f.Anon().Get(t, "/healthz"), http.StatusOK, "ok")
	webtest.Expect(t, f.Anon().Get(t, "/no/such/page"), http.StatusNotFound, "页面不存在")
	webtest.Expect(t, f.Anon().Get(t, "/api/v1/nothing"), http.StatusNotFound, `"code":"not_found"`)
}
