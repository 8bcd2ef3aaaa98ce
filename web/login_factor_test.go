package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// clock stops f's clock at the start of a 30-second TOTP step; moving
// *now moves the server's time.
func clock(f *webtest.Fixture) *time.Time {
	now := time.Unix(time.Now().Unix()/30*30, 0)
	f.DB.Now = func() time.Time { return now }
	return &now
}

func cookie(res *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range res.Result().Cookies() {
		if c.Name == name && c.MaxAge >= 0 {
			return c
		}
	}
	return nil
}

// password posts username's password and returns a client holding the
// pending login, and where the login sent it.
func password(t *testing.T, f *webtest.Fixture, username, next string) (*webtest.Client, string) {
	t.Helper()
	res := f.Anon().PostForm(t, "/login", url.Values{"username": {username}, "password": {webtest.Password}, "next": {next}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("password of %s: %d %s", username, res.Code, res.Body)
	}
	if cookie(res, ui.CookieName) != nil {
		t.Fatalf("password of %s alone opened a session", username)
	}
	p := cookie(res, "shuangbai_pending")
	if p == nil || !p.HttpOnly || p.Path != "/login" || p.MaxAge != 0 {
		t.Fatalf("pending cookie = %+v", p)
	}
	return &webtest.Client{H: f.Srv.Handler(), Cookie: p}, res.Header().Get("Location")
}

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := auth.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// session returns a client with the session cookie res set.
func session(t *testing.T, f *webtest.Fixture, res *httptest.ResponseRecorder) *webtest.Client {
	t.Helper()
	c := cookie(res, ui.CookieName)
	if c == nil {
		t.Fatalf("no session cookie; %d %.2000s", res.Code, res.Body)
	}
	return &webtest.Client{H: f.Srv.Handler(), Cookie: c}
}

// loginEvents counts the login events of username in the audit log by
// action, and collects their details.
func loginEvents(t *testing.T, f *webtest.Fixture, username string) (map[string]int, string) {
	t.Helper()
	entries, err := f.DB.AuditLog(t.Context(), webtest.AdminScope, store.AuditFilter{Entity: "user", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	count, details := map[string]int{}, ""
	for _, e := range entries {
		if e.Username == username {
			count[e.Action]++
			details += e.After + "\n"
		}
	}
	return count, details
}

var secretRE = regexp.MustCompile(`name="secret" value="([A-Z2-7]{32})"`)
var recoveryRE = regexp.MustCompile(`<li>([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</li>`)

// TestSecondFactor walks the security administrator, whose role must log
// in with a second factor, through enrolling one on the first login, then
// logging in with codes and a recovery code; wrong, replayed and late
// codes are refused, and wrong ones count towards the lock.
func TestSecondFactor(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	now := clock(f)

	// First login: the password leads to the enrolment page, and nothing
	// else opens with the pending login.
	pending, loc := password(t, f, webtest.CitySec, "/account")
	if loc != "/login/enrol?next=%2Faccount" {
		t.Fatalf("after the password: %q, want the enrolment page", loc)
	}
	asSession := &webtest.Client{H: f.Srv.Handler(), Cookie: &http.Cookie{Name: ui.CookieName, Value: pending.Cookie.Value}}
	webtest.Expect(t, asSession.Get(t, "/"), http.StatusSeeOther)
	webtest.Expect(t, pending.Get(t, "/login/totp?next=%2Faccount"), http.StatusSeeOther) // nothing to enter yet
	res := pending.Get(t, loc)
	webtest.Expect(t, res, http.StatusOK, "绑定验证器", `src="data:image/png;base64,`, `id="totp-secret"`, `name="next" value="/account"`)
	secret := secretRE.FindStringSubmatch(res.Body.String())[1]

	// A wrong first code is a failed login; the same secret is shown again.
	form := url.Values{"secret": {secret}, "code": {"000000"}, "next": {"/account"}}
	res = pending.PostForm(t, "/login/enrol", form)
	webtest.Expect(t, res, http.StatusUnauthorized, "验证码不正确", `class="field invalid"`, secret)
	form.Set("code", code(t, secret, *now))
	res = pending.PostForm(t, "/login/enrol", form)
	webtest.Expect(t, res, http.StatusOK, "恢复码", "此页面关闭后将不再显示", `href="/account"`, "我已妥善保存")
	recovery := recoveryRE.FindAllStringSubmatch(res.Body.String(), -1)
	if len(recovery) != 10 {
		t.Fatalf("%d recovery codes shown, want 10", len(recovery))
	}
	c := session(t, f, res)
	webtest.Expect(t, c.Get(t, "/account"), http.StatusOK, "已绑定验证器")
	u, _, _ := f.DB.UserByName(t.Context(), webtest.CitySec)
	if !u.TOTPEnabled {
		t.Fatal("not enrolled")
	}
	// The pending login is spent.
	webtest.Expect(t, pending.PostForm(t, "/login/enrol", form), http.StatusUnauthorized, "验证已超时")

	t.Run("code", func(t *testing.T) {
		*now = now.Add(30 * time.Second)
		pending, loc := password(t, f, webtest.CitySec, "/points")
		if loc != "/login/totp?next=%2Fpoints" {
			t.Fatalf("after the password: %q", loc)
		}
		webtest.Expect(t, pending.Get(t, loc), http.StatusOK, "验证码", `name="next" value="/points"`)
		webtest.Expect(t, pending.Get(t, "/login/enrol"), http.StatusSeeOther) // no second enrolment here
		c := code(t, secret, *now)
		res := pending.PostForm(t, "/login/totp", url.Values{"code": {c}, "next": {"/points"}})
		webtest.Expect(t, res, http.StatusSeeOther)
		if loc := res.Header().Get("Location"); loc != "/points" {
			t.Errorf("to %q, want /points", loc)
		}
		webtest.Expect(t, session(t, f, res).Get(t, "/points"), http.StatusOK)

		// The same code again, seen over a shoulder, is refused.
		pending, _ = password(t, f, webtest.CitySec, "")
		webtest.Expect(t, pending.PostForm(t, "/login/totp", url.Values{"code": {c}}), http.StatusUnauthorized, "该验证码已使用过")
		// So is the code of the step before: it is older than the one used.
		webtest.Expect(t, pending.PostForm(t, "/login/totp", url.Values{"code": {code(t, secret, now.Add(-30*time.Second))}}), http.StatusUnauthorized)
		// The next step's code (a phone's clock a little fast) passes.
		res = pending.PostForm(t, "/login/totp", url.Values{"code": {code(t, secret, now.Add(30*time.Second))}})
		webtest.Expect(t, res, http.StatusSeeOther)
	})

	t.Run("recovery code once", func(t *testing.T) {
		rc := strings.ToLower(recovery[0][1]) // case does not matter
		pending, _ := password(t, f, webtest.CitySec, "")
		res := pending.PostForm(t, "/login/totp", url.Values{"code": {rc}})
		webtest.Expect(t, res, http.StatusSeeOther)
		webtest.Expect(t, session(t, f, res).Get(t, "/"), http.StatusOK)
		if fl, _ := url.QueryUnescape(cookie(res, ui.FlashCookie).Value); !strings.Contains(fl, "您使用了一个恢复码登录，还剩 9 个") {
			t.Errorf("flash = %q", fl)
		}
		pending, _ = password(t, f, webtest.CitySec, "")
		webtest.Expect(t, pending.PostForm(t, "/login/totp", url.Values{"code": {rc}}), http.StatusUnauthorized, "验证码或恢复码不正确")
	})

	t.Run("pending login lasts five minutes", func(t *testing.T) {
		*now = now.Add(5 * time.Minute)
		pending, _ := password(t, f, webtest.CitySec, "")
		*now = now.Add(5*time.Minute + time.Second)
		webtest.Expect(t, pending.PostForm(t, "/login/totp", url.Values{"code": {code(t, secret, *now)}}), http.StatusUnauthorized, "验证已超时", `id="username"`)
		webtest.Expect(t, pending.Get(t, "/login/totp"), http.StatusSeeOther)
		webtest.Expect(t, f.Anon().PostForm(t, "/login/totp", url.Values{"code": {"123456"}}), http.StatusUnauthorized, "验证已超时")
	})

	t.Run("five wrong codes lock the account", func(t *testing.T) {
		*now = now.Add(time.Hour) // a fresh throttle window
		before, _ := loginEvents(t, f, webtest.CitySec)
		pending, _ := password(t, f, webtest.CitySec, "")
		for i := range 5 {
			res := pending.PostForm(t, "/login/totp", url.Values{"code": {"99999" + string(rune('0'+i))}})
			webtest.Expect(t, res, http.StatusUnauthorized, "验证码不正确")
		}
		res := pending.PostForm(t, "/login/totp", url.Values{"code": {code(t, secret, *now)}})
		webtest.Expect(t, res, http.StatusTooManyRequests, "登录失败次数过多")
		// A right password does not restart the count: the account is locked.
		webtest.Expect(t, f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.CitySec}, "password": {webtest.Password}}), http.StatusTooManyRequests)
		after, details := loginEvents(t, f, webtest.CitySec)
		if after["login_failed"]-before["login_failed"] != 5 || after["lockout"]-before["lockout"] != 1 {
			t.Errorf("audited %v then %v; want 5 more login_failed and a lockout", before, after)
		}
		for _, d := range []string{"验证码错误", "验证码重复使用", "恢复码错误", "首次绑定验证器", "验证码错误（绑定验证器）"} {
			if !strings.Contains(details, d) {
				t.Errorf("no login event with %q in:\n%s", d, details)
			}
		}
	})
}

