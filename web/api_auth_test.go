package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// TestAPILoginSecondFactor: an API login of an account with a second
// factor needs its code (or a recovery code) beside the password; a
// missing or wrong one is a failed login under the field "totp". An
// account whose role needs a factor it has not enrolled gets no token,
// nor does one whose password must be changed. Tokens issued are audited.
func TestAPILoginSecondFactor(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	now := clock(f)
	f.As(t, webtest.CitySec) // enrols on the web

	*now = now.Add(time.Minute)
	for _, tt := range []struct {
		name string
		body map[string]string
		want []string
	}{
		{"no code", map[string]string{}, []string{`"code":"unauthorized"`, `"fields":{"totp":`, "该账号已开启双因素认证"}},
		{"wrong code", map[string]string{"totp": "000000"}, []string{`"fields":{"totp":"验证码不正确`}},
		{"wrong recovery code", map[string]string{"recovery_code": "AAAA-BBBB-CCCC"}, []string{`"fields":{"recovery_code":"验证码或恢复码不正确"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.body["username"], tt.body["password"] = webtest.CitySec, webtest.Password
			webtest.Expect(t, f.Anon().JSON(t, "POST", "/api/v1/login", tt.body), http.StatusUnauthorized, tt.want...)
		})
	}
	res := f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.CitySec, "password": webtest.Password,
		"totp": f.TOTPCode(t, webtest.CitySec), "name": "安全巡检脚本"})
	webtest.Expect(t, res, http.StatusOK, `"token":`)
	var out struct{ Token string }
	webtest.Decode(t, res, &out)
	api := &webtest.Client{H: f.Srv.Handler(), Token: out.Token}
	webtest.Expect(t, api.Get(t, "/api/v1/me"), http.StatusOK, `"username":"city.sec"`)

	count, details := loginEvents(t, f, webtest.CitySec)
	if count["login_failed"] != 3 || count[store.TokenIssued] != 1 || !strings.Contains(details, "安全巡检脚本") {
		t.Errorf("audited %v:\n%s\nwant 3 login_failed and a token_issue named 安全巡检脚本", count, details)
	}

	t.Run("not enrolled", func(t *testing.T) {
		if err := f.DB.SetTOTPRoles(t.Context(), shuangbai.SystemUser, store.DefaultTOTPRoles); err != nil {
			t.Fatal(err)
		}
		defer f.DB.SetTOTPRoles(t.Context(), shuangbai.SystemUser, nil)
		res := f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.YcAdmin, "password": webtest.Password})
		webtest.Expect(t, res, http.StatusForbidden, "尚未绑定验证器", "请先在网页上登录")
		// The right password is no failure: five such tries lock nothing.
		for range 5 {
			f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.YcAdmin, "password": webtest.Password})
		}
		webtest.Expect(t, f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.YcAdmin, "password": webtest.Password}), http.StatusForbidden)
	})

	t.Run("password must change", func(t *testing.T) {
		u := &shuangbai.User{Username: "new.viewer", Name: "新账号", Role: shuangbai.RoleViewer, Region: "445302", MustChangePassword: true}
		if err := f.DB.CreateUser(t.Context(), shuangbai.SystemUser, u, webtest.Hash()); err != nil {
			t.Fatal(err)
		}
		res := f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": "new.viewer", "password": webtest.Password})
		webtest.Expect(t, res, http.StatusForbidden, "请先在网页上修改密码")
		// Nor does a token issued before stay usable once the password is
		// too old (here, with a policy of 10 days, inside the token's 30).
		tok := f.API(t, webtest.YcViewer)
		webtest.Expect(t, tok.Get(t, "/api/v1/me"), http.StatusOK)
		p := auth.DefaultPolicy
		p.MaxAgeDays, p.WarnDays = 10, 3
		if err := f.DB.SetPasswordPolicy(t.Context(), shuangbai.SystemUser, p); err != nil {
			t.Fatal(err)
		}
		*now = now.AddDate(0, 0, 11)
		webtest.Expect(t, tok.Get(t, "/api/v1/me"), http.StatusForbidden, `"code":"forbidden"`, "请先在网页上修改密码")
		webtest.Expect(t, tok.JSON(t, "POST", "/api/v1/logout", nil), http.StatusNoContent) // logging out still works
	})
}

// TestLoginNextThroughSecondFactor: the page asked for before the login
// is where the second step ends, and only a page on this site.
func TestLoginNextThroughSecondFactor(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	f.As(t, webtest.CitySec)
	pending, loc := password(t, f, webtest.CitySec, "//evil.example/")
	if loc != "/login/totp?next=%2F" {
		t.Errorf("to %q", loc)
	}
	res := pending.PostForm(t, "/login/totp", url.Values{"code": {f.TOTPCode(t, webtest.CitySec)}, "next": {"//evil.example/"}})
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/" {
		t.Errorf("%d to %q, want 303 to /", res.Code, res.Header().Get("Location"))
	}
}
