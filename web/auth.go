package web

import (
	"fmt"
	"net"
	"net/http"
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

// login checks the form's username and password and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := r.PostFormValue("next")
	u, err := s.authenticate(r, username, r.PostFormValue("password"))
	if err != nil {
		status := ui.Status(err)
		if status == http.StatusInternalServerError {
			s.ui.WriteError(w, r, err)
			return
		}
		s.ui.RenderOrLog(w, r, status, "login.html", loginPage{Username: username, Next: next, Error: shuangbai.ErrorMessage(err)})
		return
	}
	token := auth.NewToken()
	if _, err := s.db.CreateSession(r.Context(), u.ID, token, store.SessionCookie, userAgent(r), sessionTTL); err != nil {
		s.ui.WriteError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: ui.CookieName, Value: token, Path: "/", MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure,
	})
	http.Redirect(w, r, ui.SafeNext(next), http.StatusSeeOther)
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
	http.SetCookie(w, &http.Cookie{Name: ui.CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.secure})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

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
			return nil, shuangbai.Errorf(ui.EThrottled, "登录失败次数过多，请 %d 分钟后再试。如忘记密码，请联系上级管理员重置。", minutes(wait))
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
		return nil, shuangbai.Errorf(ui.EThrottled, "登录的人较多，请稍等几秒后再试。")
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
