package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// loginPage is the data of login.html.
type loginPage struct {
	Username string
	Next     string
	Error    string
}

// loginForm shows the login page, or goes home when already logged in.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.ui.SessionUser(r); err == nil {
		http.Redirect(w, r, ui.SafeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.ui.RenderOrLog(w, r, http.StatusOK, "login.html", loginPage{Next: r.URL.Query().Get("next")})
}

// login checks the form's username and password. An account without a
// second factor is logged in at once; one with a second factor, or whose
// role must have one, goes on to the second step (login_factor.go) with a
// pending login, and gets its session only after it.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := r.PostFormValue("next")
	u, err := s.authenticate(r, username, r.PostFormValue("password"))
	if err == nil {
		err = s.afterPassword(w, r, u, next)
	}
	if err != nil {
		status := ui.Status(err)
		if status == http.StatusInternalServerError {
			s.ui.WriteError(w, r, err)
			return
		}
		s.ui.RenderOrLog(w, r, status, "login.html", loginPage{Username: username, Next: next, Error: shuangbai.ErrorMessage(err)})
	}
}

// afterPassword goes on from a right password: to the second step, or
// straight into a session. Nothing is written when it fails.
func (s *Server) afterPassword(w http.ResponseWriter, r *http.Request, u *shuangbai.User, next string) error {
	need, err := s.needsFactor(r.Context(), u)
	if err != nil {
		return err
	}
	if need {
		return s.startPending(w, r, u, next)
	}
	if err := s.loginOK(r, u, ""); err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, ui.SafeNext(next), http.StatusSeeOther)
	return nil
}

// startSession gives u a new browser session and its cookie: after the
// login, and again after a password change ended every session, so the
// user who changed it is not thrown out.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *shuangbai.User) error {
	token := auth.NewToken()
	if _, err := s.db.CreateSession(r.Context(), u.ID, token, store.SessionCookie, userAgent(r), sessionTTL); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		// No MaxAge: the cookie goes when the browser closes (a shared office
		// PC); the session ends after sessionTTL, or when idle, on the server.
		Name: ui.CookieName, Value: token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure,
	})
	return nil
}

// logout ends the session in the database, not only in the browser, so a
// copied cookie stops working too.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(ui.CookieName); err == nil && c.Value != "" {
		if err := s.db.DeleteSession(r.Context(), c.Value); err != nil {
			s.ui.WriteError(w, r, err)
			return
		}
	}
	// The offline app's cases, queue and key go with the session (browsers
	// act on this over HTTPS only, where the app can run at all).
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	http.SetCookie(w, &http.Cookie{Name: ui.CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// The login throttle's rules. An account at one address gets five tries a
// quarter hour, then waits 15 minutes, doubling with each further lock up to
// a day: guessing one account's password gets nowhere, yet a whole township
// office behind one NAT is not locked out by one person's typos. An address
// gets 100 failures across all accounts (spraying one password over many
// names), and 30 attempts of any kind a minute (a loop of correct logins
// would otherwise hold every password-check slot).
var (
	accountThrottle = store.Throttle{Max: 5, Window: 15 * time.Minute, Lock: 15 * time.Minute, MaxLock: 24 * time.Hour}
	addressThrottle = store.Throttle{Max: 100, Window: 15 * time.Minute, Lock: 15 * time.Minute, MaxLock: time.Hour}
	rateThrottle    = store.Throttle{Max: 30, Window: time.Minute, Lock: time.Minute, MaxLock: time.Minute}
)

// Longest username and password a login reads: longer ones are wrong, and
// are refused before anything is hashed or stored.
const (
	maxLoginName     = 64
	maxLoginPassword = 1024
)

// authenticate checks a username and password for the page and the API
// alike, counting the attempt first against the account at this address,
// the address, and the address's rate, and audits a failure. The attempt
// stays counted until loginOK: an account with a second factor is not
// logged in yet, and its count must not restart with each right password,
// or a thief of the password could guess codes for ever.
func (s *Server) authenticate(r *http.Request, username, password string) (*shuangbai.User, error) {
	if username == "" || password == "" {
		return nil, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请输入用户名和密码"}
	}
	ctx, addr := r.Context(), s.clientIP(r)
	wrong := shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "用户名或密码错误")
	if err := s.take(ctx, username, addr); err != nil {
		return nil, err
	}
	if len(username) > maxLoginName || len(password) > maxLoginPassword {
		return nil, wrong
	}
	u, hash, err := s.db.UserByName(ctx, username)
	if err != nil {
		if shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
			return nil, err
		}
		u, hash = nil, dummyHash()
	}
	ok, err := s.checkPassword(ctx, hash, password)
	if err != nil {
		return nil, fmt.Errorf("web: check password of %s: %w", username, err)
	}
	if !ok || u == nil {
		if err := s.db.LogLogin(ctx, u, username, store.LoginFailed, addr, "密码错误"); err != nil {
			return nil, err
		}
		return nil, wrong // the attempt stays counted
	}
	if u.Disabled {
		if err := s.db.LogLogin(ctx, u, username, store.LoginFailed, addr, "账号已停用"); err != nil {
			return nil, err
		}
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "该账号已停用，请联系管理员")
	}
	return u, nil
}

