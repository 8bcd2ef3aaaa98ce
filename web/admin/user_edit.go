package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/web/ui"
)

// userEditPage is the data of user/edit.html: an account's details as a
// form, and the form that resets its password.
type userEditPage struct {
	Account    *shuangbai.User
	RegionName string
	Form       ui.Form // name, region, person_id
	Password   ui.Form // password, password2
	Regions    []ui.RegionGroup
	People     []ui.PersonView
	MorePeople bool // the list is cut short
	Policy     auth.Policy
	NoReset    string // why this page does not reset the password, or ""
}

// account returns the account named in the path, if it is inside the
// system administrator's scope; outside it, it does not exist.
func (h *Handlers) account(r *http.Request) (*shuangbai.User, error) {
	if err := ui.RequireAdmin(ui.User(r)); err != nil {
		return nil, err
	}
	a, _, err := h.db.UserByName(r.Context(), r.PathValue("username"))
	if err != nil {
		return nil, err
	}
	if !ui.Scope(r).Contains(a.Region) {
		return nil, shuangbai.Errorf(shuangbai.ENOTFOUND, "账号不存在或不在您的管辖范围内")
	}
	return a, nil
}

// UserEdit shows an account's name, region and staff entry, and the reset
// of its password. ?person_id= comes from a staff member's page: the
// person is chosen, to be saved.
func (h *Handlers) UserEdit(w http.ResponseWriter, r *http.Request) error {
	a, err := h.account(r)
	if err != nil {
		return err
	}
	v := accountValues(a, nil)
	if id, err := ui.ParseID(r.URL.Query().Get("person_id")); err == nil {
		v.Set("person_id", strconv.FormatInt(id, 10))
	}
	return h.userEdit(w, r, http.StatusOK, a, v, nil, nil)
}

func accountValues(a *shuangbai.User, v url.Values) url.Values {
	if v != nil {
		return v
	}
	return url.Values{"name": {a.Name}, "region": {a.Region}, "person_id": {strconv.FormatInt(a.PersonID, 10)}}
}

// userEdit renders user/edit.html with what was typed in either form and
// the errors of the one posted.
func (h *Handlers) userEdit(w http.ResponseWriter, r *http.Request, status int, a *shuangbai.User, v url.Values, editErr, pwErr error) error {
	ctx, u := r.Context(), ui.User(r)
	p := userEditPage{Account: a, Form: ui.NewForm(v, editErr), Password: ui.NewForm(nil, pwErr), NoReset: noReset(u, a)}
	var err error
	if p.Regions, err = h.accountRegions(r, a.Region); err != nil {
		return err
	}
	paths, err := h.ui.RegionPaths(ctx, []string{a.Region})
	if err != nil {
		return err
	}
	p.RegionName = paths[a.Region]
	linked, _ := strconv.ParseInt(p.Form.Get("person_id"), 10, 64)
	// The person linked now stays offered beside one chosen on a person's
	// page.
	if p.People, p.MorePeople, err = h.personChoices(r, a.Region, a.PersonID, linked); err != nil {
		return err
	}
	if p.Policy, err = h.db.PasswordPolicy(ctx); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "user/edit.html", p)
}

// noReset says why u may not reset a's password here. One's own password
// is changed knowing the old one, not reset. The three administrators'
// passwords are reset only on the server (shuangbai user passwd): one
// administrator who could set another's password could act as them, which
// the separation of the three (三员分立) is there to prevent.
func noReset(u, a *shuangbai.User) string {
	switch {
	case a.ID == u.ID:
		return "不能在此重置本人的密码。"
	case a.Role.IsAdministrator():
		return "系统、安全、审计管理员的密码只能由运维人员在服务器上用 shuangbai user passwd 重置，以免一位管理员冒用另一位的账号。"
	}
	return ""
}

// UserUpdate saves an account's name, region and staff entry.
func (h *Handlers) UserUpdate(w http.ResponseWriter, r *http.Request) error {
	a, err := h.account(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	person := personParam(fe, v)
	if err := fe.Err(); err != nil {
		return h.userEdit(w, r, http.StatusUnprocessableEntity, a, v, err, nil)
	}
	err = h.db.UpdateUser(r.Context(), ui.User(r), a.Username, ui.Trimmed(v, "name"), ui.Trimmed(v, "region"), person)
	if ui.FieldErrors(err) != nil {
		return h.userEdit(w, r, ui.Status(err), a, v, err, nil)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存账号 "+a.Username+" 的信息")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// UserPassword resets another's password to one the policy allows. The
// store marks it to be changed at the next login, and ends the account's
// sessions.
func (h *Handlers) UserPassword(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	a, err := h.account(r)
	if err != nil {
		return err
	}
	if msg := noReset(u, a); msg != "" {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s", msg)
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	if err := h.checkPassword(ctx, fe, a.Username, v.Get("password"), v.Get("password2")); err != nil {
		return err
	}
	err = fe.Err()
	if err == nil {
		var hash string
		if hash, err = auth.HashPassword(v.Get("password")); err != nil {
			return err
		}
		err = h.db.SetPassword(ctx, u, a.Username, hash)
	}
	if ui.FieldErrors(err) != nil {
		return h.userEdit(w, r, ui.Status(err), a, nil, nil, err)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已重置 "+a.Username+"（"+a.Name+"）的密码，该账号已退出登录；请把新密码告知本人，下次登录时须修改。")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

// UserSetDisabled disables or re-enables an account. Disabling ends its
// sessions and API tokens at once.
func (h *Handlers) UserSetDisabled(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	name := r.PathValue("username")
	if name == u.Username {
		return shuangbai.Errorf(shuangbai.EINVALID, "不能停用自己的账号")
	}
	disabled := r.PostFormValue("disabled") == "1"
	if err := h.db.SetDisabled(ctx, u, name, disabled); err != nil {
		return err
	}
	if disabled {
		ui.SetFlash(w, "账号 "+name+" 已停用")
	} else {
		ui.SetFlash(w, "账号 "+name+" 已启用")
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}
