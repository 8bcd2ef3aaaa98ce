package account

import (
	"errors"
	"fmt"
	"net/http"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/web/ui"
)

// passwordPage is the data of account/password.html.
type passwordPage struct {
	Form   ui.Form
	Policy auth.Policy
	Reason string // why the password must be changed now, or ""
}

// PasswordForm asks for the current password and a new one, saying why
// when the change is required before anything else.
func (h *Handlers) PasswordForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderPassword(w, r, http.StatusOK, ui.NewForm(nil, nil))
}

func (h *Handlers) renderPassword(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	p, err := h.db.PasswordPolicy(r.Context())
	if err != nil {
		return err
	}
	page := passwordPage{Form: f, Policy: p}
	if must, _ := PasswordDue(p, u, h.db.Now()); must {
		page.Reason = fmt.Sprintf("您的密码已使用超过 %d 天，请先修改密码再继续使用系统。", p.MaxAgeDays)
		if u.MustChangePassword {
			page.Reason = "您的密码由管理员设置，首次登录须先修改为只有您知道的新密码。"
		}
	}
	return h.ui.Render(w, r, status, "account/password.html", page)
}

// PasswordChange changes the user's own password: the current one must be
// right (checked like a login), the new one must meet the policy and not
// repeat one of the recent ones. Changing it ends every session and token
// of the account (someone else may have had the old password); the user
// who changed it gets a fresh session at once.
func (h *Handlers) PasswordChange(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	ctx := r.Context()
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	p, err := h.db.PasswordPolicy(ctx)
	if err != nil {
		return err
	}
	current, pw := v.Get("current"), v.Get("password")
	fe := shuangbai.FieldErrors{}
	if pw == "" {
		fe.Add("password", "请输入新密码")
	} else if err := policyError(p.Check(u.Username, pw)); err != nil {
		fe.Add("password", err.Message)
	}
	if pw != v.Get("password2") {
		fe.Add("password2", "两次输入的新密码不一致")
	}
	status, err := h.verify(r, u, current, fe)
	if err != nil {
		return err
	}
	if len(fe) == 0 {
		// Only now, with the owner proven: comparing with the history costs
		// an argon2 check per old password.
		recent, err := h.db.RecentPasswords(ctx, u.ID, p.History)
		if err != nil {
			return err
		}
		if err := p.CheckHistory(pw, recent); err != nil {
			pe := policyError(err)
			if pe == nil {
				return err
			}
			fe.Add("password", pe.Message)
		}
	}
	if len(fe) > 0 {
		return h.renderPassword(w, r, status, ui.NewForm(nil, fe.Err())) // passwords are never shown again
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := h.db.SetPassword(ctx, u, u.Username, hash); err != nil {
		return err
	}
	if err := h.cfg.StartSession(w, r, u); err != nil {
		return err
	}
	ui.SetFlash(w, "密码已修改。其他设备上的登录和 API 令牌已全部失效，需用新密码重新登录。")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

// policyError returns err as the policy's refusal, or nil when it is none
// (nil, or another error the caller handles).
func policyError(err error) *auth.PolicyError {
	var pe *auth.PolicyError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}