// take counts one attempt for username at addr against the account, the
// address and the address's rate, and refuses it when one is locked; the
// attempt that locks the account is audited as a lockout.
func (s *Server) take(ctx context.Context, username, addr string) error {
	acct := store.AccountKey(username, addr)
	for _, k := range []struct {
		key  string
		rule store.Throttle
	}{{acct, accountThrottle}, {"addr:" + addr, addressThrottle}, {"rate:" + addr, rateThrottle}} {
		ok, wait, locked, err := s.db.TakeLogin(ctx, k.key, k.rule)
		if err != nil {
			return err
		}
		if locked && k.key == acct {
			u, _, _ := s.db.UserByName(ctx, username)
			if err := s.db.LogLogin(ctx, u, username, store.LoginLockout, addr, fmt.Sprintf("锁定 %d 分钟", minutes(wait))); err != nil {
				return err
			}
		}
		if !ok {
			return shuangbai.Errorf(ui.EThrottled, "登录失败次数过多，请 %d 分钟后再试。如忘记密码或急需使用，请联系安全管理员解锁。", minutes(wait))
		}
	}
	return nil
}

// checkPassword checks password against hash. Each check costs 64 MiB for
// about 0.2 s: bound how many run at once, so a flood of logins cannot run
// the server out of memory. A check waits a moment for a slot rather than
// failing at once.
func (s *Server) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	select {
	case s.checks <- struct{}{}:
		defer func() { <-s.checks }()
	case <-time.After(2 * time.Second):
		return false, shuangbai.Errorf(ui.EThrottled, "登录的人较多，请稍等几秒后再试。")
	case <-ctx.Done():
		return false, ctx.Err()
	}
	return auth.CheckPassword(hash, password)
}

// loginOK ends a login that passed every factor: the account's count at
// this address starts again, the address gets its attempt back, and the
// login is audited (detail says how the second factor was given, if any).
func (s *Server) loginOK(r *http.Request, u *shuangbai.User, detail string) error {
	ctx, addr := r.Context(), s.clientIP(r)
	if err := s.db.ClearLogin(ctx, store.AccountKey(u.Username, addr)); err != nil {
		return err
	}
	if err := s.db.ReleaseLogin(ctx, "addr:"+addr); err != nil {
		return err
	}
	return s.db.LogLogin(ctx, u, u.Username, store.LoginOK, addr, detail)
}

// verifyPassword checks the current password of a logged-in user before a
// change to their own account (a new password, a new second factor),
// throttled and audited like a login: a session left open on a shared PC
// must not become a way to guess the password. A right one hands its
// attempt back but clears nothing.
func (s *Server) verifyPassword(r *http.Request, u *shuangbai.User, password string) error {
	ctx, addr := r.Context(), s.clientIP(r)
	if err := s.take(ctx, u.Username, addr); err != nil {
		return err
	}
	_, hash, err := s.db.UserByName(ctx, u.Username)
	if err != nil {
		return err
	}
	ok := false
	if len(password) <= maxLoginPassword {
		if ok, err = s.checkPassword(ctx, hash, password); err != nil {
			return err
		}
	}
	if !ok {
		if err := s.db.LogLogin(ctx, u, u.Username, store.LoginFailed, addr, "确认身份时密码错误"); err != nil {
			return err
		}
		return shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "当前密码不正确")
	}
	return s.handBack(r, u)
}

func minutes(d time.Duration) int {
	return max(1, int((d+time.Minute-1)/time.Minute))
}

// clientIP is the address the request came from. X-Forwarded-For is read
// only when the request came through one of the configured proxies, from
// the right: the first address that is not a trusted proxy is the client.
// Anyone else can write the header, and the throttle keys on this address.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		a, err := netip.ParseAddr(hop)
		if err != nil {
			return host // a malformed chain: trust none of it
		}
		if !s.trusted(hop) {
			return a.String()
		}
		host = a.String()
	}
	return host
}

// trusted reports whether addr is one of the configured reverse proxies.
func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// userAgent names a session after the browser that opened it, for the
// account page's list of one's sessions.
func userAgent(r *http.Request) string {
	ua := r.UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	return ua
}
