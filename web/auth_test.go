package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"shuangbai/store"
	"shuangbai/web"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
	"strings"
	"sync"
	"testing"
	"time"
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
		if c.Cookie == nil || !c.Cookie.HttpOnly || c.Cookie.SameSite != http.SameSiteLaxMode || c.Cookie.Secure || c.Cookie.MaxAge != 0 {
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
		webtest.Expect(t, f.As(t, webtest.CitySys).PostForm(t, "/users/"+webtest.LdAdmin+"/disabled", url.Values{"disabled": {"1"}}), http.StatusSeeOther)
		webtest.Expect(t, c.Get(t, "/"), http.StatusSeeOther)
		res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.LdAdmin}, "password": {webtest.Password}})
		webtest.Expect(t, res, http.StatusForbidden, "已停用")
	})
}

// TestLoginThrottle checks that five failures lock an account at the
// address that failed, even for the right password, on the page and the API
// alike; that the same account from another address, and other accounts
// from the same address (one office behind one NAT), are not locked; that
// a restart keeps the lock; and that the attempts are in the audit log.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.Anon()
	for range 5 {
		webtest.Expect(t, c.PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {"guess-guess"}}), http.StatusUnauthorized)
	}
	res := c.PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}})
	webtest.Expect(t, res, http.StatusTooManyRequests, "登录失败次数过多", "15 分钟", "安全管理员解锁")
	res = c.JSON(t, "POST", "/api/v1/login", map[string]string{"username": "YC.ADMIN", "password": webtest.Password})
	webtest.Expect(t, res, http.StatusTooManyRequests, `"code":"too_many_requests"`)

	// Others at the same address log in.
	webtest.Expect(t, c.PostForm(t, "/login", url.Values{"username": {webtest.CityAdmin}, "password": {webtest.Password}}), http.StatusSeeOther)
	// The same account from another address logs in.
	other := newRequest("POST", "/login", strings.NewReader(url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}}.Encode()))
	other.RemoteAddr = "198.51.100.7:4000"
	webtest.Expect(t, c.Do(other), http.StatusSeeOther)

	// A restart does not forget the lock: it is in the database.
	again := &webtest.Client{H: webtest.Server(t, f.Config()).Handler()}
	webtest.Expect(t, again.PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}}), http.StatusTooManyRequests)

	entries, err := f.DB.AuditLog(t.Context(), webtest.AdminScope, store.AuditFilter{Entity: "user", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range entries {
		count[e.Action]++
	}
	if count["login_failed"] != 5 || count["lockout"] != 1 || count["login"] != 2 {
		t.Errorf("login events audited: %v; want 5 login_failed, 1 lockout, 2 login", count)
	}
}

// TestLoginThroughProxy: behind a configured reverse proxy each client is
// throttled on its own address from X-Forwarded-For; a client that is not a
// proxy cannot dodge the throttle by writing the header itself.
func TestLoginThroughProxy(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	cfg := f.Config()
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	c := &webtest.Client{H: webtest.Server(t, cfg).Handler()}
	login := func(remote, xff, password string) int {
		req := newRequest("POST", "/login", strings.NewReader(url.Values{"username": {webtest.YcAdmin}, "password": {password}}.Encode()))
		req.RemoteAddr = remote
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		return c.Do(req).Code
	}
	for range 5 {
		login("10.0.0.1:3000", "198.51.100.9", "guess-guess")
	}
	if code := login("10.0.0.1:3000", "198.51.100.9", webtest.Password); code != http.StatusTooManyRequests {
		t.Errorf("the failing client: %d, want 429", code)
	}
	if code := login("10.0.0.1:3000", "198.51.100.10", webtest.Password); code != http.StatusSeeOther {
		t.Errorf("another client through the same proxy: %d, want 303", code)
	}
	for range 5 {
		login("203.0.113.5:3000", "", "guess-guess")
	}
	if code := login("203.0.113.5:3000", "198.51.100.77", webtest.Password); code != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For from outside: %d, want 429", code)
	}
}

// TestLoginThrottleParallel: parallel guesses are counted before they are
// checked, so no more than the limit get a password check.
func TestLoginThrottleParallel(t *testing.T) {
	f := webtest.New(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {"wrong-password"}})
			mu.Lock()
			codes[res.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusUnauthorized] > 5 || codes[http.StatusTooManyRequests] < 25 {
		t.Fatalf("30 parallel wrong logins: %v; want at most 5 checked (401), the rest 429", codes)
	}
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

// TestIdleLogout: a browser session ends after the idle time without a
// request, however long its absolute life; each request restarts the idle
// clock; the cookie itself is not kept when the browser closes.
func TestIdleLogout(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	f.DB.SessionIdle = 30 * time.Minute
	now := time.Now()
	f.DB.Now = func() time.Time { return now }
	c := f.As(t, webtest.YcAdmin)
	if c.Cookie.MaxAge != 0 || !c.Cookie.Expires.IsZero() {
		t.Errorf("session cookie persists: MaxAge %d, Expires %v", c.Cookie.MaxAge, c.Cookie.Expires)
	}
	for range 3 {
		now = now.Add(29 * time.Minute)
		webtest.Expect(t, c.Get(t, "/"), http.StatusOK)
	}
	now = now.Add(31 * time.Minute)
	res := c.Get(t, "/")
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/login") {
		t.Fatalf("after 31 idle minutes: %d to %q, want a redirect to /login", res.Code, res.Header().Get("Location"))
	}
	// The session is gone on the server, not only refused once.
	now = now.Add(-31 * time.Minute)
	webtest.Expect(t, c.Get(t, "/"), http.StatusSeeOther)
}
