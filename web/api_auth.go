package web

import (
	"net/http"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/store"
	"shuangbai/web/account"
	"shuangbai/web/ui"
)

// apiLoginIn is the body of POST /api/v1/login.
type apiLoginIn struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Name     string `json:"name"` // optional: what the token is for, e.g. "罗定市数据同步"
	// The second factor, for an account that has one: the app's 6-digit
	// code, or one of the recovery codes.
	TOTP         string `json:"totp"`
	RecoveryCode string `json:"recovery_code"`
}

// apiLoginOut is the answer to a successful login.
type apiLoginOut struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// apiLogin exchanges a username and password (and the second factor, when
// the account has one) for an API token valid for 30 days. Failures are
// throttled like the login page's, and share its count. An account whose
// role requires a second factor it has not enrolled, or whose password
// must be changed, gets no token: both are done on the web first.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	b, err := ui.ReadBody(r)
	if err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	var in apiLoginIn
	if err := ui.DecodeJSON(b, &in); err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	u, err := s.authenticate(r, strings.TrimSpace(in.Username), in.Password)
	if err == nil {
		err = s.apiFactor(r, u, in)
	}
	if err == nil {
		err = s.apiPasswordDue(r, u)
	}
	if err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	name := in.Name
	if name == "" {
		name = "api: " + userAgent(r)
	}
	token := auth.NewToken()
	exp, err := s.db.CreateSession(r.Context(), u.ID, token, store.SessionAPI, name, apiTTL)
	if err == nil {
		err = s.db.LogLogin(r.Context(), u, u.Username, store.TokenIssued, s.clientIP(r), name)
	}
	if err != nil {
		s.ui.WriteJSONError(w, r, err)
		return
	}
	s.ui.WriteJSON(w, r, http.StatusOK, apiLoginOut{Token: token, ExpiresAt: exp})
}

// apiFactor checks the second factor of an API login and, when it passes
// (or none is needed), ends the login as loginOK does. A missing or wrong
// code is a failed login, refused under the field it came in.
func (s *Server) apiFactor(r *http.Request, u *shuangbai.User, in apiLoginIn) error {
	need, err := s.needsFactor(r.Context(), u)
	if err != nil || !need {
		if err == nil {
			err = s.loginOK(r, u, "")
		}
		return err
	}
	if !u.TOTPEnabled {
		// The password was right: hand its attempt back. Enrolling needs
		// the QR code of the web page.
		if err := s.handBack(r, u); err != nil {
			return err
		}
		if err := s.db.LogLogin(r.Context(), u, u.Username, store.LoginFailed, s.clientIP(r), "未绑定验证器，不签发 API 令牌"); err != nil {
			return err
		}
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号须使用双因素认证，但尚未绑定验证器：请先在网页上登录并按提示绑定，之后才能获取 API 令牌")
	}
	field, code := "totp", in.TOTP
	if code == "" && in.RecoveryCode != "" {
		field, code = "recovery_code", in.RecoveryCode
	}
	how, _, wrong, detail, err := s.secondFactor(r.Context(), u, code)
	if err != nil {
		return err
	}
	if wrong != "" {
		if code == "" {
			wrong = "该账号已开启双因素认证：请在 totp 字段填写验证器应用显示的 6 位验证码（或在 recovery_code 字段填写一个恢复码）"
		}
		return s.refuse(r, u, detail, field, wrong)
	}
	return s.loginOK(r, u, how)
}

// apiPasswordDue refuses a token to an account whose password must be
// changed first, as ui.API refuses its calls.
func (s *Server) apiPasswordDue(r *http.Request, u *shuangbai.User) error {
	p, err := s.db.PasswordPolicy(r.Context())
	if err != nil {
		return err
	}
	if must, _ := account.PasswordDue(p, u, s.db.Now()); must {
		return ui.ErrPasswordChange
	}
	return nil
}

// apiLogout revokes the token the request was made with.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	token, _ := ui.BearerToken(r)
	if err := s.db.DeleteSession(r.Context(), token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// userJSON is an account as the API shows it.
type userJSON struct {
	ID            int64  `json:"id"`
	Username      string `json:"username"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	RoleLabel     string `json:"role_label"`
	Region        string `json:"region"`
	CanEdit       bool   `json:"can_edit"`
	CanManageUser bool   `json:"can_manage_users"`
}

// apiMe returns the account behind the token.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	s.ui.WriteJSON(w, r, http.StatusOK, userJSON{ID: u.ID, Username: u.Username, Name: u.Name, Role: string(u.Role),
		RoleLabel: u.Role.Label(), Region: u.Region, CanEdit: u.CanEditNetwork(), CanManageUser: u.CanManageUsers()})
	return nil
}
