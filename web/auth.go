package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
)

// cookieName is the name of the session cookie.
const cookieName = "shuangbai_session"

type ctxKey int

const userKey ctxKey = 0

// userOf returns the logged-in user of a request that passed s.page or s.api.
func userOf(r *http.Request) *shuangbai.User {
	u, _ := r.Context().Value(userKey).(*shuangbai.User)
	return u
}

func withUser(r *http.Request, u *shuangbai.User) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), userKey, u))
}

// handlerFunc is a handler that returns its error instead of writing it, so
// that one wrapper renders every error the same way.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// page wraps an HTML handler: it requires a session cookie, sending
// visitors without one to the login page, and renders returned errors as a
// Chinese error page.
func (s *Server) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.sessionUser(r)
		if err != nil {
			if shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
				s.writeError(w, r, err)
				return
			}
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		r = withUser(r, u)
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// api wraps a JSON handler: it requires "Authorization: Bearer TOKEN" with
// an API token from POST /api/v1/login, and writes errors as JSON.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shuangbai"`)
			s.writeJSONError(w, r, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "请先登录：请求头需要 Authorization: Bearer 令牌"))
			return
		}
		u, err := s.db.SessionUser(r.Context(), token, store.SessionAPI)
		if err != nil {
			if shuangbai.ErrorCode(err) == shuangbai.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="shuangbai", error="invalid_token"`)
			}
			s.writeJSONError(w, r, err)
			return
		}
		if err := h(w, withUser(r, u)); err != nil {
			s.writeJSONError(w, r, err)
		}
	})
}

func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// sessionUser returns the user behind the request's session cookie.
func (s *Server) sessionUser(r *http.Request) (*shuangbai.User, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "请先登录")
	}
	return s.db.SessionUser(r.Context(), c.Value, store.SessionCookie)
}

// loginPage is the data of login.html.
type loginPage struct {
	Username string
	Next     string
	Error    string
}

// loginForm shows the login page, or goes home when already logged in.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.sessionUser(r); err == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderOrLog(w, r, http.StatusOK, "login.html", loginPage{Next: r.URL.Query().Get("next")})
}

// login checks the form's username and password and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := r.PostFormValue("next")
	u, err := s.authenticate(r, username, r.PostFormValue("password"))
	if err != nil {
		status := errorStatus(err)
		if status == http.StatusInternalServerError {
			s.writeError(w, r, err)
			return
		}
		s.renderOrLog(w, r, status, "login.html", loginPage{Username: username, Next: next, Error: shuangbai.ErrorMessage(err)})
		return
	}
	token := auth.NewToken()
	if _, err := s.db.CreateSession(r.Context(), u.ID, token, store.SessionCookie, userAgent(r), sessionTTL); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: token, Path: "/", MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure,
	})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// logout ends the session in the database, not only in the browser, so a
// copied cookie stops working too.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil && c.Value != "" {
		if err := s.db.DeleteSession(r.Context(), c.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// eThrottled is the code of a login refused because of too many failures.
// It lives here, not in the domain, because only HTTP throttles.
const eThrottled = "too_many_requests"

// authenticate checks a username and password for the page and the API
// alike. Failures count against both the username and the client address,
// so that neither guessing one account's password nor trying one password
// on many accounts gets far.
func (s *Server) authenticate(r *http.Request, username, password string) (*shuangbai.User, error) {
	if username == "" || password == "" {
		return nil, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请输入用户名和密码"}
	}
	keys := []string{"user:" + strings.ToLower(username), "ip:" + clientIP(r)}
	for i, k := range keys {
		// Count the attempt before checking it, so parallel guesses cannot
		// all slip through while the first is being checked.
		if ok, wait := s.limiter.Take(k); !ok {
			for _, taken := range keys[:i] {
				s.limiter.Undo(taken)
			}
			return nil, shuangbai.Errorf(eThrottled, "登录失败次数过多，请 %d 分钟后再试。如忘记密码，请联系上级管理员重置。", minutes(wait))
		}
	}
	// Each check costs 64 MiB for about 0.2 s: bound how many run at once,
	// so a flood of logins cannot run the server out of memory.
	select {
	case s.checks <- struct{}{}:
		defer func() { <-s.checks }()
	default:
		for _, k := range keys {
			s.limiter.Undo(k)
		}
		return nil, shuangbai.Errorf(eThrottled, "登录的人较多，请稍等几秒后再试。")
	}
	u, hash, err := s.db.UserByName(r.Context(), username)
	if err != nil {
		if shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
			return nil, err
		}
		u, hash = nil, dummyHash()
	}
	ok, err := auth.CheckPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("web: check password of %s: %w", username, err)
	}
	if !ok || u == nil {
		return nil, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "用户名或密码错误") // the attempt stays counted
	}
	if u.Disabled {
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "该账号已停用，请联系管理员")
	}
	s.limiter.Reset(keys[0])
	s.limiter.Undo(keys[1])
	return u, nil
}

func minutes(d time.Duration) int {
	return max(1, int((d+time.Minute-1)/time.Minute))
}

// clientIP is the address the request came from. X-Forwarded-For is not
// trusted: anyone can set it, and the throttle keys on this address.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// userAgent names a session after the browser that opened it, for a future
// "your sessions" page.
func userAgent(r *http.Request) string {
	ua := r.UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	return ua
}

// safeNext keeps a post-login redirect on this site: "//evil.example" and
// "https://…" would send the user elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// requireEdit returns EFORBIDDEN unless u may change the station network.
// The store checks too; checking first shows "no permission" rather than a
// form's validation errors to a read-only user.
func requireEdit(u *shuangbai.User) error {
	if !u.CanEditNetwork() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能修改", u.Role.Label())
	}
	return nil
}

// requireAdmin returns EFORBIDDEN unless u manages accounts.
func requireAdmin(u *shuangbai.User) error {
	if !u.CanManageUsers() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有市级、县级管理员可以使用此功能")
	}
	return nil
}
