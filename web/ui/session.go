package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

// CookieName is the name of the session cookie.
const CookieName = "shuangbai_session"

type ctxKey int

const (
	userKey ctxKey = iota
	scopeKey
	noticeKey
)

// PasswordPath is the page where the user changes their own password: the
// one page Page still shows when ErrPasswordChange holds up the others.
const PasswordPath = "/account/password"

// ErrPasswordChange is what Config.Check returns when the account's
// password must be changed before anything else (set by an administrator,
// or too old): pages redirect to PasswordPath, the API refuses with 403.
var ErrPasswordChange = &shuangbai.Error{Code: shuangbai.EFORBIDDEN, Message: "请先在网页上修改密码"}

// Notice returns the banner Config.Check set for the request, or "".
func Notice(r *http.Request) string {
	n, _ := r.Context().Value(noticeKey).(string)
	return n
}

// User returns the logged-in user of a request that passed Page or API, or
// nil.
func User(r *http.Request) *shuangbai.User {
	u, _ := r.Context().Value(userKey).(*shuangbai.User)
	return u
}

// Scope returns the region subtree the request's user may read and write.
// It is set with the user, once, by Page and API: a handler reads it from
// the request and so cannot forget it. Outside them it is the zero scope,
// which matches nothing.
func Scope(r *http.Request) shuangbai.Scope {
	s, _ := r.Context().Value(scopeKey).(shuangbai.Scope)
	return s
}

// WithUser returns r carrying u and u's scope, and tells the store whose
// request it is (a user's own writes hold their reads on the primary until
// a read replica has them).
func WithUser(r *http.Request, u *shuangbai.User) *http.Request {
	ctx := context.WithValue(store.ForUser(r.Context(), u.ID), userKey, u)
	return r.WithContext(context.WithValue(ctx, scopeKey, u.Scope()))
}

// HandlerFunc is a handler that returns its error instead of writing it, so
// that one wrapper renders every error the same way.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Page wraps an HTML handler: it requires a session cookie, sending
// visitors without one to the login page, and renders returned errors as a
// Chinese error page.
func (u *UI) Page(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, err := u.SessionUser(r)
		if err != nil {
			if shuangbai.ErrorCode(err) != shuangbai.EUNAUTHORIZED {
				u.WriteError(w, r, err)
				return
			}
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		notice, err := u.CheckUser(r, user)
		if err == ErrPasswordChange {
			http.Redirect(w, r, PasswordPath, http.StatusSeeOther)
			return
		}
		if err != nil {
			u.WriteError(w, r, err)
			return
		}
		r = WithUser(r, user)
		if notice != "" {
			r = r.WithContext(context.WithValue(r.Context(), noticeKey, notice))
		}
		if err := h(w, r); err != nil {
			u.WriteError(w, r, err)
		}
	})
}

// API wraps a JSON handler: it requires "Authorization: Bearer TOKEN" with
// an API token from POST /api/v1/login, and writes errors as JSON.
func (u *UI) API(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := BearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shuangbai"`)
			u.WriteJSONError(w, r, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "请先登录：请求头需要 Authorization: Bearer 令牌"))
			return
		}
		user, err := u.db.SessionUser(r.Context(), token, store.SessionAPI)
		if err != nil {
			if shuangbai.ErrorCode(err) == shuangbai.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="shuangbai", error="invalid_token"`)
			}
			u.WriteJSONError(w, r, err)
			return
		}
		if _, err := u.CheckUser(r, user); err != nil {
			u.WriteJSONError(w, r, err)
			return
		}
		if err := h(w, WithUser(r, user)); err != nil {
			u.WriteJSONError(w, r, err)
		}
	})
}

// CheckUser runs Config.Check, if any: the account rules (a password that
// must be changed first) that every wrapper of an authenticated handler
// applies, including those outside this package.
func (u *UI) CheckUser(r *http.Request, user *shuangbai.User) (string, error) {
	if u.check == nil {
		return "", nil
	}
	return u.check(r, user)
}

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// SessionUser returns the user behind the request's session cookie.
func (u *UI) SessionUser(r *http.Request) (*shuangbai.User, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return nil, shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "请先登录")
	}
	return u.db.SessionUser(r.Context(), c.Value, store.SessionCookie)
}

// RequireEdit returns EFORBIDDEN unless u may change the station network.
// The store checks too; checking first shows "no permission" rather than a
// form's validation errors to a read-only user.
func RequireEdit(u *shuangbai.User) error {
	if !u.CanEditNetwork() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能修改", u.Role.Label())
	}
	return nil
}

// RequireAdmin returns EFORBIDDEN unless u manages accounts (the system
// administrator).
func RequireAdmin(u *shuangbai.User) error {
	if !u.CanManageUsers() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有系统管理员可以管理账号")
	}
	return nil
}

// RequireBureau returns EFORBIDDEN unless u runs a bureau's work (a city or
// county admin).
func RequireBureau(u *shuangbai.User) error {
	if !u.IsBureauAdmin() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有市级、县级管理员可以使用此功能")
	}
	return nil
}

// RequireSecurity returns EFORBIDDEN unless u is the security administrator.
func RequireSecurity(u *shuangbai.User) error {
	if !u.CanManageSecurity() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有安全管理员可以使用此功能")
	}
	return nil
}

// RequireCases returns EFORBIDDEN unless u may read beneficiaries' files:
// the three administrators may not.
func RequireCases(u *shuangbai.User) error {
	if !u.CanReadCases() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看服务对象档案（三员分立）", u.Role.Label())
	}
	return nil
}

// SafeNext keeps a redirect the request names (?next= after a login or a
// saved visit) on this site. A browser drops tabs and newlines from a URL
// and reads a backslash as a slash, so "/\t/evil", "/\\evil" and "//evil"
// all name another host: only a plain path that parses with no scheme or
// host, and holds none of those characters, is kept.
func SafeNext(next string) string {
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return next
}
