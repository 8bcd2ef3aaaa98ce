package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/account"
	"shuangbai/web/ui"
)

// The login's second step (GB/T 22239-2019 level 3, §8.1.4: two factors).
// After a right password, an account with a second factor, or whose role
// must have one, gets no session yet but a pending login: a store session
// of its own kind, under its own cookie, which ui.Page never accepts (it
// asks for kind "session"). It lives five minutes, for the code or, if the
// account has no second factor yet, for enrolling one.
const (
	pendingCookie = "shuangbai_pending"
	pendingKind   = store.SessionPending
	pendingTTL    = 5 * time.Minute
)

// needsFactor reports whether u must give a second factor to log in: one
// is enrolled, or the security administrator requires it of u's role.
func (s *Server) needsFactor(ctx context.Context, u *shuangbai.User) (bool, error) {
	if u.TOTPEnabled {
		return true, nil
	}
	roles, err := s.db.TOTPRoles(ctx)
	return slices.Contains(roles, u.Role), err
}

// startPending opens u's pending login and sends the browser to the code
// page, or to the enrolment page. The right password hands its attempt
// back without clearing the account's count: the count restarts only when
// the second factor passes.
func (s *Server) startPending(w http.ResponseWriter, r *http.Request, u *shuangbai.User, next string) error {
	ctx := r.Context()
	if err := s.handBack(r, u); err != nil {
		return err
	}
	token := auth.NewToken()
	if _, err := s.db.CreateSession(ctx, u.ID, token, pendingKind, userAgent(r), pendingTTL); err != nil {
		return err
	}
	s.setPending(w, r, token, 0)
	to := "/login/totp"
	if !u.TOTPEnabled {
		to = "/login/enrol"
	}
	if next != "" {
		to += "?next=" + url.QueryEscape(ui.SafeNext(next))
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// handBack returns the attempt a right password took from the account at
// this address and from the address, leaving their counts otherwise as
// they are.
func (s *Server) handBack(r *http.Request, u *shuangbai.User) error {
	addr := s.clientIP(r)
	for _, key := range []string{store.AccountKey(u.Username, addr), "addr:" + addr} {
		if err := s.db.ReleaseLogin(r.Context(), key); err != nil {
			return err
		}
	}
	return nil
}

// setPending sets (maxAge 0) or removes (maxAge -1) the pending cookie. It
// is sent only to the login's own pages.
func (s *Server) setPending(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: token, Path: "/login", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || s.secure})
}

// errPendingGone answers a second step whose pending login expired or
// never was.
var errPendingGone = shuangbai.Errorf(shuangbai.EUNAUTHORIZED, "验证已超时（须在输入密码后 5 分钟内完成），请重新输入用户名和密码")

// pending returns the user of the request's pending login and its token.
func (s *Server) pending(r *http.Request) (*shuangbai.User, string, error) {
	c, err := r.Cookie(pendingCookie)
	if err != nil || c.Value == "" {
		return nil, "", errPendingGone
	}
	u, err := s.db.SessionUser(r.Context(), c.Value, pendingKind)
	if shuangbai.ErrorCode(err) == shuangbai.EUNAUTHORIZED {
		return nil, "", errPendingGone
	}
	return u, c.Value, err
}

// factorPage is the data of login_totp.html and login_enrol.html.
type factorPage struct {
	Next      string
	Enrolment *account.Enrolment // login_enrol.html
	Form      ui.Form
	Error     string // above the form: the throttle, an expired step
}

