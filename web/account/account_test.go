package account_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

var revokeRE = regexp.MustCompile(`action="/account/tokens/([0-9a-f]{16})/revoke"`)

// TestAccountPage: the header's name leads to the account page, which
// lists the user's own sessions and tokens and nobody else's; the user
// ends one of them; an id not theirs is a 404, even for the security
// administrator, whose page for others' tokens is another.
func TestAccountPage(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	f.DB.SessionIdle = 30 * time.Minute
	c := f.As(t, webtest.YcAdmin)
	webtest.Expect(t, c.Get(t, "/"), http.StatusOK, `<a class="user-name" href="/account"`)

	res := f.Anon().JSON(t, "POST", "/api/v1/login", map[string]string{"username": webtest.YcAdmin, "password": webtest.Password, "name": "云城区数据同步"})
	webtest.Expect(t, res, http.StatusOK)
	var out struct{ Token string }
	webtest.Decode(t, res, &out)
	tok := &webtest.Client{H: f.Srv.Handler(), Token: out.Token}
	f.As(t, webtest.LdAdmin)
	sec := f.As(t, webtest.CitySec)

	res = c.Get(t, "/account")
	webtest.Expect(t, res, http.StatusOK, "我的账号", webtest.YcAdmin, "县级管理员", "云城区", "API 令牌", "云城区数据同步", "网页登录", "（本次登录）",
		"尚未绑定验证器", "修改密码", "30 分钟无操作自动退出")
	ids := revokeRE.FindAllStringSubmatch(res.Body.String(), -1)
	if len(ids) != 2 {
		t.Fatalf("%d sessions listed, want the API token and this session", len(ids))
	}
	webtest.ExpectNot(t, res, webtest.LdAdmin)

	// Someone else's ids: listed by the store, not revocable here.
	others, err := f.DB.Sessions(t.Context(), webtest.AdminScope, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range others {
		if s.Username == webtest.LdAdmin {
			webtest.Expect(t, c.PostForm(t, "/account/tokens/"+s.ID+"/revoke", nil), http.StatusNotFound, "令牌不存在或已失效")
			webtest.Expect(t, sec.PostForm(t, "/account/tokens/"+s.ID+"/revoke", nil), http.StatusNotFound)
		}
	}
	webtest.Expect(t, c.PostForm(t, "/account/tokens/not-an-id/revoke", nil), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.LdAdmin).Get(t, "/"), http.StatusOK)

	// The user ends their API token.
	var apiID string
	for _, s := range others {
		if s.Username == webtest.YcAdmin && s.Kind == store.SessionAPI {
			apiID = s.ID
		}
	}
	webtest.Expect(t, tok.Get(t, "/api/v1/me"), http.StatusOK)
	webtest.Expect(t, c.PostForm(t, "/account/tokens/"+apiID+"/revoke", nil), http.StatusSeeOther)
	webtest.Expect(t, tok.Get(t, "/api/v1/me"), http.StatusUnauthorized)
	webtest.ExpectNot(t, c.Get(t, "/account"), "云城区数据同步")
	entries, err := f.DB.AuditLog(t.Context(), webtest.AdminScope, store.AuditFilter{Entity: "session", Limit: 10})
	if err != nil || len(entries) != 1 || entries[0].Action != "revoke" || !strings.Contains(entries[0].Before, "云城区数据同步") {
		t.Errorf("revoke audited as %+v, %v", entries, err)
	}

	// Ending this session logs out.
	ids = revokeRE.FindAllStringSubmatch(c.Get(t, "/account").Body.String(), -1)
	res = c.PostForm(t, "/account/tokens/"+ids[0][1]+"/revoke", nil)
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/login" {
		t.Errorf("ending this session: %d to %q", res.Code, res.Header().Get("Location"))
	}
	webtest.Expect(t, c.Get(t, "/account"), http.StatusSeeOther)
}

var secretRE = regexp.MustCompile(`name="secret" value="([A-Z2-7]{32})"`)

// TestReenrol: a user replaces their second factor on the account page
// after giving the current password and the new app's code; the old
// factor stops working, and a forged secret is refused.
func TestReenrol(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	c := f.As(t, webtest.CitySec) // enrolled at the login
	// A login waiting for its code is no session of the list.
	webtest.Expect(t, f.Anon().PostForm(t, "/login", url.Values{"username": {webtest.CitySec}, "password": {webtest.Password}}), http.StatusSeeOther)
	res := c.Get(t, "/account")
	webtest.Expect(t, res, http.StatusOK, "已绑定验证器", "重新绑定验证器")
	if n := len(revokeRE.FindAllString(res.Body.String(), -1)); n != 1 {
		t.Errorf("%d sessions listed, want 1", n)
	}
	res = c.Get(t, "/account/totp")
	webtest.Expect(t, res, http.StatusOK, "重新绑定验证器", "原来手机上的验证器和原有的恢复码将全部失效", `src="data:image/png;base64,`)
	secret := secretRE.FindStringSubmatch(res.Body.String())[1]
	now := f.DB.Now()
	good, err := auth.TOTPCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, current, code, field, want string
		status                           int
	}{
		{"wrong password", "not-my-password", good, "current", "当前密码不正确", http.StatusUnprocessableEntity},
		{"no password", "", good, "current", "请输入当前密码", http.StatusUnprocessableEntity},
		{"no code", webtest.Password, "", "code", "请输入验证器应用显示的 6 位验证码", http.StatusUnprocessableEntity},
		{"wrong code", webtest.Password, "123456", "code", "验证码不正确", http.StatusUnprocessableEntity},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := c.PostForm(t, "/account/totp", url.Values{"secret": {secret}, "current": {tt.current}, "code": {tt.code}})
			webtest.Expect(t, res, tt.status, `<label for="`+tt.field+`">`, tt.want, secret)
		})
	}
	webtest.Expect(t, c.PostForm(t, "/account/totp", url.Values{"secret": {"NOT-A-SECRET"}, "current": {webtest.Password}, "code": {good}}), http.StatusBadRequest)

	res = c.PostForm(t, "/account/totp", url.Values{"secret": {strings.ToLower(secret)}, "current": {webtest.Password}, "code": {good}})
	webtest.Expect(t, res, http.StatusOK, "验证器已绑定", "此页面关闭后将不再显示", `href="/account"`, "退出登录")
	// The new secret is the one in force.
	got, _, err := f.DB.TOTPSecret(t.Context(), mustUser(t, f, webtest.CitySec))
	if err != nil || got != secret {
		t.Errorf("stored secret %q, %v; want %q", got, err, secret)
	}
}

func mustUser(t *testing.T, f *webtest.Fixture, username string) int64 {
	t.Helper()
	u, _, err := f.DB.UserByName(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
