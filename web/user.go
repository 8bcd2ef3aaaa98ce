package web

import (
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/auth"
	"shuangbai/web/ui"
)

// userListPage is the data of user/list.html.
type userListPage struct {
	Users []userView
}

// userView is an account with the name of its region.
type userView struct {
	*shuangbai.User
	RegionName string
	Self       bool
}

// userList lists the accounts in the admin's scope.
func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	users, err := s.db.Users(ctx, u.Scope())
	if err != nil {
		return err
	}
	var codes []string
	for _, x := range users {
		codes = append(codes, x.Region)
		codes = append(codes, ui.RegionAncestors(x.Region)...)
	}
	names, err := s.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	p := userListPage{}
	for _, x := range users {
		p.Users = append(p.Users, userView{User: x, RegionName: ui.RegionPath(names, x.Region), Self: x.ID == u.ID})
	}
	return s.ui.Render(w, r, http.StatusOK, "user/list.html", p)
}

// userFormPage is the data of user/form.html.
type userFormPage struct {
	Form    ui.Form
	Roles   []shuangbai.Role
	Regions []ui.RegionGroup
}

// userNew shows an empty account form.
func (s *Server) userNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	v := url.Values{"role": {string(shuangbai.RoleWorker)}, "region": {u.Region}}
	return s.userForm(w, r, http.StatusOK, ui.NewForm(v, nil))
}

// userCreate stores a new account with its first password.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	v := r.PostForm
	nu := &shuangbai.User{Username: strings.TrimSpace(v.Get("username")), Name: strings.TrimSpace(v.Get("name")),
		Role: shuangbai.Role(v.Get("role")), Region: strings.TrimSpace(v.Get("region"))}
	fe := shuangbai.FieldErrors{}
	ui.Merge(fe, nu.Validate())
	password := v.Get("password")
	ui.Merge(fe, shuangbai.ValidatePassword(password))
	if password != v.Get("password2") {
		fe.Add("password2", "两次输入的密码不一致")
	}
	err := fe.Err()
	if err == nil {
		var hash string
		if hash, err = auth.HashPassword(password); err != nil {
			return err
		}
		err = s.db.CreateUser(ctx, u, nu, hash)
	}
	if ui.FieldErrors(err) != nil {
		// Never send a password back to the browser.
		v.Del("password")
		v.Del("password2")
		return s.userForm(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "账号 "+nu.Username+"（"+nu.Name+"）已创建，请把用户名和初始密码告知本人。")
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) userForm(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	var roles []shuangbai.Role
	for _, role := range shuangbai.Roles {
		// An admin gives no one more power than their own.
		if role == shuangbai.RoleCityAdmin && u.Role != shuangbai.RoleCityAdmin {
			continue
		}
		roles = append(roles, role)
	}
	regions, err := s.ui.RegionFilter(r.Context(), u.Scope(), "（县级）")
	if err != nil {
		return err
	}
	if shuangbai.LevelOf(u.Region) < shuangbai.LevelCounty {
		// A city admin may also create city-level accounts.
		names, err := s.db.RegionNames(r.Context(), []string{u.Region})
		if err != nil {
			return err
		}
		regions = append([]ui.RegionGroup{{Name: names[u.Region], Options: []ui.RegionOption{{Code: u.Region, Name: names[u.Region] + "（市级）"}}}}, regions...)
	}
	return s.ui.Render(w, r, status, "user/form.html", userFormPage{Form: f, Roles: roles, Regions: regions})
}

// userSetDisabled disables or re-enables an account. Disabling ends its
// sessions and API tokens at once.
func (s *Server) userSetDisabled(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireAdmin(u); err != nil {
		return err
	}
	name := r.PathValue("username")
	if name == u.Username {
		return shuangbai.Errorf(shuangbai.EINVALID, "不能停用自己的账号")
	}
	disabled := r.PostFormValue("disabled") == "1"
	if err := s.db.SetDisabled(ctx, u, name, disabled); err != nil {
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