// TestSecondFactorWrongPasswordsCount: wrong passwords before the right
// one still count once a second factor is due: three wrong passwords and
// two wrong codes make five.
func TestSecondFactorWrongPasswordsCount(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	f.As(t, webtest.CitySec) // enrols
	for range 3 {
		webtest.Expect(t, f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.CitySec}, "password": {"guess-guess"}}), http.StatusUnauthorized)
	}
	pending, _ := password(t, f, webtest.CitySec, "")
	for range 2 {
		webtest.Expect(t, pending.PostForm(t, "/login/totp", url.Values{"code": {"000000"}}), http.StatusUnauthorized)
	}
	webtest.Expect(t, pending.PostForm(t, "/login/totp", url.Values{"code": {f.TOTPCode(t, webtest.CitySec)}}), http.StatusTooManyRequests)
}

// TestSecondFactorRoles: the default policy asks every administrator for a
// second factor, and no one else; an account that enrolled one gives it
// whatever its role.
func TestSecondFactorRoles(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	if err := f.DB.SetTOTPRoles(t.Context(), shuangbai.SystemUser, store.DefaultTOTPRoles); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		username, to string
	}{
		{webtest.CityAdmin, "/login/enrol"},
		{webtest.YcAdmin, "/login/enrol"},
		{webtest.CitySys, "/login/enrol"},
		{webtest.CitySec, "/login/enrol"},
		{webtest.CityAudit, "/login/enrol"},
		{webtest.YcViewer, "/"},
	} {
		res := f.Anon().PostForm(t, "/login", url.Values{"username": {tt.username}, "password": {webtest.Password}})
		if loc := res.Header().Get("Location"); res.Code != http.StatusSeeOther || loc != tt.to {
			t.Errorf("%s: %d to %q, want %s", tt.username, res.Code, loc, tt.to)
		}
	}
	// The viewer enrols on their own account page; from then on they too
	// give a code.
	v := f.As(t, webtest.YcViewer)
	secret := secretRE.FindStringSubmatch(v.Get(t, "/account/totp").Body.String())[1]
	webtest.Expect(t, v.PostForm(t, "/account/totp", url.Values{"secret": {secret}, "current": {webtest.Password}, "code": {code(t, secret, f.DB.Now())}}),
		http.StatusOK, "恢复码")
	res := f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.YcViewer}, "password": {webtest.Password}})
	if loc := res.Header().Get("Location"); loc != "/login/totp" {
		t.Errorf("enrolled viewer: to %q, want /login/totp", loc)
	}
}