// factorForm shows the code page (GET /login/totp) or the enrolment page
// (GET /login/enrol), whichever the pending login's account needs; without
// a pending login, the login page.
func (s *Server) factorForm(w http.ResponseWriter, r *http.Request) {
	next := ui.SafeNext(r.URL.Query().Get("next"))
	u, _, err := s.pending(r)
	if err == errPendingGone {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.ui.WriteError(w, r, err)
		return
	}
	enrol := r.URL.Path == "/login/enrol"
	if enrol == u.TOTPEnabled { // on the other step's page
		to := "/login/totp"
		if !u.TOTPEnabled {
			to = "/login/enrol"
		}
		http.Redirect(w, r, to+"?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	page := factorPage{Next: next, Form: ui.NewForm(nil, nil)}
	name := "login_totp.html"
	if enrol {
		if page.Enrolment, err = account.NewEnrolment(u.Username); err != nil {
			s.ui.WriteError(w, r, err)
			return
		}
		name = "login_enrol.html"
	}
	s.ui.RenderOrLog(w, r, http.StatusOK, name, page)
}

// digits6 is what an authenticator app shows; anything else typed into
// the code field is taken for a recovery code.
var digits6 = regexp.MustCompile(`^[0-9]{6}$`)

// secondFactor checks a code for u, who has a second factor: the app's
// six digits (a step at or before the last one used is a replay), or one
// of the recovery codes. It says how the login passed, for the audit, and
// how many recovery codes are left (-1 when none was used); a refused
// code gives the message to show and the audit's detail.
func (s *Server) secondFactor(ctx context.Context, u *shuangbai.User, code string) (how string, left int, wrong, detail string, err error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if code == "" {
		return "", -1, "请输入验证器应用显示的 6 位验证码", "未输入验证码", nil
	}
	if !digits6.MatchString(code) {
		ok, left, err := s.db.UseRecoveryCode(ctx, u, auth.RecoveryHash(code))
		if err != nil || !ok {
			return "", -1, "验证码或恢复码不正确", "恢复码错误", err
		}
		return "恢复码", left, "", "", nil
	}
	secret, last, err := s.db.TOTPSecret(ctx, u.ID)
	if err != nil {
		return "", -1, "", "", err
	}
	now := s.db.Now()
	step, ok := auth.CheckTOTP(secret, code, now, last)
	if ok {
		// The store takes the step only if no one took it, or a later one,
		// meanwhile: two logins racing with one code cannot both pass.
		if ok, err = s.db.UseTOTPStep(ctx, u.ID, step); err != nil {
			return "", -1, "", "", err
		}
	} else if _, seen := auth.CheckTOTP(secret, code, now, -1); !seen {
		return "", -1, "验证码不正确：请输入验证器应用中“" + account.Issuer + "”当前显示的 6 位数字（手机时间须准确）", "验证码错误", nil
	}
	if !ok {
		return "", -1, "该验证码已使用过，请等验证器显示下一个验证码（每 30 秒更新）后再输入", "验证码重复使用", nil
	}
	return "验证码", -1, "", "", nil
}

// totpLogin checks the code of a pending login (POST /login/totp). A
// wrong code is a failed login: counted against the account at this
// address like a wrong password, and audited.
func (s *Server) totpLogin(w http.ResponseWriter, r *http.Request) {
	next := ui.SafeNext(r.PostFormValue("next"))
	page := factorPage{Next: next, Form: ui.NewForm(nil, nil)}
	u, token, err := s.pending(r)
	if err == nil && !u.TOTPEnabled {
		http.Redirect(w, r, "/login/enrol?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if err == nil {
		err = s.take(r.Context(), u.Username, s.clientIP(r))
	}
	if err != nil {
		s.factorError(w, r, "login_totp.html", page, err)
		return
	}
	how, left, wrong, detail, err := s.secondFactor(r.Context(), u, r.PostFormValue("code"))
	if err == nil && wrong != "" {
		err = s.refuse(r, u, detail, "code", wrong)
	}
	if err == nil {
		err = s.finishPending(w, r, u, token, how)
	}
	if err != nil {
		s.factorError(w, r, "login_totp.html", page, err)
		return
	}
	if left >= 0 {
		msg := fmt.Sprintf("您使用了一个恢复码登录，还剩 %d 个。", left)
		if left <= 3 {
			msg += "恢复码快用完了，请在“我的账号”中重新绑定验证器。"
		}
		ui.SetFlash(w, msg)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// enrolLogin enrols the second factor an account's role requires, on its
// first login with it (POST /login/enrol), then logs in and shows the
// recovery codes once. A wrong code counts as a failed login. An account
// that has a second factor cannot enrol another here: only the owner,
// logged in, may replace it, or the security administrator reset it.
func (s *Server) enrolLogin(w http.ResponseWriter, r *http.Request) {
	next := ui.SafeNext(r.PostFormValue("next"))
	page := factorPage{Next: next, Form: ui.NewForm(nil, nil)}
	u, token, err := s.pending(r)
	if err == nil && u.TOTPEnabled {
		http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if err == nil {
		page.Enrolment, err = account.EnrolmentOf(u.Username, r.PostFormValue("secret"))
	}
	if err == nil {
		err = s.take(r.Context(), u.Username, s.clientIP(r))
	}
	var codes []string
	if err == nil {
		var wrong string
		codes, wrong, err = account.Confirm(r.Context(), s.db, u, page.Enrolment.Secret, r.PostFormValue("code"))
		if err == nil && wrong != "" {
			err = s.refuse(r, u, "验证码错误（绑定验证器）", "code", wrong)
		}
	}
	if err == nil {
		err = s.finishPending(w, r, u, token, "首次绑定验证器")
	}
	if err != nil {
		s.factorError(w, r, "login_enrol.html", page, err)
		return
	}
	s.ui.RenderOrLog(w, r, http.StatusOK, "account/recovery.html", account.RecoveryPage{Codes: codes, Continue: next})
}

// refuse audits a refused second factor and returns it as a field error.
// The attempt stays counted.
func (s *Server) refuse(r *http.Request, u *shuangbai.User, detail, field, msg string) error {
	if err := s.db.LogLogin(r.Context(), u, u.Username, store.LoginFailed, s.clientIP(r), detail); err != nil {
		return err
	}
	return &shuangbai.Error{Code: shuangbai.EUNAUTHORIZED, Message: msg, Fields: map[string]string{field: msg}}
}

// finishPending turns a pending login whose second factor passed into a
// session: the pending login ends, the login is audited with how it
// passed.
func (s *Server) finishPending(w http.ResponseWriter, r *http.Request, u *shuangbai.User, token, how string) error {
	if err := s.db.DeleteSession(r.Context(), token); err != nil {
		return err
	}
	s.setPending(w, r, "", -1)
	if err := s.loginOK(r, u, how); err != nil {
		return err
	}
	return s.startSession(w, r, u)
}

// factorError shows a second step's page again with err: next to the
// code field, or above the form; an expired step goes back to the login
// page, whose form is the only way on.
func (s *Server) factorError(w http.ResponseWriter, r *http.Request, name string, page factorPage, err error) {
	status := ui.Status(err)
	switch {
	case status == http.StatusInternalServerError:
		s.ui.WriteError(w, r, err)
		return
	case err == errPendingGone:
		s.ui.RenderOrLog(w, r, status, "login.html", loginPage{Next: page.Next, Error: shuangbai.ErrorMessage(err)})
		return
	case name == "login_enrol.html" && page.Enrolment == nil:
		s.ui.WriteError(w, r, err) // a tampered secret: nothing to show again
		return
	}
	page.Form = ui.NewForm(nil, err)
	if !page.Form.Invalid() {
		page.Error = shuangbai.ErrorMessage(err)
	}
	s.ui.RenderOrLog(w, r, status, name, page)
}
