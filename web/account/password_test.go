package account_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/account"
	"shuangbai/web/ui"
	"shuangbai/web/webtest"
)

// TestMain fails a full run in which a page template of package account
// was never rendered.
func TestMain(m *testing.M) { webtest.Main(m, account.Pages) }

// login logs username in afresh (f.As keeps one session per fixture, which
// a moved clock expires).
func login(t *testing.T, f *webtest.Fixture, username string) *webtest.Client {
	t.Helper()
	c := f.Anon()
	res := c.PostForm(t, "/login", url.Values{"username": {username}, "password": {webtest.Password}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("login %s: %d %.1000s", username, res.Code, res.Body)
	}
	renew(t, c, res)
	return c
}

// renew takes the fresh session cookie a password change sets.
func renew(t *testing.T, c *webtest.Client, res *httptest.ResponseRecorder) {
	t.Helper()
	for _, ck := range res.Result().Cookies() {
		if ck.Name == ui.CookieName && ck.MaxAge >= 0 {
			c.Cookie = ck
			return
		}
	}
	t.Fatalf("no fresh session after the change: %d %.1000s", res.Code, res.Body)
}

// TestPasswordChange: a password an administrator set holds up every page
// until changed; the change refuses what the policy refuses, next to the
// field; it ends the account's other sessions and tokens but keeps the
// user logged in; the last passwords cannot come back.
func TestPasswordChange(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	u := &shuangbai.User{Username: "hekou.view", Name: "河口查阅", Role: shuangbai.RoleViewer, Region: "445302003", MustChangePassword: true}
	if err := f.DB.CreateUser(t.Context(), shuangbai.SystemUser, u, webtest.Hash()); err != nil {
		t.Fatal(err)
	}
	c := f.As(t, "hekou.view")
	for _, path := range []string{"/", "/stations", "/account", "/account/totp"} {
		res := c.Get(t, path)
		if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/account/password" {
			t.Errorf("GET %s: %d to %q, want /account/password", path, res.Code, res.Header().Get("Location"))
		}
	}
	webtest.Expect(t, c.PostForm(t, "/account/tokens/0123456789abcdef/revoke", nil), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/account/password"), http.StatusOK, "您的密码由管理员设置", "至少 8 位")
	other := f.API(t, webtest.YcViewer) // unaffected by someone else's change

	for _, tt := range []struct {
		name                 string
		current, new, repeat string
		status               int
		field, want          string
	}{
		{"wrong current", "not-my-password", "Shuang-Bai-2021", "Shuang-Bai-2021", http.StatusUnprocessableEntity, "current", "当前密码不正确"},
		{"no current", "", "Shuang-Bai-2021", "Shuang-Bai-2021", http.StatusUnprocessableEntity, "current", "请输入当前密码"},
		{"common", webtest.Password, "Password123!", "Password123!", http.StatusUnprocessableEntity, "password", "不能是常见密码"},
		{"short", webtest.Password, "Ab1!", "Ab1!", http.StatusUnprocessableEntity, "password", "至少 8 个字符"},
		{"classes", webtest.Password, "shuangbaigongcheng", "shuangbaigongcheng", http.StatusUnprocessableEntity, "password", "至少 3 种"},
		{"username", webtest.Password, "Hekou.View-2021", "Hekou.View-2021", http.StatusUnprocessableEntity, "password", "不能包含用户名"},
		{"repeat", webtest.Password, "Shuang-Bai-2021", "Shuang-Bai-2022", http.StatusUnprocessableEntity, "password2", "两次输入的新密码不一致"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := c.PostForm(t, "/account/password", url.Values{"current": {tt.current}, "password": {tt.new}, "password2": {tt.repeat}})
			webtest.Expect(t, res, tt.status, `<label for="`+tt.field+`">`, tt.want)
			webtest.Expect(t, res, tt.status, `<div class="field invalid">`+"\n"+`      <label for="`+tt.field+`">`)
			webtest.ExpectNot(t, res, tt.new+`"`) // a password is never sent back
		})
	}

	second := *c // the same account in another browser: ended by the change
	res := c.PostForm(t, "/account/password", url.Values{"current": {webtest.Password}, "password": {"Shuang-Bai-2021"}, "password2": {"Shuang-Bai-2021"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	renew(t, c, res)
	webtest.Expect(t, second.Get(t, "/"), http.StatusSeeOther)
	webtest.Expect(t, c.Get(t, "/"), http.StatusOK)
	webtest.Expect(t, c.Get(t, "/account"), http.StatusOK, "hekou.view", "只读用户", "河口街道", "还有 90 天")
	webtest.Expect(t, other.Get(t, "/api/v1/me"), http.StatusOK)
	if got, _, _ := f.DB.UserByName(t.Context(), "hekou.view"); got.MustChangePassword {
		t.Error("still must change")
	}

	// One more change, then the one before may not come back.
	res = c.PostForm(t, "/account/password", url.Values{"current": {"Shuang-Bai-2021"}, "password": {"Yun-Fu-Station-9"}, "password2": {"Yun-Fu-Station-9"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	renew(t, c, res)
	res = c.PostForm(t, "/account/password", url.Values{"current": {"Yun-Fu-Station-9"}, "password": {"Shuang-Bai-2021"}, "password2": {"Shuang-Bai-2021"}})
	webtest.Expect(t, res, http.StatusUnprocessableEntity, "不能使用最近 5 次用过的密码")

	// The changes are audited as the owner's.
	entries, err := f.DB.AuditLog(t.Context(), webtest.AdminScope, store.AuditFilter{Entity: "user", Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == "password" && e.Username == "hekou.view" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d password changes audited, want 2", n)
	}
}

// TestPasswordExpiry: within the warning days the home page says when the
// password expires; after MaxAgeDays every page sends the user to change
// it, and the change lets them on.
func TestPasswordExpiry(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	start := time.Now()
	now := start
	f.DB.Now = func() time.Time { return now }
	webtest.ExpectNot(t, login(t, f, webtest.YcViewer).Get(t, "/"), "密码将在")

	now = start.AddDate(0, 0, auth.DefaultPolicy.MaxAgeDays-auth.DefaultPolicy.WarnDays+1)
	c := login(t, f, webtest.YcViewer)
	webtest.Expect(t, c.Get(t, "/"), http.StatusOK, `class="notice"`, "您的密码将在 6 天后过期", `href="/account/password"`)
	webtest.Expect(t, c.Get(t, "/account"), http.StatusOK, `class="notice"`, "还有 6 天")
	webtest.ExpectNot(t, c.Get(t, "/stations"), `class="notice"`)

	now = start.AddDate(0, 0, auth.DefaultPolicy.MaxAgeDays).Add(time.Second)
	c = login(t, f, webtest.YcViewer)
	res := c.Get(t, "/stations")
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/account/password" {
		t.Fatalf("expired: %d to %q", res.Code, res.Header().Get("Location"))
	}
	webtest.Expect(t, c.Get(t, "/account/password"), http.StatusOK, "您的密码已使用超过 90 天")
	res = c.PostForm(t, "/account/password", url.Values{"current": {webtest.Password}, "password": {"Yun-Cheng-2021"}, "password2": {"Yun-Cheng-2021"}})
	webtest.Expect(t, res, http.StatusSeeOther)
	renew(t, c, res)
	webtest.Expect(t, c.Get(t, "/stations"), http.StatusOK)
}

// TestPasswordDue checks the age arithmetic itself.
func TestPasswordDue(t *testing.T) {
	p := auth.DefaultPolicy
	changed := time.Date(2021, 8, 1, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		u        shuangbai.User
		at       time.Time
		must     bool
		daysLeft int
	}{
		{shuangbai.User{PasswordChangedAt: changed}, changed, false, 90},
		{shuangbai.User{PasswordChangedAt: changed}, changed.AddDate(0, 0, 83).Add(time.Hour), false, 7},
		{shuangbai.User{PasswordChangedAt: changed}, changed.AddDate(0, 0, 90).Add(-time.Second), false, 1},
		{shuangbai.User{PasswordChangedAt: changed}, changed.AddDate(0, 0, 90), true, 0},
		{shuangbai.User{PasswordChangedAt: changed, MustChangePassword: true}, changed, true, 0},
		{shuangbai.User{}, changed, false, 90}, // no date: nothing to judge
	} {
		must, left := account.PasswordDue(p, &tt.u, tt.at)
		if must != tt.must || left != tt.daysLeft {
			t.Errorf("PasswordDue(%v at %v) = %v, %d; want %v, %d", tt.u.PasswordChangedAt, tt.at, must, left, tt.must, tt.daysLeft)
		}
	}
}
