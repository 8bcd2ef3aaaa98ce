package admin

import (
	"net/http"
	"net/url"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/web/ui"
)

// UserListPage is the data of user/list.html.
type userListPage struct {
	Users []userView
}

// userView is an account with the name of its region.
type userView struct {
	*shuangbai.User
	RegionName string
	Self       bool
}

// UserList lists the accounts in the admin's scope.
func (h *Handlers) UserList(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	users, err := h.db.Users(ctx, ui.Scope(r))
	if err != nil {
		return err
	}
	var codes []string
	for _, x := range users {
		codes = append(codes, x.Region)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	p := userListPage{}
	for _, x := range users {
		p.Users = append(p.Users, userView{User: x, RegionName: paths[x.Region], Self: x.ID == u.ID})
	}
	return h.ui.Render(w, r, http.StatusOK, "user/list.html", p)
}

// userFormPage is the data of user/form.html.
type userFormPage struct {
	Form    ui.Form
	Roles   []shuangbai.Role
	Regions []ui.RegionGroup
}

// UserNew shows an empty account form.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	v := url.Values{"role": {string(shuangbai.RoleWorker)}, "region": {u.Region}}
	return h.userForm(w, r, http.StatusOK, ui.NewForm(v, nil))
}

// UserCreate stores a new account with its first password.
func (h *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	nu := &shuangbai.User{Username: ui.Trimmed(v, "username"), Name: ui.Trimmed(v, "name"),
		Role: shuangbai.Role(v.Get("role")), Region: ui.Trimmed(v, "region")}
	fe := shuangbai.FieldErrors{}
	ui.Merge(fe, nu.Validate())
	password := v.Get("password")
	ui.Merge(fe, shuangbai.ValidatePassword(password))
	if password != v.Get("password2") {
		fe.Add("password2", "两次输入的密码不一致")
	}
	err = fe.Err()
	if err == nil {
		var hash string
		if hash, err = auth.HashPassword(password); err != nil {
			return err
		}
		err = h.db.CreateUser(ctx, u, nu, hash)
	}
	if ui.FieldErrors(err) != nil {
		// Never send a password back to the browser.
		v.Del("password")
		v.Del("password2")
		return h.userForm(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "账号 "+nu.Username+"（"+nu.Name+"）已创建，请把用户名和初始密码告知本人。")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (h *Handlers) userForm(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	var roles []shuangbai.Role
	for _, role := range shuangbai.Roles {
		if u.CannotGrant(role) == "" {
			roles = append(roles, role)
		}
	}
	regions, err := h.ui.RegionFilter(r.Context(), ui.Scope(r), "（县级）")
	if err != nil {
		return err
	}
	if shuangbai.LevelOf(u.Region) < shuangbai.LevelCounty {
		// A city admin may also create city-level accounts.
		names, err := h.db.RegionNames(r.Context(), []string{u.Region})
		if err != nil {
			return err
		}
		regions = append([]ui.RegionGroup{{Name: names[u.Region], Options: []ui.RegionOption{{Code: u.Region, Name: names[u.Region] + "（市级）"}}}}, regions...)
	}
	return h.ui.Render(w, r, status, "user/form.html", userFormPage{Form: f, Roles: roles, Regions: regions})
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
