package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"shuangbai/web/webtest"
)

// TestSecureCookies: with --secure-cookies the session cookie is marked
// Secure over plain HTTP (behind a TLS proxy); without it, it is not.
func TestSecureCookies(t *testing.T) {
	t.Parallel()
	f := webtest.New(t)
	for _, secure := range []bool{false, true} {
		cfg := f.Config()
		cfg.SecureCookies = secure
		c := &webtest.Client{H: webtest.Server(t, cfg).Handler()}
		res := c.PostForm(t, "/login", url.Values{"username": {webtest.YcAdmin}, "password": {webtest.Password}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("login: %d %s", res.Code, res.Body)
		}
		cookies := res.Result().Cookies()
		if len(cookies) == 0 {
			t.Fatal("no session cookie")
		}
		for _, ck := range cookies {
			if ck.Secure != secure || !ck.HttpOnly {
				t.Errorf("secure-cookies %v: cookie %s Secure=%v HttpOnly=%v", secure, ck.Name, ck.Secure, ck.HttpOnly)
			}
		}
	}
}
